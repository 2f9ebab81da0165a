/**
 * The `zoho` preset, replayed as Zoho documents its multi-data-centre sign-in: the user signs in
 * at the app's data centre, the callback names the user's own (`location`, `accounts-server`),
 * the code and later the refresh token go to that accounts server, and the token answer's
 * `api_domain` is where API calls go, with `Authorization: Zoho-oauthtoken`.
 * https://www.zoho.com/accounts/protocol/oauth/multi-dc.html,
 * https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html,
 * https://www.zoho.com/crm/developer/docs/api/v8/oauth-overview.html
 * Zoho's hosts are intercepted with an undici MockAgent given as `dispatcher`.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import { OAuth, type OAuth2Token } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { zoho } from 'oauth-consumer/providers'
import { MockAgent } from 'undici'
import { SECRET } from '../helpers/app.js'
import { answer, type Seen } from '../helpers/mock-agent.js'

const APP = 'https://app.example.com'

async function harness() {
  const agent = new MockAgent()
  agent.disableNetConnect()
  const seen: Seen[] = []
  // Zoho's documented token answer, from the user's data centre (eu).
  answer(agent, seen, 'POST', 'https://accounts.zoho.eu/oauth/v2/token', () => ({
    access_token: '1000.41d9xxxxxxxxxxxxxxxxxxxxxxxxxx',
    refresh_token: '1000.2afaxxxxxxxxxxxxxxxxxxxxxxxxxx',
    api_domain: 'https://www.zohoapis.eu',
    token_type: 'Bearer',
    expires_in: 3600,
  }))
  answer(agent, seen, 'GET', 'https://accounts.zoho.eu/oauth/user/info', () => ({
    First_Name: 'Patricia',
    Email: 'patricia.boyle@zylker.com',
    Last_Name: 'Boyle',
    Display_Name: 'Patricia Boyle',
    ZUID: 20063270,
  }))
  answer(agent, seen, 'GET', 'https://www.zohoapis.eu/crm/v8/users', () => ({ users: [] }))
  const oauth = new OAuth()
  const remote = oauth.remoteApp(
    'zoho',
    zoho({ clientId: '1000.R2Z0WWOLFVMR287126QED3B4JWQ5EN', clientSecret: 'zoho-secret', dispatcher: agent }),
  )
  const app = Fastify()
  await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: APP })
  app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
  app.get(
    '/callback',
    remote.authorizedHandler(async (resp) => {
      assert.ok(resp !== null)
      const me = await remote.profile({ token: resp })
      const users = await remote.get('crm/v8/users', { token: resp })
      return { token: resp, me: { id: me.id, name: me.name, email: me.email }, users: users.status }
    }),
  )
  const close = async () => {
    await app.close()
    await agent.close()
  }
  return { agent, seen, remote, app, close }
}

test('zoho: a user of another data centre signs in; code, refresh, profile and API go to their data centre', async (t) => {
  const { seen, remote, app, close } = await harness()
  t.after(close)
  const login = await app.inject('/login')
  const authorize = new URL(String(login.headers.location))
  assert.equal(authorize.origin + authorize.pathname, 'https://accounts.zoho.com/oauth/v2/auth')
  assert.equal(authorize.searchParams.get('scope'), 'AaaServer.profile.Read')
  assert.equal(authorize.searchParams.get('access_type'), 'offline')
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256')
  const cookie = String(login.headers['set-cookie']).split(';')[0]
  const state = authorize.searchParams.get('state') ?? ''

  const callback = new URLSearchParams({
    state,
    code: '1000.dd7e47321d48b8a7e312e3d6eb1a9bb8.b6c07ac766ec11da98bf6a261e24dca4',
    location: 'eu',
    'accounts-server': 'https://accounts.zoho.eu',
  })
  const done = await app.inject({ url: `/callback?${callback}`, headers: { cookie } })
  assert.equal(done.statusCode, 200, done.body)
  const { token, me, users } = done.json<{
    token: OAuth2Token
    me: { id: string; name: string; email: string }
    users: number
  }>()
  assert.deepEqual(me, { id: '20063270', name: 'Patricia Boyle', email: 'patricia.boyle@zylker.com' })
  assert.equal(users, 200)

  const exchange = seen.find((r) => r.url === 'https://accounts.zoho.eu/oauth/v2/token')
  assert.ok(exchange, 'the code went to the eu accounts server')
  const form = new URLSearchParams(exchange.body)
  assert.equal(form.get('grant_type'), 'authorization_code')
  assert.equal(form.get('client_secret'), 'zoho-secret')
  const profileCall = seen.find((r) => r.url === 'https://accounts.zoho.eu/oauth/user/info')
  assert.equal(profileCall?.headers.authorization, 'Zoho-oauthtoken 1000.41d9xxxxxxxxxxxxxxxxxxxxxxxxxx')
  const apiCall = seen.find((r) => r.url.startsWith('https://www.zohoapis.eu/crm/v8/users'))
  assert.equal(apiCall?.headers.authorization, 'Zoho-oauthtoken 1000.41d9xxxxxxxxxxxxxxxxxxxxxxxxxx')

  const before = seen.length
  await remote.refreshToken(token.refresh_token ?? '', { callbackParams: token.callbackParams })
  const refresh = seen.slice(before).find((r) => r.url === 'https://accounts.zoho.eu/oauth/v2/token')
  assert.equal(new URLSearchParams(refresh?.body).get('grant_type'), 'refresh_token')
})

test('zoho: an accounts-server that is not Zoho is refused before the code is sent', async (t) => {
  const { seen, app, close } = await harness()
  t.after(close)
  const login = await app.inject('/login')
  const state = new URL(String(login.headers.location)).searchParams.get('state') ?? ''
  const cookie = String(login.headers['set-cookie']).split(';')[0]
  for (const server of ['https://accounts.zoho.eu.evil.example', 'http://accounts.zoho.eu', 'https://evil.example']) {
    const callback = new URLSearchParams({ state, code: 'c', location: 'eu', 'accounts-server': server })
    const done = await app.inject({ url: `/callback?${callback}`, headers: { cookie } })
    assert.equal(done.statusCode, 400, done.body)
    assert.deepEqual(done.json(), {
      error: 'OAUTH_STATE_MISMATCH',
      message: 'The callback does not verify: accounts-server is not a Zoho host',
    })
  }
  assert.equal(seen.length, 0)
})

test("zoho: the data centre is one of Zoho's", () => {
  assert.equal(zoho({ clientId: 'c', dc: 'ca' }).authorizeUrl, 'https://accounts.zohocloud.ca/oauth/v2/auth')
  assert.equal(zoho({ clientId: 'c', dc: 'eu' }).baseUrl, 'https://www.zohoapis.eu/')
  assert.throws(() => zoho({ clientId: 'c', dc: 'evil.example/' }), {
    code: 'OAUTH_INVALID_OPTIONS',
    message: 'zoho(): "dc" must look like eu; got "evil.example/"',
  })
})
