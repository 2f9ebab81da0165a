import { gitlab } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'gitlab',
  docs: [
    'https://docs.gitlab.com/integration/openid_connect_provider/',
    'https://docs.gitlab.com/api/oauth2/#authorization-code-with-proof-key-for-code-exchange-pkce',
  ],
  options: gitlab(creds('gitlab')),
  authorize: { url: 'https://gitlab.com/oauth/authorize', params: { scope: 'openid profile email' }, pkce: 'S256' },
  oidc: {
    issuer: 'https://gitlab.com',
    authorize: 'https://gitlab.com/oauth/authorize',
    token: 'https://gitlab.com/oauth/token',
    userinfo: 'https://gitlab.com/oauth/userinfo',
    revocation: 'https://gitlab.com/oauth/revoke',
    jwks: 'https://gitlab.com/oauth/discovery/keys',
  },
  token: {
    url: 'https://gitlab.com/oauth/token',
    auth: 'post',
    // The OAuth 2.0 API page's sample answer.
    answer: () => ({
      access_token: 'de6780bc506a0446309bd9362820ba8aed28aa506c71eedbe1c5c4f9dd350e54',
      token_type: 'bearer',
      expires_in: 7200,
      refresh_token: '8257e65c97202ed1726cf9571600918f3bffb2544b26e00a61df9897668c33a1',
      created_at: 1607635748,
    }),
  },
  // The claims GitLab's userinfo lists: nickname and preferred_username the username.
  userinfo: {
    url: 'https://gitlab.com/oauth/userinfo',
    answer: {
      sub: '1',
      sub_legacy: '2435223452345',
      name: 'Administrator',
      nickname: 'root',
      preferred_username: 'root',
      email: 'admin@example.com',
      email_verified: true,
      website: '',
      profile: 'https://gitlab.com/root',
      picture: 'https://www.gravatar.com/avatar/e64c7d89f26bd1972efa854d13d7dd61?s=80&d=identicon',
      groups: [],
    },
  },
  profile: {
    id: '1',
    name: 'Administrator',
    username: 'root',
    email: 'admin@example.com',
    avatarUrl: 'https://www.gravatar.com/avatar/e64c7d89f26bd1972efa854d13d7dd61?s=80&d=identicon',
  },
  // The refresh_token grant with client_id and client_secret; GitLab rotates the refresh token.
  refresh: {
    url: 'https://gitlab.com/oauth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'c97d1fe52119f38c7f67f0a14db68d60caa35ddc86fd12401718b649dcfa9c68',
      token_type: 'bearer',
      expires_in: 7200,
      refresh_token: '803c1fd487fec35562c205dac93e9d8e08f9d3652a24079d704df3039df1158f',
      created_at: 1628711391,
    }),
    holds: () => ({
      access_token: 'c97d1fe52119f38c7f67f0a14db68d60caa35ddc86fd12401718b649dcfa9c68',
      refresh_token: '803c1fd487fec35562c205dac93e9d8e08f9d3652a24079d704df3039df1158f',
    }),
  },
} satisfies OAuth2Row
