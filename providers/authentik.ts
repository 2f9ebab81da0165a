import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'
import { requireSetting, urlSetting } from './settings.js'

/**
 * authentik, through OpenID Connect discovery. The endpoints are shared by every application of
 * the instance, but each application's provider is its own issuer,
 * `{baseUrl}/application/o/{slug}/` (trailing slash included), with its own keys and discovery
 * document; the preset needs both. Confidential clients authenticate with HTTP Basic (the body
 * works too). Since authentik 2024.2 a refresh token comes only with `offline_access`, which the
 * provider must also have among its scope mappings; revocation is discovered.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { authentik } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('authentik', authentik({ baseUrl: 'https://auth.example.com', slug: 'my-app' })) // reads AUTHENTIK_CLIENT_ID and AUTHENTIK_CLIENT_SECRET
 * ```
 * @see https://docs.goauthentik.io/add-secure-apps/providers/oauth2/
 */
export const authentik = defineProvider<
  {
    /** The instance's URL (`https://auth.example.com`); required. */
    baseUrl: string
    /** The application's slug, which names its issuer; required. */
    slug: string
  },
  OAuth2AppOptions<OidcUserInfo>
>({
  name: 'authentik',
  extra: ['baseUrl', 'slug'],
  info: {
    name: 'authentik',
    protocol: 'oidc',
    docsUrl: 'https://docs.goauthentik.io/add-secure-apps/providers/oauth2/',
    refresh: 'conditional',
    profileFields: ['name', 'username', 'email'],
  },
  defaults: (input) => {
    const instance = urlSetting('authentik', 'baseUrl', input.baseUrl, 'https://auth.example.com')
    // An application slug: letters, digits, `-` and `_`, nothing that could leave the path.
    const slug = requireSetting('authentik', 'slug', input.slug, 'my-app', /^[\w-]{1,128}$/)
    return {
      issuer: `${instance}/application/o/${slug}/`,
      tokenEndpointAuthMethod: 'client_secret_basic',
      scope: ['openid', 'profile', 'email'],
      profile: userInfoProfile('authentik'),
    }
  },
})
