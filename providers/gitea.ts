import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'
import { urlSetting } from './settings.js'

/**
 * Gitea (and Forgejo, which kept its endpoints), gitea.com or self-hosted, through OpenID
 * Connect discovery: the instance's `ROOT_URL`, with its final `/`, is the issuer. The token
 * path is GitHub's (`/login/oauth/access_token`); the client authenticates in the body, as
 * Gitea's guide shows (HTTP Basic is accepted too). Refresh tokens are issued with every access
 * token and replaced at each refresh. Gitea has no revocation endpoint. Public clients must
 * send PKCE, which the library always does.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { gitea } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('gitea', gitea({ baseUrl: 'https://codeberg.org' })) // reads GITEA_CLIENT_ID and GITEA_CLIENT_SECRET
 * ```
 * @see https://docs.gitea.com/development/oauth2-provider
 */
export const gitea = defineProvider<
  {
    /** The instance's URL (`https://git.example.com`); `https://gitea.com` unless given. */
    baseUrl: string
  },
  OAuth2AppOptions<OidcUserInfo>
>({
  name: 'gitea',
  // Read here and normalized, not passed on as given.
  extra: ['baseUrl'],
  info: {
    name: 'Gitea',
    protocol: 'oidc',
    docsUrl: 'https://docs.gitea.com/development/oauth2-provider',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: ({ baseUrl = 'https://gitea.com' }) => {
    const instance = urlSetting('gitea', 'baseUrl', baseUrl, 'https://git.example.com').replace(/\/api\/v1$/, '')
    return {
      issuer: `${instance}/`,
      baseUrl: `${instance}/api/v1/`,
      tokenEndpointAuthMethod: 'client_secret_post',
      scope: ['openid', 'profile', 'email'],
      profile: userInfoProfile('Gitea'),
    }
  },
})
