import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { OAuth, type OAuth2Token, OAuthError, type RemoteAppOptions } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * `responseMode: 'form_post'` (OAuth 2.0 Form Post Response Mode,
 * https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html): the provider POSTs the
 * callback as a form, as Sign in with Apple does when it asks for name or email
 * (https://developer.apple.com/documentation/sign_in_with_apple/request_an_authorization_to_the_sign_in_with_apple_server).
 */
const PUBLIC_URL = 'https://app.example'
const secret = randomBytes(32).toString('base64url')

let provider: MockServer
let app: FastifyInstance

function options(): RemoteAppOptions {
  return {
    authorizeUrl: `${provider.url}/authorize`,
    accessTokenUrl: `${provider.url}/token`,
    clientId: 'client-1',
    clientSecret: 'secret-1',
  }
}

function tokenRequests(): number {
  return provider.requests.filter((r) => r.url === '/token').length
}

async function build(setup: (fastify: FastifyInstance, oauth: OAuth) => void | Promise<void> = () => {}) {
  const oauth = new OAuth({ timeout: 2000 })
  const fastify = Fastify()
  await setup(fastify, oauth)
  await fastify.register(fastifyOAuth, { oauth, secret, publicUrl: PUBLIC_URL })
  for (const [name, responseMode] of [
    ['apple', 'form_post'],
    ['plain', 'query'],
  ] as const) {
    const remote = oauth.remoteApp(name, { ...options(), responseMode })
    fastify.get(`/${name}/login`, (_request, reply) => remote.authorize(reply, { callback: `/${name}/callback` }))
    const handler = remote.authorizedHandler(async (resp) => ({ resp }))
    fastify.post(`/${name}/callback`, handler)
    fastify.get(`/${name}/callback`, handler)
  }
  return fastify
}

/** Starts a sign-in: the state the authorize URL carries and the cookie to send back. */
async function login(fastify: FastifyInstance, name: string) {
  const res = await fastify.inject(`/${name}/login`)
  assert.equal(res.statusCode, 302)
  const url = new URL(String(res.headers.location))
  const setCookie = String(res.headers['set-cookie'])
  return { url, setCookie, cookie: setCookie.split(';')[0] ?? '', state: url.searchParams.get('state') ?? '' }
}

function post(fastify: FastifyInstance, name: string, body: string, headers: Record<string, string>) {
  return fastify.inject({
    method: 'POST',
    url: `/${name}/callback`,
    // The public origin's host, as a browser sends it.
    headers: { host: 'app.example', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: body,
  })
}

before(async () => {
  provider = await mockServer((_req, _body, res) => {
    const text = JSON.stringify({ access_token: 'at-1', token_type: 'Bearer', expires_in: 3600 })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    res.end(text)
  })
  app = await build()
})

after(async () => {
  await app.close()
  await provider.close()
})

describe('form_post sign-ins', () => {
  test("the authorize URL asks for form_post, and only that app's state cookie is SameSite=None; Secure", async () => {
    const apple = await login(app, 'apple')
    assert.equal(apple.url.searchParams.get('response_mode'), 'form_post')
    assert.equal(apple.url.searchParams.get('response_type'), 'code')
    assert.match(apple.setCookie, /^__Host-oauth-apple=[\w-]+; Max-Age=600; Path=\/; HttpOnly; SameSite=None; Secure$/)
    const plain = await login(app, 'plain')
    assert.equal(plain.url.searchParams.has('response_mode'), false)
    assert.match(plain.setCookie, /^__Host-oauth-plain=[\w-]+; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax; Secure$/)
  })

  test('a urlencoded POST callback signs in with one token request, and clears the cookie', async () => {
    const { state, cookie } = await login(app, 'apple')
    const before = tokenRequests()
    const user = JSON.stringify({ name: { firstName: 'Ada', lastName: 'Lovelace' }, email: 'ada@example.com' })
    const body = new URLSearchParams({ code: 'c-1', state, user }).toString()
    const res = await post(app, 'apple', body, { cookie })
    assert.equal(res.statusCode, 200, res.body)
    const resp = res.json<{ resp: OAuth2Token }>().resp
    assert.equal(resp.access_token, 'at-1')
    assert.deepEqual(resp.callbackParams, { user })
    assert.equal(tokenRequests(), before + 1)
    assert.equal(
      String(res.headers['set-cookie']),
      '__Host-oauth-apple=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=None; Secure',
    )
    const sent = new URLSearchParams(provider.requests.at(-1)?.body)
    assert.equal(sent.get('code'), 'c-1')
    assert.equal(sent.get('redirect_uri'), `${PUBLIC_URL}/apple/callback`)
  })

  test('a GET callback of a form_post app is refused before its state is used: the POST still works', async () => {
    const { state, cookie } = await login(app, 'apple')
    const before = tokenRequests()
    const get = await app.inject({ url: `/apple/callback?code=c-2&state=${state}`, headers: { cookie } })
    assert.equal(get.statusCode, 400)
    assert.deepEqual(get.json(), {
      error: 'OAUTH_STATE_MISMATCH',
      message: 'The callback of "apple" must come by POST (responseMode form_post); this one came by GET',
    })
    assert.equal(tokenRequests(), before)
    const res = await post(app, 'apple', `code=c-2&state=${state}`, { cookie })
    assert.equal(res.statusCode, 200, res.body)
  })

  test("a POST to another app's callback is refused", async () => {
    const { state, cookie } = await login(app, 'plain')
    const before = tokenRequests()
    const res = await post(app, 'plain', `code=c-3&state=${state}`, { cookie })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), {
      error: 'OAUTH_STATE_MISMATCH',
      message: 'The callback of "plain" must come by GET; this one came by POST',
    })
    assert.equal(tokenRequests(), before)
  })

  const mismatch = 'The callback\'s state does not match a login of "apple" started in this browser'
  const refusals: {
    why: string
    body: (state: string) => string
    headers: (cookie: string) => Record<string, string>
    message: string | RegExp
  }[] = [
    { why: 'a POST without state', body: () => 'code=c-4', headers: (cookie) => ({ cookie }), message: mismatch },
    {
      why: 'a POST with a foreign state',
      body: () => `code=c-4&state=${randomBytes(32).toString('base64url')}`,
      headers: (cookie) => ({ cookie }),
      message: mismatch,
    },
    {
      why: 'a cookie-less POST',
      body: (state) => `code=c-4&state=${state}`,
      headers: () => ({}),
      message: /^No pending login of "apple" in this browser: it expired, finished already, or was started elsewhere$/,
    },
    {
      why: 'a JSON body',
      body: (state) => JSON.stringify({ code: 'c-4', state }),
      headers: (cookie) => ({ cookie, 'content-type': 'application/json' }),
      message: mismatch,
    },
  ]
  for (const refusal of refusals) {
    test(`${refusal.why} is OAUTH_STATE_MISMATCH (400), with no token request`, async () => {
      const { state, cookie } = await login(app, 'apple')
      const before = tokenRequests()
      const res = await post(app, 'apple', refusal.body(state), refusal.headers(cookie))
      assert.equal(res.statusCode, 400, res.body)
      const answer = res.json<{ error: string; message: string }>()
      assert.equal(answer.error, 'OAUTH_STATE_MISMATCH')
      if (typeof refusal.message === 'string') assert.equal(answer.message, refusal.message)
      else assert.match(answer.message, refusal.message)
      assert.equal(tokenRequests(), before)
    })
  }

  test('a form body over 64 KiB is refused by the parser', async () => {
    const { state, cookie } = await login(app, 'apple')
    const res = await post(app, 'apple', `code=c-5&state=${state}&pad=${'a'.repeat(64 * 1024)}`, { cookie })
    assert.equal(res.statusCode, 413)
  })
})

test("an app's own urlencoded parser, registered before the plugin, is kept", async () => {
  let parsed = 0
  const fastify = await build((f) => {
    f.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      parsed++
      done(null, Object.fromEntries(new URLSearchParams(String(body))))
    })
  })
  const { state, cookie } = await login(fastify, 'apple')
  const res = await post(fastify, 'apple', `code=c-6&state=${state}`, { cookie })
  await fastify.close()
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(parsed, 1)
})

test('the routes option mounts POST {prefix}/:name/callback', async () => {
  const oauth = new OAuth({ timeout: 2000 })
  oauth.remoteApp('apple', { ...options(), responseMode: 'form_post' })
  const fastify = Fastify()
  await fastify.register(fastifyOAuth, {
    oauth,
    secret,
    publicUrl: PUBLIC_URL,
    routes: { onSuccess: (name, resp) => ({ name, token: (resp as OAuth2Token).access_token }) },
  })
  const start = await fastify.inject('/auth/apple/login')
  const state = new URL(String(start.headers.location)).searchParams.get('state') ?? ''
  const cookie = String(start.headers['set-cookie']).split(';')[0] ?? ''
  const res = await fastify.inject({
    method: 'POST',
    url: '/auth/apple/callback',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `code=c-7&state=${state}`,
  })
  await fastify.close()
  assert.equal(res.statusCode, 200, res.body)
  assert.deepEqual(res.json(), { name: 'apple', token: 'at-1' })
})

describe('a form_post app needs an https publicUrl, or http on loopback', () => {
  const message =
    'Remote app "apple": "responseMode" form_post needs an https "publicUrl" (or http on loopback): its state cookie must be SameSite=None; Secure; got http://app.example.com'
  const refused = (error: unknown) =>
    error instanceof OAuthError && error.code === 'OAUTH_INVALID_OPTIONS' && error.message === message

  test('refused by remoteApp() after the plugin', async () => {
    const oauth = new OAuth()
    const fastify = Fastify()
    await fastify.register(fastifyOAuth, { oauth, secret, publicUrl: 'http://app.example.com' })
    assert.throws(() => oauth.remoteApp('apple', { ...options(), responseMode: 'form_post' }), refused)
    assert.equal(oauth.remoteApps.has('apple'), false)
    await fastify.close()
  })

  test("refused by the plugin's registration after remoteApp()", async () => {
    const oauth = new OAuth()
    oauth.remoteApp('apple', { ...options(), responseMode: 'form_post' })
    const fastify = Fastify()
    await assert.rejects(async () => {
      await fastify.register(fastifyOAuth, { oauth, secret, publicUrl: 'http://app.example.com' })
    }, refused)
    await fastify.close()
  })

  for (const publicUrl of ['http://127.0.0.1:3000', 'http://localhost:3000', 'https://app.example.com']) {
    test(`${publicUrl} is accepted in either order`, async () => {
      const first = new OAuth()
      first.remoteApp('apple', { ...options(), responseMode: 'form_post' })
      const a = Fastify()
      await a.register(fastifyOAuth, { oauth: first, secret, publicUrl })
      const second = new OAuth()
      const b = Fastify()
      await b.register(fastifyOAuth, { oauth: second, secret, publicUrl })
      assert.equal(second.remoteApp('apple', { ...options(), responseMode: 'form_post' }).name, 'apple')
      await a.close()
      await b.close()
    })
  }

  test('responseMode is checked: a value it does not know, and OAuth 1.0a', () => {
    assert.throws(
      () => new OAuth().remoteApp('p', { ...options(), responseMode: 'fragment' as 'query' }),
      (error: unknown) =>
        error instanceof OAuthError &&
        error.message === 'Remote app "p": "responseMode" must be one of query, form_post; got "fragment"',
    )
    assert.throws(
      () =>
        new OAuth().remoteApp('p', {
          ...options(),
          requestTokenUrl: `${provider.url}/request_token`,
          responseMode: 'form_post',
        }),
      (error: unknown) =>
        error instanceof OAuthError && error.message === 'Remote app "p": "responseMode" is for OAuth 2.0 apps',
    )
  })
})
