import assert from 'node:assert/strict'
import { zoho } from 'oauth-consumer/providers'
import { answer } from '../../../helpers/mock-agent.js'
import type { OAuth2Row } from '../row.js'

const ACCESS_TOKEN = '1000.41d9xxxxxxxxxxxxxxxxxxxxxxxxxx'

// A user of another data centre (eu) signs in at the app's (com): the callback names the user's
// accounts server, to which the code and the refresh go; the token names the API domain.
export default {
  protocol: 'oauth2',
  id: 'zoho',
  docs: [
    'https://www.zoho.com/accounts/protocol/oauth/web-server-applications.html',
    'https://www.zoho.com/accounts/protocol/oauth/multi-dc.html',
    'https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html',
    'https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token-expiry.html',
    'https://www.zoho.com/accounts/protocol/oauth/revoke-access.html',
    'https://www.zoho.com/crm/developer/docs/api/v8/oauth-overview.html',
  ],
  options: zoho({ clientId: '1000.R2Z0WWOLFVMR287126QED3B4JWQ5EN', clientSecret: 'zoho-secret' }),
  authorize: {
    url: 'https://accounts.zoho.com/oauth/v2/auth',
    params: { scope: 'AaaServer.profile.Read', access_type: 'offline' },
    pkce: 'S256',
  },
  callback: () => ({ location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' }),
  token: {
    url: 'https://accounts.zoho.eu/oauth/v2/token',
    auth: 'post',
    // Zoho's documented token answer, from the user's data centre.
    answer: () => ({
      access_token: ACCESS_TOKEN,
      refresh_token: '1000.2afaxxxxxxxxxxxxxxxxxxxxxxxxxx',
      api_domain: 'https://www.zohoapis.eu',
      token_type: 'Bearer',
      expires_in: 3600,
    }),
  },
  userinfo: {
    url: 'https://accounts.zoho.eu/oauth/user/info',
    headers: { authorization: `Zoho-oauthtoken ${ACCESS_TOKEN}` },
    answer: {
      First_Name: 'Patricia',
      Email: 'patricia.boyle@zylker.com',
      Last_Name: 'Boyle',
      Display_Name: 'Patricia Boyle',
      ZUID: 20063270,
    },
  },
  profile: {
    id: '20063270',
    name: 'Patricia Boyle',
    username: null,
    email: 'patricia.boyle@zylker.com',
    avatarUrl: null,
  },
  tokenHolds: () => ({
    api_domain: 'https://www.zohoapis.eu',
    callbackParams: { location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' },
  }),
  // "Refresh access token": grant_type=refresh_token with client_id and client_secret, at the
  // user's accounts server; the answer has no refresh token, the one held staying in use.
  refresh: {
    url: 'https://accounts.zoho.eu/oauth/v2/token',
    auth: 'post',
    answer: () => ({
      access_token: '1000.2deaxxxxxxxxxxxxxxxxxxxxxxxxxx',
      api_domain: 'https://www.zohoapis.eu',
      token_type: 'Bearer',
      expires_in: 3600,
    }),
    holds: () => ({
      access_token: '1000.2deaxxxxxxxxxxxxxxxxxxxxxxxxxx',
      refresh_token: '1000.2afaxxxxxxxxxxxxxxxxxxxxxxxxxx',
      callbackParams: { location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' },
    }),
  },
  // "Revoke refresh token": a POST of token to /oauth/v2/token/revoke.
  revoke: {
    url: 'https://accounts.zoho.com/oauth/v2/token/revoke',
    auth: 'post',
    form: { token: ACCESS_TOKEN },
  },
  after: async (remote, token, { agent, seen }) => {
    // API calls go to the token's api_domain, with Zoho's scheme.
    answer(agent, seen, 'GET', 'https://www.zohoapis.eu/crm/v8/users', () => ({ users: [] }))
    const users = await remote.get('crm/v8/users', { token: token as { access_token: string } })
    assert.equal(users.status, 200)
    const call = seen.at(-1)
    assert.equal(call?.url, 'https://www.zohoapis.eu/crm/v8/users')
    assert.equal(call?.headers.authorization, `Zoho-oauthtoken ${ACCESS_TOKEN}`)
  },
} satisfies OAuth2Row
