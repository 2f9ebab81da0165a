import assert from 'node:assert/strict'
import { after, before, describe, type TestContext, test } from 'node:test'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { OAuth, OAuthError, type RemoteApp } from 'oauth-consumer'
import fastifyOAuth, { type FastifyOAuthOptions, redactingRequestSerializer } from 'oauth-consumer/fastify'
import { type OAuth2Server, parseSetCookie, signInAt, startOAuth2Provider } from 'oauth-consumer/testing'
import { client } from '../../src/testing/oauth2-server.js'
import { freePort, SECRET, startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'
import { type FaultServer, GOOD_TOKEN, sendJson, startFaultServer } from '../helpers/fault-server.js'

const SECRET_B = 'a-second-secret-for-rotation-0123456789'
const PUBLIC_URL = 'http://app.localhost'
const PUBLIC_HOST = new URL(PUBLIC_URL).host
const LEAKED_ACCESS = 'LEAKED-ACCESS-TOKEN-0123456789'
const LEAKED_REFRESH = 'LEAKED-REFRESH-TOKEN-0123456789'

/** A token endpoint that counts what it is asked: the only provider these tests need. */
let tokens: FaultServer

before(async () => {
  tokens = await startFaultServer({
    '/token': (_req, res) => sendJson(res, 200, GOOD_TOKEN),
    // A token the library refuses (unknown token_type) and must still not write to the logs.
    '/leaky': (_req, res) =>
      sendJson(res, 200, { access_token: LEAKED_ACCESS, token_type: 'mac', refresh_token: LEAKED_REFRESH }),
  })
})

after(() => tokens.close())

interface Built {
  readonly app: FastifyInstance
  readonly oauth: OAuth
  readonly remote: RemoteApp
  readonly logs: Record<string, unknown>[]
  readonly rawLogs: string[]
}

interface BuildOptions {
  readonly plugin?: Partial<FastifyOAuthOptions>
  readonly logLevel?: 'info' | 'warn'
  readonly fastify?: FastifyServerOptions
  /** Token-endpoint path of the `provider` app. */
  readonly tokenPath?: string
  /** Adds routes before the app is ready. */
  readonly setup?: (app: FastifyInstance) => void
}

/**
 * A fastify app (for `inject`) with the plugin and two remote apps, `provider` and `other`,
 * each with `/{name}/login` and `/{name}/callback` routes.
 */
async function build(t: TestContext, options: BuildOptions = {}): Promise<Built> {
  const rawLogs: string[] = []
  const oauth = new OAuth({ timeout: 5000 })
  const remote = oauth.remoteApp('provider', {
    authorizeUrl: `${tokens.url}/authorize`,
    accessTokenUrl: `${tokens.url}${options.tokenPath ?? '/token'}`,
    clientId: 'client',
    clientSecret: 'client-secret',
  })
  const other = oauth.remoteApp('other', {
    authorizeUrl: `${tokens.url}/authorize`,
    accessTokenUrl: `${tokens.url}/token`,
    clientId: 'client',
    clientSecret: 'client-secret',
  })
  const app = Fastify({
    ...options.fastify,
    ...(options.logLevel === undefined
      ? {}
      : { logger: { level: options.logLevel, stream: { write: (line: string) => rawLogs.push(line) } } }),
  })
  t.after(() => app.close())
  await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: PUBLIC_URL, ...options.plugin })
  for (const r of [remote, other]) {
    app.get<{ Querystring: { next?: string } }>(`/${r.name}/login`, (request, reply) =>
      r.authorize(reply, { callback: `/${r.name}/callback`, next: request.query.next }),
    )
    app.get(
      `/${r.name}/callback`,
      r.authorizedHandler(async (resp, request) => ({
        token: resp,
        denied: request.oauthError?.code ?? null,
        next: r.nextUrl(request) ?? null,
      })),
    )
  }
  options.setup?.(app)
  await app.ready()
  return {
    app,
    oauth,
    remote,
    rawLogs,
    get logs() {
      return rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>)
    },
  }
}

interface Login {
  /** The state cookie as a `Cookie` header value. */
  readonly cookie: string
  readonly name: string
  readonly value: string
  readonly attributes: Map<string, string>
  readonly state: string
  readonly location: URL
}

async function login(app: FastifyInstance, path = '/provider/login'): Promise<Login> {
  const res = await app.inject({ method: 'GET', url: path })
  assert.equal(res.statusCode, 302, res.body)
  const location = new URL(String(res.headers.location))
  const state = location.searchParams.get('state')
  assert.ok(state)
  const lines = setCookies(res.headers['set-cookie'])
  assert.equal(lines.length, 1)
  const cookie = parseSetCookie(lines[0] ?? '')
  return { ...cookie, cookie: `${cookie.name}=${cookie.value}`, state, location }
}

function setCookies(header: string | string[] | number | undefined): string[] {
  return header === undefined ? [] : Array.isArray(header) ? header : [String(header)]
}

async function callback(app: FastifyInstance, state: string, cookie: string | undefined, path = '/provider/callback') {
  return app.inject({
    method: 'GET',
    url: `${path}?code=the-code&state=${encodeURIComponent(state)}`,
    // The provider redirects the browser to publicUrl's callback: that is the host it asks for.
    headers: cookie === undefined ? { host: PUBLIC_HOST } : { host: PUBLIC_HOST, cookie },
  })
}

const NO_PENDING =
  'No pending login of "provider" in this browser: it expired, finished already, or was started elsewhere'

/** The callback was refused before any token request. */
async function assertMismatch(
  app: FastifyInstance,
  state: string,
  cookie: string | undefined,
  message = NO_PENDING,
): Promise<void> {
  const before = tokens.requests.length
  const res = await callback(app, state, cookie)
  assert.equal(res.statusCode, 400, res.body)
  assert.deepEqual(res.json(), { error: 'OAUTH_STATE_MISMATCH', message })
  assert.equal(tokens.requests.length, before, 'no token request')
}

function setNodeEnv(t: TestContext, value: string | undefined): void {
  const original = process.env.NODE_ENV
  const set = (v: string | undefined) => {
    // Assigning undefined would store the string "undefined".
    if (v === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = v
  }
  set(value)
  t.after(() => set(original))
}

function assertInvalidOptions(message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof OAuthError, String(error))
    assert.equal(error.code, 'OAUTH_INVALID_OPTIONS')
    assert.equal(error.message, message)
    return true
  }
}

async function registerOnly(options: Partial<FastifyOAuthOptions>, fastify: FastifyInstance = Fastify()) {
  try {
    await fastify.register(fastifyOAuth, { oauth: new OAuth(), publicUrl: PUBLIC_URL, ...options })
    await fastify.ready()
  } finally {
    await fastify.close()
  }
}

const HOW_TO_MAKE_ONE = `e.g. node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))", kept in an environment variable such as OAUTH_SECRET`
const NEEDS_SECRET = `oauth-consumer: the plugin needs "secret", a random string of 32 characters or more that keys the state cookies (${HOW_TO_MAKE_ONE})`
const EMPTY_SECRET = `oauth-consumer: "secret" must be a string of at least 32 characters, or a non-empty list of them (${HOW_TO_MAKE_ONE})`
const shortSecret = (which: string) =>
  `oauth-consumer: ${which} has fewer than 32 characters; use a random string of 32 characters or more (${HOW_TO_MAKE_ONE})`

describe('the secret', () => {
  for (const env of ['production', undefined, 'staging']) {
    test(`missing with NODE_ENV=${env ?? '(unset)'} is a startup error naming "secret"`, async (t) => {
      setNodeEnv(t, env)
      await assert.rejects(registerOnly({}), assertInvalidOptions(NEEDS_SECRET))
    })
  }

  const short: readonly [string | readonly string[], string][] = [
    ['short', shortSecret('"secret"')],
    [SECRET.slice(0, 31), shortSecret('"secret"')],
    [[], EMPTY_SECRET],
    [[SECRET, 'short'], shortSecret('"secret"[1]')],
  ]
  for (const [secret, message] of short) {
    test(`${JSON.stringify(secret).slice(0, 40)} is too short, even under NODE_ENV=test`, async (t) => {
      setNodeEnv(t, 'test')
      await assert.rejects(registerOnly({ secret }), assertInvalidOptions(message))
    })
  }

  test('a secret of exactly 32 characters is enough', async () => {
    await registerOnly({ secret: SECRET.slice(0, 32) })
  })

  for (const env of ['test', 'development']) {
    test(`missing with NODE_ENV=${env}: a random one, with a warning in the log`, async (t) => {
      setNodeEnv(t, env)
      const built = await build(t, { plugin: { secret: undefined }, logLevel: 'warn' })
      const warnings = built.logs.filter((line) => line.level === 40)
      assert.deepEqual(
        warnings.map((line) => line.msg),
        [
          `oauth-consumer: no "secret" given; using a random one for this process (NODE_ENV=${env}). Logins started before a restart will fail.`,
        ],
      )
      const started = await login(built.app)
      assert.equal((await callback(built.app, started.state, started.cookie)).statusCode, 200)

      // Another instance draws its own secret: it cannot open this one's cookies.
      const second = await build(t, { plugin: { secret: undefined } })
      const again = await login(built.app)
      await assertMismatch(second.app, again.state, again.cookie)
    })
  }

  test('with a secret, nothing is logged at warn', async (t) => {
    const built = await build(t, { logLevel: 'warn' })
    assert.deepEqual(built.rawLogs, [])
  })

  test('rotation: [B, A] finishes a login started with A; [B] alone refuses it', async (t) => {
    const withA = await build(t, { plugin: { secret: SECRET } })
    const rotated = await build(t, { plugin: { secret: [SECRET_B, SECRET] } })
    const onlyB = await build(t, { plugin: { secret: [SECRET_B] } })

    const fromA = await login(withA.app)
    const before = tokens.to('/token').length
    const done = await callback(rotated.app, fromA.state, fromA.cookie)
    assert.equal(done.statusCode, 200, done.body)
    assert.equal(done.json<{ token: { access_token: string } }>().token.access_token, GOOD_TOKEN.access_token)
    assert.equal(tokens.to('/token').length, before + 1)

    const fromA2 = await login(withA.app)
    await assertMismatch(onlyB.app, fromA2.state, fromA2.cookie)

    // The newest secret seals: a login started after the rotation survives dropping A.
    const fromRotated = await login(rotated.app)
    assert.equal((await callback(onlyB.app, fromRotated.state, fromRotated.cookie)).statusCode, 200)
    const fromRotated2 = await login(rotated.app)
    await assertMismatch(withA.app, fromRotated2.state, fromRotated2.cookie)
  })
})

describe('the state cookie', () => {
  test('HttpOnly, SameSite=Lax, Path=/, no Domain, not Secure over http, Max-Age of the 10 minutes a login may take', async (t) => {
    const { app } = await build(t)
    const started = await login(app)
    assert.equal(started.name, 'oauth-provider')
    assert.ok(started.attributes.has('httponly'))
    assert.equal(started.attributes.get('samesite'), 'Lax')
    assert.equal(started.attributes.get('path'), '/')
    assert.ok(!started.attributes.has('domain'))
    assert.ok(!started.attributes.has('secure'))
    const maxAge = Number(started.attributes.get('max-age'))
    assert.ok(maxAge >= 595 && maxAge <= 600, String(maxAge))
  })

  test("publicUrl's host in another case, or with http's default port, is the same host: no hint", async (t) => {
    const built = await build(t)
    for (const host of ['APP.localhost', 'app.localhost:80']) {
      const res = await built.app.inject({ method: 'GET', url: '/provider/callback?code=c&state=s', headers: { host } })
      assert.deepEqual(res.json(), { error: 'OAUTH_STATE_MISMATCH', message: NO_PENDING })
    }
  })

  test('with an https publicUrl: Secure, and named with the __Host- prefix', async (t) => {
    const { app } = await build(t, { plugin: { publicUrl: 'https://app.example' } })
    const started = await login(app)
    assert.equal(started.name, '__Host-oauth-provider')
    assert.ok(started.attributes.has('secure'))
    assert.ok(started.attributes.has('httponly'))
    assert.equal(started.attributes.get('samesite'), 'Lax')
    // __Host- cookies are refused by browsers unless Path=/ and no Domain.
    assert.equal(started.attributes.get('path'), '/')
    assert.ok(!started.attributes.has('domain'))
    assert.equal(started.location.searchParams.get('redirect_uri'), 'https://app.example/provider/callback')

    const done = await callback(app, started.state, started.cookie)
    assert.equal(done.statusCode, 200, done.body)
    const cleared = setCookies(done.headers['set-cookie']).map(parseSetCookie)
    assert.equal(cleared.length, 1)
    assert.equal(cleared[0]?.name, '__Host-oauth-provider')
    assert.equal(cleared[0]?.value, '')
    assert.ok(cleared[0]?.attributes.has('secure'))
    assert.equal(cleared[0]?.attributes.get('path'), '/')
  })

  test('cookie.name renames it; a bad one is a startup error', async (t) => {
    const { app } = await build(t, { plugin: { cookie: { name: 'sid' } } })
    assert.equal((await login(app)).name, 'sid-provider')
    const https = await build(t, { plugin: { cookie: { name: 'sid' }, publicUrl: 'https://app.example' } })
    assert.equal((await login(https.app)).name, '__Host-sid-provider')
    await assert.rejects(
      registerOnly({ secret: SECRET, cookie: { name: 'bad name;' } }),
      assertInvalidOptions('oauth-consumer: "cookie.name" must be 1 to 32 letters, digits, ".", "_" or "-"'),
    )
  })

  test('the login redirect is not cached and sends no Referer; the callback clears the cookie', async (t) => {
    const { app } = await build(t)
    const res = await app.inject({ method: 'GET', url: '/provider/login' })
    assert.equal(res.headers['cache-control'], 'no-store')
    assert.equal(res.headers['referrer-policy'], 'no-referrer')
    const location = new URL(String(res.headers.location))
    assert.equal(location.origin + location.pathname, `${tokens.url}/authorize`)
    assert.equal(location.searchParams.get('redirect_uri'), `${PUBLIC_URL}/provider/callback`)

    const started = await login(app)
    const done = await callback(app, started.state, started.cookie)
    assert.equal(done.headers['cache-control'], 'no-store')
    const cleared = setCookies(done.headers['set-cookie']).map(parseSetCookie)
    assert.equal(cleared[0]?.name, 'oauth-provider')
    assert.equal(cleared[0]?.value, '')
    assert.equal(cleared[0]?.attributes.get('path'), '/')
    // Replaying the callback with the cleared cookie finds nothing pending.
    await assertMismatch(app, started.state, undefined)
  })

  test('its value shows nothing of the state, the verifier, the redirect URI or next', async (t) => {
    const { app } = await build(t)
    const next = '/private/next-path-0123'
    const started = await login(app, `/provider/login?next=${encodeURIComponent(next)}`)
    assert.match(started.value, /^[\w-]+$/)
    const decoded = Buffer.from(started.value, 'base64url')
    for (const text of [started.value, decoded.toString('utf8'), decoded.toString('latin1')]) {
      for (const clear of [started.state, next, 'next-path', 'app.localhost', '"key"', 'verifier', 'expires']) {
        assert.ok(!text.includes(clear), `${JSON.stringify(clear)} readable in the cookie`)
      }
    }
    // Sealed with a fresh IV each time: two logins never share a value.
    assert.notEqual((await login(app)).value, (await login(app)).value)

    const done = await callback(app, started.state, started.cookie)
    assert.equal(done.json<{ next: string }>().next, next)
    // The verifier did travel, inside the cookie: the token request carried the one the challenge was made from.
    const verifier = tokens.to('/token').at(-1)?.form.get('code_verifier')
    assert.match(verifier ?? '', /^[\w-]{43}$/)
  })

  describe('a tampered cookie is a 400 OAUTH_STATE_MISMATCH with no token request', () => {
    const flip = (value: string, at: (length: number) => number): string => {
      const bytes = Buffer.from(value, 'base64url')
      const index = at(bytes.length)
      bytes[index] = (bytes[index] ?? 0) ^ 0x01
      return bytes.toString('base64url')
    }
    const tamperings: readonly { why: string; change: (value: string) => string }[] = [
      { why: 'a bit flipped in the version byte', change: (v) => flip(v, () => 0) },
      { why: 'a bit flipped in the IV', change: (v) => flip(v, () => 5) },
      { why: 'a bit flipped in the ciphertext', change: (v) => flip(v, (n) => Math.floor(n / 2)) },
      { why: 'a bit flipped in the tag', change: (v) => flip(v, (n) => n - 1) },
      { why: 'the last characters cut off', change: (v) => v.slice(0, -4) },
      { why: 'cut in half', change: (v) => v.slice(0, Math.floor(v.length / 2)) },
      { why: 'doubled', change: (v) => v + v },
      { why: 'a short garbage value', change: () => 'x' },
      { why: 'a huge value', change: () => 'A'.repeat(9000) },
    ]
    for (const { why, change } of tamperings) {
      test(why, async (t) => {
        const { app } = await build(t)
        const started = await login(app)
        const changed = change(started.value)
        assert.notEqual(changed, started.value)
        await assertMismatch(app, started.state, `${started.name}=${changed}`)
        // The untouched cookie still works: only the tampering was refused.
        assert.equal((await callback(app, started.state, started.cookie)).statusCode, 200)
      })
    }

    test("another app's cookie, renamed, does not open (the name is authenticated)", async (t) => {
      const { app } = await build(t)
      const other = await login(app, '/other/login')
      assert.equal(other.name, 'oauth-other')
      await assertMismatch(app, other.state, `oauth-provider=${other.value}`)
    })

    test('a cookie past its 10 minutes', async (t) => {
      const { app } = await build(t)
      const started = await login(app)
      const now = Date.now()
      t.mock.method(Date, 'now', () => now + 10 * 60 * 1000 + 1000)
      await assertMismatch(app, started.state, started.cookie)
    })
  })
})

describe('logs', () => {
  test('callback codes, states and tokens are redacted from request logs; the path is kept', async (t) => {
    const built = await build(t, {
      logLevel: 'info',
      setup: (app) => {
        app.get('/oauth1/callback', async () => 'ok')
        app.get('/somewhere', async () => 'ok')
      },
    })
    await built.app.inject({ method: 'GET', url: '/provider/callback?code=SECRETCODE&state=SECRETSTATE&next=%2Fkept' })
    await built.app.inject({
      method: 'GET',
      url: '/oauth1/callback?oauth_token=SECRETTOKEN&oauth_verifier=SECRETVERIFIER&DENIED=SECRETDENIED',
    })
    await built.app.inject({
      method: 'GET',
      url: '/somewhere?access_token=SECRETACCESS&refresh_token=SECRETREFRESH&id_token=SECRETID&client_secret=SECRETCLIENT&token=SECRETT',
    })
    const all = built.rawLogs.join('\n')
    for (const secret of ['SECRETCODE', 'SECRETSTATE', 'SECRETTOKEN', 'SECRETVERIFIER', 'SECRETDENIED']) {
      assert.ok(!all.includes(secret), `${secret} is in the logs`)
    }
    for (const secret of ['SECRETACCESS', 'SECRETREFRESH', 'SECRETID', 'SECRETCLIENT', 'SECRETT']) {
      assert.ok(!all.includes(secret), `${secret} is in the logs`)
    }
    const urls = built.logs
      .filter((line) => line.msg === 'incoming request')
      .map((line) => (line.req as { url: string }).url)
    assert.deepEqual(urls, [
      '/provider/callback?code=[redacted]&state=[redacted]&next=%2Fkept',
      '/oauth1/callback?oauth_token=[redacted]&oauth_verifier=[redacted]&DENIED=[redacted]',
      '/somewhere?access_token=[redacted]&refresh_token=[redacted]&id_token=[redacted]&client_secret=[redacted]&token=[redacted]',
    ])
  })

  test("a route's own log serializers are kept, and its request URL is still redacted", async (t) => {
    const built = await build(t, {
      logLevel: 'info',
      setup: (app) => {
        app.get(
          '/with-serializers',
          { logSerializers: { res: (reply: { statusCode: number }) => ({ status: `HTTP ${reply.statusCode}` }) } },
          async () => 'ok',
        )
      },
    })
    for (let i = 0; i < 2; i++) {
      await built.app.inject({ method: 'GET', url: `/with-serializers?code=SECRETCODE${i}&page=${i}` })
    }
    const lines = built.logs.filter((line) =>
      String((line.req as { url?: string } | undefined)?.url).startsWith('/with'),
    )
    assert.deepEqual(
      lines.map((line) => (line.req as { url: string }).url),
      ['/with-serializers?code=[redacted]&page=0', '/with-serializers?code=[redacted]&page=1'],
    )
    const completed = built.logs.filter((line) => line.msg === 'request completed')
    assert.deepEqual(
      completed.map((line) => line.res),
      [{ status: 'HTTP 200' }, { status: 'HTTP 200' }],
    )
    assert.ok(!built.rawLogs.join('\n').includes('SECRETCODE'))
  })

  test('a callback that reaches no route: the "not found" message and response are redacted', async (t) => {
    const built = await build(t, { logLevel: 'info' })
    const res = await built.app.inject({ method: 'GET', url: '/provider/calback?code=SECRETCODE&state=SECRETSTATE' })
    assert.equal(res.statusCode, 404)
    assert.ok(!res.body.includes('SECRETCODE'))
    const notFound = built.logs.find((line) => typeof line.msg === 'string' && line.msg.includes('not found'))
    assert.ok(notFound, 'fastify logs the unknown route')
    assert.ok(String(notFound.msg).includes('/provider/calback'))
    assert.ok(!String(notFound.msg).includes('SECRETCODE'), 'the code is in the "not found" message')
  })

  // The plugin redacts whatever request serializer fastify was built with: with the exported
  // one as well, nothing is redacted twice over or lost.
  test('with redactingRequestSerializer in the logger, routes before the plugin and 404s are redacted too', async (t) => {
    const lines: string[] = []
    const app = Fastify({
      logger: {
        level: 'info',
        stream: { write: (line: string) => lines.push(line) },
        serializers: { req: redactingRequestSerializer },
      },
    })
    t.after(() => app.close())
    app.get('/early/callback', async () => 'ok')
    await app.register(fastifyOAuth, { oauth: new OAuth(), secret: SECRET, publicUrl: PUBLIC_URL })
    assert.equal((await app.inject({ method: 'GET', url: '/early/callback?code=SECRETCODE' })).statusCode, 200)
    assert.equal(
      (await app.inject({ method: 'GET', url: '/nowhere?code=SECRETCODE&state=SECRETSTATE' })).statusCode,
      404,
    )
    const all = lines.join('\n')
    assert.ok(all.includes('/early/callback'))
    assert.ok(all.includes('/nowhere'))
    assert.ok(!all.includes('SECRETCODE'), 'the code is in the logs')
    assert.ok(!all.includes('SECRETSTATE'), 'the state is in the logs')
  })

  test('a refused callback is logged at info with its code, without the state', async (t) => {
    const built = await build(t, { logLevel: 'info' })
    await built.app.inject({
      method: 'GET',
      url: '/provider/callback?code=SECRETCODE&state=SECRETSTATE',
      headers: { host: PUBLIC_HOST },
    })
    const refused = built.logs.find((line) => line.code === 'OAUTH_STATE_MISMATCH')
    assert.equal(refused?.level, 30)
    assert.equal(refused?.msg, NO_PENDING)
    assert.ok(!built.rawLogs.join('\n').includes('SECRET'))
  })

  test("a token the provider sent but the library refused is not written to the logs with the 502's error", async (t) => {
    const built = await build(t, { logLevel: 'info', tokenPath: '/leaky' })
    const started = await login(built.app)
    const res = await callback(built.app, started.state, started.cookie)
    assert.equal(res.statusCode, 502)
    assert.deepEqual(res.json(), {
      error: 'OAUTH_INVALID_RESPONSE',
      message: 'The token endpoint sent an unsupported token_type "mac"',
    })
    const errors = built.logs.filter((line) => line.level === 50)
    assert.equal(errors.length, 1)
    assert.equal(errors[0]?.msg, 'The token endpoint sent an unsupported token_type "mac"')
    const all = built.rawLogs.join('\n')
    assert.ok(!all.includes(LEAKED_ACCESS), 'the access token is in the logs')
    assert.ok(!all.includes(LEAKED_REFRESH), 'the refresh token is in the logs')
  })
})

describe('error mapping', () => {
  test('an OAuthError thrown in a route is { error: code, message } with its status', async (t) => {
    const app = Fastify()
    t.after(() => app.close())
    await app.register(fastifyOAuth, { oauth: new OAuth(), secret: SECRET, publicUrl: PUBLIC_URL })
    app.get('/no-token', async () => {
      throw new OAuthError('OAUTH_NO_TOKEN', 'Sign in first')
    })
    app.get('/teapot', async () => {
      throw new OAuthError('OAUTH_ACCESS_DENIED', 'No tea', { statusCode: 418 })
    })
    app.get('/unknown', async () => app.oauth.get('nope'))
    app.get('/plain', async () => {
      throw new Error('boom')
    })
    app.get('/conflict', async () => {
      throw Object.assign(new Error('conflict'), { statusCode: 409 })
    })
    app.post('/validated', { schema: { body: { type: 'object', required: ['name'] } } }, async () => ({ ok: true }))

    const noToken = await app.inject({ method: 'GET', url: '/no-token' })
    assert.equal(noToken.statusCode, 401)
    assert.match(String(noToken.headers['content-type']), /^application\/json/)
    assert.deepEqual(noToken.json(), { error: 'OAUTH_NO_TOKEN', message: 'Sign in first' })

    const teapot = await app.inject({ method: 'GET', url: '/teapot' })
    assert.equal(teapot.statusCode, 418)
    assert.deepEqual(teapot.json(), { error: 'OAUTH_ACCESS_DENIED', message: 'No tea' })

    const unknown = await app.inject({ method: 'GET', url: '/unknown' })
    assert.equal(unknown.statusCode, 404)
    assert.deepEqual(unknown.json(), {
      error: 'OAUTH_UNKNOWN_APP',
      message: 'No remote app named "nope"; none are registered',
    })

    // Anything else still goes through fastify's own handler.
    const plain = await app.inject({ method: 'GET', url: '/plain' })
    assert.equal(plain.statusCode, 500)
    assert.deepEqual(plain.json(), { statusCode: 500, error: 'Internal Server Error', message: 'boom' })

    const conflict = await app.inject({ method: 'GET', url: '/conflict' })
    assert.equal(conflict.statusCode, 409)
    assert.deepEqual(conflict.json(), { statusCode: 409, error: 'Conflict', message: 'conflict' })

    const invalid = await app.inject({ method: 'POST', url: '/validated', payload: {} })
    assert.equal(invalid.statusCode, 400)
    assert.equal(invalid.json<{ code: string }>().code, 'FST_ERR_VALIDATION')

    assert.equal((await app.inject({ method: 'GET', url: '/missing' })).statusCode, 404)
  })

  test('app.oauth is the registry given to the plugin', async (t) => {
    const { app, oauth } = await build(t)
    assert.equal(app.oauth, oauth)
    assert.deepEqual([...app.oauth.remoteApps.keys()], ['provider', 'other'])
  })
})

describe('plugin options', () => {
  test('oauth must be a registry', async () => {
    await assert.rejects(
      registerOnly({ oauth: {} as OAuth, secret: SECRET }),
      assertInvalidOptions('oauth-consumer: the plugin needs "oauth", an OAuth registry'),
    )
  })

  test('an http publicUrl outside loopback starts, with a warning that the cookie cannot be Secure', async (t) => {
    const built = await build(t, { plugin: { publicUrl: 'http://app.example' }, logLevel: 'warn' })
    assert.deepEqual(
      built.logs.filter((line) => line.level === 40).map((line) => line.msg),
      [
        'oauth-consumer: "publicUrl" http://app.example is plain http: the state cookie cannot be Secure, and codes travel in the clear. Use https outside development.',
      ],
    )
    for (const publicUrl of ['https://app.example', 'http://localhost:3000', 'http://127.0.0.1:8080']) {
      const quiet = await build(t, { plugin: { publicUrl }, logLevel: 'warn' })
      assert.deepEqual(quiet.rawLogs, [], publicUrl)
    }
  })

  for (const publicUrl of ['app.example', 'ftp://app.example', 'https://user:pass@app.example']) {
    test(`publicUrl ${publicUrl} is refused`, async () => {
      await assert.rejects(
        registerOnly({ secret: SECRET, publicUrl }),
        assertInvalidOptions(
          `oauth-consumer: "publicUrl" must be the app's external http(s) origin, e.g. https://app.example.com; got ${JSON.stringify(publicUrl)}`,
        ),
      )
    })
  }
})

describe('authorize() without the plugin, or without publicUrl', () => {
  test('a registry the plugin was not given is OAUTH_NOT_MOUNTED', async (t) => {
    const unmounted = new OAuth().remoteApp('lonely', {
      authorizeUrl: `${tokens.url}/authorize`,
      accessTokenUrl: `${tokens.url}/token`,
      clientId: 'c',
      clientSecret: 's',
    })
    const app = Fastify()
    t.after(() => app.close())
    await app.register(fastifyOAuth, { oauth: new OAuth(), secret: SECRET, publicUrl: PUBLIC_URL })
    app.get('/login', (_request, reply) => unmounted.authorize(reply, { callback: '/callback' }))
    app.get(
      '/callback',
      unmounted.authorizedHandler(async () => 'never'),
    )
    const expected = {
      error: 'OAUTH_NOT_MOUNTED',
      message:
        'Signing users in needs a web framework: register the plugin first, e.g. app.register(fastifyOAuth, { oauth, secret })',
    }
    const res = await app.inject({ method: 'GET', url: '/login' })
    assert.equal(res.statusCode, 500)
    assert.deepEqual(res.json(), expected)
    assert.equal(res.headers['set-cookie'], undefined)
    const cb = await app.inject({ method: 'GET', url: '/callback?code=x&state=y' })
    assert.equal(cb.statusCode, 500)
    assert.deepEqual(cb.json(), expected)
  })

  test('without publicUrl the plugin does not start, whatever the Host header would say', async () => {
    await assert.rejects(
      registerOnly({ publicUrl: undefined } as unknown as Partial<FastifyOAuthOptions>),
      assertInvalidOptions(
        'oauth-consumer: the plugin needs "publicUrl", the app\'s external origin as browsers reach it (e.g. https://app.example.com, or http://localhost:3000 in development): callback URLs and the state cookie\'s attributes are made from it',
      ),
    )
  })

  test('an absolute callback on the public origin is sent as given', async (t) => {
    const oauth = new OAuth()
    const remote = oauth.remoteApp('provider', {
      authorizeUrl: `${tokens.url}/authorize`,
      accessTokenUrl: `${tokens.url}/token`,
      clientId: 'c',
      clientSecret: 's',
    })
    const app = Fastify()
    t.after(() => app.close())
    await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: 'https://app.example' })
    app.get('/login', (_request, reply) => remote.authorize(reply, { callback: 'https://app.example/cb' }))
    const res = await app.inject({ method: 'GET', url: '/login' })
    assert.equal(res.statusCode, 302)
    assert.equal(new URL(String(res.headers.location)).searchParams.get('redirect_uri'), 'https://app.example/cb')
  })
})

describe('routes: login and callback routes for every app, against a real authorization server', () => {
  let provider: OAuth2Server
  let withDenied: TestApp
  let withoutDenied: TestApp
  const denials: { name: string; code: string; error: unknown }[] = []

  function localApp(oauth: OAuth): RemoteApp {
    return oauth.remoteApp('local', {
      baseUrl: provider.apiUrl,
      authorizeUrl: `${provider.issuer}/auth`,
      accessTokenUrl: `${provider.issuer}/token`,
      clientId: 'routes-app',
      clientSecret: 'routes-app-secret-0123456789abcdef',
      scope: ['notes'],
    })
  }

  before(async () => {
    const [portA, portB] = [await freePort(), await freePort()]
    provider = await startOAuth2Provider({
      clients: [
        client('routes-app', 'client_secret_post', [
          `http://127.0.0.1:${portA}/auth/local/callback`,
          `http://127.0.0.1:${portB}/sso/local/callback`,
        ]),
      ],
    })
    const oauthA = new OAuth({ timeout: 5000 })
    localApp(oauthA)
    withDenied = await startApp(oauthA, () => {}, {
      port: portA,
      routes: {
        prefix: '/auth',
        async onSuccess(name, resp, request, reply) {
          const remote = oauthA.get(name)
          const me = await remote.get<{ sub: string }>('me', { token: resp })
          return reply.send({
            name,
            signedInAs: me.data.sub,
            tokenType: resp.token_type,
            next: remote.nextUrl(request) ?? null,
          })
        },
        onDenied(name, error, _request, reply) {
          denials.push({ name, code: error.code, error: error.data?.error })
          return reply.code(403).send({ name, denied: error.code })
        },
      },
    })
    const oauthB = new OAuth({ timeout: 5000 })
    localApp(oauthB)
    withoutDenied = await startApp(oauthB, () => {}, {
      port: portB,
      routes: {
        // A trailing slash is trimmed.
        prefix: '/sso/',
        onSuccess: (name, _resp, _request, reply) => reply.send({ name }),
      },
    })
  })

  after(async () => {
    await withDenied.close()
    await withoutDenied.close()
    await provider.close()
  })

  test('GET {prefix}/:name/login then the callback signs the user in through onSuccess', async () => {
    const browser = new Browser()
    const start = await browser.get(`${withDenied.url}/auth/local/login?next=/dashboard`)
    assert.equal(start.status, 302, start.text)
    const authorize = new URL(start.location ?? '')
    assert.equal(authorize.origin + authorize.pathname, `${provider.issuer}/auth`)
    assert.equal(authorize.searchParams.get('redirect_uri'), `${withDenied.url}/auth/local/callback`)
    assert.equal(authorize.searchParams.get('client_id'), 'routes-app')
    const back = await signInAt(authorize, { login: 'route-user' })
    const done = await browser.get(back)
    assert.equal(done.status, 200, done.text)
    assert.deepEqual(done.json(), { name: 'local', signedInAs: 'route-user', tokenType: 'Bearer', next: '/dashboard' })
  })

  test('a denial goes to onDenied with the OAuthError', async () => {
    const browser = new Browser()
    const start = await browser.get(`${withDenied.url}/auth/local/login`)
    const before = provider.tokenRequests
    const back = await signInAt(start.location ?? '', { login: 'refuser', deny: true })
    const done = await browser.get(back)
    assert.equal(done.status, 403, done.text)
    assert.deepEqual(done.json(), { name: 'local', denied: 'OAUTH_ACCESS_DENIED' })
    assert.deepEqual(denials.at(-1), { name: 'local', code: 'OAUTH_ACCESS_DENIED', error: 'access_denied' })
    assert.equal(provider.tokenRequests, before)
  })

  test('without onDenied, a denial is a 400 OAUTH_ACCESS_DENIED', async () => {
    const browser = new Browser()
    const start = await browser.get(`${withoutDenied.url}/sso/local/login`)
    assert.equal(start.status, 302, start.text)
    assert.equal(
      new URL(start.location ?? '').searchParams.get('redirect_uri'),
      `${withoutDenied.url}/sso/local/callback`,
    )
    const back = await signInAt(start.location ?? '', { login: 'refuser', deny: true })
    const description = back.searchParams.get('error_description')
    const done = await browser.get(back)
    assert.equal(done.status, 400, done.text)
    assert.deepEqual(done.json(), {
      error: 'OAUTH_ACCESS_DENIED',
      message: description === null ? 'The user denied access' : `The user denied access: ${description}`,
    })
  })

  test('an unknown app name is a 404 OAUTH_UNKNOWN_APP, at login and at the callback', async () => {
    for (const path of ['/auth/nope/login', '/auth/nope/callback?code=x&state=y']) {
      const res = await new Browser().get(`${withDenied.url}${path}`)
      assert.equal(res.status, 404)
      assert.deepEqual(res.json(), {
        error: 'OAUTH_UNKNOWN_APP',
        message: 'No remote app named "nope"',
      })
      assert.deepEqual(res.setCookies, [])
    }
  })

  test('a callback without a started login is a 400 OAUTH_STATE_MISMATCH', async () => {
    const before = provider.tokenRequests
    const res = await new Browser().get(`${withDenied.url}/auth/local/callback?code=x&state=y`)
    assert.equal(res.status, 400)
    assert.equal(res.json<{ error: string }>().error, 'OAUTH_STATE_MISMATCH')
    assert.equal(provider.tokenRequests, before)
  })

  test('apps registered after the plugin are served too', async (t) => {
    const oauth = new OAuth()
    const app = Fastify()
    t.after(() => app.close())
    await app.register(fastifyOAuth, {
      oauth,
      secret: SECRET,
      publicUrl: PUBLIC_URL,
      routes: { onSuccess: (_name, _resp, _request, reply) => reply.send('ok') },
    })
    oauth.remoteApp('late', {
      authorizeUrl: `${tokens.url}/authorize`,
      accessTokenUrl: `${tokens.url}/token`,
      clientId: 'c',
      clientSecret: 's',
    })
    const res = await app.inject({ method: 'GET', url: '/auth/late/login' })
    assert.equal(res.statusCode, 302)
    assert.equal(
      new URL(String(res.headers.location)).searchParams.get('redirect_uri'),
      `${PUBLIC_URL}/auth/late/callback`,
    )
  })

  test('routes without onSuccess, or with a bad prefix are startup errors', async () => {
    const onSuccess = () => undefined
    await assert.rejects(
      registerOnly({
        secret: SECRET,
        publicUrl: PUBLIC_URL,
        routes: {} as FastifyOAuthOptions['routes'],
      }),
      assertInvalidOptions('oauth-consumer: "routes.onSuccess" must be a function'),
    )
    await assert.rejects(
      registerOnly({ secret: SECRET, publicUrl: PUBLIC_URL, routes: { prefix: 'auth', onSuccess } }),
      assertInvalidOptions('oauth-consumer: "routes.prefix" must be a path; got "auth"'),
    )
  })
})
