import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'

/**
 * Autodesk Platform Services (APS, formerly Forge), through OpenID Connect discovery at
 * `https://developer.api.autodesk.com`. The client authenticates with HTTP Basic, as APS's token
 * and revocation references show; `user-profile:read` is asked for beside `openid`, for the
 * userinfo endpoint (`https://api.userprofile.autodesk.com/userinfo`). Refresh tokens are single
 * use (each refresh answers a new one, which must be stored) and last 15 days. APS accepts PKCE
 * (S256), which is sent.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { autodesk } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('autodesk', autodesk({ scope: ['openid', 'user-profile:read', 'data:read'] })) // reads AUTODESK_CLIENT_ID and AUTODESK_CLIENT_SECRET
 * ```
 * @see https://aps.autodesk.com/en/docs/oauth/v2/developers_guide/overview/
 * @see https://aps.autodesk.com/en/docs/oauth/v2/reference/http/gettoken-POST/
 */
export const autodesk = defineProvider<Record<never, never>, OAuth2AppOptions<OidcUserInfo>>({
  name: 'autodesk',
  info: {
    name: 'Autodesk',
    protocol: 'oidc',
    docsUrl: 'https://aps.autodesk.com/en/docs/oauth/v2/developers_guide/overview/',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    // "issuer: … Always https://developer.api.autodesk.com for APS."
    issuer: 'https://developer.api.autodesk.com',
    baseUrl: 'https://developer.api.autodesk.com/',
    revokeUrl: 'https://developer.api.autodesk.com/authentication/v2/revoke',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['openid', 'user-profile:read'],
    profile: userInfoProfile('Autodesk'),
  }),
})
