import { anilist } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'anilist',
  docs: [
    'https://docs.anilist.co/guide/auth/',
    'https://docs.anilist.co/guide/auth/authorization-code',
    'https://docs.anilist.co/guide/auth/authenticated-requests',
    'https://docs.anilist.co/guide/graphql/queries/user',
    'https://docs.anilist.co/reference/object/user',
  ],
  options: anilist(creds('anilist')),
  // "Scopes are not supported."
  authorize: { url: 'https://anilist.co/api/v2/oauth/authorize', absent: ['scope'], pkce: 'S256' },
  token: {
    url: 'https://anilist.co/api/v2/oauth/token',
    // The guide's request: a JSON body with grant_type, client_id, client_secret, redirect_uri and code.
    auth: 'post',
    format: 'json',
    headers: { accept: 'application/json' },
    // "The response will contain an access_token field with a JWT token", valid for a year; no
    // refresh token ("Refresh tokens are not currently supported").
    answer: () => ({
      token_type: 'Bearer',
      expires_in: 31536000,
      access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
    }),
  },
  userinfo: {
    method: 'POST',
    url: 'https://graphql.anilist.co/',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ Viewer { id name avatar { large medium } siteUrl } }' }),
    // The Viewer query's answer, in the shape of the User and UserAvatar references.
    answer: {
      data: {
        Viewer: {
          id: 1,
          name: 'Josh',
          avatar: {
            large: 'https://s4.anilist.co/file/anilistcdn/user/avatar/large/b1-Jx2HaVHzaaYH.png',
            medium: 'https://s4.anilist.co/file/anilistcdn/user/avatar/medium/b1-Jx2HaVHzaaYH.png',
          },
          siteUrl: 'https://anilist.co/user/Josh',
        },
      },
    },
  },
  profile: {
    id: '1',
    name: 'Josh',
    username: 'Josh',
    email: null,
    avatarUrl: 'https://s4.anilist.co/file/anilistcdn/user/avatar/large/b1-Jx2HaVHzaaYH.png',
  },
} satisfies OAuth2Row
