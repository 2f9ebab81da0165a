import type { OAuth1AppOptions } from '../src/index.js'
import { at, defineProvider, profileFrom } from './define.js'

const DOCS = 'https://www.plurk.com/API'

/**
 * Plurk (API 2.0) with OAuth 1.0a, HMAC-SHA1 in the Authorization header. The profile is
 * `Profile/getOwnProfile`'s `user_info`; its avatar is built from the user's id and avatar
 * version, Plurk's default picture when the user has none. Plurk shares no email; access tokens
 * are permanent; no refresh, no revocation.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { plurk } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('plurk', plurk()) // reads PLURK_CLIENT_ID and PLURK_CLIENT_SECRET
 * ```
 * @see https://www.plurk.com/API
 */
export const plurk = defineProvider<Record<never, never>, OAuth1AppOptions>({
  name: 'plurk',
  info: {
    name: 'Plurk',
    protocol: 'oauth1',
    docsUrl: DOCS,
    refresh: 'none',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    requestTokenUrl: 'https://www.plurk.com/OAuth/request_token',
    authorizeUrl: 'https://www.plurk.com/OAuth/authorize',
    accessTokenUrl: 'https://www.plurk.com/OAuth/access_token',
    baseUrl: 'https://www.plurk.com/APP/',
    userInfoUrl: 'Profile/getOwnProfile',
    profile: profileFrom('Plurk', {
      id: 'user_info.id',
      name: ['user_info.display_name', 'user_info.full_name', 'user_info.nick_name'],
      username: 'user_info.nick_name',
      // The API's user data: has_profile_image, and avatar, the picture's version.
      avatarUrl: (raw) => {
        const id = at(raw, 'user_info.id')
        if (id === undefined) return undefined
        if (at(raw, 'user_info.has_profile_image') !== '1') return 'https://www.plurk.com/static/default_medium.gif'
        const version = at(raw, 'user_info.avatar')
        return `https://avatars.plurk.com/${id}-medium${version === undefined || version === '0' ? '' : version}.gif`
      },
    }),
  }),
})
