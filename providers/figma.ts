import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Figma. The client authenticates with HTTP Basic at `api.figma.com/v1/oauth/token` (the older
 * `www.figma.com/api/oauth/token` is retired); refreshes go to their own endpoint,
 * `/v1/oauth/refresh`, whose answers carry no new refresh token, so the library keeps the old
 * one. Scopes are granular (`current_user:read` for `GET /v1/me`). No revocation endpoint.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { figma } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('figma', figma({ scope: ['current_user:read', 'file_content:read'] })) // reads FIGMA_CLIENT_ID and FIGMA_CLIENT_SECRET
 * ```
 * @see https://developers.figma.com/docs/rest-api/authentication/
 * @see https://developers.figma.com/docs/rest-api/users-endpoints/
 */
export const figma = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'figma',
  info: {
    name: 'Figma',
    protocol: 'oauth2',
    docsUrl: 'https://developers.figma.com/docs/rest-api/authentication/',
    refresh: 'reused',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://www.figma.com/oauth',
    accessTokenUrl: 'https://api.figma.com/v1/oauth/token',
    refreshTokenUrl: 'https://api.figma.com/v1/oauth/refresh',
    baseUrl: 'https://api.figma.com/v1/',
    userInfoUrl: 'me',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['current_user:read'],
    // `handle` is the name Figma shows for the user.
    profile: profileFrom('Figma', { id: 'id', name: 'handle', email: 'email', avatarUrl: 'img_url' }),
  }),
})
