import { reddit } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'reddit',
  docs: [
    'https://github.com/reddit-archive/reddit/wiki/OAuth2',
    'https://github.com/reddit-archive/reddit/wiki/API',
    'https://www.reddit.com/dev/api/#GET_api_v1_me',
  ],
  options: reddit(creds('reddit')),
  authorize: {
    url: 'https://www.reddit.com/api/v1/authorize',
    params: { scope: 'identity', duration: 'permanent' },
    absent: ['code_challenge', 'code_challenge_method'],
    pkce: false,
  },
  token: {
    url: 'https://www.reddit.com/api/v1/access_token',
    auth: 'basic',
    headers: { 'user-agent': 'web:reddit-client:1.0 (oauth-consumer)' },
    answer: () => ({
      access_token: '2Q4aOSdQGUSsn-kfRT6y7Dwe5Bc',
      token_type: 'bearer',
      expires_in: 86400,
      scope: 'identity',
      refresh_token: '1123-2Q4aOSdQGUSsn-rfRT6y7Dwe5Bc',
    }),
  },
  userinfo: {
    url: 'https://oauth.reddit.com/api/v1/me',
    answer: {
      id: '1w72',
      name: 'spez',
      icon_img:
        'https://styles.redditmedia.com/t5_3k30p/styles/profileIcon_snoo.png?width=256&amp;height=256&amp;s=7f3d',
      created_utc: 1118030400,
      has_verified_email: true,
      link_karma: 178,
      comment_karma: 754,
    },
  },
  profile: {
    id: '1w72',
    name: 'spez',
    username: 'spez',
    email: null,
    avatarUrl: 'https://styles.redditmedia.com/t5_3k30p/styles/profileIcon_snoo.png?width=256&height=256&s=7f3d',
  },
  // "Refreshing the token": grant_type=refresh_token, HTTP Basic and the User-Agent again; the
  // answer is the token answer without a refresh token, the old one staying in use.
  refresh: {
    url: 'https://www.reddit.com/api/v1/access_token',
    auth: 'basic',
    headers: { 'user-agent': 'web:reddit-client:1.0 (oauth-consumer)' },
    answer: () => ({
      access_token: '2Q4aOSdQGUSsn-kfRT6y7Dwe5Bc.refreshed',
      token_type: 'bearer',
      expires_in: 86400,
      scope: 'identity',
    }),
    holds: () => ({
      access_token: '2Q4aOSdQGUSsn-kfRT6y7Dwe5Bc.refreshed',
      refresh_token: '1123-2Q4aOSdQGUSsn-rfRT6y7Dwe5Bc',
    }),
  },
  // "Manually Revoking a Token": POST /api/v1/revoke_token with token (and an optional
  // token_type_hint), the client by HTTP Basic.
  revoke: {
    url: 'https://www.reddit.com/api/v1/revoke_token',
    auth: 'basic',
    form: { token: '2Q4aOSdQGUSsn-kfRT6y7Dwe5Bc' },
  },
} satisfies OAuth2Row
