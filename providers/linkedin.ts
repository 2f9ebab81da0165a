import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'

/**
 * Sign In with LinkedIn using OpenID Connect. LinkedIn refuses a `code_verifier` from web apps
 * (`invalid_client`), so PKCE is off, and its ID tokens do not carry the `nonce`, so none is
 * sent; `state` still protects the login.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { linkedin } from 'oauth-consumer/providers'
 *
 * const oauth = new OAuth()
 * const app = oauth.remoteApp('linkedin', linkedin()) // reads LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET
 * ```
 * @see https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2
 */
export const linkedin = defineProvider<Record<never, never>, OAuth2AppOptions<OidcUserInfo>>({
  name: 'linkedin',
  info: {
    name: 'LinkedIn',
    protocol: 'oidc',
    docsUrl: 'https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2',
    refresh: 'conditional',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    issuer: 'https://www.linkedin.com/oauth',
    baseUrl: 'https://api.linkedin.com/v2/',
    scope: ['openid', 'profile', 'email'],
    profile: userInfoProfile('LinkedIn'),
    pkce: false,
    nonce: false,
  }),
})
