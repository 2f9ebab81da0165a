import {
  type OAuth2AppOptions,
  OAuthConfigError,
  OAuthErrorCode,
  OAuthInvalidResponseError,
  type UserInfoObject,
} from '../src/index.js'
import { at, defineProvider, field, profileFrom, text } from './define.js'

// `schema=paypalv1.1` answers `emails: [{ value, primary, confirmed }]`; `schema=openid`, `email`.
function primaryEmail(raw: UserInfoObject): string | undefined {
  const emails = Array.isArray(raw.emails) ? raw.emails : []
  const primary = emails.find((entry) => field(entry, 'primary') === true) ?? emails[0]
  return text(field(primary, 'value')) ?? at(raw, 'email')
}

/**
 * Log in with PayPal, through OpenID Connect discovery at `https://www.paypal.com`
 * (`https://www.sandbox.paypal.com` with `sandbox: true`, and sandbox credentials). The client
 * authenticates with HTTP Basic at `v1/oauth2/token`; the profile is
 * `v1/identity/oauth2/userinfo?schema=paypalv1.1`, which names the user by `user_id` (the ID
 * token's subject, checked against it) and lists the e-mail addresses (the primary one is
 * taken). The scopes must also be ticked in the app's *Log in with PayPal* settings. Refresh
 * tokens are long-lived and reused. PayPal's docs do not mention PKCE; the library's S256
 * challenge is sent, as everywhere (RFC 7636 §5). No `revokeUrl`: PayPal documents no RFC 7009
 * revocation for these tokens.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { paypal } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('paypal', paypal({ sandbox: true })) // reads PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET
 * ```
 * @see https://developer.paypal.com/docs/log-in-with-paypal/integrate/
 * @see https://developer.paypal.com/docs/api/identity/v1/
 */
export const paypal = defineProvider<{ sandbox: boolean }, OAuth2AppOptions>({
  name: 'paypal',
  extra: ['sandbox'],
  info: {
    name: 'PayPal',
    protocol: 'oidc',
    docsUrl: 'https://developer.paypal.com/docs/log-in-with-paypal/integrate/',
    refresh: 'reused',
    profileFields: ['name', 'email'],
  },
  defaults: ({ sandbox = false }) => {
    // A boolean only: a string such as "false" must not quietly pick either host.
    if (typeof sandbox !== 'boolean') {
      throw new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, 'paypal(): "sandbox" must be true or false')
    }
    const host = sandbox ? 'sandbox.paypal.com' : 'paypal.com'
    return {
      issuer: `https://www.${host}`,
      authorizeUrl: `https://www.${host}/signin/authorize`,
      accessTokenUrl: `https://api-m.${host}/v1/oauth2/token`,
      baseUrl: `https://api-m.${host}/`,
      userInfoUrl: 'v1/identity/oauth2/userinfo?schema=paypalv1.1',
      tokenEndpointAuthMethod: 'client_secret_basic',
      // "You'll need to include openid": https://developer.paypal.com/docs/log-in-with-paypal/integrate/build-button
      scope: ['openid', 'profile', 'email'],
      // The paypalv1.1 answer names the user by `user_id`: as `sub`, it is checked against the
      // ID token's subject.
      userInfo: async ({ url, request }) => {
        const { data } = await request<unknown>(url ?? 'v1/identity/oauth2/userinfo?schema=paypalv1.1')
        const sub = text(field(data, 'sub')) ?? text(field(data, 'user_id'))
        if (typeof data !== 'object' || data === null || sub === undefined) {
          throw new OAuthInvalidResponseError(OAuthErrorCode.INVALID_RESPONSE, 'PayPal sent a user without "user_id"')
        }
        return { ...data, sub }
      },
      profile: profileFrom('PayPal', { id: ['user_id', 'sub'], name: 'name', email: primaryEmail }),
    }
  },
})
