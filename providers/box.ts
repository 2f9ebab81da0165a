import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Box. The user is sent to `account.box.com`, the token endpoint is `api.box.com`, and the client
 * authenticates in the body, as Box's guide shows. Scopes are chosen on the app, so none is asked
 * for. Access tokens last an hour; refresh tokens are single use (each refresh answers a new one,
 * which must be stored). Revocation is RFC 7009-shaped (`token`, the client in the body); revoking
 * ends the access and refresh tokens of the grant. Box's docs do not mention PKCE; the library's
 * S256 challenge is sent, as everywhere (RFC 7636 §5).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { box } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('box', box()) // reads BOX_CLIENT_ID and BOX_CLIENT_SECRET
 * ```
 * @see https://developer.box.com/guides/authentication/oauth2/without-sdk/
 * @see https://developer.box.com/reference/get-users-me/
 */
export const box = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'box',
  info: {
    name: 'Box',
    protocol: 'oauth2',
    docsUrl: 'https://developer.box.com/guides/authentication/oauth2/',
    refresh: 'rotating',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://account.box.com/api/oauth2/authorize',
    accessTokenUrl: 'https://api.box.com/oauth2/token',
    revokeUrl: 'https://api.box.com/oauth2/revoke',
    baseUrl: 'https://api.box.com/2.0/',
    userInfoUrl: 'users/me',
    // Box's `login` is the user's email address.
    profile: profileFrom('Box', { id: 'id', name: 'name', email: 'login', avatarUrl: 'avatar_url' }),
  }),
})
