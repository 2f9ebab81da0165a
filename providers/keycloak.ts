import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'
import { requireSetting, urlSetting } from './settings.js'

/**
 * Keycloak, through OpenID Connect discovery: the realm's URL is its issuer,
 * `https://{host}/realms/{realm}` (before Keycloak 17, `https://{host}/auth/realms/{realm}`).
 * Confidential clients authenticate with HTTP Basic (Keycloak's "Client Id and Secret" also
 * accepts the body). Token answers carry `refresh_expires_in` beside `expires_in`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { keycloak } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('keycloak', keycloak({ realmUrl: 'https://sso.example.com/realms/acme' })) // reads KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET
 * ```
 * @see https://www.keycloak.org/securing-apps/oidc-layers
 */
export const keycloak = defineProvider<
  {
    /** The realm's URL, its issuer: `https://{host}/realms/{realm}`; required. */
    realmUrl: string
  },
  OAuth2AppOptions<OidcUserInfo>
>({
  name: 'keycloak',
  extra: ['realmUrl'],
  info: {
    name: 'Keycloak',
    protocol: 'oidc',
    docsUrl: 'https://www.keycloak.org/securing-apps/oidc-layers',
    refresh: 'reused',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: (input) => {
    const example = 'https://sso.example.com/realms/acme'
    const realmUrl = urlSetting('keycloak', 'realmUrl', input.realmUrl, example)
    // The realm's own URL, not the server's or an admin page: it is the issuer the ID tokens name.
    requireSetting('keycloak', 'realmUrl', realmUrl, example, /^https?:\/\/[^/]+(\/auth)?\/realms\/[^/]+$/)
    return {
      issuer: realmUrl,
      revokeUrl: `${realmUrl}/protocol/openid-connect/revoke`,
      // The realm's issuer: since 26.2 Keycloak takes only it as a client assertion's aud (the
      // token endpoint only with lenient audience validation).
      // https://www.keycloak.org/docs/latest/upgrading/index.html
      clientAssertionAudience: realmUrl,
      tokenEndpointAuthMethod: 'client_secret_basic',
      scope: ['openid', 'profile', 'email'],
      profile: userInfoProfile('Keycloak'),
    }
  },
})
