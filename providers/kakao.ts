import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * The signed-in user as Kakao's `GET /v2/user/me` answers (the fields sign-in uses; Kakao sends more).
 *
 * @see https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#req-user-info
 */
export interface KakaoUser {
  /** The user's service id, a number (the profile has it as a string). */
  readonly id: number
  /** When the user connected to the app, RFC 3339 UTC. */
  readonly connected_at?: string
  /** The Kakao Account, each item present when the user consented to it. */
  readonly kakao_account?: {
    /** The profile, with `profile_nickname` / `profile_image` consent. */
    readonly profile?: {
      /** The nickname, Kakao's display name. */
      readonly nickname?: string
      /** URL of the 110×110 profile image. */
      readonly thumbnail_image_url?: string
      /** URL of the 640×640 profile image. */
      readonly profile_image_url?: string
      /** Whether the image is Kakao's default one. */
      readonly is_default_image?: boolean
    }
    /** With `account_email` consent: the Kakao Account's email. */
    readonly email?: string
    /** Whether the email is valid. */
    readonly is_email_valid?: boolean
    /** Whether the email is verified. */
    readonly is_email_verified?: boolean
  }
}

/**
 * Kakao Login, as plain OAuth 2.0 (its OpenID Connect is an opt-in of the app's console). Scopes
 * are consent items, comma-separated; the client sends its id and, when *Client secret* is
 * enabled for the app, its secret in the body (without one, pass
 * `tokenEndpointAuthMethod: 'none'`). A refresh answer carries a new refresh token only when
 * the old one has less than a month left; otherwise the old one is kept. The profile is
 * `GET /v2/user/me`, with image URLs asked for in https. Kakao's unlink and logout are calls
 * of their own, not RFC 7009, so the preset has no `revokeUrl`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { kakao } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('kakao', kakao()) // reads KAKAO_CLIENT_ID (the REST API key) and KAKAO_CLIENT_SECRET
 * ```
 * @see https://developers.kakao.com/docs/latest/en/kakaologin/rest-api
 */
export const kakao = defineProvider<Record<never, never>, OAuth2AppOptions<KakaoUser>>({
  name: 'kakao',
  info: {
    name: 'Kakao',
    protocol: 'oauth2',
    docsUrl: 'https://developers.kakao.com/docs/latest/en/kakaologin/rest-api',
    refresh: 'reused',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://kauth.kakao.com/oauth/authorize',
    accessTokenUrl: 'https://kauth.kakao.com/oauth/token',
    baseUrl: 'https://kapi.kakao.com/',
    // "secure_resource: whether to use HTTPS for the image URL scheme" (http by default).
    userInfoUrl: 'v2/user/me?secure_resource=true',
    tokenEndpointAuthMethod: 'client_secret_post',
    scope: ['profile_nickname', 'profile_image', 'account_email'],
    // "scope: ... pass multiple consent items separated by comma(,)"
    scopeSeparator: ',',
    profile: profileFrom<KakaoUser>('Kakao', {
      id: 'id',
      name: 'kakao_account.profile.nickname',
      email: 'kakao_account.email',
      avatarUrl: 'kakao_account.profile.profile_image_url',
    }),
  }),
})
