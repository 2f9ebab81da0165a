import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Spotify. The client authenticates with HTTP Basic, as Spotify's code flow shows; scopes are
 * space-separated, and `user-read-email` is asked for. A refresh answer may carry no new
 * refresh token: the old one is then kept, as Spotify says to. The profile's id is
 * `account_id`, which Spotify calls the stable identifier for account linking (the user id,
 * which can change, is the username); the email is unverified. Spotify has no revocation
 * endpoint. PKCE is sent; Spotify requires it of public clients only.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { spotify } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('spotify', spotify({ scope: ['user-read-email', 'playlist-read-private'] })) // reads SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET
 * ```
 * @see https://developer.spotify.com/documentation/web-api/tutorials/code-flow
 * @see https://developer.spotify.com/documentation/web-api/reference/get-current-users-profile
 */
export const spotify = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'spotify',
  info: {
    name: 'Spotify',
    protocol: 'oauth2',
    docsUrl: 'https://developer.spotify.com/documentation/web-api/tutorials/code-flow',
    refresh: 'reused',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://accounts.spotify.com/authorize',
    accessTokenUrl: 'https://accounts.spotify.com/api/token',
    baseUrl: 'https://api.spotify.com/v1/',
    userInfoUrl: 'me',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['user-read-email'],
    profile: profileFrom('Spotify', {
      // "Use this field for account linking rather than the id field."
      id: ['account_id', 'id'],
      name: 'display_name',
      username: 'id',
      email: 'email',
      avatarUrl: 'images.0.url',
    }),
  }),
})
