import { gitea } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const instance = 'https://git.example.com'

export default {
  protocol: 'oidc',
  id: 'gitea',
  docs: [
    // The endpoints, the confidential client's token request in the body, and its answer.
    'https://docs.gitea.com/development/oauth2-provider',
    // The userinfo answer's claims (`userInfoResponse`: sub, name, preferred_username, email, picture, groups).
    'https://github.com/go-gitea/gitea/blob/main/routers/web/auth/oauth2_provider.go',
  ],
  options: gitea({ ...creds('gitea'), baseUrl: instance }),
  authorize: { url: `${instance}/login/oauth/authorize`, params: { scope: 'openid profile email' }, pkce: 'S256' },
  oidc: {
    // ROOT_URL, with its final slash.
    issuer: `${instance}/`,
    authorize: `${instance}/login/oauth/authorize`,
    token: `${instance}/login/oauth/access_token`,
    userinfo: `${instance}/login/oauth/userinfo`,
    jwks: `${instance}/login/oauth/keys`,
  },
  token: {
    url: `${instance}/login/oauth/access_token`,
    auth: 'post',
    // The guide's "Response" sample.
    answer: () => ({
      access_token:
        'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJnbnQiOjIsInR0IjowLCJleHAiOjE1NTUxNzk5MTIsImlhdCI6MTU1NTE3NjMxMn0.0-iFsAwBtxuckA0sNZ6QpBQmywVPz129u75vOM7wPJecw5wqGyBkmstfJHAjEOqrAf_V5Z-1QYeCh_Cz4RiKug',
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token:
        'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJnbnQiOjIsInR0IjoxLCJjbnQiOjEsImV4cCI6MTU1NzgwNDMxMiwiaWF0IjoxNTU1MTc2MzEyfQ.S_HZQBy4q9r5SEzNGNIoFClT43HPNDbUdHH-GYNYYdkRfft6XptJBkUQscZsGxOW975Yk6RbgtGvq1nkEcklOw',
    }),
  },
  userinfo: {
    url: `${instance}/login/oauth/userinfo`,
    answer: {
      sub: '42',
      name: 'Jane Doe',
      preferred_username: 'jdoe',
      email: 'jdoe@example.com',
      picture: `${instance}/avatars/1a2b3c`,
      groups: ['acme', 'acme:developers'],
    },
  },
  profile: {
    id: '42',
    name: 'Jane Doe',
    username: 'jdoe',
    email: 'jdoe@example.com',
    avatarUrl: `${instance}/avatars/1a2b3c`,
  },
  // The refresh token grant at the same endpoint, the client in the body; a new pair each time.
  refresh: {
    url: `${instance}/login/oauth/access_token`,
    auth: 'post',
    answer: () => ({
      access_token: 'gitea-access-2',
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: 'gitea-refresh-2',
    }),
    holds: () => ({ access_token: 'gitea-access-2', refresh_token: 'gitea-refresh-2' }),
  },
} satisfies OAuth2Row
