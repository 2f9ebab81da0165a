import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, field, type OidcUserInfo, text, userInfoProfile } from './define.js'

/**
 * Intuit's userinfo answer: OpenID Connect claims, with Intuit's own camel-case names for the
 * person's names.
 *
 * @see https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/openid-connect
 */
export interface IntuitUserInfo extends OidcUserInfo {
  /** The user's first name (scope `profile`). */
  readonly givenName?: string
  /** The user's last name (scope `profile`). */
  readonly familyName?: string
  /** Whether Intuit verified the e-mail address (scope `email`). */
  readonly emailVerified?: boolean
}

const mapUserInfo = userInfoProfile<IntuitUserInfo>('Intuit')

// A QuickBooks company id, as the callback's `realmId` carries it: digits only, so it can only
// ever name a path segment of Intuit's own API host.
const REALM = /^\d{1,32}$/

/**
 * Intuit (QuickBooks Online), through OpenID Connect. Intuit publishes its discovery document at
 * `…/.well-known/openid_configuration` (an underscore; `openid_sandbox_configuration` with
 * `sandbox: true`). The callback carries `realmId`, the QuickBooks company the user connected:
 * it is kept in the token's `callbackParams`, and relative API calls made with that token go to
 * `v3/company/{realmId}/` on the QuickBooks API host (`companyinfo/{realmId}`, `query?…`). The
 * client authenticates with HTTP Basic; PKCE (S256) is sent, which Intuit's authorization server
 * accepts though its docs do not mention it. Refresh tokens rotate: store the new one after every
 * refresh. No `revokeUrl`: Intuit documents its revocation endpoint with a JSON body, which
 * RFC 7009's form body may not satisfy (not verified here).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { intuit } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('intuit', intuit({ sandbox: true })) // reads INTUIT_CLIENT_ID and INTUIT_CLIENT_SECRET
 * ```
 * @see https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0
 */
export const intuit = defineProvider<{ sandbox: boolean }, OAuth2AppOptions<IntuitUserInfo>>({
  name: 'intuit',
  extra: ['sandbox'],
  info: {
    name: 'Intuit QuickBooks',
    protocol: 'oidc',
    docsUrl: 'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0',
    refresh: 'rotating',
    profileFields: ['name', 'email'],
  },
  defaults: ({ sandbox = false }) => {
    const api = sandbox ? 'https://sandbox-quickbooks.api.intuit.com/v3/' : 'https://quickbooks.api.intuit.com/v3/'
    return {
      issuer: 'https://oauth.platform.intuit.com/op/v1',
      serverMetadataUrl: `https://developer.api.intuit.com/.well-known/${sandbox ? 'openid_sandbox_configuration' : 'openid_configuration'}`,
      baseUrl: api,
      tokenEndpointAuthMethod: 'client_secret_basic',
      scope: ['com.intuit.quickbooks.accounting', 'openid', 'profile', 'email'],
      baseUrlFromToken: (token) => {
        const realm = text(field(field(token, 'callbackParams'), 'realmId'))
        return realm !== undefined && REALM.test(realm) ? `${api}company/${realm}/` : undefined
      },
      profile: (raw) => {
        const mapped = mapUserInfo(raw)
        const first = text(field(raw, 'givenName'))
        const last = text(field(raw, 'familyName'))
        return { ...mapped, name: mapped.name ?? ([first, last].filter(Boolean).join(' ') || undefined) }
      },
    }
  },
})
