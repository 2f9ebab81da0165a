import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'

/**
 * Any OpenID Provider from its issuer alone: `oidc({ issuer: 'https://id.example.com' })`.
 * Credentials default to `OIDC_CLIENT_ID` / `OIDC_CLIENT_SECRET`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { oidc } from 'oauth-consumer/providers'
 *
 * const oauth = new OAuth()
 * const app = oauth.remoteApp('oidc', oidc({ issuer: 'https://id.example.com', scope: ['openid', 'email'] })) // endpoints from the issuer's metadata
 * ```
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html
 */
export const oidc = defineProvider<Record<never, never>, OAuth2AppOptions<OidcUserInfo>>({
  name: 'oidc',
  info: {
    name: 'OpenID Connect',
    protocol: 'oidc',
    docsUrl: 'https://openid.net/specs/openid-connect-discovery-1_0.html',
    settings: ['issuer'],
    refresh: 'conditional',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({ scope: ['openid', 'profile', 'email'], profile: userInfoProfile('The OpenID Provider') }),
})
