import { spotify } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'spotify',
  docs: [
    'https://developer.spotify.com/documentation/web-api/tutorials/code-flow',
    'https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens',
    'https://developer.spotify.com/documentation/web-api/reference/get-current-users-profile',
    'https://developer.spotify.com/documentation/web-api/concepts/spotify-uris-ids',
  ],
  options: spotify(creds('spotify')),
  authorize: { url: 'https://accounts.spotify.com/authorize', params: { scope: 'user-read-email' }, pkce: 'S256' },
  token: {
    url: 'https://accounts.spotify.com/api/token',
    // "Authorization: Basic <base64 encoded client_id:client_secret>"
    auth: 'basic',
    // The code flow's "Response" sample.
    answer: () => ({
      access_token: 'NgCXRK...MzYjw',
      token_type: 'Bearer',
      scope: 'user-read-private user-read-email',
      expires_in: 3600,
      refresh_token: 'NgAagA...Um_SHo',
    }),
  },
  userinfo: {
    url: 'https://api.spotify.com/v1/me',
    // The reference's fields with their examples (account id, user id, image).
    answer: {
      account_id: 'aB3dE5fG7h',
      display_name: 'JM Wizzler',
      email: 'email@example.com',
      external_urls: { spotify: 'https://open.spotify.com/user/wizzler' },
      href: 'https://api.spotify.com/v1/users/wizzler',
      id: 'wizzler',
      images: [{ url: 'https://i.scdn.co/image/ab67616d00001e02ff9ca10b55ce82ae553c8228', height: 300, width: 300 }],
      type: 'user',
      uri: 'spotify:user:wizzler',
    },
  },
  profile: {
    id: 'aB3dE5fG7h',
    name: 'JM Wizzler',
    username: 'wizzler',
    email: 'email@example.com',
    avatarUrl: 'https://i.scdn.co/image/ab67616d00001e02ff9ca10b55ce82ae553c8228',
  },
  // "Refreshing tokens": Basic auth again; "When a refresh token is not returned, continue using
  // the existing token."
  refresh: {
    url: 'https://accounts.spotify.com/api/token',
    auth: 'basic',
    answer: () => ({
      access_token: 'BQBLuPRYBQ...BP8stIv5xr-Iwaf4l8eg',
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'user-read-email user-read-private',
    }),
    holds: () => ({ access_token: 'BQBLuPRYBQ...BP8stIv5xr-Iwaf4l8eg', refresh_token: 'NgAagA...Um_SHo' }),
  },
} satisfies OAuth2Row
