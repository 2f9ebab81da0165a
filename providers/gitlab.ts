import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'
import { urlSetting } from './settings.js'

/**
 * GitLab, gitlab.com or self-managed: `baseUrl` is the instance's API
 * (`https://gitlab.example.com/api/v4/`; the instance's own URL is accepted too), and the
 * instance is the OpenID Connect issuer.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { gitlab } from 'oauth-consumer/providers'
 *
 * const oauth = new OAuth()
 * const app = oauth.remoteApp('gitlab', gitlab({ baseUrl: 'https://gitlab.example.com/api/v4/' })) // self-managed; gitlab.com without baseUrl
 * ```
 * @see https://docs.gitlab.com/integration/openid_connect_provider/
 */
export const gitlab = defineProvider<{ baseUrl: string }, OAuth2AppOptions<OidcUserInfo>>({
  name: 'gitlab',
  // Read here and normalized, not passed on as given.
  extra: ['baseUrl'],
  info: {
    name: 'GitLab',
    protocol: 'oidc',
    docsUrl: 'https://docs.gitlab.com/integration/openid_connect_provider/',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: ({ baseUrl = 'https://gitlab.com/api/v4/' }) => {
    const instance = urlSetting('gitlab', 'baseUrl', baseUrl, 'https://gitlab.example.com').replace(/\/api\/v4$/, '')
    return {
      issuer: instance,
      baseUrl: `${instance}/api/v4/`,
      scope: ['openid', 'profile', 'email'],
      profile: userInfoProfile('GitLab'),
    }
  },
})
