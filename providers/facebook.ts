import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The user as the Graph API's `GET /me?fields=id,name,email,picture` answers: only the fields
 * asked for. Facebook has no user names for apps, so the profile's `username` is undefined.
 *
 * @see https://developers.facebook.com/docs/graph-api/reference/user/
 */
export interface FacebookUser {
  /** App-scoped user id. */
  readonly id: string
  /** The person's full name. */
  readonly name?: string
  /** Only with the `email` permission, and when the account has a confirmed email. */
  readonly email?: string
  /** The person's profile picture, when `picture` is in `fields`. */
  readonly picture?: {
    /** The picture's source. */
    readonly data: {
      /** The picture's URL. */
      readonly url: string
      /** The picture's width in pixels. */
      readonly width?: number
      /** The picture's height in pixels. */
      readonly height?: number
      /** Whether it is the default silhouette, the person having set no picture. */
      readonly is_silhouette: boolean
    }
  }
}

/**
 * Facebook Login. Every endpoint is versioned (`version`, default `v26.0`); scopes are joined
 * with commas; there are no refresh tokens (exchange for a long-lived token with
 * `grant_type=fb_exchange_token` instead); the profile's fields must be asked for by name.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { facebook } from 'oauth-consumer/providers'
 *
 * const oauth = new OAuth()
 * const app = oauth.remoteApp('facebook', facebook({ scope: ['email', 'public_profile'] })) // reads FACEBOOK_CLIENT_ID and FACEBOOK_CLIENT_SECRET
 * ```
 * @see https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
 */
export const facebook = defineProvider<{ version: string }, OAuth2AppOptions<FacebookUser>>({
  name: 'facebook',
  extra: ['version'],
  info: {
    name: 'Facebook',
    protocol: 'oauth2',
    docsUrl: 'https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow',
    refresh: 'none',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: ({ version = 'v26.0' }) => ({
    baseUrl: `https://graph.facebook.com/${version}/`,
    authorizeUrl: `https://www.facebook.com/${version}/dialog/oauth`,
    accessTokenUrl: `https://graph.facebook.com/${version}/oauth/access_token`,
    userInfoUrl: 'me?fields=id,name,email,picture',
    scope: ['public_profile', 'email'],
    scopeSeparator: ',',
    profile: (raw) => {
      const id = requireId(text(field(raw, 'id')), 'Facebook')
      return {
        id,
        name: text(field(raw, 'name')),
        email: text(field(raw, 'email')),
        avatarUrl: text(field(field(field(raw, 'picture'), 'data'), 'url')),
        raw: documented<FacebookUser>(raw),
      }
    },
  }),
})
