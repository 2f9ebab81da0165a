/**
 * A provider that fails at every remote step the library takes: the OAuth 1.0a request token
 * (through a real fastify route), the OAuth 2.0 token and refresh, userinfo, a plain API call,
 * OpenID Connect discovery and the JWKS. Each step meets each fault of the fault server: HTML
 * error pages, invalid JSON, a wrong content type, empty bodies, a slow drip, a stalled body, no
 * answer, resets, an endless body and a gzip bomb.
 *
 * Every case must end in the outcome named in its table, an `OAuthError` code or, where the
 * step legitimately returns the answer, that answer, within the timeout plus a margin; with
 * memory bounded; with no connection left open that the library has stopped reading; and with
 * no unhandled rejection or uncaught exception in the whole file.
 */
import assert from 'node:assert/strict'
import type { Readable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { inspect } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import Fastify, { type FastifyInstance } from 'fastify'
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose'
import {
  OAuth,
  type OAuth2AppOptions,
  type OAuth2Token,
  OAuthError,
  OAuthErrorCode,
  OAuthResponse,
  OAuthResponseError,
  type RemoteApp,
} from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { Agent } from 'undici'
import { SECRET } from '../helpers/app.js'
import {
  type FaultServer,
  GOOD_TOKEN,
  gzipBomb,
  type Handler,
  inflatedSize,
  PROVIDER_FAULTS,
  type ProperAnswer,
  type ProviderFault,
  providerFaultHandler,
  sendJson,
  startFaultServer,
} from '../helpers/fault-server.js'

/** Every app's `timeout`: small, so the faults that never finish end quickly. */
const TIMEOUT = 300
/** How late past its timeout a call may settle: timers, a 10 MiB read, fastify in between. */
const MARGIN = 500
/** What the endless bodies and the gzip bomb may add to memory, at their peak and after. */
const MEMORY_BOUND = 64 * 1024 * 1024
/** What the gzip bomb inflates to. */
const BOMB_INFLATED = 128 * 1024 * 1024
const MEMORY_FAULTS: ReadonlySet<ProviderFault> = new Set(['endless-body', 'gzip-bomb'])
const CLIENT_ID = 'the-client'

// Memory is judged after a full collection: garbage is not growth.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * Whatever escapes the library's promises. The listeners stay for the whole file; the last
 * test asserts that none fired.
 */
const escaped: string[] = []
const onUnhandledRejection = (reason: unknown) => escaped.push(`unhandledRejection: ${inspect(reason)}`)
const onUncaughtException = (error: Error) => escaped.push(`uncaughtException: ${inspect(error)}`)
process.on('unhandledRejection', onUnhandledRejection)
process.on('uncaughtException', onUncaughtException)

/** Cases run, and cases that ended as their table says with every check passed. */
let injected = 0
let survived = 0

interface Harness {
  server: FaultServer
  /** A fastify app with the plugin, whose `/request-token/login` route calls `authorize`. */
  web: FastifyInstance
  oauth: OAuth
  signingKey: CryptoKey
  jwk: Record<string, unknown>
  bomb: Buffer
  /** Buffers held before the first case, after a full collection. */
  baseline: { arrayBuffers: number }
}

let h: Harness
/** The OAuth 1.0a app the login route uses; each case sets its own. */
let routeApp: RemoteApp | undefined
/** The error the login route threw, as the route saw it, before fastify's error handler. */
let routeError: unknown

/** What a case must end in: an error code, or a value the step legitimately resolves to. */
type Expected = OAuthErrorCode | { readonly result: string; readonly check: (value: unknown) => void }

interface Step {
  readonly name: string
  /** Where the fault server serves `fault` for this step. */
  readonly path: (fault: ProviderFault) => string
  /** What the endpoint answers when it works; the faults cut, mangle or mislabel it. */
  readonly proper: (fault: ProviderFault) => ProperAnswer
  /** Takes the step once, against `fault`, with its own dispatcher. */
  readonly run: (fault: ProviderFault, dispatcher: Agent) => Promise<unknown>
  readonly expected: Readonly<Record<ProviderFault, Expected>>
}

/**
 * Faults that cut the answer off: the same code at every step, because the body is never
 * complete. The remote call's own code is kept whatever the step.
 */
const CUT = {
  'slow-drip': OAuthErrorCode.TIMEOUT,
  'stalled-body': OAuthErrorCode.TIMEOUT,
  'no-answer': OAuthErrorCode.TIMEOUT,
  'reset-headers': OAuthErrorCode.NETWORK_ERROR,
  'reset-body': OAuthErrorCode.NETWORK_ERROR,
  'endless-body': OAuthErrorCode.RESPONSE_TOO_LARGE,
} as const satisfies Partial<Record<ProviderFault, OAuthErrorCode>>

const REQUEST_TOKEN_BODY = 'oauth_token=request-token&oauth_token_secret=request-secret&oauth_callback_confirmed=true'
const USERINFO = { sub: 'user-1', name: 'Ada Lovelace', email: 'ada@example.com' }
const API_BODY = JSON.stringify({ id: 42, items: [1, 2, 3] })

const json = (value: unknown): ProperAnswer => ({ contentType: 'application/json', body: JSON.stringify(value) })

/** The token a tolerant read of the mislabelled token answer must yield. */
function tokenFromMislabelled(refresh: boolean): Expected {
  return {
    result: 'the token, read tolerantly (§6)',
    check: (value) => {
      const { expires_at, ...rest } = value as OAuth2Token
      assert.deepEqual(rest, GOOD_TOKEN)
      assert.equal(typeof expires_at, 'number')
      // A refresh answer with a refresh_token replaces the old one.
      if (refresh) assert.equal(rest.refresh_token, GOOD_TOKEN.refresh_token)
    },
  }
}

function apiResponse(result: string, check: (response: OAuthResponse) => void): Expected {
  return {
    result,
    check: (value) => {
      assert.ok(value instanceof OAuthResponse, inspect(value))
      check(value)
    },
  }
}

function oauth2App(dispatcher: Agent, extra: OAuth2AppOptions): RemoteApp<OAuth2Token> {
  // OpenID Connect apps take their endpoints from discovery; given ones would override it.
  const endpoints =
    extra.issuer === undefined
      ? { authorizeUrl: `${h.server.url}/authorize`, accessTokenUrl: `${h.server.url}/token/unused` }
      : {}
  return h.oauth.remoteApp(
    'provider',
    {
      ...endpoints,
      clientId: CLIENT_ID,
      clientSecret: 'the-client-secret',
      timeout: TIMEOUT,
      // Retries are their own test below: with them, a reset's code would depend on the backoff's jitter.
      retries: 0,
      dispatcher,
      ...extra,
    },
    { register: false },
  )
}

function metadata(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/keys`,
    id_token_signing_alg_values_supported: ['RS256'],
  }
}

const issuerOf = (step: 'discovery' | 'jwks', fault: ProviderFault) => `${h.server.url}/${step}/${fault}`

const steps: readonly Step[] = [
  {
    name: 'OAuth 1.0a request token (authorize route)',
    path: (fault) => `/request-token/${fault}`,
    proper: () => ({ contentType: 'application/x-www-form-urlencoded', body: REQUEST_TOKEN_BODY }),
    run: async (fault, dispatcher) => {
      routeApp = h.oauth.remoteApp(
        'request-token',
        {
          requestTokenUrl: `${h.server.url}/request-token/${fault}`,
          accessTokenUrl: `${h.server.url}/access-token`,
          authorizeUrl: `${h.server.url}/authorize`,
          consumerKey: 'the-consumer',
          consumerSecret: 'the-consumer-secret',
          timeout: TIMEOUT,
          dispatcher,
        },
        { register: false },
      )
      routeError = undefined
      const res = await h.web.inject({ url: '/request-token/login' })
      if (res.statusCode === 302) return res.headers.location
      // The browser sees the error's status and code, as the plugin's error handler answers them.
      assert.ok(routeError instanceof OAuthError, `HTTP ${res.statusCode} ${res.body}: ${inspect(routeError)}`)
      assert.equal(res.statusCode, routeError.statusCode)
      assert.deepEqual(res.json(), { error: routeError.code, message: routeError.message })
      throw routeError
    },
    expected: {
      ...CUT,
      'html-500': OAuthErrorCode.TOKEN_REQUEST_FAILED,
      'invalid-json': OAuthErrorCode.INVALID_RESPONSE,
      // Credentials answers are read as form data whatever their label (§6: read tolerantly).
      'wrong-type': {
        result: 'a redirect to the provider with the request token',
        check: (location) => assert.equal(location, `${h.server.url}/authorize?oauth_token=request-token`),
      },
      'empty-200': OAuthErrorCode.INVALID_RESPONSE,
      'empty-500': OAuthErrorCode.TOKEN_REQUEST_FAILED,
      'gzip-bomb': OAuthErrorCode.INVALID_RESPONSE,
    },
  },
  {
    name: 'OAuth 2.0 token (exchangeCode)',
    path: (fault) => `/token/${fault}`,
    proper: () => json(GOOD_TOKEN),
    run: (fault, dispatcher) =>
      oauth2App(dispatcher, { accessTokenUrl: `${h.server.url}/token/${fault}` }).exchangeCode('the-code', {
        redirectUri: 'https://app.example/callback',
        codeVerifier: 'v'.repeat(43),
      }),
    expected: {
      ...CUT,
      'html-500': OAuthErrorCode.TOKEN_REQUEST_FAILED,
      'invalid-json': OAuthErrorCode.INVALID_RESPONSE,
      'wrong-type': tokenFromMislabelled(false),
      'empty-200': OAuthErrorCode.INVALID_RESPONSE,
      'empty-500': OAuthErrorCode.TOKEN_REQUEST_FAILED,
      'gzip-bomb': OAuthErrorCode.INVALID_RESPONSE,
    },
  },
  {
    name: 'refresh (refreshToken)',
    path: (fault) => `/refresh/${fault}`,
    proper: () => json(GOOD_TOKEN),
    run: (fault, dispatcher) =>
      oauth2App(dispatcher, { accessTokenUrl: `${h.server.url}/refresh/${fault}` }).refreshToken('rt-old'),
    // A refusal or an unreadable answer is OAUTH_REFRESH_FAILED; network failures keep their codes.
    expected: {
      ...CUT,
      'html-500': OAuthErrorCode.REFRESH_FAILED,
      'invalid-json': OAuthErrorCode.REFRESH_FAILED,
      'wrong-type': tokenFromMislabelled(true),
      'empty-200': OAuthErrorCode.REFRESH_FAILED,
      'empty-500': OAuthErrorCode.REFRESH_FAILED,
      'gzip-bomb': OAuthErrorCode.REFRESH_FAILED,
    },
  },
  {
    name: 'userinfo (profile)',
    path: (fault) => `/userinfo/${fault}`,
    proper: () => json(USERINFO),
    run: (fault, dispatcher) =>
      oauth2App(dispatcher, { userInfoUrl: `${h.server.url}/userinfo/${fault}` }).profile({ token: 'at-1' }),
    expected: {
      ...CUT,
      'html-500': OAuthErrorCode.HTTP_ERROR,
      'invalid-json': OAuthErrorCode.INVALID_RESPONSE,
      // API answers are decoded by their content type (§5): an image is not a JSON object.
      'wrong-type': OAuthErrorCode.INVALID_RESPONSE,
      'empty-200': OAuthErrorCode.INVALID_RESPONSE,
      'empty-500': OAuthErrorCode.HTTP_ERROR,
      'gzip-bomb': OAuthErrorCode.INVALID_RESPONSE,
    },
  },
  {
    name: 'API call (get)',
    path: (fault) => `/api/${fault}`,
    proper: () => ({ contentType: 'application/json', body: API_BODY }),
    run: (fault, dispatcher) =>
      oauth2App(dispatcher, { baseUrl: `${h.server.url}/api/` }).get(fault, { token: 'at-1' }),
    // A plain API call returns what the API answered, whatever it is, when it answered in full.
    expected: {
      ...CUT,
      'html-500': apiResponse('the HTTP 500 response', (r) => {
        assert.equal(r.status, 500)
        assert.match(String(r.data), /^<!DOCTYPE html>/)
      }),
      'invalid-json': apiResponse('a 200 whose data is the unparsable text', (r) => {
        assert.equal(r.status, 200)
        assert.equal(r.data, '{"access_token": "abc", ')
      }),
      'wrong-type': apiResponse('a 200 whose data is the body as a Buffer, not parsed', (r) => {
        assert.equal(r.status, 200)
        assert.ok(Buffer.isBuffer(r.data))
        assert.equal(r.data.toString('utf8'), API_BODY)
      }),
      'empty-200': apiResponse('an empty 200', (r) => {
        assert.equal(r.status, 200)
        assert.equal(r.rawData.length, 0)
        assert.equal(r.data, '')
      }),
      'empty-500': apiResponse('an empty 500', (r) => {
        assert.equal(r.status, 500)
        assert.equal(r.rawData.length, 0)
      }),
      'gzip-bomb': apiResponse('a 200 whose body is the compressed bytes, never inflated', (r) => {
        assert.equal(r.status, 200)
        assert.equal(r.header('content-encoding'), 'gzip')
        assert.ok(r.rawData.equals(h.bomb))
      }),
    },
  },
  {
    name: 'OpenID Connect discovery (serverMetadata)',
    path: (fault) => `/discovery/${fault}/.well-known/openid-configuration`,
    proper: (fault) => json(metadata(issuerOf('discovery', fault))),
    run: async (fault, dispatcher) => {
      const app = oauth2App(dispatcher, { issuer: issuerOf('discovery', fault) })
      return app.serverMetadata()
    },
    expected: {
      ...CUT,
      'html-500': OAuthErrorCode.INVALID_RESPONSE,
      'invalid-json': OAuthErrorCode.INVALID_RESPONSE,
      // The metadata document is parsed as JSON whatever its label.
      'wrong-type': {
        result: 'the metadata, read tolerantly',
        check: (value) => assert.deepEqual(value, metadata(issuerOf('discovery', 'wrong-type'))),
      },
      'empty-200': OAuthErrorCode.INVALID_RESPONSE,
      'empty-500': OAuthErrorCode.INVALID_RESPONSE,
      'gzip-bomb': OAuthErrorCode.INVALID_RESPONSE,
    },
  },
  {
    name: 'OpenID Connect JWKS (exchangeCode with an ID token)',
    path: (fault) => `/jwks/${fault}/keys`,
    proper: () => ({ contentType: 'application/jwk-set+json', body: JSON.stringify({ keys: [h.jwk] }) }),
    run: (fault, dispatcher) =>
      oauth2App(dispatcher, { issuer: issuerOf('jwks', fault) }).exchangeCode('the-code', {
        redirectUri: 'https://app.example/callback',
      }),
    // The key set could not be fetched or read: the provider failed, not the ID token. As at
    // every other step, the remote call's own code says so (§6), with its 5xx status.
    expected: {
      ...CUT,
      'html-500': OAuthErrorCode.INVALID_RESPONSE,
      'invalid-json': OAuthErrorCode.INVALID_RESPONSE,
      'wrong-type': {
        result: 'the token with its verified claims (the key set is read tolerantly)',
        check: (value) => assert.equal((value as OAuth2Token).claims?.sub, 'user-1'),
      },
      'empty-200': OAuthErrorCode.INVALID_RESPONSE,
      'empty-500': OAuthErrorCode.INVALID_RESPONSE,
      'gzip-bomb': OAuthErrorCode.INVALID_RESPONSE,
    },
  },
]

/** The JWKS step's working endpoints: its discovery document and a token endpoint that signs. */
function jwksStepHandlers(): Record<string, Handler> {
  const handlers: Record<string, Handler> = {}
  for (const fault of PROVIDER_FAULTS) {
    const issuer = issuerOf('jwks', fault)
    handlers[`/jwks/${fault}/.well-known/openid-configuration`] = (_req, res) => sendJson(res, 200, metadata(issuer))
    handlers[`/jwks/${fault}/token`] = async (_req, res) => {
      const idToken = await new SignJWT({ sub: 'user-1' })
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
        .setIssuer(issuer)
        .setAudience(CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(h.signingKey)
      sendJson(res, 200, { access_token: 'at-oidc', token_type: 'Bearer', expires_in: 3600, id_token: idToken })
    }
  }
  return handlers
}

before(async () => {
  const bomb = await gzipBomb(BOMB_INFLATED)
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }
  const oauth = new OAuth()
  const web = Fastify()
  await web.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: 'https://app.example' })
  web.get('/request-token/login', async (_request, reply) => {
    try {
      return await (routeApp as RemoteApp).authorize(reply, { callback: '/request-token/callback' })
    } catch (error) {
      routeError = error
      throw error
    }
  })
  await web.ready()
  // The server's URL is in the handlers' answers, so they are added once it listens.
  const handlers: Record<string, Handler> = {}
  const server = await startFaultServer(handlers)
  h = {
    server,
    web,
    oauth,
    signingKey: privateKey,
    jwk,
    bomb,
    baseline: { arrayBuffers: 0 },
  }
  for (const step of steps) {
    for (const fault of PROVIDER_FAULTS)
      handlers[step.path(fault)] = providerFaultHandler(fault, step.proper(fault), bomb)
  }
  Object.assign(handlers, jwksStepHandlers())
  gc()
  h.baseline = { arrayBuffers: process.memoryUsage().arrayBuffers }
})

after(async () => {
  process.off('unhandledRejection', onUnhandledRejection)
  process.off('uncaughtException', onUncaughtException)
  await h.web.close()
  await h.server.close()
  // The figure the test runner gathers into the suite's summary.
  console.log(`faults: injected ${injected}, survived ${survived}`)
})

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  while (!condition()) {
    if (Date.now() > until) return false
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return true
}

/**
 * Samples the resident set while a case runs, from `start` (after a full collection); `stop()`
 * gives its peak. An inflated bomb would show here; the API step also asserts the body it got is
 * the compressed bytes themselves.
 */
function watchMemory(): { readonly start: number; stop(): number } {
  gc()
  const start = process.memoryUsage.rss()
  let peak = start
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 5)
  return {
    start,
    stop: () => {
      clearInterval(timer)
      return Math.max(peak, process.memoryUsage.rss())
    },
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/**
 * "No socket left open", for a pooled client. A connection whose answer was read to the end
 * may stay in the pool, idle, for the next call: that is keep-alive working. A connection
 * whose answer the library stopped reading (a timeout, a reset, a size limit) can never be
 * reused, so it must be closed at once. Each case has its own undici Agent, so:
 * 1. within a short settle, no connection is busy at the server, i.e. still carrying an answer
 *    the server has not finished: every cut-off connection was closed by the client;
 * 2. closing the agent resolves at once: no request is left in flight in the pool (undici's
 *    close() waits for those);
 * 3. then no connection is open at all: nothing but idle pooled connections had been left.
 */
async function assertNoConnectionLeft(agent: Agent): Promise<void> {
  const busy = await waitFor(() => h.server.connections().busy === 0, 500)
  assert.ok(busy, `connections still busy after the call settled: ${inspect(h.server.connections())}`)
  let timer: NodeJS.Timeout | undefined
  const closed = await Promise.race([
    agent.close().then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), 1000)
    }),
  ])
  clearTimeout(timer)
  assert.ok(closed, 'closing the dispatcher waited on a request the library left in flight')
  const gone = await waitFor(() => h.server.connections().open === 0, 500)
  assert.ok(gone, `connections open after the dispatcher closed: ${inspect(h.server.connections())}`)
}

/** Runs one case with its own dispatcher and checks every promise the file makes of it. */
async function runCase(
  run: (dispatcher: Agent) => Promise<unknown>,
  expected: Expected,
  checks: { readonly memory?: boolean; readonly path?: string } = {},
): Promise<void> {
  injected++
  const agent = new Agent({ keepAliveTimeout: 30_000 })
  try {
    const memory = checks.memory ? watchMemory() : undefined
    const started = performance.now()
    let outcome: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown }
    try {
      outcome = { ok: true, value: await run(agent) }
    } catch (error) {
      outcome = { ok: false, error }
    }
    const elapsed = performance.now() - started
    const peak = memory?.stop()

    await assertNoConnectionLeft(agent)
    assert.ok(elapsed < TIMEOUT + MARGIN, `settled after ${Math.round(elapsed)} ms`)
    if (typeof expected === 'string') {
      if (outcome.ok) assert.fail(`expected ${expected}, resolved with ${inspect(outcome.value, { depth: 1 })}`)
      const { error } = outcome
      assert.ok(error instanceof OAuthError, `expected ${expected}, got ${inspect(error)}`)
      assert.equal(error.code, expected, `${error.code}: ${error.message}`)
      if (expected === OAuthErrorCode.TIMEOUT) {
        assert.ok(elapsed >= TIMEOUT - 5, `timed out after ${Math.round(elapsed)} ms`)
      }
      if (expected === OAuthErrorCode.HTTP_ERROR) {
        assert.ok(error instanceof OAuthResponseError)
        assert.equal(error.response.status, 500)
      }
    } else {
      if (!outcome.ok) assert.fail(`expected ${expected.result}, got ${inspect(outcome.error)}`)
      expected.check(outcome.value)
    }
    if (memory !== undefined && peak !== undefined) {
      gc()
      const held = process.memoryUsage().arrayBuffers - h.baseline.arrayBuffers
      assert.ok(peak - memory.start < MEMORY_BOUND, `the resident set grew ${mb(peak - memory.start)} during the call`)
      assert.ok(held < MEMORY_BOUND, `${mb(held)} of buffers held since the first case`)
    }
    if (checks.path !== undefined) {
      const sent = h.server.to(checks.path).at(-1)
      assert.ok(sent, `no request reached ${checks.path}`)
      // No Accept-Encoding: the provider has no reason to compress, and the library never inflates.
      assert.equal(sent.headers['accept-encoding'], undefined)
    }
  } finally {
    // Whatever failed, the next case starts with no connection of this one.
    await agent.destroy().catch(() => {})
    await waitFor(() => h.server.connections().open === 0, 1000)
  }
  survived++
}

const describeExpected = (expected: Expected) => (typeof expected === 'string' ? expected : expected.result)

test('the gzip bomb is real: a few hundred KB that inflate past 100 MB', async () => {
  assert.ok(h.bomb.length < 512 * 1024, mb(h.bomb.length))
  assert.ok((await inflatedSize(h.bomb)) > 100 * 1000 * 1000)
})

for (const step of steps) {
  describe(step.name, () => {
    for (const fault of PROVIDER_FAULTS) {
      const expected = step.expected[fault]
      test(`${fault}: ${describeExpected(expected)}`, () =>
        runCase((dispatcher) => step.run(fault, dispatcher), expected, {
          memory: MEMORY_FAULTS.has(fault),
          ...(fault === 'gzip-bomb' ? { path: step.path(fault) } : {}),
        }))
    }
  })
}

describe('userinfo with an app profile mapping', () => {
  // The mapping is typed for the decoded JSON object; a body that did not decode as JSON (here a
  // Buffer, as §5 leaves an image) must be refused before it, as every other non-object is.
  test('wrong-type: a user-info answer that is not JSON never reaches the mapping', () =>
    runCase(
      (dispatcher) =>
        oauth2App(dispatcher, {
          userInfoUrl: `${h.server.url}/userinfo/wrong-type`,
          profile: (raw) => ({ id: String((raw as { sub?: unknown }).sub), raw }),
        }).profile({ token: 'at-1' }),
      OAuthErrorCode.INVALID_RESPONSE,
    ))
})

/** Reads from a raw body until `bytes` have come, then leaves it paused; rejects on its error. */
function readAtLeast(body: Readable, bytes: number, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = 0
    const finish = (error?: Error) => {
      clearTimeout(timer)
      body.off('data', onData)
      body.off('error', finish)
      body.pause()
      if (error === undefined) resolve(got)
      else reject(error)
    }
    const onData = (chunk: Buffer) => {
      got += chunk.length
      if (got >= bytes) finish()
    }
    const timer = setTimeout(() => finish(new Error(`only ${got} bytes within ${ms} ms`)), ms)
    body.on('data', onData)
    body.on('error', finish)
  })
}

describe('API calls with raw: true hand the stream over; destroying it frees the connection', () => {
  /**
   * The library's part ends with the headers (§4: the body is the caller's and the timeout no
   * longer applies), so the caller reads a little and destroys the stream; its connection must
   * then close at once, not wait in the pool for a body that never ends.
   */
  const streamed: readonly { fault: ProviderFault; read: number; why: string }[] = [
    { fault: 'stalled-body', read: 8, why: 'headers then a stalled body' },
    { fault: 'slow-drip', read: 2, why: 'a slow drip' },
    { fault: 'endless-body', read: 1024 * 1024, why: 'an endless body' },
  ]
  for (const { fault, read, why } of streamed) {
    test(`${fault}: ${why} is the caller's to read, and destroying it closes the connection`, () =>
      runCase(
        async (dispatcher) => {
          const app = oauth2App(dispatcher, { baseUrl: `${h.server.url}/api/` })
          const res = await app.request(fault, { token: 'at-1', raw: true })
          assert.equal(res.status, 200)
          assert.ok((await readAtLeast(res.body, read, TIMEOUT)) >= read)
          res.body.destroy()
          // Closed, not parked in the pool: checked before the dispatcher is closed.
          const closed = await waitFor(() => h.server.connections().open === 0, 300)
          assert.ok(
            closed,
            `the connection stayed open after the stream was destroyed: ${inspect(h.server.connections())}`,
          )
          return 'destroyed'
        },
        { result: 'the stream, then a closed connection', check: (value) => assert.equal(value, 'destroyed') },
        { memory: fault === 'endless-body' },
      ))
  }

  test('reset-body: a reset mid-body errors the stream, and the connection is gone', () =>
    runCase(
      async (dispatcher) => {
        const app = oauth2App(dispatcher, { baseUrl: `${h.server.url}/api/` })
        const res = await app.request('reset-body', { token: 'at-1', raw: true })
        assert.equal(res.status, 200)
        // The raw stream is undici's: its error is the transport's, not an OAuthError.
        await assert.rejects(readAtLeast(res.body, Number.POSITIVE_INFINITY, TIMEOUT), { code: 'UND_ERR_SOCKET' })
        res.body.destroy()
        return 'errored'
      },
      { result: 'a stream that errors', check: (value) => assert.equal(value, 'errored') },
    ))

  for (const [fault, code] of [
    ['reset-headers', OAuthErrorCode.NETWORK_ERROR],
    ['no-answer', OAuthErrorCode.TIMEOUT],
  ] as const) {
    test(`${fault}: without headers there is no stream, only ${code}`, () =>
      runCase(
        (dispatcher) =>
          oauth2App(dispatcher, { baseUrl: `${h.server.url}/api/` }).request(fault, { token: 'at-1', raw: true }),
        code,
      ))
  }
})

describe('retries', () => {
  /**
   * With retries, an API call that meets resets waits a random backoff between attempts. When
   * the next wait would not fit in the timeout the call gives up early: the reset it met is
   * still what happened, so the code must not depend on the jitter. Math.random is pinned to
   * make each backoff known.
   */
  for (const jitter of [0, 0.99]) {
    test(`a reset on every attempt is OAUTH_NETWORK_ERROR, with backoff jitter ${jitter}`, async () => {
      const random = Math.random
      Math.random = () => jitter
      try {
        await runCase(
          (dispatcher) =>
            oauth2App(dispatcher, { baseUrl: `${h.server.url}/api/`, retries: 2 }).get('reset-headers', {
              token: 'at-1',
            }),
          OAuthErrorCode.NETWORK_ERROR,
        )
      } finally {
        Math.random = random
      }
    })
  }
})

test('no unhandled rejection or uncaught exception while the faults ran', async () => {
  // Late rejections (a timer, a destroyed stream) get a moment to surface.
  await new Promise((resolve) => setTimeout(resolve, 200))
  assert.deepEqual(escaped, [])
})
