import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { after, before, describe, type TestContext, test } from 'node:test'
import fc from 'fast-check'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { OAuth, type RemoteApp } from 'oauth-consumer'
import { parseSetCookie } from 'oauth-consumer/testing'
import { startApp, type TestApp } from '../helpers/app.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * Fuzzes the callback routes with forged, mangled and mismatched callbacks. None of them belongs
 * to a login started with the cookie it carries, so every one must be refused before the
 * provider is asked: a 4xx with an OAUTH_* code, never a 5xx, never an upstream request.
 *
 * The seed is fixed so a failure reproduces; fast-check's failure report repeats the seed and
 * the shrink path, and FUZZ_SEED replays another seed.
 */
const RUNS = 10_000
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed)
/** Far above an in-process refusal, which takes well under a millisecond: only a hang or a slow path trips it. */
const SLOW_MS = 1000
/** Values this long are secret enough that seeing one repeated in a response is a leak, not a coincidence. */
const SECRET_MIN_LENGTH = 17

const OAUTH2 = 'oauth2'
const OTHER = 'other'
const OAUTH1 = 'oauth1'

/** The provider: answers every endpoint as if all were well, so a token request that slipped through would succeed. */
let upstream: MockServer
let server: TestApp
let app: FastifyInstance

/** Real pending logins of one app: a sealed cookie value and the keys (states or request tokens) it holds. */
interface Source {
  readonly cookie: string
  readonly keys: readonly string[]
}

interface Pool {
  readonly app: string
  readonly cookieName: string
  readonly sources: readonly Source[]
}

const pools = new Map<string, Pool>()

function pool(name: string): Pool {
  const found = pools.get(name)
  assert.ok(found, name)
  return found
}

function setCookieLines(header: string | string[] | number | undefined): string[] {
  return header === undefined ? [] : Array.isArray(header) ? header : [String(header)]
}

/** Starts a login, optionally in a browser that has one pending already, and returns its cookie and key. */
async function login(remote: RemoteApp, cookie?: string): Promise<{ cookie: string; key: string; name: string }> {
  const res = await app.inject({ method: 'GET', url: `/${remote.name}/login`, headers: cookie ? { cookie } : {} })
  assert.equal(res.statusCode, 302, res.body)
  const location = new URL(String(res.headers.location))
  const key = location.searchParams.get(remote.protocol === 'oauth1' ? 'oauth_token' : 'state')
  assert.ok(key)
  const [line] = setCookieLines(res.headers['set-cookie'])
  assert.ok(line)
  const { name, value } = parseSetCookie(line)
  return { cookie: value, key, name }
}

/** Nine single-login cookies and one holding four parallel logins (several tabs). */
async function collect(remote: RemoteApp): Promise<Pool> {
  const sources: Source[] = []
  let cookieName = ''
  for (let i = 0; i < 9; i++) {
    const { cookie, key, name } = await login(remote)
    sources.push({ cookie, keys: [key] })
    cookieName = name
  }
  const keys: string[] = []
  let cookie = ''
  for (let tab = 0; tab < 4; tab++) {
    const started = await login(remote, cookie ? `${cookieName}=${cookie}` : undefined)
    keys.push(started.key)
    cookie = started.cookie
  }
  sources.push({ cookie, keys })
  return { app: remote.name, cookieName, sources }
}

before(async () => {
  let issued = 0
  upstream = await mockServer((req, _body, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const form = (fields: Record<string, string>) => {
      res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' })
      res.end(new URLSearchParams(fields).toString())
    }
    if (path === '/oauth1/request_token') {
      issued++
      return form({
        oauth_token: `request-token-${issued}-${randomBytes(12).toString('hex')}`,
        oauth_token_secret: `request-secret-${randomBytes(12).toString('hex')}`,
        oauth_callback_confirmed: 'true',
      })
    }
    if (path === '/oauth1/access_token') {
      return form({ oauth_token: 'access-token', oauth_token_secret: 'access-secret', screen_name: 'fuzzed' })
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ access_token: 'access-token', token_type: 'bearer', expires_in: 3600 }))
  })
  const oauth = new OAuth({ timeout: 2000 })
  const remotes: RemoteApp[] = [
    oauth.remoteApp(OAUTH2, {
      authorizeUrl: `${upstream.url}/oauth2/authorize`,
      accessTokenUrl: `${upstream.url}/oauth2/token`,
      clientId: 'client',
      clientSecret: 'client-secret',
    }),
    oauth.remoteApp(OTHER, {
      authorizeUrl: `${upstream.url}/other/authorize`,
      accessTokenUrl: `${upstream.url}/other/token`,
      clientId: 'other-client',
      clientSecret: 'other-client-secret',
    }),
    oauth.remoteApp(OAUTH1, {
      requestTokenUrl: `${upstream.url}/oauth1/request_token`,
      accessTokenUrl: `${upstream.url}/oauth1/access_token`,
      authorizeUrl: `${upstream.url}/oauth1/authorize`,
      consumerKey: 'consumer',
      consumerSecret: 'consumer-secret',
    }),
  ]
  server = await startApp(oauth, (fastify) => {
    for (const remote of remotes) {
      fastify.get(`/${remote.name}/login`, (_request, reply) =>
        remote.authorize(reply, { callback: `/${remote.name}/callback` }),
      )
      // Answers nothing of the token: a response that repeats a secret must have taken it from the request.
      fastify.get(
        `/${remote.name}/callback`,
        remote.authorizedHandler(async (resp, request) => ({
          signedIn: resp !== null,
          denied: request.oauthError?.code ?? null,
        })),
      )
    }
  })
  app = server.app
  for (const remote of remotes) pools.set(remote.name, await collect(remote))
})

after(async () => {
  await server.close()
  await upstream.close()
})

// ---- What a callback is made of ----

type Mutation =
  | { readonly kind: 'none' }
  // Text-level changes: base64url decoding is lenient (ignored trailing bits, skipped junk,
  // both alphabets), so the result may still decode to the very same sealed bytes.
  | { readonly kind: 'flipChar'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly keep: number }
  | { readonly kind: 'garble'; readonly at: number; readonly junk: string }
  | { readonly kind: 'standardBase64' }
  | { readonly kind: 'repeat'; readonly times: number }
  // Byte-level changes: the sealed bytes differ, so AES-GCM must refuse them whatever the state.
  | { readonly kind: 'flipBit'; readonly at: number; readonly bit: number }
  | { readonly kind: 'cutBytes'; readonly keep: number }
  | { readonly kind: 'swapBytes'; readonly a: number; readonly b: number }
  | { readonly kind: 'appendBytes'; readonly extra: Uint8Array }

type CookieSpec =
  /** One of this app's real cookies, perhaps mangled, under this app's cookie name. */
  | { readonly kind: 'own'; readonly source: number; readonly mutation: Mutation }
  /** Another app's real cookie, under its own name or under this app's. */
  | { readonly kind: 'foreign'; readonly pool: number; readonly source: number; readonly underOwnName: boolean }
  /** Made-up values: random text, sealed-looking random bytes, oversized. */
  | { readonly kind: 'random'; readonly underOwnName: boolean; readonly value: string }
  /** An unrelated cookie, or raw junk between the separators. */
  | { readonly kind: 'junk'; readonly text: string }

type ValueSpec =
  /** A real key (state or request token) of this app's (`own`) or another app's pending logins. */
  | {
      readonly kind: 'real'
      readonly own: boolean
      readonly pool: number
      readonly source: number
      readonly key: number
    }
  /** Encoded with encodeURIComponent, so the server sees exactly `text`. */
  | { readonly kind: 'text'; readonly text: string }
  /** Sent as is: percent-encoding junk, stray `&`, `=`, `+`. */
  | { readonly kind: 'raw'; readonly text: string }
  /** The name alone, without `=`. */
  | { readonly kind: 'bare' }

interface Param {
  readonly name: string
  readonly value: ValueSpec
}

interface CallbackInput {
  readonly params: readonly Param[]
  readonly tail: string
  readonly cookies: readonly CookieSpec[]
  readonly separator: string
}

/** Printable ASCII that can stand unencoded in a request line (no space, no `#`). */
const RAW_CHARS = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((c) => c !== '#')
const PERCENT_JUNK = [
  '%',
  '%z',
  '%zz',
  '%0',
  '%00',
  '%0d%0a',
  '%C3%28',
  '%C0%AF',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%E0%A4%A',
  '%25',
  '%26',
  '%3D',
  '%2B',
  '%u0041',
  '+',
  '&',
  '=',
  '&&',
  '==',
  ';',
  '[]',
  '[0]',
  '.',
  '..',
]
const BASE64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')

function oversized(unit: NonNullable<fc.StringConstraints['unit']>, min: number, max: number): fc.Arbitrary<string> {
  // Repeats a short seed instead of drawing thousands of characters: as hostile, and far cheaper.
  return fc
    .tuple(fc.string({ unit, minLength: 1, maxLength: 12 }), fc.integer({ min, max }))
    .map(([seed, length]) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length))
}

const rawText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...RAW_CHARS), maxLength: 40 }),
  fc.array(fc.constantFrom(...PERCENT_JUNK), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
)

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('access_denied', 'invalid_request', 'true', 'null', '[object Object]', '0', ' '),
  },
  { weight: 1, arbitrary: fc.base64String({ maxLength: 64 }) },
  { weight: 1, arbitrary: oversized('grapheme-ascii', 1024, 8192) },
)

function valueSpec(poolCount: number): fc.Arbitrary<ValueSpec> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('real' as const),
        own: fc.boolean(),
        pool: fc.nat({ max: poolCount - 1 }),
        source: fc.nat({ max: 9 }),
        key: fc.nat({ max: 3 }),
      }),
    },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('text' as const), text }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: rawText }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'bare' as const }) },
  )
}

function params(protocolNames: readonly string[], poolCount: number): fc.Arbitrary<Param[]> {
  const name = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...protocolNames) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'code',
        'state',
        'error',
        'oauth_token',
        'oauth_verifier',
        'denied',
        'error_uri',
        'redirect_uri',
        'next',
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'state[]',
        'state[0]',
        'STATE',
        ' state',
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: oversized('grapheme-ascii', 1024, 8192) },
  )
  // Names drawn from a handful repeat often: duplicated parameters come for free.
  return fc.array(fc.record({ name, value: valueSpec(poolCount) }), { maxLength: 8 })
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('flipChar' as const), at: fc.nat(), bit: fc.nat({ max: 6 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('garble' as const),
      at: fc.nat(),
      junk: fc.string({ unit: fc.constantFrom('%', '=', '+', '/', '.', '!', '*', '"', '\\', ' '), minLength: 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'standardBase64' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), times: fc.integer({ min: 2, max: 6 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('flipBit' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cutBytes' as const), keep: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swapBytes' as const), a: fc.nat(), b: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('appendBytes' as const),
      extra: fc.uint8Array({ minLength: 1, maxLength: 32 }),
    }),
  },
)

/** Random bytes behind the sealer's version byte: they pass its first checks and reach AES-GCM. */
const sealedLooking = fc
  .uint8Array({ minLength: 29, maxLength: 400 })
  .map((bytes) => Buffer.concat([Buffer.of(2), bytes]).toString('base64url'))

const randomCookieValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(...BASE64URL_CHARS), maxLength: 120 }),
  sealedLooking,
  fc.string({ unit: fc.constantFrom(...RAW_CHARS.filter((c) => c !== ';')), maxLength: 60 }),
  oversized(fc.constantFrom(...BASE64URL_CHARS), 4000, 16_384),
)

function cookieSpec(poolCount: number): fc.Arbitrary<CookieSpec> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('own' as const), source: fc.nat({ max: 9 }), mutation }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('foreign' as const),
        pool: fc.nat({ max: poolCount - 1 }),
        source: fc.nat({ max: 9 }),
        underOwnName: fc.boolean(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('random' as const),
        underOwnName: fc.boolean(),
        value: randomCookieValue,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('junk' as const),
        text: fc.oneof(
          fc.constantFrom('session=abc', '=', ';', '==;', 'a', '"quoted"', '$Version=1', 'oauth-=x'),
          fc.string({ maxLength: 20 }),
        ),
      }),
    },
  )
}

function callbackInput(protocolNames: readonly string[], poolCount: number): fc.Arbitrary<CallbackInput> {
  return fc.record({
    params: params(protocolNames, poolCount),
    tail: fc.oneof(
      fc.constant(''),
      rawText.map((junk) => `&${junk}`),
    ),
    // No more than four own cookies, so six of the ten sources are always left to draw query keys from.
    cookies: fc.array(cookieSpec(poolCount), { maxLength: 4 }),
    separator: fc.constantFrom('; ', ';', ';; ', ' ; ', ', '),
  })
}

// ---- Turning an input into a request ----

function mutate(cookie: string, m: Mutation): string {
  const bytes = Buffer.from(cookie, 'base64url')
  const index = (n: number, length: number) => (length === 0 ? 0 : n % length)
  switch (m.kind) {
    case 'none':
      return cookie
    case 'flipChar': {
      const at = index(m.at, cookie.length)
      const flipped = String.fromCharCode(cookie.charCodeAt(at) ^ (1 << m.bit))
      return cookie.slice(0, at) + flipped + cookie.slice(at + 1)
    }
    case 'truncate':
      return cookie.slice(0, index(m.keep, cookie.length))
    case 'garble': {
      const at = index(m.at, cookie.length)
      return cookie.slice(0, at) + m.junk + cookie.slice(at)
    }
    case 'standardBase64':
      return bytes.toString('base64')
    case 'repeat':
      return cookie.repeat(m.times)
    case 'flipBit': {
      const copy = Buffer.from(bytes)
      const at = index(m.at, copy.length)
      copy[at] = (copy[at] ?? 0) ^ (1 << m.bit)
      return copy.toString('base64url')
    }
    case 'cutBytes':
      return bytes.subarray(0, index(m.keep, bytes.length)).toString('base64url')
    case 'swapBytes': {
      const copy = Buffer.from(bytes)
      const a = index(m.a, copy.length)
      const b = index(m.b, copy.length)
      const byte = copy[a] ?? 0
      copy[a] = copy[b] ?? 0
      copy[b] = byte
      return copy.toString('base64url')
    }
    case 'appendBytes':
      return Buffer.concat([bytes, m.extra]).toString('base64url')
  }
}

/**
 * Whether a mangled cookie may still open as the original: every text-level change may (lenient
 * base64url), a byte-level change only when it changed nothing.
 */
function mayOpen(original: string, sent: string, m: Mutation): boolean {
  const byteLevel = m.kind === 'flipBit' || m.kind === 'cutBytes' || m.kind === 'swapBytes' || m.kind === 'appendBytes'
  return !byteLevel || Buffer.from(sent, 'base64url').equals(Buffer.from(original, 'base64url'))
}

interface Callback {
  readonly url: string
  readonly cookie: string | undefined
  /** What must never come back: cookie values and credential-bearing query values, as sent and as read. */
  readonly secrets: readonly string[]
}

const SECRET_PARAMS = new Set(['code', 'state', 'oauth_token', 'oauth_verifier', 'denied'])

function readValue(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '))
  } catch {
    return raw
  }
}

function source(p: Pool, n: number): Source {
  const found = p.sources[n % p.sources.length]
  assert.ok(found)
  return found
}

/**
 * Builds the request. This is where the property's premise is kept by construction: a query
 * never carries a key (state or request token) of one of this app's logins whose cookie is sent
 * in a form that may still open. Such a callback matches its pending login and would rightly
 * ask the provider for a token (or, with `error=`/`denied=`, rightly reach the handler as a
 * denial), so it is not a forgery. Keys of such logins are swapped for the key of a login whose
 * cookie is not sent. A byte-tampered cookie may be paired with its own key: it must not open.
 * Another app's cookies may be paired with their own keys: they must not open as this app's.
 */
function buildCallback(target: Pool, foreign: readonly Pool[], input: CallbackInput): Callback {
  const exposed = new Set<number>()
  const secrets: string[] = []
  const pairs: string[] = []
  for (const spec of input.cookies) {
    switch (spec.kind) {
      case 'own': {
        const index = spec.source % target.sources.length
        const original = source(target, index).cookie
        const sent = mutate(original, spec.mutation)
        if (mayOpen(original, sent, spec.mutation)) exposed.add(index)
        pairs.push(`${target.cookieName}=${sent}`)
        secrets.push(sent)
        break
      }
      case 'foreign': {
        const p = foreign[spec.pool % foreign.length]
        assert.ok(p)
        const value = source(p, spec.source).cookie
        pairs.push(`${spec.underOwnName ? target.cookieName : p.cookieName}=${value}`)
        secrets.push(value)
        break
      }
      case 'random':
        pairs.push(`${spec.underOwnName ? target.cookieName : 'oauth-unknown'}=${spec.value}`)
        secrets.push(spec.value)
        break
      case 'junk':
        pairs.push(spec.text)
        break
    }
  }
  const unexposed = (n: number) => {
    for (let step = 0; step < target.sources.length; step++) {
      const candidate = (n + step) % target.sources.length
      if (!exposed.has(candidate)) return candidate
    }
    assert.fail('every source is exposed')
  }
  const parts: string[] = []
  for (const { name, value } of input.params) {
    let sent: string | undefined
    let read: string | undefined
    switch (value.kind) {
      case 'real': {
        const p = value.own ? target : foreign[value.pool % foreign.length]
        assert.ok(p)
        const s = value.own ? source(p, unexposed(value.source % p.sources.length)) : source(p, value.source)
        read = s.keys[value.key % s.keys.length] ?? ''
        sent = encodeURIComponent(read)
        break
      }
      case 'text':
        read = value.text
        sent = encodeURIComponent(value.text)
        break
      case 'raw':
        read = readValue(value.text)
        sent = value.text
        break
      case 'bare':
        break
    }
    parts.push(sent === undefined ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${sent}`)
    if (SECRET_PARAMS.has(name) && sent !== undefined && read !== undefined) secrets.push(sent, read)
  }
  const query = parts.join('&') + input.tail
  const cookie = pairs.length === 0 ? undefined : pairs.join(input.separator)
  return {
    url: `/${target.app}/callback${query === '' ? '' : `?${query}`}`,
    cookie,
    secrets: secrets.filter((s) => s.length >= SECRET_MIN_LENGTH),
  }
}

// ---- The property ----

interface Counts {
  tried: number
  serverErrors: number
  upstreamCalls: number
  slowestMs: number
}

function headerText(res: LightMyRequestResponse): string[] {
  return Object.entries(res.headers).flatMap(([name, value]) =>
    value === undefined ? [] : [name, ...(Array.isArray(value) ? value : [String(value)])],
  )
}

async function fuzzCallbacks(
  t: TestContext,
  protocol: 'oauth2' | 'oauth1',
  target: Pool,
  foreign: readonly Pool[],
  protocolNames: readonly string[],
): Promise<void> {
  const counts: Counts = { tried: 0, serverErrors: 0, upstreamCalls: 0, slowestMs: 0 }
  try {
    await fc.assert(
      fc.asyncProperty(callbackInput(protocolNames, foreign.length), async (input) => {
        const { url, cookie, secrets } = buildCallback(target, foreign, input)
        const upstreamBefore = upstream.requests.length
        const started = performance.now()
        const res = await app.inject({ method: 'GET', url, headers: cookie === undefined ? {} : { cookie } })
        const elapsed = performance.now() - started
        const calls = upstream.requests.length - upstreamBefore
        counts.tried++
        if (res.statusCode >= 500) counts.serverErrors++
        counts.upstreamCalls += calls
        counts.slowestMs = Math.max(counts.slowestMs, elapsed)

        assert.equal(calls, 0, 'no request reaches the provider')
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `HTTP ${res.statusCode}: ${res.body.slice(0, 300)}`)
        const body: unknown = res.json()
        assert.ok(typeof body === 'object' && body !== null, res.body)
        const { error, message } = body as { error?: unknown; message?: unknown }
        assert.ok(typeof error === 'string' && /^OAUTH_[A-Z_]+$/.test(error), res.body.slice(0, 300))
        assert.equal(typeof message, 'string')
        // No pending login matches any of these callbacks (see buildCallback), so the contract
        // names the one answer: a state mismatch.
        assert.equal(res.statusCode, 400, res.body.slice(0, 300))
        assert.equal(error, 'OAUTH_STATE_MISMATCH')
        assert.equal(res.headers['cache-control'], 'no-store')
        assert.ok(elapsed < SLOW_MS, `${elapsed.toFixed(0)} ms`)
        const headers = headerText(res)
        for (const secret of secrets) {
          const escaped = JSON.stringify(secret).slice(1, -1)
          assert.ok(!res.body.includes(secret) && !res.body.includes(escaped), 'the body repeats a secret')
          assert.ok(!headers.some((h) => h.includes(secret)), 'a header repeats a secret')
        }
      }),
      { numRuns: RUNS, seed: SEED },
    )
  } finally {
    // Printed even when the property fails, so the figures show what was found.
    const { tried, serverErrors, upstreamCalls } = counts
    console.log(
      `fuzz: ${protocol} callbacks tried ${tried}, server errors ${serverErrors}, upstream calls ${upstreamCalls}`,
    )
    t.diagnostic(`slowest callback answer ${counts.slowestMs.toFixed(1)} ms`)
  }
  await assertStillServing()
}

async function assertStillServing(): Promise<void> {
  const injected = await app.inject({ method: 'GET', url: '/health' })
  assert.equal(injected.statusCode, 200)
  const res = await fetch(`${server.url}/health`)
  assert.equal(res.status, 200)
  assert.deepEqual(await res.json(), { ok: true })
}

describe('fuzzed callbacks are refused before the provider is asked', () => {
  test('OAuth 2.0: random, missing, duplicated, oversized parameters and mangled or foreign cookies', async (t) => {
    await fuzzCallbacks(
      t,
      'oauth2',
      pool(OAUTH2),
      [pool(OTHER), pool(OAUTH1)],
      ['code', 'state', 'error', 'error_description', 'iss'],
    )
  })

  test('OAuth 1.0a: random, missing, duplicated, oversized parameters and mangled or foreign cookies', async (t) => {
    await fuzzCallbacks(
      t,
      'oauth1',
      pool(OAUTH1),
      [pool(OAUTH2), pool(OTHER)],
      ['oauth_token', 'oauth_verifier', 'denied'],
    )
  })

  // The counterfactual: the same harness sees a callback that does match its login reach the
  // provider, so "no upstream call" above is a finding and not a blind spot.
  test('a callback matching its login still signs in, and is the only kind that reaches the provider', async () => {
    for (const [name, query] of [
      [OAUTH2, (key: string) => `code=good-code&state=${encodeURIComponent(key)}`],
      [OAUTH1, (key: string) => `oauth_token=${encodeURIComponent(key)}&oauth_verifier=verifier`],
    ] as const) {
      const remote = app.oauth.get(name)
      const { cookie, key, name: cookieName } = await login(remote)
      const before = upstream.requests.length
      const res = await app.inject({
        method: 'GET',
        url: `/${name}/callback?${query(key)}`,
        headers: { cookie: `${cookieName}=${cookie}` },
      })
      assert.equal(res.statusCode, 200, res.body)
      assert.deepEqual(res.json(), { signedIn: true, denied: null })
      assert.equal(upstream.requests.length - before, 1)
    }
  })
})
