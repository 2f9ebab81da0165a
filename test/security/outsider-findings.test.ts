import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import Fastify, { type FastifyInstance } from 'fastify'
import { OAuth, type OAuth2Token, OAuthError, type RemoteAppOptions } from 'oauth-consumer'
import fastifyOAuth, { type FastifyOAuthOptions } from 'oauth-consumer/fastify'
import { parseSetCookie } from 'oauth-consumer/testing'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * Regressions for the holes an outside attack on the library found (issue 11): a provider
 * forging another's identity through its token answer, state cookies without `Secure` or
 * `__Host-`, a background job reaching a finished request's token, and the smaller ones —
 * degenerate secrets, one secret shared by two deployments, unusable token fields, internal
 * origins in error answers.
 */
let provider: MockServer
let tokenAnswer: Record<string, unknown> = {}
let apiCalls: { authorization: string | undefined; url: string }[] = []

before(async () => {
  provider = await mockServer((req, _body, res) => {
    if (req.url?.startsWith('/token')) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(tokenAnswer))
      return
    }
    apiCalls.push({ authorization: req.headers.authorization, url: req.url ?? '' })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"ok":true}')
  })
})
after(() => provider.close())

const secret = () => randomBytes(32).toString('base64url')

function deferred(): { promise: Promise<unknown>; resolve: (value: unknown) => void } {
  let resolve: (value: unknown) => void = () => {}
  const promise = new Promise<unknown>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

function oauth2(): RemoteAppOptions {
  return {
    authorizeUrl: `${provider.url}/authorize`,
    accessTokenUrl: `${provider.url}/token`,
    baseUrl: `${provider.url}/api/`,
    clientId: 'client',
    clientSecret: 'client-secret',
  }
}

function cookieHeader(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'] as string | string[] | undefined
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  return lines
    .map(parseSetCookie)
    .map((c) => `${c.name}=${c.value}`)
    .join('; ')
}

/** A sign-in through the plugin's routes, ending at the handler's JSON. */
async function signIn(app: FastifyInstance): Promise<Record<string, unknown>> {
  const login = await app.inject('/login')
  const state = new URL(String(login.headers.location)).searchParams.get('state')
  const res = await app.inject({ url: `/cb?code=c0de&state=${state}`, headers: { cookie: cookieHeader(login) } })
  assert.equal(res.statusCode, 200, res.body)
  return res.json()
}

/** An app with a login and a callback route whose handler answers the token it got. */
async function signInApp(
  options: RemoteAppOptions = oauth2(),
  { publicUrl = 'http://127.0.0.1:3000', timeout = 2000, key = secret() } = {},
): Promise<FastifyInstance> {
  const oauth = new OAuth({ timeout })
  const remote = oauth.remoteApp('provider', options)
  const app = Fastify()
  await app.register(fastifyOAuth, { oauth, secret: key, publicUrl })
  app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/cb' }))
  app.get(
    '/cb',
    remote.authorizedHandler((resp) => resp),
  )
  return app
}

describe('finding 1: fields the library defines never come from the provider', () => {
  test('a token answer\'s own "claims" and "expires_at" never reach the handler of an OAuth 2.0 app', async () => {
    tokenAnswer = {
      access_token: 'at-1',
      token_type: 'bearer',
      claims: { iss: 'https://accounts.google.com', sub: 'victim' },
      expires_at: 4102444800,
      callbackParams: { user: 'forged' },
    }
    const app = await signInApp()
    const resp = await signIn(app)
    await app.close()
    assert.equal(resp.access_token, 'at-1')
    assert.equal(resp.claims, undefined)
    assert.equal(resp.expires_at, undefined)
    // The callback carried only code and state: the sign-in's own callbackParams is empty.
    assert.deepEqual(resp.callbackParams, {})
  })

  test("expires_at is computed from expires_in, whatever the provider's own expires_at says", async () => {
    tokenAnswer = { access_token: 'at-2', token_type: 'bearer', expires_in: 3600, expires_at: 1 }
    const oauth = new OAuth()
    const remote = oauth.remoteApp('p', oauth2())
    const before = Math.floor(Date.now() / 1000)
    const token = await remote.exchangeCode('c0de')
    assert.ok(typeof token.expires_at === 'number' && token.expires_at >= before + 3600)
  })

  test('a refresh answer cannot bring its own claims', async () => {
    tokenAnswer = { access_token: 'at-3', claims: { iss: 'https://accounts.google.com', sub: 'victim' } }
    const oauth = new OAuth()
    const remote = oauth.remoteApp('p', oauth2())
    const token = await remote.refreshToken('rt')
    assert.equal(token.claims, undefined)
    assert.equal(token.refresh_token, 'rt')
  })
})

describe('finding 2: the state cookie is bound to the configured public origin', () => {
  test('the plugin refuses to start without publicUrl', async () => {
    const app = Fastify()
    await assert.rejects(
      async () => {
        await app.register(fastifyOAuth, { oauth: new OAuth(), secret: secret() } as FastifyOAuthOptions)
        await app.ready()
      },
      (error: unknown) =>
        error instanceof OAuthError &&
        error.code === 'OAUTH_INVALID_OPTIONS' &&
        /"publicUrl"/.test(error.message) &&
        /https:\/\/app\.example\.com/.test(error.message),
    )
    await app.close()
  })

  test('a callback on another origin or scheme than publicUrl is refused', async () => {
    const oauth = new OAuth()
    const remote = oauth.remoteApp('provider', oauth2())
    const app = Fastify()
    await app.register(fastifyOAuth, { oauth, secret: secret(), publicUrl: 'https://app.example.com' })
    app.get<{ Querystring: { cb: string } }>('/login', (request, reply) =>
      remote.authorize(reply, { callback: request.query.cb }),
    )
    for (const cb of ['http://app.example.com/cb', 'https://evil.example/cb', 'https://sub.app.example.com/cb']) {
      const res = await app.inject(`/login?cb=${encodeURIComponent(cb)}`)
      // A misuse of authorize() by the app: a 500 for the app's developer, never a redirect.
      assert.equal(res.statusCode, 500, cb)
      assert.deepEqual(
        res.json(),
        {
          error: 'OAUTH_INVALID_ARGUMENT',
          message: `authorize(): the callback ${JSON.stringify(cb)} is not on the app's public origin https://app.example.com; give a path, or a URL on that origin`,
        },
        cb,
      )
      assert.equal(res.headers.location, undefined, cb)
      assert.equal(res.headers['set-cookie'], undefined, cb)
    }
    const same = await app.inject(`/login?cb=${encodeURIComponent('https://app.example.com/cb')}`)
    assert.equal(same.statusCode, 302)
    assert.match(String(same.headers['set-cookie']), /^__Host-oauth-provider=[^;]+;.*; Secure/)
    await app.close()
  })

  test("two deployments sharing one secret do not open each other's state cookies", async () => {
    const shared = secret()
    const deploy = (publicUrl: string) => signInApp(oauth2(), { publicUrl, key: shared })
    const staging = await deploy('https://staging.example.com')
    const production = await deploy('https://app.example.com')
    tokenAnswer = { access_token: 'at-4' }
    const login = await staging.inject('/login')
    const state = new URL(String(login.headers.location)).searchParams.get('state')
    const res = await production.inject({
      url: `/cb?code=c0de&state=${state}`,
      headers: { cookie: cookieHeader(login) },
    })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().error, 'OAUTH_STATE_MISMATCH')
    await Promise.all([staging.close(), production.close()])
  })
})

describe('finding 2: degenerate secrets are refused, random ones never', () => {
  const register = async (given: string) => {
    const app = Fastify()
    try {
      await app.register(fastifyOAuth, { oauth: new OAuth(), secret: given, publicUrl: 'https://app.example.com' })
      await app.ready()
    } finally {
      await app.close()
    }
  }

  for (const [what, given] of [
    ['32 spaces', ' '.repeat(32)],
    ['one repeated character', 'a'.repeat(40)],
    ['a short pattern repeated', 'abcabcabcabcabcabcabcabcabcabcabc'],
    ['a secret with whitespace', 'correct horse battery staple 0123'],
    ['a trailing newline', `${randomBytes(32).toString('hex')}\n`],
  ] as const) {
    test(`${what} is refused with a hint on making one`, async () => {
      await assert.rejects(
        register(given),
        (error: unknown) =>
          error instanceof OAuthError &&
          error.code === 'OAUTH_INVALID_OPTIONS' &&
          /"secret"/.test(error.message) &&
          /randomBytes\(32\)/.test(error.message),
      )
    })
  }

  test('any random hex, base64 or base64url secret of 32 characters or more is accepted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 24, maxLength: 64 }),
        fc.constantFrom('hex', 'base64', 'base64url'),
        async (bytes, encoding) => {
          const given = Buffer.from(bytes).toString(encoding as BufferEncoding)
          fc.pre(given.length >= 32)
          await register(given)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('finding 3: a finished request lends nobody its token', () => {
  test('a job started during a request and run after its response finds no token', async () => {
    const oauth = new OAuth({ timeout: 2000 })
    const remote = oauth.remoteApp('provider', oauth2())
    remote.tokengetter((request) => (request.headers['x-user'] === 'alice' ? 'alice-token' : null))
    const outcome = deferred()
    const app = Fastify()
    await app.register(fastifyOAuth, { oauth, secret: secret(), publicUrl: 'http://127.0.0.1:3000' })
    app.get('/start-job', async () => {
      setTimeout(() => {
        remote.get('me').then(outcome.resolve, outcome.resolve)
      }, 20)
      return { started: true }
    })
    apiCalls = []
    const res = await app.inject({ url: '/start-job', headers: { 'x-user': 'alice' } })
    assert.equal(res.statusCode, 200)
    const result = await outcome.promise
    await app.close()
    assert.ok(result instanceof OAuthError, 'the job must fail')
    assert.equal(result.code, 'OAUTH_NO_TOKEN')
    assert.match(result.message, /after its response was sent/)
    assert.deepEqual(apiCalls, [])
  })

  test('a request whose client went away finds no token', async () => {
    const oauth = new OAuth({ timeout: 2000 })
    const remote = oauth.remoteApp('provider', oauth2())
    remote.tokengetter(() => 'alice-token')
    const arrived = deferred()
    const carryOn = deferred()
    const outcome = deferred()
    const app = Fastify()
    await app.register(fastifyOAuth, { oauth, secret: secret(), publicUrl: 'http://127.0.0.1:3000' })
    app.get('/slow', async () => {
      arrived.resolve(undefined)
      await carryOn.promise
      await remote.get('me').then(outcome.resolve, outcome.resolve)
      return 'late'
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }
    apiCalls = []
    const aborted = new AbortController()
    const call = fetch(`http://127.0.0.1:${port}/slow`, { signal: aborted.signal }).catch(() => 'aborted')
    await arrived.promise
    aborted.abort()
    assert.equal(await call, 'aborted')
    await new Promise((resolve) => setTimeout(resolve, 50))
    carryOn.resolve(undefined)
    const result = await outcome.promise
    await app.close()
    assert.ok(result instanceof OAuthError, 'the call must fail')
    assert.equal(result.code, 'OAUTH_NO_TOKEN')
    assert.deepEqual(apiCalls, [])
  })

  test('a refresh that a finished request started tells the tokenupdater of no request', async () => {
    const oauth = new OAuth({ timeout: 2000 })
    const remote = oauth.remoteApp('provider', oauth2())
    const expired: OAuth2Token = { access_token: 'old', refresh_token: 'rt-job', expires_at: 1 }
    remote.tokengetter(() => expired)
    const told = deferred()
    remote.tokenupdater((_token, request) => told.resolve(request))
    const app = Fastify()
    await app.register(fastifyOAuth, { oauth, secret: secret(), publicUrl: 'http://127.0.0.1:3000' })
    app.get('/start-job', async () => {
      setTimeout(() => {
        remote.get('me', { token: expired }).catch(() => {})
      }, 20)
      return { started: true }
    })
    tokenAnswer = { access_token: 'fresh', expires_in: 3600 }
    await app.inject('/start-job')
    assert.equal(await told.promise, undefined)
    await app.close()
  })
})

describe('the smaller findings', () => {
  test('an access_token that is not printable ASCII is refused at the token step', async () => {
    tokenAnswer = { access_token: 'tök€n', token_type: 'bearer' }
    const remote = new OAuth().remoteApp('p', oauth2())
    await assert.rejects(
      remote.exchangeCode('c0de'),
      (error: unknown) =>
        error instanceof OAuthError &&
        error.code === 'OAUTH_INVALID_RESPONSE' &&
        /not printable ASCII/.test(error.message),
    )
  })

  test('an expires_in of blanks is no expiry, not an expiry of 0', async () => {
    tokenAnswer = { access_token: 'at-5', expires_in: '  ' }
    const remote = new OAuth().remoteApp('p', oauth2())
    const token = await remote.exchangeCode('c0de')
    assert.equal(token.expires_at, undefined)
    assert.equal(token.expires_in, undefined)
  })

  test("error answers do not repeat an internal endpoint's origin", async () => {
    const internal = 'http://127.0.0.1:9' // discard port: nothing listens
    const app = await signInApp({ ...oauth2(), accessTokenUrl: `${internal}/token` }, { timeout: 300 })
    const login = await app.inject('/login')
    const state = new URL(String(login.headers.location)).searchParams.get('state')
    const res = await app.inject({ url: `/cb?code=c0de&state=${state}`, headers: { cookie: cookieHeader(login) } })
    await app.close()
    assert.equal(res.statusCode, 502)
    assert.equal(res.json().error, 'OAUTH_NETWORK_ERROR')
    assert.doesNotMatch(res.body, /127\.0\.0\.1:9/)
  })
})
