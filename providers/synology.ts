import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'
import { urlSetting } from './settings.js'

/**
 * Synology SSO Server (a package of DSM), through OpenID Connect discovery at
 * `{baseUrl}/webman/sso`, the issuer whose metadata SSO Server publishes once its OIDC service
 * is enabled; its endpoints are `.cgi` scripts (`SSOOauth.cgi`, `SSOAccessToken.cgi`,
 * `SSOUserInfo.cgi`). `baseUrl` is the server URL set in SSO Server's general settings, https
 * as Synology requires (a port is allowed). The client authenticates with HTTP Basic. SSO
 * Server hands out no refresh token, and has no revocation endpoint. Users are named by `sub`
 * and have an email with the `email` scope (add `groups` for their groups).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { synology } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('synology', synology({ baseUrl: 'https://nas.example.com:5001' })) // reads SYNOLOGY_CLIENT_ID and SYNOLOGY_CLIENT_SECRET
 * ```
 * @see https://kb.synology.com/en-global/DSM/help/SSOServer/sso_server_service?version=7
 */
export const synology = defineProvider<
  {
    /** The server URL configured in SSO Server (`https://nas.example.com:5001`); required. */
    baseUrl: string
  },
  OAuth2AppOptions<OidcUserInfo>
>({
  name: 'synology',
  extra: ['baseUrl'],
  info: {
    name: 'Synology SSO Server',
    protocol: 'oidc',
    docsUrl: 'https://kb.synology.com/en-global/DSM/help/SSOServer/sso_server_service?version=7',
    refresh: 'none',
    profileFields: ['email'],
  },
  defaults: (input) => {
    const server = urlSetting('synology', 'baseUrl', input.baseUrl, 'https://nas.example.com:5001')
    return {
      issuer: `${server}/webman/sso`,
      tokenEndpointAuthMethod: 'client_secret_basic',
      scope: ['openid', 'email'],
      profile: userInfoProfile('Synology SSO Server'),
    }
  },
})
