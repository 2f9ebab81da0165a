import { slack } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'slack',
  docs: [
    'https://docs.slack.dev/authentication/sign-in-with-slack/',
    'https://docs.slack.dev/reference/methods/openid.connect.token',
    'https://docs.slack.dev/reference/methods/openid.connect.userInfo',
  ],
  options: slack(creds('slack')),
  authorize: {
    url: 'https://slack.com/openid/connect/authorize',
    params: { scope: 'openid profile email' },
    pkce: 'S256',
  },
  oidc: {
    issuer: 'https://slack.com',
    authorize: 'https://slack.com/openid/connect/authorize',
    token: 'https://slack.com/api/openid.connect.token',
    userinfo: 'https://slack.com/api/openid.connect.userInfo',
  },
  token: {
    url: 'https://slack.com/api/openid.connect.token',
    auth: 'post',
    answer: () => ({ ok: true, access_token: 'xoxp-1234', token_type: 'Bearer' }),
  },
  userinfo: {
    url: 'https://slack.com/api/openid.connect.userInfo',
    answer: {
      ok: true,
      sub: 'U0R7JM',
      'https://slack.com/user_id': 'U0R7JM',
      'https://slack.com/team_id': 'T0R7GR',
      email: 'krane@slack-corp.com',
      email_verified: true,
      date_email_verified: 1622128723,
      name: 'krane',
      picture: 'https://secure.gravatar.com/avatar/bd7f5e2f0bd3d5dfe0ec6d3a0cd0f1f8.jpg?s=512',
      given_name: 'Bront',
      family_name: 'Labradoodle',
      locale: 'en-US',
      'https://slack.com/team_name': 'kraneflannel',
      'https://slack.com/team_domain': 'kraneflannel',
    },
  },
  profile: {
    id: 'U0R7JM',
    name: 'krane',
    username: null,
    email: 'krane@slack-corp.com',
    avatarUrl: 'https://secure.gravatar.com/avatar/bd7f5e2f0bd3d5dfe0ec6d3a0cd0f1f8.jpg?s=512',
  },
} satisfies OAuth2Row
