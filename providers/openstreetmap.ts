import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * OpenStreetMap (OAuth 2.0; OAuth 1.0a was removed in 2024). The client authenticates with HTTP
 * Basic (the server also takes the body); `read_prefs` is needed for the user's details, the
 * profile, `GET /api/0.6/user/details.json` (`user`). Access tokens do not expire and there is
 * no refresh. OpenStreetMap shares no e-mail address. PKCE (S256) is sent, as the server
 * supports it. Test against `https://master.apis.dev.openstreetmap.org` by overriding the URLs.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { openstreetmap } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('openstreetmap', openstreetmap({ scope: ['read_prefs', 'write_api'] })) // reads OPENSTREETMAP_CLIENT_ID and OPENSTREETMAP_CLIENT_SECRET
 * ```
 * @see https://wiki.openstreetmap.org/wiki/OAuth
 * @see https://wiki.openstreetmap.org/wiki/API_v0.6#Details_of_the_logged-in_user:_GET_/api/0.6/user/details
 */
export const openstreetmap = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'openstreetmap',
  info: {
    name: 'OpenStreetMap',
    protocol: 'oauth2',
    docsUrl: 'https://wiki.openstreetmap.org/wiki/OAuth',
    refresh: 'none',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://www.openstreetmap.org/oauth2/authorize',
    accessTokenUrl: 'https://www.openstreetmap.org/oauth2/token',
    baseUrl: 'https://api.openstreetmap.org/api/0.6/',
    userInfoUrl: 'user/details.json',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['read_prefs'],
    // The display name is the account's unique, public name: both its name and its handle.
    profile: profileFrom('OpenStreetMap', {
      id: 'user.id',
      name: 'user.display_name',
      username: 'user.display_name',
      avatarUrl: 'user.img.href',
    }),
  }),
})
