import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'

/**
 * Yahoo, through OpenID Connect discovery at `https://api.login.yahoo.com`. The client
 * authenticates with HTTP Basic, as Yahoo's guide shows. Token answers also carry
 * `xoauth_yahoo_guid`, the user's GUID, kept on the token as it came. Refresh tokens are
 * long-lived and reused. Yahoo has no revocation endpoint.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { yahoo } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('yahoo', yahoo()) // reads YAHOO_CLIENT_ID and YAHOO_CLIENT_SECRET
 * ```
 * @see https://developer.yahoo.com/oauth2/guide/openid_connect/getting_started.html
 */
export const yahoo = defineProvider<Record<never, never>, OAuth2AppOptions<OidcUserInfo>>({
  name: 'yahoo',
  info: {
    name: 'Yahoo',
    protocol: 'oidc',
    docsUrl: 'https://developer.yahoo.com/oauth2/guide/openid_connect/getting_started.html',
    refresh: 'reused',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    issuer: 'https://api.login.yahoo.com',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['openid', 'profile', 'email'],
    profile: userInfoProfile('Yahoo'),
  }),
})
