import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'

/**
 * Roblox, through OpenID Connect discovery at `https://apis.roblox.com/oauth/` (the issuer has a
 * final `/`). The client authenticates with HTTP Basic (Roblox takes the body too). Access
 * tokens last 15 minutes; each refresh token works once, so store the newest. Roblox shares no
 * email address. Revocation is discovered and ends the whole authorization: Roblox's docs revoke
 * with the refresh token (`revokeToken(refreshToken)`).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { roblox } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('roblox', roblox()) // reads ROBLOX_CLIENT_ID and ROBLOX_CLIENT_SECRET
 * ```
 * @see https://create.roblox.com/docs/cloud/reference/oauth2
 */
export const roblox = defineProvider<Record<never, never>, OAuth2AppOptions<OidcUserInfo>>({
  name: 'roblox',
  info: {
    name: 'Roblox',
    protocol: 'oidc',
    docsUrl: 'https://create.roblox.com/docs/cloud/reference/oauth2',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    issuer: 'https://apis.roblox.com/oauth/',
    baseUrl: 'https://apis.roblox.com/',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['openid', 'profile'],
    profile: userInfoProfile('Roblox'),
  }),
})
