import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { OAuth, type OAuth1TokenResponse, type OAuth2Token } from 'oauth-consumer'
import { signInAt } from 'oauth-consumer/testing'
import { consumer, type OAuth1Server, startOAuth1Provider } from '../../src/testing/oauth1-server.js'
import { startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * A provider that adds its own values to the callback, as Intuit adds `realmId` and Strava the
 * granted `scope` (https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0,
 * https://developers.strava.com/docs/authentication/), and whose token answer carries a
 * `callbackParams` of its own.
 */
let provider: MockServer
let oauth1: OAuth1Server
let app: TestApp
const updated: OAuth2Token[] = []
let stored: OAuth2Token | undefined

function json(res: import('node:http').ServerResponse, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

before(async () => {
  provider = await mockServer((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/authorize') {
      const target = new URL(url.searchParams.get('redirect_uri') ?? '')
      target.searchParams.set('code', 'code-1')
      target.searchParams.set('state', url.searchParams.get('state') ?? '')
      target.searchParams.set('iss', 'https://provider.example')
      target.searchParams.append('realmId', '9130354')
      target.searchParams.append('scope', 'read,activity:read')
      target.searchParams.append('scope', 'second')
      target.searchParams.append('access_token', 'from-the-callback')
      target.searchParams.append('__proto__', 'polluted')
      res.writeHead(302, { location: target.href, 'content-length': 0 })
      return res.end()
    }
    if (url.pathname === '/token') {
      const form = new URLSearchParams(body)
      if (form.get('grant_type') === 'refresh_token') {
        return json(res, { access_token: 'at-2', token_type: 'Bearer', expires_in: 3600 })
      }
      return json(res, {
        access_token: 'at-1',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'rt-1',
        callbackParams: { realmId: 'forged-by-the-token-endpoint' },
      })
    }
    if (url.pathname === '/me') return json(res, { sub: 'u1', authorization: req.headers.authorization })
    res.writeHead(404).end()
  })
  oauth1 = await startOAuth1Provider({ consumers: [consumer('key-1', 'secret-1', 'App 1')] })
  const oauth = new OAuth({ timeout: 2000 })
  const remote = oauth.remoteApp('intuitish', {
    authorizeUrl: `${provider.url}/authorize`,
    accessTokenUrl: `${provider.url}/token`,
    baseUrl: `${provider.url}/`,
    clientId: 'client-1',
    clientSecret: 'secret-1',
  })
  remote.tokengetter(() => stored)
  remote.tokenupdater((token) => {
    updated.push(token)
  })
  const legacy = oauth.remoteApp('legacy', {
    baseUrl: `${oauth1.url}/1.1/`,
    requestTokenUrl: `${oauth1.url}/oauth/request_token`,
    accessTokenUrl: `${oauth1.url}/oauth/access_token`,
    authorizeUrl: `${oauth1.url}/oauth/authenticate`,
    consumerKey: 'key-1',
    consumerSecret: 'secret-1',
  })
  app = await startApp(oauth, (fastify: FastifyInstance) => {
    for (const r of [remote, legacy]) {
      fastify.get(`/${r.name}/login`, (_request, reply) => r.authorize(reply, { callback: `/${r.name}/callback` }))
      fastify.get(
        `/${r.name}/callback`,
        r.authorizedHandler(async (resp) => ({ resp })),
      )
    }
    fastify.get('/me', async () => (await remote.get('me')).data)
  })
})

after(async () => {
  await app.close()
  await provider.close()
  await oauth1.close()
})

test("OAuth 2.0: resp.callbackParams holds the callback's own values, never a token field or the token answer's", async () => {
  const browser = new Browser()
  const start = await browser.get(`${app.url}/intuitish/login`)
  const callback = await fetch(start.location ?? '', { redirect: 'manual' })
  const done = await browser.get(callback.headers.get('location') ?? '')
  assert.equal(done.status, 200, done.text)
  const resp = done.json<{ resp: OAuth2Token }>().resp
  // Every parameter but the protocol's is kept, a token field's name too: nested, it cannot replace one.
  assert.deepEqual(resp.callbackParams, {
    realmId: '9130354',
    scope: 'read,activity:read',
    access_token: 'from-the-callback',
  })
  assert.equal(resp.access_token, 'at-1')
  assert.equal(resp.scope, undefined)
  assert.equal(({} as Record<string, unknown>).polluted, undefined)
})

test('OAuth 2.0: a refresh keeps the callbackParams of the sign-in', async () => {
  stored = {
    access_token: 'at-1',
    refresh_token: 'rt-1',
    expires_at: Math.floor(Date.now() / 1000) - 10,
    callbackParams: { realmId: '9130354' },
  }
  const me = await fetch(`${app.url}/me`)
  assert.deepEqual(await me.json(), { sub: 'u1', authorization: 'Bearer at-2' })
  assert.equal(updated.length, 1)
  assert.equal(updated[0]?.access_token, 'at-2')
  assert.equal(updated[0]?.refresh_token, 'rt-1')
  assert.deepEqual(updated[0]?.callbackParams, { realmId: '9130354' })
})

test('OAuth 2.0: a stored callbackParams that is not an object of strings is not carried over', async () => {
  updated.length = 0
  stored = {
    access_token: 'at-1',
    refresh_token: 'rt-3',
    expires_at: Math.floor(Date.now() / 1000) - 10,
    callbackParams: { realmId: 7 } as unknown as Record<string, string>,
  }
  assert.equal((await fetch(`${app.url}/me`)).status, 200)
  assert.equal(updated.length, 1)
  assert.equal(updated[0]?.callbackParams, undefined)
})

test('OAuth 1.0a: resp.callbackParams holds what the callback added besides oauth_token and oauth_verifier', async () => {
  const browser = new Browser()
  const start = await browser.get(`${app.url}/legacy/login`)
  const callback = await signInAt(start.location ?? '', { login: 'ada' })
  callback.searchParams.append('realm_hint', 'eu')
  callback.searchParams.append('realm_hint', 'us')
  const done = await browser.get(callback)
  assert.equal(done.status, 200, done.text)
  const resp = done.json<{ resp: OAuth1TokenResponse }>().resp
  assert.deepEqual(resp.callbackParams, { realm_hint: 'eu' })
  assert.equal(resp.screen_name, 'ada')
  assert.equal(typeof resp.oauth_token_secret, 'string')
})

test("OAuth 1.0a: an access-token answer's own callbackParams is dropped", async (t) => {
  const legacy = await mockServer((_req, _body, res) => {
    const body = 'oauth_token=at&oauth_token_secret=ts&callbackParams=forged&screen_name=ada'
    res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length })
    res.end(body)
  })
  t.after(() => legacy.close())
  const remote = new OAuth().remoteApp('legacy-mock', {
    requestTokenUrl: `${legacy.url}/request_token`,
    accessTokenUrl: `${legacy.url}/access_token`,
    authorizeUrl: `${legacy.url}/authorize`,
    consumerKey: 'key',
    consumerSecret: 'secret',
  })
  const credentials = await remote.exchangeVerifier({ token: 'rt', secret: 'rs' }, 'verifier')
  assert.deepEqual({ ...credentials }, { oauth_token: 'at', oauth_token_secret: 'ts', screen_name: 'ada' })
})
