import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'
import { hostSetting } from './settings.js'

/**
 * The signed-in account as Mastodon's `GET /api/v1/accounts/verify_credentials` answers (the
 * fields sign-in uses; Mastodon sends more).
 *
 * @see https://docs.joinmastodon.org/methods/accounts/#verify_credentials
 * @see https://docs.joinmastodon.org/entities/Account/
 */
export interface MastodonAccount {
  /** The account's id on this instance (a number written as a string); other instances reuse ids. */
  readonly id: string
  /** The username, without the instance. */
  readonly username: string
  /** The WebFinger address: the username for local accounts. */
  readonly acct: string
  /** The display name; empty when not set. */
  readonly display_name: string
  /** Whether the account is locked (follows must be approved). */
  readonly locked: boolean
  /** Whether the account is a bot. */
  readonly bot: boolean
  /** When the account was created, ISO 8601. */
  readonly created_at: string
  /** The profile's bio, HTML. */
  readonly note: string
  /** The profile page's URL. */
  readonly url: string
  /** URL of the avatar (possibly animated). */
  readonly avatar: string
  /** URL of the avatar as a still image. */
  readonly avatar_static: string
  /** URL of the header image. */
  readonly header: string
  /** How many accounts follow this one. */
  readonly followers_count: number
  /** How many accounts this one follows. */
  readonly following_count: number
  /** How many statuses the account posted. */
  readonly statuses_count: number
}

/**
 * Mastodon, on the `instance` given (`mastodon.social`): each instance is its own provider, so
 * an app registers a client on each (`POST /api/v1/apps`). Endpoints are `/oauth/*` as
 * Mastodon's docs write them; PKCE (S256) is supported since 4.3. Tokens do not expire and
 * there is no refresh token. Mastodon shares no email; the username is `username@instance`,
 * the id is the instance's own.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { mastodon } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('mastodon', mastodon({ instance: 'mastodon.social' })) // reads MASTODON_CLIENT_ID and MASTODON_CLIENT_SECRET
 * ```
 * @see https://docs.joinmastodon.org/methods/oauth/
 * @see https://docs.joinmastodon.org/spec/oauth/
 */
export const mastodon = defineProvider<
  {
    /** The instance's host (`mastodon.social`); required. */
    instance: string
  },
  OAuth2AppOptions<MastodonAccount>
>({
  name: 'mastodon',
  extra: ['instance'],
  info: {
    name: 'Mastodon',
    protocol: 'oauth2',
    docsUrl: 'https://docs.joinmastodon.org/methods/oauth/',
    refresh: 'none',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: (input) => {
    const instance = hostSetting('mastodon', 'instance', input.instance, 'mastodon.social')
    return {
      authorizeUrl: `https://${instance}/oauth/authorize`,
      accessTokenUrl: `https://${instance}/oauth/token`,
      revokeUrl: `https://${instance}/oauth/revoke`,
      baseUrl: `https://${instance}/api/`,
      userInfoUrl: 'v1/accounts/verify_credentials',
      scope: ['read:accounts'],
      profile: (raw) => {
        const username = text(field(raw, 'username'))
        return {
          id: requireId(text(field(raw, 'id')), 'Mastodon'),
          name: text(field(raw, 'display_name')) ?? username,
          username: username === undefined ? undefined : `${username}@${instance}`,
          email: undefined,
          avatarUrl: text(field(raw, 'avatar_static')),
          raw: documented<MastodonAccount>(raw),
        }
      },
    }
  },
})
