import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The signed-in user as Reddit's `GET /api/v1/me` answers (the fields sign-in uses).
 *
 * @see https://www.reddit.com/dev/api/#GET_api_v1_me
 */
export interface RedditUser {
  /** The account's id in base 36 (its fullname is `t2_<id>`). */
  readonly id: string
  /** The username, without `u/`. */
  readonly name: string
  /** URL of the avatar, with `&` written as `&amp;` (the profile's `avatarUrl` has it decoded). */
  readonly icon_img?: string
  /** When the account was created, in seconds since the epoch (UTC). */
  readonly created_utc?: number
  /** Whether the user verified their email (the email itself is never shared). */
  readonly has_verified_email?: boolean
  /** Karma from posts. */
  readonly link_karma?: number
  /** Karma from comments. */
  readonly comment_karma?: number
  /** Whether the account is over 18. */
  readonly over_18?: boolean
}

/**
 * Reddit. The client authenticates with HTTP Basic only; `duration=permanent` is sent so the
 * sign-in yields a refresh token; API calls go to `oauth.reddit.com`. Reddit asks every client
 * for a unique, descriptive User-Agent, `<platform>:<app ID>:<version> (by /u/<username>)`, on
 * the token request too, or it throttles: the preset makes one from the client id, and
 * `userAgent` replaces it (name your Reddit account there). Scopes are space-separated, as the
 * authorize parameters table says. Reddit's docs do not mention PKCE, so none is sent.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { reddit } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('reddit', reddit({ userAgent: 'web:acme-reader:1.0 (by /u/acme)' })) // reads REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET
 * ```
 * @see https://github.com/reddit-archive/reddit/wiki/OAuth2
 * @see https://github.com/reddit-archive/reddit/wiki/API
 */
export const reddit = defineProvider<Record<never, never>, OAuth2AppOptions<RedditUser>>({
  name: 'reddit',
  info: {
    name: 'Reddit',
    protocol: 'oauth2',
    docsUrl: 'https://github.com/reddit-archive/reddit/wiki/OAuth2',
    refresh: 'reused',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: (_input, { clientId }) => ({
    authorizeUrl: 'https://www.reddit.com/api/v1/authorize',
    accessTokenUrl: 'https://www.reddit.com/api/v1/access_token',
    revokeUrl: 'https://www.reddit.com/api/v1/revoke_token',
    baseUrl: 'https://oauth.reddit.com/',
    userInfoUrl: 'api/v1/me',
    tokenEndpointAuthMethod: 'client_secret_basic',
    pkce: false,
    scope: ['identity'],
    requestTokenParams: { duration: 'permanent' },
    userAgent: `web:${clientId ?? 'app'}:1.0 (oauth-consumer)`,
    profile: (raw) => ({
      id: requireId(text(field(raw, 'id')), 'Reddit'),
      name: text(field(raw, 'name')),
      username: text(field(raw, 'name')),
      email: undefined,
      avatarUrl: text(field(raw, 'icon_img'))?.replaceAll('&amp;', '&'),
      raw: documented<RedditUser>(raw),
    }),
  }),
})
