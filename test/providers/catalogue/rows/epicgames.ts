import { epicgames } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const answer = (suffix: string) => () => ({
  scope: 'basic_profile',
  token_type: 'bearer',
  access_token: `eg1~access${suffix}`,
  refresh_token: `eg1~refresh${suffix}`,
  expires_in: 7200,
  expires_at: '2030-01-01T02:00:00.000Z',
  refresh_expires: 28800,
  refresh_expires_at: '2030-01-01T08:00:00.000Z',
  account_id: '8b8a6b8cc7fb4b6d9b2a1a2b3c4d5e6f',
  client_id: 'epicgames-client',
  application_id: 'fghi4567FNFBKFz3E4TROb0bmPS8h1GW',
})

export default {
  protocol: 'oauth2',
  id: 'epicgames',
  docs: ['https://dev.epicgames.com/docs/web-api-ref/authentication'],
  options: epicgames(creds('epicgames')),
  authorize: { url: 'https://www.epicgames.com/id/authorize', params: { scope: 'basic_profile' }, pkce: 'S256' },
  token: { url: 'https://api.epicgames.dev/epic/oauth/v2/token', auth: 'basic', answer: answer('') },
  tokenHolds: () => ({ account_id: '8b8a6b8cc7fb4b6d9b2a1a2b3c4d5e6f', refresh_expires: 28800 }),
  userinfo: {
    url: 'https://api.epicgames.dev/epic/oauth/v2/userInfo',
    answer: { sub: '8b8a6b8cc7fb4b6d9b2a1a2b3c4d5e6f', preferred_username: 'JaneDoe' },
  },
  profile: {
    id: '8b8a6b8cc7fb4b6d9b2a1a2b3c4d5e6f',
    name: 'JaneDoe',
    username: 'JaneDoe',
    email: null,
    avatarUrl: null,
  },
  // grant_type=refresh_token at the same endpoint, HTTP Basic; a new pair.
  refresh: {
    url: 'https://api.epicgames.dev/epic/oauth/v2/token',
    auth: 'basic',
    answer: answer('.2'),
    holds: () => ({ access_token: 'eg1~access.2', refresh_token: 'eg1~refresh.2' }),
  },
  // POST /epic/oauth/v2/revoke: the token, the client by HTTP Basic.
  revoke: { url: 'https://api.epicgames.dev/epic/oauth/v2/revoke', auth: 'basic', form: { token: 'eg1~access' } },
} satisfies OAuth2Row
