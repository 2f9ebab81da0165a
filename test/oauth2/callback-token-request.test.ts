/**
 * `callbackTokenRequest`: callback values that choose where the code goes and what it is sent
 * with. Replays Zoho's multi-data-centre sign-in as its documentation describes it
 * (https://www.zoho.com/accounts/protocol/oauth/multi-dc.html): the callback carries `location`
 * and `accounts-server`, and the code (later the refresh token) must go to that data centre's
 * `/oauth/v2/token`. Two loopback servers stand for two data centres; the check a preset would
 * write is an allowlist of the provider's own hosts, here those two.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import {
  type CallbackCheck,
  type CallbackTokenRequest,
  OAuth,
  type OAuth2RemoteApp,
  type OAuth2Token,
  OAuthError,
} from 'oauth-consumer'
import { startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

let home: MockServer
let eu: MockServer
let app: TestApp
let remote: OAuth2RemoteApp
/** The `accounts-server` the next callback names. */
let accountsServer = ''
/** What the preset's hook answers; the tests change it to show what the library refuses. */
let shape: CallbackTokenRequest

function dataCentre(name: string): Promise<MockServer> {
  return mockServer((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/oauth/v2/auth') {
      const target = new URL(url.searchParams.get('redirect_uri') ?? '')
      target.searchParams.set('state', url.searchParams.get('state') ?? '')
      target.searchParams.set('code', `code-from-${name}`)
      target.searchParams.set('location', 'eu')
      target.searchParams.set('accounts-server', accountsServer)
      res.writeHead(302, { location: target.href, 'content-length': 0 })
      return res.end()
    }
    const form = new URLSearchParams(body)
    const text = JSON.stringify({
      access_token: `${name}-${form.get('grant_type')}`,
      refresh_token: `${name}-refresh`,
      api_domain: `https://www.zohoapis.${name === 'eu' ? 'eu' : 'com'}`,
      token_type: 'Bearer',
      expires_in: 3600,
    })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    res.end(text)
  })
}

before(async () => {
  home = await dataCentre('com')
  eu = await dataCentre('eu')
  const allowed = new Map([
    [home.url, `${home.url}/oauth/v2/token`],
    [eu.url, `${eu.url}/oauth/v2/token`],
  ])
  // What a preset writes: only the provider's own hosts, never the callback's value as it came.
  const onlyOwnHosts: CallbackCheck = (params) =>
    allowed.has(params['accounts-server'] ?? '') ? undefined : 'accounts-server is not one of the provider'
  shape = (params) => ({
    accessTokenUrl: allowed.get(params['accounts-server'] ?? ''),
    params: { device_id: 'device-1' },
  })
  const oauth = new OAuth({ timeout: 2000 })
  app = await startApp(oauth, (fastify: FastifyInstance) => {
    remote = oauth.remoteApp('zoho', {
      authorizeUrl: `${home.url}/oauth/v2/auth`,
      accessTokenUrl: `${home.url}/oauth/v2/token`,
      clientId: '1000.CLIENT',
      clientSecret: 'zoho-secret',
      callbackCheck: onlyOwnHosts,
      callbackTokenRequest: (params) => shape(params),
    })
    fastify.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
    fastify.get(
      '/callback',
      remote.authorizedHandler(async (resp) => ({ resp })),
    )
  })
})

after(async () => {
  await app.close()
  await home.close()
  await eu.close()
})

async function signIn() {
  const browser = new Browser()
  const start = await browser.get(`${app.url}/login`)
  const redirected = await fetch(start.location ?? '', { redirect: 'manual' })
  return browser.get(redirected.headers.get('location') ?? '')
}

function tokenRequests(server: MockServer) {
  return server.requests.filter((r) => r.url === '/oauth/v2/token')
}

describe('callbackTokenRequest', () => {
  test("the code goes to the data centre the callback names, with the callback's extra parameter", async () => {
    accountsServer = eu.url
    const before = { home: tokenRequests(home).length, eu: tokenRequests(eu).length }
    const page = await signIn()
    assert.equal(page.status, 200, page.text)
    const resp = page.json<{ resp: OAuth2Token }>().resp
    assert.equal(resp.access_token, 'eu-authorization_code')
    assert.equal(resp.callbackParams?.['accounts-server'], eu.url)
    assert.equal(tokenRequests(home).length, before.home, 'nothing went to the configured token URL')
    const sent = new URLSearchParams(tokenRequests(eu).at(-1)?.body)
    assert.equal(sent.get('code'), 'code-from-com')
    assert.equal(sent.get('device_id'), 'device-1')
    assert.equal(sent.get('grant_type'), 'authorization_code')

    // A refresh of that token goes to the same data centre, from the stored callback values.
    const fresh = await remote.refreshToken(resp.refresh_token ?? '', { callbackParams: resp.callbackParams })
    assert.equal(fresh.access_token, 'eu-refresh_token')
    assert.equal(fresh.callbackParams?.['accounts-server'], eu.url)
    assert.equal(tokenRequests(home).length, before.home)
  })

  test('an accounts-server that is not the provider is refused by the check, before any token request', async () => {
    accountsServer = 'https://evil.example'
    const before = tokenRequests(home).length + tokenRequests(eu).length
    const page = await signIn()
    assert.equal(page.status, 400, page.text)
    assert.deepEqual(page.json(), {
      error: 'OAUTH_STATE_MISMATCH',
      message: 'The callback does not verify: accounts-server is not one of the provider',
    })
    assert.equal(tokenRequests(home).length + tokenRequests(eu).length, before)
  })

  test('a token endpoint that is not https (or loopback) is refused, and the code is not sent', async (t) => {
    accountsServer = eu.url
    const careful = shape
    t.after(() => {
      shape = careful
    })
    for (const hostile of ['http://evil.example/oauth/v2/token', 'https://user:pw@evil.example/t', 'not a url']) {
      shape = () => ({ accessTokenUrl: hostile })
      const before = tokenRequests(home).length + tokenRequests(eu).length
      const page = await signIn()
      assert.equal(page.status, 502, page.text)
      assert.deepEqual(page.json(), {
        error: 'OAUTH_INVALID_RESPONSE',
        message:
          '"callbackTokenRequest" gave a token endpoint that is not an https URL (http only on loopback) without user info; nothing was sent',
      })
      assert.equal(tokenRequests(home).length + tokenRequests(eu).length, before)
    }
  })

  test('registration: a function, and for OAuth 2.0 apps only', () => {
    const refused = (options: Parameters<OAuth['remoteApp']>[1], message: string) =>
      assert.throws(
        () => new OAuth().remoteApp('z', options),
        (error: unknown) =>
          error instanceof OAuthError && error.code === 'OAUTH_INVALID_OPTIONS' && error.message.includes(message),
      )
    refused(
      {
        authorizeUrl: 'https://p.example/a',
        accessTokenUrl: 'https://p.example/t',
        clientId: 'c',
        clientSecret: 's',
        callbackTokenRequest: 'https://p.example/t' as unknown as CallbackTokenRequest,
      },
      '"callbackTokenRequest" must be a function',
    )
    refused(
      {
        requestTokenUrl: 'https://p.example/request',
        authorizeUrl: 'https://p.example/a',
        accessTokenUrl: 'https://p.example/t',
        consumerKey: 'c',
        consumerSecret: 's',
        callbackTokenRequest: () => undefined,
      } as Parameters<OAuth['remoteApp']>[1],
      '"callbackTokenRequest" is for OAuth 2.0 apps',
    )
  })
})
