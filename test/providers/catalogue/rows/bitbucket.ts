import { bitbucket } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'bitbucket',
  docs: [
    'https://developer.atlassian.com/cloud/bitbucket/oauth-2/',
    'https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users/#api-user-get',
  ],
  options: bitbucket(creds('bitbucket')),
  // Permissions are set on the consumer: the authorize URL carries no scope.
  authorize: { url: 'https://bitbucket.org/site/oauth2/authorize', absent: ['scope'], pkce: 'S256' },
  token: {
    url: 'https://bitbucket.org/site/oauth2/access_token',
    // "curl -X POST -u "client_id:secret" https://bitbucket.org/site/oauth2/access_token -d grant_type=authorization_code -d code={code}"
    auth: 'basic',
    // The guide's token answer: `scopes`, and the grant as `state`.
    answer: () => ({
      access_token: 'ECL2CNaMwyBfA6qXgxQY2NpU0Nc4ffOHTdiR8R0Bj3ZoY-z0dF7RtA==',
      scopes: 'account',
      expires_in: 7200,
      refresh_token: 'H6YwaDAhKyaxfjsQTK',
      token_type: 'bearer',
      state: 'authorization_code',
    }),
  },
  userinfo: {
    url: 'https://api.bitbucket.org/2.0/user',
    // The account object GET /2.0/user answers, with the guide's fields filled in.
    answer: {
      type: 'user',
      uuid: '{a288a0ab-e13b-43f0-a689-c4ef0a249875}',
      account_id: '557058:c0b72ad0-1cb5-4018-9cdc-0cde8492c443',
      nickname: 'evzijst',
      username: 'evzijst',
      display_name: 'Erik van Zijst',
      created_on: '2010-07-07T04:48:31.683877+00:00',
      account_status: 'active',
      links: {
        self: { href: 'https://api.bitbucket.org/2.0/users/%7Ba288a0ab-e13b-43f0-a689-c4ef0a249875%7D' },
        html: { href: 'https://bitbucket.org/%7Ba288a0ab-e13b-43f0-a689-c4ef0a249875%7D/' },
        avatar: {
          href: 'https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/557058:c0b72ad0-1cb5-4018-9cdc-0cde8492c443/128',
        },
      },
    },
  },
  profile: {
    id: '{a288a0ab-e13b-43f0-a689-c4ef0a249875}',
    name: 'Erik van Zijst',
    username: 'evzijst',
    email: null,
    avatarUrl:
      'https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/557058:c0b72ad0-1cb5-4018-9cdc-0cde8492c443/128',
  },
  // "curl -X POST -u "client_id:secret" https://bitbucket.org/site/oauth2/access_token -d
  // grant_type=refresh_token -d refresh_token={refresh_token}": a new access token, the same
  // refresh token.
  refresh: {
    url: 'https://bitbucket.org/site/oauth2/access_token',
    auth: 'basic',
    answer: () => ({
      access_token: 'ECL2CNaMwyBfA6qXgxQY2NpU0Nc4ffOHTdiR8R0Bj3ZoY-z0dF7RtA.refreshed==',
      scopes: 'account',
      expires_in: 7200,
      refresh_token: 'H6YwaDAhKyaxfjsQTK',
      token_type: 'bearer',
      state: 'refresh_token',
    }),
    holds: () => ({
      access_token: 'ECL2CNaMwyBfA6qXgxQY2NpU0Nc4ffOHTdiR8R0Bj3ZoY-z0dF7RtA.refreshed==',
      refresh_token: 'H6YwaDAhKyaxfjsQTK',
    }),
  },
} satisfies OAuth2Row
