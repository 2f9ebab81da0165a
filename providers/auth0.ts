import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'
import { hostSetting } from './settings.js'

/**
 * Auth0, through OpenID Connect discovery at `https://{domain}/` (the issuer has the final `/`).
 * `domain` is the tenant's host (`dev-abc.us.auth0.com`) or a custom domain; `audience` (an API
 * identifier) asks for a JWT access token for that API instead of an opaque one. Refresh tokens
 * need `offline_access` in the scope; revocation takes refresh tokens only.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { auth0 } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('auth0', auth0({ domain: 'dev-abc.us.auth0.com' })) // reads AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET
 * ```
 * @see https://auth0.com/docs/api/authentication
 * @see https://auth0.com/docs/get-started/applications/confidential-and-public-applications/view-application-type
 */
export const auth0 = defineProvider<
  {
    /** The tenant's host (`dev-abc.us.auth0.com`) or a custom domain; required. */
    domain: string
    /** An API's identifier, for a JWT access token for that API. */
    audience: string
  },
  OAuth2AppOptions<OidcUserInfo>
>({
  name: 'auth0',
  extra: ['domain', 'audience'],
  info: {
    name: 'Auth0',
    protocol: 'oidc',
    docsUrl: 'https://auth0.com/docs/api/authentication',
    refresh: 'conditional',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: (input) => {
    const domain = hostSetting('auth0', 'domain', input.domain, 'dev-abc.us.auth0.com')
    return {
      issuer: `https://${domain}/`,
      revokeUrl: `https://${domain}/oauth/revoke`,
      // "aud: The URL of the Auth0 tenant … Include the trailing slash": the issuer.
      // https://auth0.com/docs/get-started/authentication-and-authorization-flow/authenticate-with-private-key-jwt
      clientAssertionAudience: `https://${domain}/`,
      scope: ['openid', 'profile', 'email'],
      profile: userInfoProfile('Auth0'),
      ...(input.audience === undefined ? {} : { requestTokenParams: { audience: input.audience } }),
    }
  },
})
