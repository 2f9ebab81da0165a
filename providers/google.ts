import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'

/**
 * Google, through OpenID Connect discovery. Google hands out a refresh token only when asked
 * for offline access and only on a consent screen, so `offline: true` sends
 * `access_type=offline` and `prompt=consent`. Some ID tokens name the issuer without its scheme
 * (`accounts.google.com`), which Google documents as equivalent.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { google } from 'oauth-consumer/providers'
 *
 * const oauth = new OAuth()
 * const app = oauth.remoteApp('google', google({ offline: true })) // reads GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET; a refresh token too
 * ```
 * @see https://developers.google.com/identity/openid-connect/openid-connect
 */
export const google = defineProvider<{ offline: boolean }, OAuth2AppOptions<OidcUserInfo>>({
  name: 'google',
  extra: ['offline'],
  info: {
    name: 'Google',
    protocol: 'oidc',
    docsUrl: 'https://developers.google.com/identity/openid-connect/openid-connect',
    refresh: 'conditional',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: ({ offline = false }) => ({
    issuer: 'https://accounts.google.com',
    baseUrl: 'https://www.googleapis.com/',
    scope: ['openid', 'email', 'profile'],
    profile: userInfoProfile('Google'),
    ...(offline ? { requestTokenParams: { access_type: 'offline', prompt: 'consent' } } : {}),
    idTokenIssuer: (claims, issuer) => (claims.iss === 'accounts.google.com' ? 'accounts.google.com' : issuer),
  }),
})
