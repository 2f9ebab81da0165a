/**
 * The `zoho` preset's multi-data-centre settings and checks (its sign-in, with the callback
 * naming the user's accounts server, is replayed by test/providers/catalogue/rows/zoho.ts): an
 * `accounts-server` that is not Zoho's is refused before the code is sent, and the data centre
 * is one of Zoho's.
 * https://www.zoho.com/accounts/protocol/oauth/multi-dc.html,
 * https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html,
 * https://www.zoho.com/crm/developer/docs/api/v8/oauth-overview.html
 * Zoho's hosts are intercepted with an undici MockAgent given as `dispatcher`.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import { OAuth } from 'oauth-consumer'
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
