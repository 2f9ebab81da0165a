import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'
import { hostSetting, requireSetting } from './settings.js'

/**
 * Okta, through OpenID Connect discovery at a custom authorization server,
 * `https://{domain}/oauth2/{authorizationServerId}` (`default` unless given). `domain` is the
 * org's host (`dev-123.okta.com`, `acme.oktapreview.com`) or a custom domain. Okta's web apps
 * authenticate with HTTP Basic by default. Refresh tokens need `offline_access` in the scope.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { okta } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('okta', okta({ domain: 'dev-123.okta.com' })) // reads OKTA_CLIENT_ID and OKTA_CLIENT_SECRET
 * ```
 * @see https://developer.okta.com/docs/reference/api/oidc/
 * @see https://developer.okta.com/docs/concepts/auth-servers/
 */
export const okta = defineProvider<
  {
    /** The org's host (`dev-123.okta.com`) or a custom domain; required. */
    domain: string
    /** The custom authorization server's id; `default` unless given. */
    authorizationServerId: string
  },
  OAuth2AppOptions<OidcUserInfo>
>({
  name: 'okta',
  extra: ['domain', 'authorizationServerId'],
  info: {
    name: 'Okta',
    protocol: 'oidc',
    docsUrl: 'https://developer.okta.com/docs/reference/api/oidc/',
    refresh: 'conditional',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: (input) => {
    const domain = hostSetting('okta', 'domain', input.domain, 'dev-123.okta.com')
    const server = requireSetting(
      'okta',
      'authorizationServerId',
      input.authorizationServerId ?? 'default',
      'default',
      /^[\w-]{1,64}$/,
    )
    const issuer = `https://${domain}/oauth2/${server}`
    return {
      issuer,
      revokeUrl: `${issuer}/v1/revoke`,
      // A client assertion's aud is "the full URL of the resource you're using the JWT to
      // authenticate to": the token endpoint, not the issuer.
      // https://developer.okta.com/docs/guides/build-self-signed-jwt/-/main/
      clientAssertionAudience: `${issuer}/v1/token`,
      tokenEndpointAuthMethod: 'client_secret_basic',
      scope: ['openid', 'profile', 'email'],
      profile: userInfoProfile('Okta'),
    }
  },
})
