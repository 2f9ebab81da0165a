/**
 * API.md §11: a client secret given as a function, called for each use — every token request,
 * refresh, revocation and HS* ID-token check — and `jwtClientSecret`, the ES256 client secret
 * Sign in with Apple requires, verified here with jose as Apple would.
 */
import assert from 'node:assert/strict'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { decodeProtectedHeader, jwtVerify } from 'jose'
import { jwtClientSecret, MAX_CLIENT_SECRET_LIFETIME, OAuth, type OAuth2Token, OAuthError } from 'oauth-consumer'
import { signIn, startOAuth2Provider } from 'oauth-consumer/testing'
import { freePort, startApp } from '../helpers/app.js'
import { assertClassAgrees } from '../helpers/error-classes.js'
import { type FaultServer, sendJson, startFaultServer } from '../helpers/fault-server.js'

const TOKEN = { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-1' }

async function tokenServer(t: { after(fn: () => Promise<void>): void }): Promise<FaultServer> {
  const server = await startFaultServer({
    '/token': (_req, res) => sendJson(res, 200, TOKEN),
    '/revoke': (_req, res) => sendJson(res, 200, {}),
  })
  t.after(() => server.close())
  return server
}

function endpoints(server: FaultServer) {
  return {
    authorizeUrl: `${server.url}/authorize`,
    accessTokenUrl: `${server.url}/token`,
    revokeUrl: `${server.url}/revoke`,
    clientId: 'client-1',
  }
}

function assertInvalidOptions(error: unknown, message: string): true {
  assert.ok(error instanceof OAuthError)
  assert.equal(error.code, 'OAUTH_INVALID_OPTIONS')
  assert.equal(error.message, message)
  assertClassAgrees(error)
  return true
}

test('a secret function is called once per exchange, refresh and revocation, and its value is sent', async (t) => {
  const server = await tokenServer(t)
  const secrets: string[] = []
  const remote = new OAuth().remoteApp('vault', {
    ...endpoints(server),
    clientSecret: async () => {
      const secret = `secret-${secrets.length + 1}`
      secrets.push(secret)
      return secret
    },
  })
  const token = await remote.exchangeCode('code-1', { redirectUri: 'http://127.0.0.1/cb' })
  assert.equal(token.access_token, 'at-1')
  await remote.refreshToken('rt-1')
  await remote.revokeToken('at-1')
  assert.deepEqual(secrets, ['secret-1', 'secret-2', 'secret-3'])
  assert.deepEqual(
    server.requests.map((r) => [r.path, r.form.get('client_id'), r.form.get('client_secret')]),
    [
      ['/token', 'client-1', 'secret-1'],
      ['/token', 'client-1', 'secret-2'],
      ['/revoke', 'client-1', 'secret-3'],
    ],
  )
})

test('a synchronous secret function, with client_secret_basic, goes into the Basic header', async (t) => {
  const server = await tokenServer(t)
  let calls = 0
  const remote = new OAuth().remoteApp('basic', {
    ...endpoints(server),
    tokenEndpointAuthMethod: 'client_secret_basic',
    clientSecret: () => {
      calls++
      return 's3cr:et'
    },
  })
  await remote.exchangeCode('code-1', {})
  assert.equal(calls, 1)
  const [request] = server.to('/token')
  // RFC 6749 §2.3.1: each part form-urlencoded before Base64.
  assert.equal(request?.headers.authorization, `Basic ${Buffer.from('client-1:s3cr%3Aet').toString('base64')}`)
  assert.equal(request?.form.get('client_secret'), null)
})

test('a rejecting secret function fails the call with its own error, and nothing is sent', async (t) => {
  const server = await tokenServer(t)
  const vaultDown = new Error('vault unreachable')
  const remote = new OAuth().remoteApp('down', {
    ...endpoints(server),
    clientSecret: () => Promise.reject(vaultDown),
  })
  await assert.rejects(remote.exchangeCode('code-1', {}), (error: unknown) => error === vaultDown)
  assert.equal(server.requests.length, 0)
})

test('a secret function that returns no usable string is OAUTH_INVALID_OPTIONS, and nothing is sent', async (t) => {
  const server = await tokenServer(t)
  const cases: [string, () => unknown, string][] = [
    ['number', () => 42, 'number'],
    ['empty', async () => '', 'an empty string'],
    ['line-break', () => 'secret\r\nx-injected: 1', 'control characters'],
    ['undefined', async () => undefined, 'undefined'],
  ]
  for (const [name, secret, got] of cases) {
    const remote = new OAuth().remoteApp(`bad-${name}`, {
      ...endpoints(server),
      clientSecret: secret as () => string,
    })
    await assert.rejects(remote.exchangeCode('code-1', {}), (error: unknown) =>
      assertInvalidOptions(
        error,
        `"clientSecret": the function must return a non-empty string without control characters; got ${got}`,
      ),
    )
  }
  assert.equal(server.requests.length, 0)
})

test('OAuth 1.0a refuses a secret function at registration: every request is signed with it', () => {
  assert.throws(
    () =>
      new OAuth().remoteApp('oauth1', {
        requestTokenUrl: 'https://provider.example/request_token',
        accessTokenUrl: 'https://provider.example/access_token',
        authorizeUrl: 'https://provider.example/authorize',
        consumerKey: 'key',
        consumerSecret: () => 'secret',
      }),
    (error: unknown) =>
      assertInvalidOptions(
        error,
        'Remote app "oauth1": "consumerSecret" (or "clientSecret") must be a string for OAuth 1.0a; a function is for OAuth 2.0',
      ),
  )
})

test('an HS256 ID token from oidc-provider is checked with the secret the async function returns', async (t) => {
  const port = await freePort()
  const appUrl = `http://127.0.0.1:${port}`
  const secret = randomBytes(32).toString('base64url')
  const provider = await startOAuth2Provider({
    clients: [
      {
        client_id: 'hs-rp',
        client_secret: secret,
        redirect_uris: [`${appUrl}/callback`, `${appUrl}/down/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        // OpenID Connect Core §10.1: HS* ID tokens are keyed with the client secret.
        id_token_signed_response_alg: 'HS256',
      },
    ],
  })
  t.after(() => provider.close())
  let calls = 0
  const oauth = new OAuth()
  const remote = oauth.remoteApp('hs', {
    issuer: provider.issuer,
    clientId: 'hs-rp',
    tokenEndpointAuthMethod: 'client_secret_basic',
    clientSecret: async () => {
      calls++
      return secret
    },
    scope: 'openid email',
  })
  // The same client, whose vault answers the token request and is down when the ID token is checked.
  let downCalls = 0
  const vaultDown = new Error('vault unreachable')
  const down = oauth.remoteApp('hs-down', {
    issuer: provider.issuer,
    clientId: 'hs-rp',
    tokenEndpointAuthMethod: 'client_secret_basic',
    clientSecret: async () => {
      downCalls++
      if (downCalls > 1) throw vaultDown
      return secret
    },
    scope: 'openid',
  })
  const failures: unknown[] = []
  const app = await startApp(
    oauth,
    (fastify) => {
      fastify.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
      fastify.get(
        '/callback',
        remote.authorizedHandler(async (resp: OAuth2Token | null) => ({
          alg: resp?.id_token === undefined ? undefined : decodeProtectedHeader(resp.id_token).alg,
          sub: resp?.claims?.sub,
          email: resp?.claims?.email,
        })),
      )
      fastify.get('/down/login', (_request, reply) => down.authorize(reply, { callback: '/down/callback' }))
      fastify.get(
        '/down/callback',
        down.authorizedHandler(async () => ({ reached: true })),
      )
      fastify.addHook('onError', async (_request, _reply, error) => {
        failures.push(error)
      })
    },
    { port },
  )
  t.after(() => app.close())
  const { response } = await signIn(`${appUrl}/login`, { login: 'ada' })
  assert.equal(response.status, 200, response.body)
  assert.deepEqual(JSON.parse(response.body), { alg: 'HS256', sub: 'ada', email: 'ada@example.test' })
  // Once for the token request, once for the ID token's key.
  assert.equal(calls, 2)
  // A secret function that fails while the ID token is checked fails the callback with its own
  // error: the vault being down is not the ID token being invalid.
  const refused = await signIn(`${appUrl}/down/login`, { login: 'bob' })
  assert.equal(refused.response.status, 500)
  assert.equal(downCalls, 2)
  assert.deepEqual(failures, [vaultDown])
})

// Apple: the client secret is an ES256 JWT, kid in the header, iss the team id, sub the client
// id, aud https://appleid.apple.com, exp at most 15777000 s (six months) after iat.
// https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
const APPLE = {
  keyId: 'ABC123DEFG',
  issuer: 'DEF123GHIJ',
  subject: 'com.example.web',
  audience: 'https://appleid.apple.com',
}

function p256(): { privateKey: string; publicKey: import('node:crypto').KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey }
}

test('jwtClientSecret signs what Apple documents, and the token endpoint receives it', async (t) => {
  const server = await tokenServer(t)
  const key = p256()
  const remote = new OAuth().remoteApp('apple-like', {
    ...endpoints(server),
    clientId: APPLE.subject,
    clientSecret: jwtClientSecret({ privateKey: key.privateKey, ...APPLE, lifetime: MAX_CLIENT_SECRET_LIFETIME }),
  })
  await remote.exchangeCode('code-1', {})
  const sent = server.to('/token')[0]?.form.get('client_secret') ?? ''
  const { payload, protectedHeader } = await jwtVerify(sent, key.publicKey, {
    algorithms: ['ES256'],
    issuer: APPLE.issuer,
    subject: APPLE.subject,
    audience: APPLE.audience,
  })
  assert.deepEqual(protectedHeader, { alg: 'ES256', kid: APPLE.keyId })
  assert.deepEqual(Object.keys(payload).sort(), ['aud', 'exp', 'iat', 'iss', 'sub'])
  assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 15_777_000)
  assert.ok(Math.abs((payload.iat ?? 0) - Date.now() / 1000) < 5)
})

test('jwtClientSecret keeps its JWT for half its lifetime, then signs a new one', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-01-01T00:00:00Z') })
  const key = p256()
  const secret = jwtClientSecret({ privateKey: key.privateKey, ...APPLE, lifetime: 3600 })
  const first = await secret()
  assert.equal(await secret(), first)
  t.mock.timers.tick(1799_000)
  assert.equal(await secret(), first)
  t.mock.timers.tick(1_000)
  const second = await secret()
  assert.notEqual(second, first)
  const { payload } = await jwtVerify(second, key.publicKey, { currentDate: new Date(Date.now()) })
  assert.equal(payload.iat, Date.parse('2026-01-01T00:30:00Z') / 1000)
  assert.equal(payload.exp, Date.parse('2026-01-01T01:30:00Z') / 1000)
})

test('jwtClientSecret refuses at once what could never sign an ES256 client secret', () => {
  const key = p256().privateKey
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' })
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey
  const cases: [string, Parameters<typeof jwtClientSecret>[0], string][] = [
    ['an RSA key', { ...APPLE, privateKey: rsa.toString() }, '"privateKey" must be a P-256 (ES256) private key'],
    ['a P-384 key', { ...APPLE, privateKey: p384 }, '"privateKey" must be a P-256 (ES256) private key'],
    ['not a key', { ...APPLE, privateKey: 'not a key' }, '"privateKey" is not a readable PEM private key'],
    ['an empty key id', { ...APPLE, privateKey: key, keyId: '' }, '"keyId" must be a non-empty string'],
    [
      "more than Apple's six months",
      { ...APPLE, privateKey: key, lifetime: MAX_CLIENT_SECRET_LIFETIME + 1 },
      '"lifetime" must be a whole number of seconds from 60 to 15777000',
    ],
  ]
  for (const [why, options, message] of cases) {
    assert.throws(
      () => jwtClientSecret(options),
      (error: unknown) => assertInvalidOptions(error, `jwtClientSecret(): ${message}`),
      why,
    )
  }
})
