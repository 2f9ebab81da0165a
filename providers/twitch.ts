import { type OAuth2AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * A user as Twitch's Helix `GET /users` answers, the first entry of its `data`.
 *
 * @see https://dev.twitch.tv/docs/api/reference/#get-users
 */
export interface TwitchUser {
  /** The user's id, as in the ID token's `sub`. */
  readonly id: string
  /** The user's login name, lower case. */
  readonly login: string
  /** The user's display name. */
  readonly display_name: string
  /** `admin`, `global_mod`, `staff`, or `''` for a normal user. */
  readonly type?: string
  /** `affiliate`, `partner`, or `''`. */
  readonly broadcaster_type?: string
  /** The user's description of their channel. */
  readonly description?: string
  /** URL of the user's profile image. */
  readonly profile_image_url?: string
  /** URL of the user's offline image. */
  readonly offline_image_url?: string
  /** Deprecated by Twitch; kept for old answers. */
  readonly view_count?: number
  /** With the `user:read:email` scope: the user's verified email. */
  readonly email?: string
  /** When the account was created, RFC 3339. */
  readonly created_at?: string
  /** The ID token's subject, which the preset copies from `id` for the subject check. */
  readonly sub: string
}

/**
 * Twitch, through OpenID Connect discovery at `https://id.twitch.tv/oauth2`. The client
 * authenticates in the body (Twitch's token requests carry `client_id` and `client_secret` as
 * parameters); the token answer's `scope` is a JSON array, which the library joins with spaces.
 * The profile is the Helix user (`GET /helix/users`, `data[0]`), which has the email with
 * `user:read:email`; every Helix call needs a `Client-Id` header, which the preset sets from the
 * client id. Twitch asks apps to validate tokens hourly (`GET id.twitch.tv/oauth2/validate`), which
 * is the app's to do. Twitch's docs do not mention PKCE; the library's S256 challenge is sent, as
 * everywhere (RFC 7636 §5).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { twitch } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('twitch', twitch()) // reads TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET
 * ```
 * @see https://dev.twitch.tv/docs/authentication/getting-tokens-oidc/
 * @see https://dev.twitch.tv/docs/api/reference/#get-users
 */
export const twitch = defineProvider<Record<never, never>, OAuth2AppOptions<TwitchUser>>({
  name: 'twitch',
  info: {
    name: 'Twitch',
    protocol: 'oidc',
    docsUrl: 'https://dev.twitch.tv/docs/authentication/getting-tokens-oidc/',
    refresh: 'reused',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: (_input, { clientId }) => ({
    issuer: 'https://id.twitch.tv/oauth2',
    baseUrl: 'https://api.twitch.tv/helix/',
    scope: ['openid', 'user:read:email'],
    // "Client-Id: Your app's client ID" on every Helix request.
    // https://dev.twitch.tv/docs/api/get-started/#make-your-first-call
    ...(clientId === undefined ? {} : { headers: { 'Client-Id': clientId } }),
    userInfo: async ({ request }) => {
      const { data } = await request<unknown>('users')
      const user = field(field(data, 'data'), '0')
      const id = text(field(user, 'id'))
      if (typeof user !== 'object' || user === null || id === undefined) {
        throw new OAuthInvalidResponseError(OAuthErrorCode.INVALID_RESPONSE, 'Twitch sent no user in "data"')
      }
      // Helix names the user by `id`; as `sub`, it is checked against the ID token's subject.
      return { ...user, sub: id }
    },
    profile: (raw) => ({
      id: requireId(text(field(raw, 'id')), 'Twitch'),
      name: text(field(raw, 'display_name')) ?? text(field(raw, 'login')),
      username: text(field(raw, 'login')),
      email: text(field(raw, 'email')),
      avatarUrl: text(field(raw, 'profile_image_url')),
      raw: documented<TwitchUser>(raw),
    }),
  }),
})
