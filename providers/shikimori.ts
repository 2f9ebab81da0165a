import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Shikimori. The client authenticates in the body; no scope is needed to sign in (`user_rates`,
 * `messages`… are asked for as needed, space-separated). Shikimori asks every call, the token
 * requests included, to carry a `User-Agent` naming the application: pass its name as
 * `userAgent`. Each refresh answers with a new refresh token: store the newest. Shikimori
 * shares no email and has no revocation endpoint. Shikimori's guide does not mention PKCE; the
 * S256 challenge is sent, as everywhere.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { shikimori } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('shikimori', shikimori({ userAgent: 'Acme Anime Tracker' })) // reads SHIKIMORI_CLIENT_ID and SHIKIMORI_CLIENT_SECRET
 * ```
 * @see https://shikimori.one/oauth
 * @see https://shikimori.one/api/doc/1.0/users/whoami
 */
export const shikimori = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'shikimori',
  info: {
    name: 'Shikimori',
    protocol: 'oauth2',
    docsUrl: 'https://shikimori.one/oauth',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://shikimori.one/oauth/authorize',
    accessTokenUrl: 'https://shikimori.one/oauth/token',
    baseUrl: 'https://shikimori.one/api/',
    userInfoUrl: 'users/whoami',
    profile: profileFrom('Shikimori', {
      id: 'id',
      name: ['name', 'nickname'],
      username: 'nickname',
      avatarUrl: ['image.x160', 'avatar'],
    }),
  }),
})
