import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The signed-in account as Dropbox's `users/get_current_account` answers (the fields sign-in uses).
 *
 * @see https://www.dropbox.com/developers/documentation/http/documentation#users-get_current_account
 */
export interface DropboxAccount {
  /** The account's id, `dbid:…`. */
  readonly account_id: string
  /** The account holder's names. */
  readonly name: {
    /** Also known as a first name. */
    readonly given_name: string
    /** Also known as a last name or family name. */
    readonly surname: string
    /** A locale-dependent name, usually the given name. */
    readonly familiar_name: string
    /** The full name, as shown in Dropbox. */
    readonly display_name: string
    /** The initials. */
    readonly abbreviated_name: string
  }
  /** The account's email; it may not be verified (see `email_verified`). */
  readonly email: string
  /** Whether the email was verified. */
  readonly email_verified: boolean
  /** Whether the account was disabled. */
  readonly disabled: boolean
  /** The language the user chose, an IETF tag. */
  readonly locale: string
  /** The user's referral link. */
  readonly referral_link: string
  /** Whether the account is paired with a team or personal account. */
  readonly is_paired: boolean
  /** The account's plan. */
  readonly account_type: {
    /** `basic`, `pro` or `business`. */
    readonly '.tag': string
  }
  /** URL of the profile photo, if the account has one. */
  readonly profile_photo_url?: string
  /** The user's country, ISO 3166-2, if known. */
  readonly country?: string
}

/**
 * Dropbox. The client authenticates with HTTP Basic (Dropbox also takes the body);
 * `token_access_type=offline` is sent so the sign-in yields a refresh token (Dropbox's refresh
 * answers carry none, so the library keeps the old one). The profile is an RPC call: a POST of
 * `users/get_current_account` without a body. Dropbox's revocation (`2/auth/token/revoke`) is an
 * RPC call authorised by the token itself, not RFC 7009, so the preset has no `revokeUrl`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { dropbox } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('dropbox', dropbox()) // reads DROPBOX_CLIENT_ID and DROPBOX_CLIENT_SECRET
 * ```
 * @see https://developers.dropbox.com/oauth-guide
 * @see https://www.dropbox.com/developers/documentation/http/documentation#oauth2-authorize
 */
export const dropbox = defineProvider<Record<never, never>, OAuth2AppOptions<DropboxAccount>>({
  name: 'dropbox',
  info: {
    name: 'Dropbox',
    protocol: 'oauth2',
    docsUrl: 'https://developers.dropbox.com/oauth-guide',
    refresh: 'reused',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://www.dropbox.com/oauth2/authorize',
    accessTokenUrl: 'https://api.dropboxapi.com/oauth2/token',
    baseUrl: 'https://api.dropboxapi.com/2/',
    userInfoUrl: 'users/get_current_account',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['account_info.read'],
    // "offline": a short-lived access token and a long-lived refresh token.
    // https://www.dropbox.com/developers/documentation/http/documentation#oauth2-authorize
    requestTokenParams: { token_access_type: 'offline' },
    // An RPC endpoint without arguments: a POST with no body, as Dropbox's curl example sends.
    userInfo: async ({ url, request }) =>
      (await request<Record<string, unknown>>(url ?? 'users/get_current_account', { method: 'POST' })).data,
    profile: (raw) => ({
      id: requireId(text(field(raw, 'account_id')), 'Dropbox'),
      name: text(field(field(raw, 'name'), 'display_name')),
      username: undefined,
      email: text(field(raw, 'email')),
      avatarUrl: text(field(raw, 'profile_photo_url')),
      raw: documented<DropboxAccount>(raw),
    }),
  }),
})
