import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The answer of TikTok's `GET /v2/user/info/` with the fields the preset asks for: the user in
 * `data.user`, and an `error` object that is there on success too (`code: "ok"`).
 *
 * @see https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info
 */
export interface TikTokUserInfo {
  /** The user, with the fields named in the request's `fields`. */
  readonly data: {
    /** The user's fields. */
    readonly user: {
      /** The user's id for this app (another app sees another `open_id`). */
      readonly open_id: string
      /** The user's id across the developer's apps. */
      readonly union_id?: string
      /** URL of the user's profile image. */
      readonly avatar_url?: string
      /** The user's profile name. */
      readonly display_name?: string
    }
  }
  /** Present on success too. */
  readonly error: {
    /** `ok` on success, else the failure's code. */
    readonly code: string
    /** What went wrong; empty on success. */
    readonly message: string
    /** TikTok's id of the request, for its support. */
    readonly log_id: string
  }
}

/** The user fields asked for: the ones `user.info.basic` grants. */
const FIELDS = 'open_id,union_id,avatar_url,display_name'

/**
 * TikTok (Login Kit for Web, v2). TikTok names the client id `client_key`, on the authorize URL
 * and in token, refresh and revocation requests, where the client authenticates in the body;
 * scopes are comma-separated. The user-info call must name its `fields`; TikTok shares no email.
 * TikTok documents PKCE for its desktop and mobile kits only; the library's S256 challenge is
 * sent on the web too, as other clients do (a server ignores parameters it does not know,
 * RFC 7636 §5) — not verified against TikTok's docs.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { tiktok } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('tiktok', tiktok()) // reads TIKTOK_CLIENT_ID (the client key) and TIKTOK_CLIENT_SECRET
 * ```
 * @see https://developers.tiktok.com/doc/login-kit-web/
 * @see https://developers.tiktok.com/doc/oauth-user-access-token-management
 */
export const tiktok = defineProvider<Record<never, never>, OAuth2AppOptions<TikTokUserInfo>>({
  name: 'tiktok',
  info: {
    name: 'TikTok',
    protocol: 'oauth2',
    docsUrl: 'https://developers.tiktok.com/doc/login-kit-web/',
    refresh: 'reused',
    profileFields: ['name', 'avatarUrl'],
  },
  defaults: () => ({
    // The trailing slashes are part of TikTok's documented URLs.
    authorizeUrl: 'https://www.tiktok.com/v2/auth/authorize/',
    accessTokenUrl: 'https://open.tiktokapis.com/v2/oauth/token/',
    revokeUrl: 'https://open.tiktokapis.com/v2/oauth/revoke/',
    baseUrl: 'https://open.tiktokapis.com/v2/',
    // "fields: The set of user fields to request for" (required).
    // https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info
    userInfoUrl: `user/info/?fields=${FIELDS}`,
    clientIdParam: 'client_key',
    scope: ['user.info.basic'],
    // "scope: A comma (,) separated string of authorization scope(s)"
    // https://developers.tiktok.com/doc/login-kit-web/
    scopeSeparator: ',',
    profile: (raw) => {
      const user = field(field(raw, 'data'), 'user')
      return {
        id: requireId(text(field(user, 'open_id')), 'TikTok'),
        name: text(field(user, 'display_name')),
        username: undefined,
        email: undefined,
        avatarUrl: text(field(user, 'avatar_url')),
        raw: documented<TikTokUserInfo>(raw),
      }
    },
  }),
})
