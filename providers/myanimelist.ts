import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * MyAnimeList. PKCE is required and MyAnimeList accepts only the `plain` method, so the preset
 * pins `pkce: 'plain'` (the code challenge is the verifier itself). The client authenticates in
 * the body; apps of the Android, iOS and Other types have no secret and are public clients
 * (`tokenEndpointAuthMethod: 'none'`). There are no scopes. Access tokens last an hour; each
 * refresh brings a new refresh token, so store the newest. No revocation endpoint, no email.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { myanimelist } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('myanimelist', myanimelist()) // reads MYANIMELIST_CLIENT_ID and MYANIMELIST_CLIENT_SECRET
 * ```
 * @see https://myanimelist.net/apiconfig/references/authorization
 * @see https://myanimelist.net/apiconfig/references/api/v2#operation/users_user_id_get
 */
export const myanimelist = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'myanimelist',
  info: {
    name: 'MyAnimeList',
    protocol: 'oauth2',
    docsUrl: 'https://myanimelist.net/apiconfig/references/authorization',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  // "NOTE: Currently, only the plain method is supported."
  fixed: { pkce: { value: 'plain', because: 'MyAnimeList requires PKCE and supports only the plain method' } },
  defaults: () => ({
    authorizeUrl: 'https://myanimelist.net/v1/oauth2/authorize',
    accessTokenUrl: 'https://myanimelist.net/v1/oauth2/token',
    baseUrl: 'https://api.myanimelist.net/v2/',
    userInfoUrl: 'users/@me',
    tokenEndpointAuthMethod: 'client_secret_post',
    // MyAnimeList's `name` is the user's handle, its only name.
    profile: profileFrom('MyAnimeList', { id: 'id', name: 'name', username: 'name', avatarUrl: 'picture' }),
  }),
})
