import { linear } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'linear',
  docs: [
    'https://linear.app/developers/oauth-2-0-authentication',
    'https://linear.app/developers/graphql#authentication',
    'https://studio.apollographql.com/public/Linear-API/variant/current/schema/reference/objects/User',
  ],
  options: linear({ ...creds('linear'), scope: ['read', 'write'] }),
  // "Comma separated list of scopes".
  authorize: { url: 'https://linear.app/oauth/authorize', params: { scope: 'read,write' }, pkce: 'S256' },
  token: {
    url: 'https://api.linear.app/oauth/token',
    auth: 'post',
    // Linear's sample (its scope space-separated, though the request's is comma-separated),
    // with the refresh token every app gets since 2026-04-01.
    answer: () => ({
      access_token: '00a21d8b0c4e2375114e49c067dfb81eb0d2076f48354714cd5df984d87b67cc',
      token_type: 'Bearer',
      expires_in: 315705599,
      scope: 'read write',
      refresh_token: 'lin_oauth_refresh_8e2b1f',
    }),
  },
  userinfo: {
    method: 'POST',
    url: 'https://api.linear.app/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ viewer { id name displayName email avatarUrl } }' }),
    // The viewer, with the User fields the query asks for (avatarUrl: "An URL to the user's
    // avatar image").
    answer: {
      data: {
        viewer: {
          id: '2e6eea91-0a56-4d8f-9c3e-2f4b3c0c6a11',
          name: 'Jane Doe',
          displayName: 'jane',
          email: 'jane@example.com',
          avatarUrl: 'https://public.linear.app/avatars/2e6eea91-0a56-4d8f-9c3e-2f4b3c0c6a11.png',
        },
      },
    },
  },
  profile: {
    id: '2e6eea91-0a56-4d8f-9c3e-2f4b3c0c6a11',
    name: 'Jane Doe',
    username: 'jane',
    email: 'jane@example.com',
    avatarUrl: 'https://public.linear.app/avatars/2e6eea91-0a56-4d8f-9c3e-2f4b3c0c6a11.png',
  },
  tokenHolds: () => ({ scope: 'read write' }),
  // "Refresh an access token": grant_type=refresh_token at the token endpoint with the client's
  // id and secret; an answer without a refresh token keeps the one held.
  refresh: {
    url: 'https://api.linear.app/oauth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'lin_oauth_8f1c2e0d9b7a6c5e4d3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d',
      token_type: 'Bearer',
      expires_in: 86399,
      scope: 'read write',
    }),
    holds: () => ({
      access_token: 'lin_oauth_8f1c2e0d9b7a6c5e4d3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d',
      refresh_token: 'lin_oauth_refresh_8e2b1f',
    }),
  },
} satisfies OAuth2Row
