import { myanimelist } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'myanimelist',
  docs: [
    'https://myanimelist.net/apiconfig/references/authorization',
    'https://myanimelist.net/apiconfig/references/api/v2#operation/users_user_id_get',
  ],
  options: myanimelist(creds('myanimelist')),
  // "Currently, only the plain method is supported"; MyAnimeList has no scopes.
  authorize: { url: 'https://myanimelist.net/v1/oauth2/authorize', absent: ['scope'], pkce: 'plain' },
  token: {
    // Step 5: client_id, client_secret (web apps), grant_type, code, redirect_uri, code_verifier.
    url: 'https://myanimelist.net/v1/oauth2/token',
    auth: 'post',
    answer: () => ({
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImp0aSI6ImFjY2VzcyJ9.mal-access',
      refresh_token: 'def50200mal-refresh-token',
    }),
  },
  userinfo: {
    url: 'https://api.myanimelist.net/v2/users/@me',
    // The "Get my user information" sample.
    answer: {
      id: 1234,
      name: 'XXX',
      location: '',
      joined_at: '2012-01-01T00:00:00+00:00',
      picture: 'https://api-cdn.myanimelist.net/images/userimages/1234.jpg',
    },
  },
  profile: {
    id: '1234',
    name: 'XXX',
    username: 'XXX',
    email: null,
    avatarUrl: 'https://api-cdn.myanimelist.net/images/userimages/1234.jpg',
  },
  // "Refreshing an access token": the same endpoint, grant_type=refresh_token; a new pair.
  refresh: {
    url: 'https://myanimelist.net/v1/oauth2/token',
    auth: 'post',
    answer: () => ({
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImp0aSI6ImFjY2VzcyJ9.mal-access-2',
      refresh_token: 'def50200mal-refresh-token-2',
    }),
    holds: () => ({
      access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImp0aSI6ImFjY2VzcyJ9.mal-access-2',
      refresh_token: 'def50200mal-refresh-token-2',
    }),
  },
} satisfies OAuth2Row
