import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { OAuth, type OAuth2Token, OAuthError, OAuthInvalidResponseError, OAuthNetworkError } from 'oauth-consumer'
import { jwksTiming } from '../../src/oidc/jwks.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * How often an app fetches its OpenID Provider's key set: once for a crowd of logins, whatever
 * sent it there (first use, an expired set, a key id it does not know), never again for an
 * unknown key id within the cooldown, and not while a failing endpoint is backed off from.
 * The provider is a stub whose token endpoint answers the code `published` with an ID token
 * signed by its published key, and `stranger` with one signed by a key it never published.
 */

const BURST = 30
const defaults = { ...jwksTiming }

let server: MockServer
let issuer: string
/** What the JWKS endpoint does next. */
let jwksAnswer: 'keys' | 'http-500' | 'reset' = 'keys'
const idTokens: Record<string, string> = {}

before(async () => {
  const published = await generateKeyPair('RS256', { extractable: true })
  const stranger = await generateKeyPair('RS256')
  const keys = [{ ...(await exportJWK(published.publicKey)), kid: 'published', alg: 'RS256', use: 'sig' }]
  server = await mockServer((req, body, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(value))
    }
    if (path === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
      })
    }
    if (path === '/jwks') {
      if (jwksAnswer === 'reset') return req.socket.destroy()
      return jwksAnswer === 'keys' ? json(200, { keys }) : json(500, { error: 'server_error' })
    }
    if (path === '/token') {
      const code = new URLSearchParams(body).get('code') ?? ''
      return json(200, { access_token: 'at', token_type: 'Bearer', id_token: idTokens[code] })
    }
    json(404, {})
  })
  issuer = server.url
  const sign = (key: CryptoKey, kid: string) =>
    new SignJWT({ sub: 'ann' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setAudience('client')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key)
  idTokens.published = await sign(published.privateKey, 'published')
  idTokens.stranger = await sign(stranger.privateKey, 'stranger')
})

after(() => server.close())

/** A fresh app, so a fresh key set: each test counts its own fetches. */
function app() {
  return new OAuth().remoteApp(
    'jwks',
    { issuer, clientId: 'client', clientSecret: 'secret', scope: 'openid' },
    { register: false },
  )
}

const jwksFetches = () => server.requests.filter((req) => req.url === '/jwks').length

/** Runs `body` with some durations shortened, and puts them back. */
async function withTiming(timing: Partial<typeof jwksTiming>, body: () => Promise<void>): Promise<void> {
  Object.assign(jwksTiming, timing)
  try {
    await body()
  } finally {
    Object.assign(jwksTiming, defaults)
  }
}

function logins(remote: ReturnType<typeof app>, code: 'published' | 'stranger'): Promise<OAuth2Token[]> {
  return Promise.all(Array.from({ length: BURST }, () => remote.exchangeCode(code)))
}

async function assertAllRefused(remote: ReturnType<typeof app>, code: 'published' | 'stranger'): Promise<void> {
  const results = await Promise.allSettled(Array.from({ length: BURST }, () => remote.exchangeCode(code)))
  for (const result of results) {
    assert.equal(result.status, 'rejected')
    assertUnknownKey(result.reason)
  }
}

function assertUnknownKey(error: unknown): void {
  assert.ok(error instanceof OAuthError)
  assert.equal(error.code, 'OAUTH_ID_TOKEN_INVALID')
  assert.equal(error.data?.reason, 'signature')
  assert.equal(error.message, 'The ID token was refused: it is signed with a key the provider does not publish')
}

function assertNoKeySet(error: unknown): boolean {
  assert.ok(error instanceof OAuthInvalidResponseError)
  assert.equal(error.code, 'OAUTH_INVALID_RESPONSE')
  assert.equal(error.statusCode, 502)
  assert.equal(error.message, 'The JWKS endpoint sent no key set')
  return true
}

test('thirty concurrent first logins make one JWKS fetch', async () => {
  const before = jwksFetches()
  const tokens = await logins(app(), 'published')
  assert.deepEqual(
    tokens.map((token) => token.claims?.sub),
    Array(BURST).fill('ann'),
  )
  assert.equal(jwksFetches() - before, 1)
})

test('thirty concurrent logins after the key set expired make one refetch', async () => {
  await withTiming({ maxAge: 500 }, async () => {
    const remote = app()
    const before = jwksFetches()
    await remote.exchangeCode('published')
    assert.equal(jwksFetches() - before, 1)
    await sleep(600)
    const tokens = await logins(remote, 'published')
    assert.equal(tokens.length, BURST)
    assert.equal(jwksFetches() - before, 2)
  })
})

test('an unknown kid within 30 s of a fetch makes no refetch', async () => {
  const remote = app()
  const before = jwksFetches()
  await remote.exchangeCode('published')
  await assertAllRefused(remote, 'stranger')
  assert.equal(jwksFetches() - before, 1)
})

test('thirty concurrent tokens with an unknown kid make one refetch once the cooldown passed, and a second burst within it none', async () => {
  await withTiming({ cooldown: 1000 }, async () => {
    const remote = app()
    const before = jwksFetches()
    await remote.exchangeCode('published')
    await sleep(1100)
    await assertAllRefused(remote, 'stranger')
    assert.equal(jwksFetches() - before, 2)
    await assertAllRefused(remote, 'stranger')
    assert.equal(jwksFetches() - before, 2)
    // The known key still works throughout.
    assert.equal((await remote.exchangeCode('published')).claims?.sub, 'ann')
    assert.equal(jwksFetches() - before, 2)
  })
})

test('a JWKS endpoint that fails with HTTP 500 is asked once per backoff; once it recovers, logins work', async () => {
  const remote = app()
  const before = jwksFetches()
  jwksAnswer = 'http-500'
  try {
    await assert.rejects(remote.exchangeCode('published'), assertNoKeySet)
    const failedAt = Date.now()
    for (let i = 0; i < 10; i++) await assert.rejects(remote.exchangeCode('published'), assertNoKeySet)
    assert.equal(jwksFetches() - before, 1)
    jwksAnswer = 'keys'
    // The first failure holds fetches back for a second.
    await sleep(Math.max(0, failedAt + 1200 - Date.now()))
    assert.equal((await remote.exchangeCode('published')).claims?.sub, 'ann')
    assert.equal(jwksFetches() - before, 2)
  } finally {
    jwksAnswer = 'keys'
  }
})

test('a JWKS endpoint that resets is OAUTH_NETWORK_ERROR, asked again after 1 s, then after 2 s', async () => {
  const remote = app()
  const before = jwksFetches()
  const resetError = (error: unknown) => {
    assert.ok(error instanceof OAuthNetworkError)
    assert.equal(error.code, 'OAUTH_NETWORK_ERROR')
    return true
  }
  jwksAnswer = 'reset'
  try {
    for (let i = 0; i < 10; i++) await assert.rejects(remote.exchangeCode('published'), resetError)
    assert.equal(jwksFetches() - before, 1)
    await sleep(1200)
    for (let i = 0; i < 10; i++) await assert.rejects(remote.exchangeCode('published'), resetError)
    assert.equal(jwksFetches() - before, 2)
    // The second failure doubled the wait: a second later the endpoint is still left alone.
    await sleep(1200)
    await assert.rejects(remote.exchangeCode('published'), resetError)
    assert.equal(jwksFetches() - before, 2)
  } finally {
    jwksAnswer = 'keys'
  }
})

test('a failed refetch of an expired key set keeps the old keys, and is not retried within the backoff', async () => {
  await withTiming({ maxAge: 300 }, async () => {
    const remote = app()
    const before = jwksFetches()
    await remote.exchangeCode('published')
    jwksAnswer = 'http-500'
    try {
      await sleep(400)
      for (let i = 0; i < 10; i++) assert.equal((await remote.exchangeCode('published')).claims?.sub, 'ann')
      assert.equal(jwksFetches() - before, 2)
    } finally {
      jwksAnswer = 'keys'
    }
  })
})
