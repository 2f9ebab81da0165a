import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * 42 (the 42 network's intranet API). The client authenticates in the body, as 42's guide
 * shows; scopes are space-separated and `public` is what a sign-in needs. Access tokens last two
 * hours and 42's guide documents no refresh grant, so the preset claims none. `/v2/me` answers a
 * large user (cursus, projects, campus); the profile maps a few of its fields and keeps the rest
 * as `raw`. 42's guide does not mention PKCE; the library's S256 challenge is sent, as
 * everywhere (RFC 7636 §5).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { school42 } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('school42', school42()) // reads SCHOOL42_CLIENT_ID and SCHOOL42_CLIENT_SECRET
 * ```
 * @see https://api.intra.42.fr/apidoc/guides/web_application_flow
 * @see https://api.intra.42.fr/apidoc/2.0/users/me.html
 */
export const school42 = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'school42',
  info: {
    name: '42',
    protocol: 'oauth2',
    docsUrl: 'https://api.intra.42.fr/apidoc/guides/web_application_flow',
    refresh: 'none',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://api.intra.42.fr/oauth/authorize',
    accessTokenUrl: 'https://api.intra.42.fr/oauth/token',
    baseUrl: 'https://api.intra.42.fr/v2/',
    userInfoUrl: 'me',
    scope: ['public'],
    profile: profileFrom('42', {
      id: 'id',
      name: ['usual_full_name', 'displayname'],
      username: 'login',
      email: 'email',
      avatarUrl: 'image.link',
    }),
  }),
})
