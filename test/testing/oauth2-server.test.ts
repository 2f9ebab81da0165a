import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import type { TestContext } from 'node:test'
import { test } from 'node:test'
import { signInAt } from 'oauth-consumer/testing'
import { request } from 'undici'
import {
  type ClientMetadata,
  client,
  type OAuth2Server,
  type StartOAuth2ProviderOptions,
  startOAuth2Provider,
} from '../../src/testing/oauth2-server.js'

// Never requested: sign-in stops at the redirect, so nothing has to listen here.
const REDIRECT_URI = 'http://127.0.0.1:9/callback'

interface Discovery {
  issuer: string
  authorization_endpoint: string
  token_endpoint: string
  code_challenge_methods_supported?: string[]
}

interface TokenResponse {
  access_token: string
  token_type: string
  expires_in: number
  scope: string
  refresh_token?: string
  id_token?: string
}

async function start(
  t: TestContext,
  clients: ClientMetadata[],
  options: StartOAuth2ProviderOptions = {},
): Promise<OAuth2Server> {
  const server = await startOAuth2Provider({ ...options, clients })
  t.after(() => server.close())
  return server
}

async function discover(server: OAuth2Server): Promise<Discovery> {
  const response = await request(`${server.issuer}/.well-known/openid-configuration`)
  assert.equal(response.statusCode, 200)
  return (await response.body.json()) as Discovery
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

function authorizeUrl(discovery: Discovery, clientId: string, state: string, challenge: string | undefined): URL {
  const url = new URL(discovery.authorization_endpoint)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', clientId)
  url.searchParams.set('redirect_uri', REDIRECT_URI)
  url.searchParams.set('scope', 'openid profile email notes')
  url.searchParams.set('state', state)
  if (challenge !== undefined) {
    url.searchParams.set('code_challenge', challenge)
    url.searchParams.set('code_challenge_method', 'S256')
  }
  return url
}

async function tokenRequest(
  discovery: Discovery,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await request(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(params).toString(),
  })
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> }
}

function asTokens(body: Record<string, unknown>): TokenResponse {
  assert.equal(typeof body.access_token, 'string')
  assert.equal(body.token_type, 'Bearer')
  assert.equal(typeof body.expires_in, 'number')
  return body as unknown as TokenResponse
}

async function api(
  server: OAuth2Server,
  path: string,
  init: { token?: string; method?: 'GET' | 'POST'; json?: unknown } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`
  if (init.json !== undefined) headers['content-type'] = 'application/json'
  const response = await request(new URL(path, server.apiUrl), {
    method: init.method ?? 'GET',
    headers,
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  })
  return { status: response.statusCode, headers: response.headers, body: await response.body.json() }
}

function assertInvalidToken(result: {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: unknown
}): void {
  assert.equal(result.status, 401)
  assert.deepEqual(result.body, { error: 'invalid_token' })
  assert.equal(result.headers['www-authenticate'], 'Bearer error="invalid_token"')
}

test('authorization code with PKCE, protected API and rotating refresh tokens', async (t) => {
  const registered = client('test-post', 'client_secret_post', [REDIRECT_URI])
  const secret = registered.client_secret
  assert.ok(secret)
  const server = await start(t, [registered], { accessTokenTtl: 120 })
  assert.match(server.issuer, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.equal(server.apiUrl, `${server.issuer}/api/`)

  const discovery = await discover(server)
  assert.equal(discovery.issuer, server.issuer)
  assert.deepEqual(discovery.code_challenge_methods_supported, ['S256'])

  const { verifier, challenge } = pkce()
  const state = randomBytes(16).toString('base64url')
  const callback = await signInAt(authorizeUrl(discovery, 'test-post', state, challenge), { login: 'alice' })
  assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT_URI)
  assert.equal(callback.searchParams.get('state'), state)
  assert.equal(callback.searchParams.get('iss'), server.issuer)
  assert.equal(callback.searchParams.get('error'), null)
  const code = callback.searchParams.get('code')
  assert.ok(code)

  const credentials = { client_id: 'test-post', client_secret: secret }
  const exchanged = await tokenRequest(discovery, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    ...credentials,
  })
  assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body))
  const tokens = asTokens(exchanged.body)
  assert.equal(tokens.expires_in, 120)
  assert.equal(typeof tokens.id_token, 'string')
  assert.equal(typeof tokens.refresh_token, 'string')
  assert.deepEqual(new Set(tokens.scope.split(' ')), new Set(['openid', 'profile', 'email', 'notes']))

  const me = await api(server, 'me', { token: tokens.access_token })
  assert.equal(me.status, 200)
  assert.deepEqual(me.body, {
    sub: 'alice',
    name: 'Alice',
    email: 'alice@example.test',
    scope: tokens.scope,
  })

  const notes = await api(server, 'notes', { token: tokens.access_token })
  assert.equal(notes.status, 200)
  assert.ok(Array.isArray(notes.body) && notes.body.length > 0)
  const created = await api(server, 'notes', {
    token: tokens.access_token,
    method: 'POST',
    json: { text: 'hello' },
  })
  assert.equal(created.status, 201)
  assert.deepEqual({ ...(created.body as object), id: 'ignored' }, { id: 'ignored', text: 'hello', author: 'alice' })

  assertInvalidToken(await api(server, 'me'))
  assertInvalidToken(await api(server, 'me', { token: 'not-a-token' }))
  assertInvalidToken(await api(server, `me?access_token=${encodeURIComponent(tokens.access_token)}`))

  const refreshToken = tokens.refresh_token
  assert.ok(refreshToken)
  const refreshed = await tokenRequest(discovery, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    ...credentials,
  })
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body))
  const renewed = asTokens(refreshed.body)
  assert.equal(typeof renewed.refresh_token, 'string')
  assert.notEqual(renewed.refresh_token, refreshToken)
  assert.notEqual(renewed.access_token, tokens.access_token)
  assert.equal((await api(server, 'me', { token: renewed.access_token })).status, 200)

  const reused = await tokenRequest(discovery, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    ...credentials,
  })
  assert.equal(reused.status, 400)
  assert.equal(reused.body.error, 'invalid_grant')
})

test('an authorization request without a PKCE challenge is refused', async (t) => {
  const server = await start(t, [client('test-post', 'client_secret_post', [REDIRECT_URI])])
  const discovery = await discover(server)

  const response = await request(authorizeUrl(discovery, 'test-post', 'no-pkce', undefined))
  await response.body.dump()
  assert.equal(response.statusCode, 303)
  const location = response.headers.location
  assert.equal(typeof location, 'string')
  const callback = new URL(String(location))
  assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT_URI)
  assert.equal(callback.searchParams.get('error'), 'invalid_request')
  assert.match(callback.searchParams.get('error_description') ?? '', /PKCE/)
  assert.equal(callback.searchParams.get('state'), 'no-pkce')
  assert.equal(callback.searchParams.get('code'), null)
})

test('cancelling the sign-in returns access_denied to the client', async (t) => {
  const server = await start(t, [client('test-public', 'none', [REDIRECT_URI])])
  const discovery = await discover(server)

  const callback = await signInAt(authorizeUrl(discovery, 'test-public', 'denied', pkce().challenge), {
    login: 'bob',
    deny: true,
  })
  assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT_URI)
  assert.equal(callback.searchParams.get('error'), 'access_denied')
  assert.equal(callback.searchParams.get('state'), 'denied')
  assert.equal(callback.searchParams.get('code'), null)
})

test("sign-in reports the provider's error page", async (t) => {
  const server = await start(t, [client('test-post', 'client_secret_post', [REDIRECT_URI])])
  const discovery = await discover(server)

  await assert.rejects(
    signInAt(authorizeUrl(discovery, 'unknown-client', 'unknown', pkce().challenge), { login: 'dave' }),
    /error page.*invalid_client/,
  )
})

test('the default demo clients sign in with client_secret_basic and as a public client', async (t) => {
  const server = await startOAuth2Provider({ issuerHost: 'localhost' })
  t.after(() => server.close())
  assert.match(server.issuer, /^http:\/\/localhost:\d+$/)
  const discovery = await discover(server)
  const redirectUri = 'http://localhost:3000/callback'

  for (const clientId of ['demo-basic', 'demo-public']) {
    const { verifier, challenge } = pkce()
    const url = new URL(discovery.authorization_endpoint)
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: 'openid',
      state: clientId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()
    const callback = await signInAt(url, { login: 'carol' })
    const code = callback.searchParams.get('code')
    assert.ok(code, callback.href)

    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
    const params = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    })
    if (clientId === 'demo-basic') {
      const basic = Buffer.from('demo-basic:demo-basic-secret-0123456789abcdef').toString('base64')
      headers.authorization = `Basic ${basic}`
    } else {
      params.set('client_id', clientId)
    }
    const response = await request(discovery.token_endpoint, {
      method: 'POST',
      headers,
      body: params.toString(),
    })
    const body = (await response.body.json()) as Record<string, unknown>
    assert.equal(response.statusCode, 200, JSON.stringify(body))
    const tokens = asTokens(body)
    assert.equal(typeof tokens.refresh_token, 'string')
  }
})
