import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, userInfoProfile } from './define.js'

/**
 * Epic Games (Epic Account Services). The client authenticates with HTTP Basic; the profile is
 * `GET /epic/oauth/v2/userInfo` (`sub`, `preferred_username`: the display name; no email or
 * picture). Token answers also hold `account_id` and the refresh token's expiry as
 * `refresh_expires` (seconds) and `refresh_expires_at`, kept on the token as sent. Revocation is
 * an RFC 7009 POST. Epic's docs do not mention PKCE; the library's S256 challenge is sent, as
 * everywhere.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { epicgames } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('epicgames', epicgames()) // reads EPICGAMES_CLIENT_ID and EPICGAMES_CLIENT_SECRET
 * ```
 * @see https://dev.epicgames.com/docs/web-api-ref/authentication
 */
export const epicgames = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'epicgames',
  info: {
    name: 'Epic Games',
    protocol: 'oauth2',
    docsUrl: 'https://dev.epicgames.com/docs/web-api-ref/authentication',
    refresh: 'rotating',
    profileFields: ['name', 'username'],
  },
  defaults: () => ({
    authorizeUrl: 'https://www.epicgames.com/id/authorize',
    accessTokenUrl: 'https://api.epicgames.dev/epic/oauth/v2/token',
    revokeUrl: 'https://api.epicgames.dev/epic/oauth/v2/revoke',
    baseUrl: 'https://api.epicgames.dev/',
    userInfoUrl: 'epic/oauth/v2/userInfo',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['basic_profile'],
    profile: userInfoProfile('Epic Games'),
  }),
})
