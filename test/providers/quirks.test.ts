/**
 * What presets do besides the documented sign-in their catalogue rows replay: refusals a
 * provider answers in its own way, callbacks checked before their code is used, settings a
 * provider leaves no choice about. Provider hosts are intercepted with an undici MockAgent given
 * as `dispatcher`.
 */
import assert from 'node:assert/strict'
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { describe, test } from 'node:test'
import Fastify from 'fastify'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { OAuth, type OAuth2AppOptions } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { apple, linear, notion, shopify, twitch, withings } from 'oauth-consumer/providers'
import { MockAgent } from 'undici'
import { SECRET } from '../helpers/app.js'
import { APP, answer, appFor, type Seen } from '../helpers/mock-agent.js'

const CODE = 'SplxlOBeZQQYbYS6WxSbIA'
const creds = (id: string) => ({ clientId: `${id}-client`, clientSecret: `${id}-secret` })

/** The app's Sign in with Apple key, as Apple's .p8 file holds it: P-256, PKCS #8 PEM. */
const appleKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const applePem = appleKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
const APPLE_SUB = '001234.5f8c1e2d3a4b4c5d6e7f8a9b0c1d2e3f.1234'

describe('withings: a refused token request', () => {
  test('a non-zero status fails the sign-in with its error text, and no profile is read', async (t) => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    t.after(() => agent.close())
    const seen: Seen[] = []
    // The API reference's error answer: HTTP 200, a status code and an error text.
    answer(agent, seen, 'POST', 'https://wbsapi.withings.net/v2/oauth2', () => ({
      status: 503,
      body: {},
      error: 'Invalid Params: invalid code',
    }))
    const oauth = new OAuth()
    const remote = oauth.remoteApp('withings', { ...withings(creds('withings')), dispatcher: agent })
    const app = await appFor(oauth, remote, t)
    const login = await app.inject('/login')
    const state = new URL(String(login.headers.location)).searchParams.get('state')
    const cookie = String(login.headers['set-cookie']).split(';')[0]
    const done = await app.inject({ url: `/callback?code=${CODE}&state=${state}`, headers: { cookie } })
    // The plugin answers the error with its code; the handler, which reads the profile, never runs.
    assert.deepEqual(done.json(), {
      error: 'OAUTH_TOKEN_REQUEST_FAILED',
      message: 'The token endpoint refused: withings_status_503: Invalid Params: invalid code',
    })
    assert.ok(done.statusCode >= 400)
    assert.equal(seen.length, 1)
  })
})

describe('shopify: the callback is checked before its code is used', () => {
  test("Shopify's documented sample verifies with its secret, and not once changed", async () => {
    const { callbackCheck } = shopify({ clientId: 'c', clientSecret: 'hush', shop: 'some-shop' })
    assert.ok(callbackCheck)
    // The authorization code grant page's sample callback and the secret "hush".
    const sample = {
      code: '0907a61c0c8d55e99db179b68161bc00',
      hmac: '700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf',
      shop: 'some-shop.myshopify.com',
      state: '0.6784241404160823',
      timestamp: '1337178173',
    }
    const secret = async () => 'hush'
    assert.equal(await callbackCheck(sample, secret), undefined)
    assert.equal(await callbackCheck({ ...sample, timestamp: '1337178174' }, secret), `its "hmac" is not Shopify's`)
    assert.equal(await callbackCheck(sample, async () => 'other'), `its "hmac" is not Shopify's`)
    assert.equal(await callbackCheck({ ...sample, hmac: '' }, secret), 'it carries no "hmac"')
    const { hmac: _dropped, ...unsigned } = sample
    assert.equal(await callbackCheck(unsigned, secret), 'it carries no "hmac"')
    assert.equal(
      await callbackCheck({ ...sample, shop: 'evil.myshopify.com' }, secret),
      '"shop" is not some-shop.myshopify.com',
    )
  })

  for (const [why, change] of [
    ['a forged hmac', (p: Record<string, string>) => ({ ...p, hmac: 'a'.repeat(64) })],
    ['no hmac', ({ hmac: _dropped, ...p }: Record<string, string>) => p],
    ['another shop, signed', (p: Record<string, string>) => ({ ...p, shop: 'evil.myshopify.com' })],
  ] as const) {
    test(`a callback with ${why} is refused with OAUTH_STATE_MISMATCH and no token request`, async (t) => {
      const agent = new MockAgent()
      agent.disableNetConnect()
      t.after(() => agent.close())
      const seen: Seen[] = []
      answer(agent, seen, 'POST', 'https://acme-store.myshopify.com/admin/oauth/access_token', () => ({
        access_token: 'f85632530bf277ec9ac6f649fc327f17',
        scope: 'read_products',
      }))
      const oauth = new OAuth()
      const remote = oauth.remoteApp('shopify', {
        ...shopify({ ...creds('shopify'), shop: 'acme-store' }),
        dispatcher: agent,
      })
      const app = await appFor(oauth, remote, t)
      const login = await app.inject('/login')
      const state = String(new URL(String(login.headers.location)).searchParams.get('state'))
      const cookie = String(login.headers['set-cookie']).split(';')[0]
      const params: Record<string, string> = {
        code: CODE,
        shop: 'acme-store.myshopify.com',
        state,
        timestamp: '1337178173',
      }
      const message = Object.keys(params)
        .sort()
        .map((key) => `${key}=${params[key]}`)
        .join('&')
      const signed = { ...params, hmac: createHmac('sha256', 'shopify-secret').update(message).digest('hex') }
      const done = await app.inject({ url: `/callback?${new URLSearchParams(change(signed))}`, headers: { cookie } })
      assert.equal(done.json<{ error: string }>().error, 'OAUTH_STATE_MISMATCH')
      assert.ok(done.statusCode >= 400 && done.statusCode < 500, String(done.statusCode))
      assert.equal(seen.length, 0)
    })
  }

  test('"shop" missing, or not a shop name, is refused when the preset is called', () => {
    assert.throws(() => shopify({ clientId: 'c' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'shopify(): "shop" is required, e.g. acme-store',
    })
    for (const value of [
      'https://evil/..',
      'http://evil.example.com',
      'user@evil.example.com',
      'evil.com#.x',
      'evil.com',
    ]) {
      assert.throws(() => shopify({ clientId: 'c', shop: value }), {
        code: 'OAUTH_INVALID_OPTIONS',
        message: `shopify(): "shop" must look like acme-store; got ${JSON.stringify(value)}`,
      })
    }
    assert.equal(
      shopify({ clientId: 'c', shop: 'Acme-Store.myshopify.com' }).authorizeUrl,
      'https://acme-store.myshopify.com/admin/oauth/authorize',
    )
    assert.throws(() => shopify({ clientId: 'c', shop: 'acme', apiVersion: '../x' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'shopify(): "apiVersion" must look like 2025-10; got "../x"',
    })
  })
})

describe('apple: the signed client secret and the POSTed callback', () => {
  test('the key, its id and the team are required unless a client secret is given; form_post is fixed', () => {
    assert.throws(() => apple({ clientId: 'com.example.web' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'apple(): "privateKey" is required, e.g. the .p8 file',
    })
    assert.throws(() => apple({ clientId: 'com.example.web', privateKey: applePem, teamId: 'DEF123GHIJ' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'apple(): "keyId" is required, e.g. ABC123DEFG',
    })
    assert.throws(() => apple({ clientId: 'com.example.web', privateKey: applePem, keyId: 'ABC123DEFG' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'apple(): "teamId" is required, e.g. DEF123GHIJ',
    })
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' })
    assert.throws(
      () =>
        apple({ clientId: 'com.example.web', privateKey: rsa.toString(), keyId: 'ABC123DEFG', teamId: 'DEF123GHIJ' }),
      { code: 'OAUTH_INVALID_OPTIONS', message: 'jwtClientSecret(): "privateKey" must be a P-256 (ES256) private key' },
    )
    assert.throws(() => apple({ clientId: 'c', clientSecret: 's', responseMode: 'query' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'apple(): "responseMode" is fixed: Apple POSTs the callback when asked for the name or email',
    })
    // A secret the app makes itself is used as it is.
    assert.equal(apple({ clientId: 'c', clientSecret: 'minted-elsewhere' }).clientSecret, 'minted-elsewhere')
  })

  test("an ID token not signed with a key of Apple's key set fails the sign-in", async (t) => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    t.after(() => agent.close())
    const seen: Seen[] = []
    const apples = await generateKeyPair('RS256')
    const forger = await generateKeyPair('RS256')
    answer(agent, seen, 'GET', 'https://appleid.apple.com/.well-known/openid-configuration', () => ({
      issuer: 'https://appleid.apple.com',
      authorization_endpoint: 'https://appleid.apple.com/auth/authorize',
      token_endpoint: 'https://appleid.apple.com/auth/token',
      jwks_uri: 'https://appleid.apple.com/auth/keys',
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    }))
    const jwk = { ...(await exportJWK(apples.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
    answer(agent, seen, 'GET', 'https://appleid.apple.com/auth/keys', () => ({ keys: [jwk] }))
    let idToken = ''
    answer(agent, seen, 'POST', 'https://appleid.apple.com/auth/token', () => ({
      access_token: 'adg61e4d7b2b348e3b6a0a5c4c1d8e9f0.0.rrxu.67Or9',
      token_type: 'Bearer',
      expires_in: 3600,
      id_token: idToken,
    }))
    const oauth = new OAuth()
    const remote = oauth.remoteApp('apple', {
      ...apple({ clientId: 'com.example.web', teamId: 'DEF123GHIJ', keyId: 'ABC123DEFG', privateKey: applePem }),
      dispatcher: agent,
    })
    const app = await appFor(oauth, remote, t, true)
    const login = await app.inject('/login')
    const query = new URL(String(login.headers.location)).searchParams
    idToken = await new SignJWT({ nonce: String(query.get('nonce')), email: 'x7ynrr8ngs@privaterelay.appleid.com' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://appleid.apple.com')
      .setAudience('com.example.web')
      .setSubject(APPLE_SUB)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(forger.privateKey)
    const done = await app.inject({
      method: 'POST',
      url: '/callback',
      headers: {
        cookie: String(login.headers['set-cookie']).split(';')[0],
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ code: CODE, state: String(query.get('state')) }).toString(),
    })
    assert.equal(done.json<{ error: string }>().error, 'OAUTH_ID_TOKEN_INVALID')
    assert.ok(done.statusCode >= 400, String(done.statusCode))
  })

  test('a GET callback is refused before its state is used, and makes no token request', async (t) => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    t.after(() => agent.close())
    const oauth = new OAuth()
    const remote = oauth.remoteApp('apple', {
      ...apple({ clientId: 'com.example.web', teamId: 'DEF123GHIJ', keyId: 'ABC123DEFG', privateKey: applePem }),
      dispatcher: agent,
    })
    const app = Fastify()
    t.after(() => app.close())
    await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: APP })
    app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
    app.get(
      '/callback',
      remote.authorizedHandler(async () => 'signed in'),
    )
    const seen: Seen[] = []
    answer(agent, seen, 'GET', 'https://appleid.apple.com/.well-known/openid-configuration', () => ({
      issuer: 'https://appleid.apple.com',
      authorization_endpoint: 'https://appleid.apple.com/auth/authorize',
      token_endpoint: 'https://appleid.apple.com/auth/token',
      jwks_uri: 'https://appleid.apple.com/auth/keys',
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    }))
    answer(agent, seen, 'POST', 'https://appleid.apple.com/auth/token', () => ({
      access_token: 'x',
      token_type: 'Bearer',
    }))
    const login = await app.inject('/login')
    assert.equal(login.statusCode, 302, login.body)
    const cookies = String(login.headers['set-cookie'])
    assert.match(cookies, /SameSite=None/i)
    assert.match(cookies, /Secure/i)
    const state = new URL(String(login.headers.location)).searchParams.get('state')
    const done = await app.inject({
      url: `/callback?code=${CODE}&state=${state}`,
      headers: { cookie: cookies.split(';')[0] },
    })
    assert.equal(done.statusCode, 400)
    assert.equal(done.json<{ error: string }>().error, 'OAUTH_STATE_MISMATCH')
    assert.equal(seen.filter((request) => request.url.endsWith('/auth/token')).length, 0)
  })
})

describe('presets with their own shapes: what their providers do besides the sign-in', () => {
  /** An app of `options` whose provider hosts answer from `agent`. */
  function appOf(id: string, options: OAuth2AppOptions, agent: MockAgent) {
    return new OAuth().remoteApp(id, { ...options, dispatcher: agent })
  }
  function mockAgent(t: { after: (fn: () => Promise<void>) => void }): MockAgent {
    const agent = new MockAgent()
    agent.disableNetConnect()
    t.after(() => agent.close())
    return agent
  }

  test('linear: GraphQL errors in an HTTP 200 fail profile() with their message', async (t) => {
    // https://linear.app/developers/graphql#errors
    const agent = mockAgent(t)
    const seen: Seen[] = []
    answer(agent, seen, 'POST', 'https://api.linear.app/graphql', () => ({
      errors: [{ message: 'Authentication required, not authenticated', extensions: { type: 'authentication error' } }],
    }))
    await assert.rejects(appOf('linear', linear(creds('linear')), agent).profile({ token: 'lin_oauth_x' }), {
      code: 'OAUTH_INVALID_RESPONSE',
      message: 'Linear sent no viewer: Authentication required, not authenticated',
    })
    assert.equal(seen.length, 1)
  })

  test('notion: profile() of a bare access token is refused without a call, as Notion names the user only in the token answer', async (t) => {
    const agent = mockAgent(t)
    await assert.rejects(appOf('notion', notion(creds('notion')), agent).profile({ token: 'secret_abc' }), {
      code: 'OAUTH_INVALID_RESPONSE',
      message: "Notion's token names no user in owner.user: profile() needs the token object the sign-in returned",
    })
  })

  test('twitch: the Client-Id header stays when the caller adds headers of their own', () => {
    assert.deepEqual(twitch({ ...creds('twitch'), headers: { 'Accept-Language': 'de' } }).headers, {
      'Client-Id': 'twitch-client',
      'Accept-Language': 'de',
    })
  })
})
