import { startgg } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const callback = 'https://app.example.com/callback'

export default {
  protocol: 'oauth2',
  id: 'startgg',
  docs: [
    'https://developer.start.gg/docs/oauth/oauth-overview',
    'https://developer.start.gg/docs/oauth/scopes',
    'https://developer.start.gg/reference/user.doc.html',
  ],
  options: startgg({ ...creds('startgg'), redirectUri: callback }),
  // The overview's example: scope=user.identity%20user.email.
  authorize: { url: 'https://start.gg/oauth/authorize', params: { scope: 'user.identity user.email' }, pkce: 'S256' },
  token: {
    url: 'https://api.start.gg/oauth/access_token',
    // grant_type, client_secret, code, scope, client_id, redirect_uri, "with a application/json
    // Content Type header".
    auth: 'post',
    format: 'json',
    form: { scope: 'user.identity user.email' },
    // "Example access token response".
    answer: () => ({
      access_token: '4eeFpL20Adsbf6h12sd8mdfwEzF',
      token_type: 'Bearer',
      expires_in: 604800,
      refresh_token: 'd8md12s4eeAdsbf6fwEzF0hFpL2',
    }),
  },
  userinfo: {
    method: 'POST',
    url: 'https://api.start.gg/gql/alpha',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query { currentUser { id slug name email player { gamerTag } images(type: "profile") { url } } }',
    }),
    // start.gg shows no currentUser sample: an answer of the User type's fields (id, slug, name,
    // email, player, images), `user.email` granted.
    answer: {
      data: {
        currentUser: {
          id: 1039286,
          slug: 'user/4f2a1b9c',
          name: 'Jane Doe',
          email: 'jane@example.com',
          player: { gamerTag: 'Jane' },
          images: [{ url: 'https://images.start.gg/images/user/1039286/image-4f2a1b9c.png' }],
        },
      },
    },
  },
  profile: {
    id: '1039286',
    name: 'Jane Doe',
    username: 'Jane',
    email: 'jane@example.com',
    avatarUrl: 'https://images.start.gg/images/user/1039286/image-4f2a1b9c.png',
  },
  // "To refresh a token, send a POST request to start.gg's refresh token url:
  // api.start.gg/oauth/refresh" with grant_type, refresh_token, scope, client_id, client_secret
  // and redirect_uri, as JSON.
  refresh: {
    url: 'https://api.start.gg/oauth/refresh',
    auth: 'post',
    format: 'json',
    form: { scope: 'user.identity user.email', redirect_uri: callback },
    answer: () => ({
      access_token: '4eeFpL20Adsbf6h12sd8mdfwEzF.refreshed',
      token_type: 'Bearer',
      expires_in: 604800,
      refresh_token: 'd8md12s4eeAdsbf6fwEzF0hFpL2.next',
    }),
    holds: () => ({
      access_token: '4eeFpL20Adsbf6h12sd8mdfwEzF.refreshed',
      refresh_token: 'd8md12s4eeAdsbf6fwEzF0hFpL2.next',
    }),
  },
} satisfies OAuth2Row
