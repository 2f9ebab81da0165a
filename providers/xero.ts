import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'

const mapUserInfo = userInfoProfile('Xero')

/**
 * Xero (OAuth 2.0), through OpenID Connect discovery at `https://identity.xero.com`. The client
 * authenticates with HTTP Basic; `offline_access` in the scope yields a refresh token, which
 * rotates (store the new one after every refresh; access tokens last 30 minutes). Xero's
 * claims have no `name`: the profile joins `given_name` and `family_name`. Revocation is
 * RFC 7009's at `connect/revocation`. Which organisations the user connected is a further call
 * (`GET https://api.xero.com/connections`), and every accounting API call names one in the
 * `xero-tenant-id` header: both are the app's to make. PKCE (S256) is sent, as Xero's flow
 * accepts.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { xero } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('xero', xero({ scope: ['openid', 'profile', 'email', 'offline_access', 'accounting.transactions'] })) // reads XERO_CLIENT_ID and XERO_CLIENT_SECRET
 * ```
 * @see https://developer.xero.com/documentation/guides/oauth2/auth-flow/
 */
export const xero = defineProvider<Record<never, never>, OAuth2AppOptions<OidcUserInfo>>({
  name: 'xero',
  info: {
    name: 'Xero',
    protocol: 'oidc',
    docsUrl: 'https://developer.xero.com/documentation/guides/oauth2/auth-flow/',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email'],
  },
  defaults: () => ({
    issuer: 'https://identity.xero.com',
    revokeUrl: 'https://identity.xero.com/connect/revocation',
    baseUrl: 'https://api.xero.com/',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['openid', 'profile', 'email', 'offline_access'],
    profile: (raw) => {
      const mapped = mapUserInfo(raw)
      const full = [raw.given_name, raw.family_name].filter((part) => typeof part === 'string' && part !== '')
      return { ...mapped, name: full.length > 0 ? full.join(' ') : mapped.name }
    },
  }),
})
