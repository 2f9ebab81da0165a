import { x } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'x',
  docs: [
    'https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/user-access-token',
    'https://docs.x.com/x-api/users/user-lookup-me',
  ],
  options: x(creds('x')),
  authorize: {
    url: 'https://x.com/i/oauth2/authorize',
    params: { scope: 'users.read tweet.read offline.access' },
    pkce: 'S256',
  },
  token: {
    url: 'https://api.x.com/2/oauth2/token',
    auth: 'basic',
    answer: () => ({
      token_type: 'bearer',
      expires_in: 7200,
      access_token: 'VGNibzFWSWREZm01bjN1N3dicWlNUG1oa2xRRVNNdmVHelJGY2hPWGxNd2dxOjE2MjIxNjA4MjU4MjU6MToxOmF0OjE',
      scope: 'tweet.read users.read offline.access',
      refresh_token: 'bWRWa3gzdnk3WHRGU1o0bmRRcTJ5VUxWX1lZTDdJSUtmaWcxbTVxdEFXcW5tOjE2MjIxNjA4MjU4MjU6MToxOnJ0OjE',
    }),
  },
  userinfo: {
    url: 'https://api.x.com/2/users/me?user.fields=profile_image_url,confirmed_email',
    answer: {
      data: {
        id: '2244994945',
        name: 'X Dev',
        username: 'TwitterDev',
        profile_image_url: 'https://pbs.twimg.com/profile_images/1445764922474827784/W2zEPN7U_normal.jpg',
      },
    },
  },
  profile: {
    id: '2244994945',
    name: 'X Dev',
    username: 'TwitterDev',
    email: null,
    avatarUrl: 'https://pbs.twimg.com/profile_images/1445764922474827784/W2zEPN7U_normal.jpg',
  },
  // "Refresh token": grant_type=refresh_token at the token endpoint, a confidential client by
  // HTTP Basic; the answer carries a new refresh token (offline.access).
  refresh: {
    url: 'https://api.x.com/2/oauth2/token',
    auth: 'basic',
    answer: () => ({
      token_type: 'bearer',
      expires_in: 7200,
      access_token: 'TkpBeW1ZVDRkNHh0ZWRfcmVmcmVzaGVkOjE2MjIxNjA4MjU4MjU6MToxOmF0OjE',
      scope: 'tweet.read users.read offline.access',
      refresh_token: 'TkpBeW1ZVDRkNHh0ZWRfbmV4dDoxNjIyMTYwODI1ODI1OjE6MTpydDox',
    }),
    holds: () => ({
      access_token: 'TkpBeW1ZVDRkNHh0ZWRfcmVmcmVzaGVkOjE2MjIxNjA4MjU4MjU6MToxOmF0OjE',
      refresh_token: 'TkpBeW1ZVDRkNHh0ZWRfbmV4dDoxNjIyMTYwODI1ODI1OjE6MTpydDox',
    }),
  },
  // "Revoke token": POST /2/oauth2/revoke with the token, a confidential client by HTTP Basic.
  revoke: {
    url: 'https://api.x.com/2/oauth2/revoke',
    auth: 'basic',
    form: { token: 'VGNibzFWSWREZm01bjN1N3dicWlNUG1oa2xRRVNNdmVHelJGY2hPWGxNd2dxOjE2MjIxNjA4MjU4MjU6MToxOmF0OjE' },
  },
} satisfies OAuth2Row
