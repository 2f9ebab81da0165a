import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Dribbble (API v2). The client authenticates in the body, as Dribbble's guide shows; tokens do
 * not expire and there is no refresh token or revocation endpoint. The v2 user has no email, so
 * the profile has none. Dribbble's guide does not mention PKCE; the library's S256 challenge is
 * sent, as everywhere (a server ignores parameters it does not know, RFC 7636 §5).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { dribbble } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('dribbble', dribbble()) // reads DRIBBBLE_CLIENT_ID and DRIBBBLE_CLIENT_SECRET
 * ```
 * @see https://developer.dribbble.com/v2/oauth/
 * @see https://developer.dribbble.com/v2/user/
 */
export const dribbble = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'dribbble',
  info: {
    name: 'Dribbble',
    protocol: 'oauth2',
    docsUrl: 'https://developer.dribbble.com/v2/oauth/',
    refresh: 'none',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://dribbble.com/oauth/authorize',
    accessTokenUrl: 'https://dribbble.com/oauth/token',
    baseUrl: 'https://api.dribbble.com/v2/',
    userInfoUrl: 'user',
    tokenEndpointAuthMethod: 'client_secret_post',
    scope: ['public'],
    profile: profileFrom('Dribbble', { id: 'id', name: 'name', username: 'login', avatarUrl: 'avatar_url' }),
  }),
})
