import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Tiltify (the v5 API). The client authenticates in the body, and requests to the token
 * endpoint are JSON, as Tiltify documents `/oauth/token`. The profile is
 * `GET /api/public/current-user`, the user inside `data`; Tiltify shares no email. Access tokens
 * last two hours; each refresh answers a new refresh token, to store. Tiltify has no revocation
 * endpoint. Its docs do not mention PKCE; the S256 challenge is sent, as everywhere.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { tiltify } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('tiltify', tiltify()) // reads TILTIFY_CLIENT_ID and TILTIFY_CLIENT_SECRET
 * ```
 * @see https://developers.tiltify.com/docs/api/authorization/authorization-code
 * @see https://developers.tiltify.com/api-reference/public
 */
export const tiltify = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'tiltify',
  info: {
    name: 'Tiltify',
    protocol: 'oauth2',
    docsUrl: 'https://developers.tiltify.com/docs/api/authorization/authorization-code',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://v5api.tiltify.com/oauth/authorize',
    accessTokenUrl: 'https://v5api.tiltify.com/oauth/token',
    baseUrl: 'https://v5api.tiltify.com/api/',
    userInfoUrl: 'public/current-user',
    scope: ['public'],
    // "send a POST request to the /oauth/token endpoint … encoded in application/json"
    // https://developers.tiltify.com/docs/api/authorization/client-credentials
    tokenRequest: { format: 'json' },
    profile: profileFrom('Tiltify', {
      id: 'data.id',
      name: 'data.username',
      username: 'data.slug',
      avatarUrl: 'data.avatar.src',
    }),
  }),
})
