import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { OAuth, type OAuth2Token, OAuthError, type RemoteApp, type RemoteAppOptions, VERSION } from 'oauth-consumer'
import { parseSetCookie } from 'oauth-consumer/testing'
import { startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'
import { assertClassAgrees } from '../helpers/error-classes.js'
import {
  type FaultServer,
  GOOD_TOKEN,
  type RecordedRequest,
  sendJson,
  startFaultServer,
  tokenFaultHandlers,
} from '../helpers/fault-server.js'

interface Fault {
  /** The fault server's path, also the remote app's name. */
  readonly path: string
  readonly why: string
  readonly status: number
  readonly code: string
  readonly message: (tokenOrigin: string) => string
  readonly timeout?: number
}

const faults: readonly Fault[] = [
  {
    path: 'html-500',
    why: 'an HTML error page with HTTP 500',
    status: 502,
    code: 'OAUTH_TOKEN_REQUEST_FAILED',
    message: () => 'The token endpoint answered HTTP 500',
  },
  {
    path: 'error-400',
    why: 'an RFC 6749 §5.2 error with HTTP 400',
    status: 502,
    code: 'OAUTH_TOKEN_REQUEST_FAILED',
    message: () => 'The token endpoint refused: invalid_client: Unknown client',
  },
  {
    path: 'error-in-200',
    why: 'a JSON error inside an HTTP 200',
    status: 502,
    code: 'OAUTH_TOKEN_REQUEST_FAILED',
    message: () => 'The token endpoint refused: invalid_grant: The authorization code has expired',
  },
  {
    path: 'github-error',
    why: 'a GitHub-style urlencoded error in a text/plain 200',
    status: 502,
    code: 'OAUTH_TOKEN_REQUEST_FAILED',
    message: () => 'The token endpoint refused: bad_verification_code: The code passed is incorrect or expired.',
  },
  {
    path: 'html-200',
    why: 'an HTML page with HTTP 200',
    status: 502,
    code: 'OAUTH_INVALID_RESPONSE',
    message: () => 'The token endpoint sent a body that is neither JSON nor form data',
  },
  {
    path: 'invalid-json',
    why: 'invalid JSON labelled application/json',
    status: 502,
    code: 'OAUTH_INVALID_RESPONSE',
    message: () => 'The token endpoint sent a body that is neither JSON nor form data',
  },
  {
    path: 'no-access-token',
    why: 'JSON without access_token',
    status: 502,
    code: 'OAUTH_INVALID_RESPONSE',
    message: () => 'The token endpoint sent no access_token',
  },
  {
    path: 'crlf-token',
    why: 'an access_token with CR/LF',
    status: 502,
    code: 'OAUTH_INVALID_RESPONSE',
    message: () => 'The token endpoint sent an access_token with control characters',
  },
  {
    path: 'mac-token',
    why: 'an unknown token_type',
    status: 502,
    code: 'OAUTH_INVALID_RESPONSE',
    message: () => 'The token endpoint sent an unsupported token_type "mac"',
  },
  {
    path: 'bad-expires-in',
    why: 'a non-numeric expires_in',
    status: 502,
    code: 'OAUTH_INVALID_RESPONSE',
    message: () => 'The token endpoint sent a non-numeric expires_in "tomorrow"',
  },
  {
    path: 'redirect',
    why: 'a 307 redirect to another server',
    status: 502,
    code: 'OAUTH_INVALID_RESPONSE',
    message: () => 'The token endpoint answered with a redirect (HTTP 307); credentials are never sent on',
  },
  {
    path: 'no-answer',
    why: 'no answer at all',
    status: 504,
    code: 'OAUTH_TIMEOUT',
    message: () => 'The token endpoint did not answer within 300 ms',
    timeout: 300,
  },
  {
    path: 'reset',
    why: 'a connection reset',
    status: 502,
    code: 'OAUTH_NETWORK_ERROR',
    message: () => 'Could not reach the token endpoint (UND_ERR_SOCKET)',
  },
  {
    path: 'too-large-declared',
    why: 'a Content-Length over the 1 MiB token limit',
    status: 502,
    code: 'OAUTH_RESPONSE_TOO_LARGE',
    message: () => 'The token endpoint sent more than 1048576 bytes',
  },
  {
    path: 'too-large-declared-sent',
    why: 'a whole body over the 1 MiB token limit, with its Content-Length',
    status: 502,
    code: 'OAUTH_RESPONSE_TOO_LARGE',
    message: () => 'The token endpoint sent more than 1048576 bytes',
  },
  {
    path: 'too-large-chunked',
    why: 'a chunked body that grows past the 1 MiB token limit',
    status: 502,
    code: 'OAUTH_RESPONSE_TOO_LARGE',
    message: () => 'The token endpoint sent more than 1048576 bytes',
  },
]

/** Token answers the callback route turns into a signed-in user. */
const successes = ['github-success', 'json-success', 'proto'] as const

interface Harness {
  tokens: FaultServer
  /** Where `/redirect` points; it must never be reached. */
  elsewhere: FaultServer
  app: TestApp
  remotes: Map<string, RemoteApp>
  /** The errors that reached the app's error handler, as thrown. */
  routed: unknown[]
}

let h: Harness

function remoteOptions(tokens: FaultServer, path: string, extra: Partial<RemoteAppOptions> = {}): RemoteAppOptions {
  return {
    authorizeUrl: `${tokens.url}/authorize`,
    accessTokenUrl: `${tokens.url}/${path}`,
    clientId: 'the-client',
    clientSecret: 'the-client-secret',
    ...extra,
  }
}

before(async () => {
  const elsewhere = await startFaultServer({ '/token': (_req, res) => sendJson(res, 200, GOOD_TOKEN) })
  const tokens = await startFaultServer(tokenFaultHandlers(elsewhere.url))
  const oauth = new OAuth({ timeout: 5000 })
  const remotes = new Map<string, RemoteApp>()
  for (const fault of faults) {
    remotes.set(
      fault.path,
      oauth.remoteApp(
        fault.path,
        remoteOptions(tokens, fault.path, fault.timeout === undefined ? {} : { timeout: fault.timeout }),
      ),
    )
  }
  for (const path of successes) remotes.set(path, oauth.remoteApp(path, remoteOptions(tokens, path)))
  const routed: unknown[] = []
  const app = await startApp(oauth, (fastify: FastifyInstance) => {
    fastify.addHook('onError', async (_request, _reply, error) => {
      routed.push(error)
    })
    for (const remote of remotes.values()) {
      fastify.get(`/${remote.name}/login`, (_request, reply) =>
        remote.authorize(reply, { callback: `/${remote.name}/callback` }),
      )
      fastify.get(
        `/${remote.name}/callback`,
        remote.authorizedHandler(async (resp) => ({
          token: resp,
          // Seen here rather than after JSON serialization, which would hide a polluted prototype.
          plainObject: resp !== null && Object.getPrototypeOf(resp) === Object.prototype,
          ownProto: resp !== null && Object.hasOwn(resp, '__proto__'),
          polluted: ({} as Record<string, unknown>).polluted ?? null,
        })),
      )
    }
  })
  h = { tokens, elsewhere, app, remotes, routed }
})

after(async () => {
  await h.app.close()
  await h.tokens.close()
  await h.elsewhere.close()
})

/** Starts a login in a fresh browser; resolves to the browser and the state the app sent to the provider. */
async function startLogin(name: string): Promise<{ browser: Browser; state: string; redirectUri: string }> {
  const browser = new Browser()
  const start = await browser.get(`${h.app.url}/${name}/login`)
  assert.equal(start.status, 302, start.text)
  const authorize = new URL(start.location ?? '')
  assert.equal(authorize.origin + authorize.pathname, `${h.tokens.url}/authorize`)
  const state = authorize.searchParams.get('state')
  const redirectUri = authorize.searchParams.get('redirect_uri')
  assert.ok(state)
  assert.equal(redirectUri, `${h.app.url}/${name}/callback`)
  return { browser, state, redirectUri }
}

function assertTokenRequest(request: RecordedRequest | undefined, redirectUri: string): void {
  assert.ok(request, 'the token endpoint was called')
  assert.equal(request.method, 'POST')
  assert.equal(request.form.get('grant_type'), 'authorization_code')
  assert.equal(request.form.get('code'), 'x')
  assert.equal(request.form.get('redirect_uri'), redirectUri)
  assert.match(request.form.get('code_verifier') ?? '', /^[\w-]{43}$/)
}

async function assertStillServes(): Promise<void> {
  const health = await new Browser().get(`${h.app.url}/health`)
  assert.equal(health.status, 200)
  assert.deepEqual(health.json(), { ok: true })
}

describe('a misbehaving token endpoint becomes a JSON error from the callback route', () => {
  for (const fault of faults) {
    test(`${fault.why}: ${fault.status} ${fault.code}`, async () => {
      const { browser, state, redirectUri } = await startLogin(fault.path)
      const before = h.tokens.to(`/${fault.path}`).length
      const started = Date.now()
      const done = await browser.get(`${h.app.url}/${fault.path}/callback?code=x&state=${encodeURIComponent(state)}`)
      const elapsed = Date.now() - started

      assert.equal(done.status, fault.status, done.text.slice(0, 300))
      assert.match(String(done.headers['content-type']), /^application\/json/)
      assert.deepEqual(done.json(), { error: fault.code, message: fault.message(h.tokens.url) })
      const error = h.routed.at(-1)
      assertClassAgrees(error)
      assert.equal(error.code, fault.code)
      assert.equal(done.headers['cache-control'], 'no-store')
      // The pending login is spent even though the exchange failed.
      const cookie = done.setCookies.map(parseSetCookie).find((c) => c.name === `oauth-${fault.path}`)
      assert.equal(cookie?.value, '')

      const calls = h.tokens.to(`/${fault.path}`)
      assert.equal(calls.length, before + 1, 'exactly one token request, never retried')
      assertTokenRequest(calls.at(-1), redirectUri)
      if (fault.timeout !== undefined) {
        assert.ok(elapsed >= fault.timeout - 20, `answered after ${elapsed} ms`)
        assert.ok(elapsed < fault.timeout + 2000, `answered after ${elapsed} ms`)
      }
      await assertStillServes()
    })
  }

  test('a 307 from the token endpoint is not followed: the other server receives nothing', async () => {
    const { browser, state } = await startLogin('redirect')
    const done = await browser.get(`${h.app.url}/redirect/callback?code=x&state=${state}`)
    assert.equal(done.status, 502)
    assert.deepEqual(h.elsewhere.requests, [])
  })

  test('replaying a callback whose exchange failed is a state mismatch and makes no second token request', async () => {
    const { browser, state } = await startLogin('html-500')
    const callback = `${h.app.url}/html-500/callback?code=x&state=${state}`
    assert.equal((await browser.get(callback)).status, 502)
    const before = h.tokens.to('/html-500').length
    const replay = await browser.get(callback)
    assert.equal(replay.status, 400)
    assert.equal(replay.json<{ error: string }>().error, 'OAUTH_STATE_MISMATCH')
    assert.equal(h.tokens.to('/html-500').length, before)
  })
})

describe('tolerant reads of successful token answers', () => {
  test('a GitHub-style urlencoded answer signs the user in', async () => {
    const { browser, state } = await startLogin('github-success')
    const done = await browser.get(`${h.app.url}/github-success/callback?code=x&state=${state}`)
    assert.equal(done.status, 200, done.text)
    assert.deepEqual(done.json<{ token: unknown }>().token, {
      access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a',
      scope: 'repo,gist',
      token_type: 'bearer',
      callbackParams: {},
    })
    assert.equal(done.json<{ plainObject: boolean }>().plainObject, true, 'form data becomes a plain object')
    await assertStillServes()
  })

  test('"__proto__" in the JSON is dropped: the token is a plain object and no prototype is polluted', async () => {
    const { browser, state } = await startLogin('proto')
    const done = await browser.get(`${h.app.url}/proto/callback?code=x&state=${state}`)
    assert.equal(done.status, 200, done.text)
    const body = done.json<{ token: Record<string, unknown>; plainObject: boolean; ownProto: boolean }>()
    assert.equal(body.plainObject, true)
    assert.equal(body.ownProto, false)
    assert.deepEqual(done.json<{ polluted: unknown }>().polluted, null)
    assert.equal(body.token.access_token, 'abc')
    assert.equal(body.token.token_type, 'bearer')
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    await assertStillServes()
  })

  test('exchangeCode computes expires_at, in seconds, from expires_in at receipt', async () => {
    const remote = h.remotes.get('json-success')
    assert.ok(remote)
    const from = Math.floor(Date.now() / 1000)
    const token = await remote.exchangeCode('direct-code', {
      redirectUri: 'http://127.0.0.1:1/cb',
      codeVerifier: 'v'.repeat(43),
    })
    const to = Math.floor(Date.now() / 1000)
    const { expires_at, ...rest } = token
    assert.deepEqual(rest, GOOD_TOKEN)
    assert.equal(typeof expires_at, 'number')
    assert.ok(expires_at !== undefined && expires_at >= from + 3600 && expires_at <= to + 3600, String(expires_at))
    const request = h.tokens.to('/json-success').at(-1)
    assert.deepEqual(Object.fromEntries(request?.form ?? []), {
      grant_type: 'authorization_code',
      code: 'direct-code',
      redirect_uri: 'http://127.0.0.1:1/cb',
      code_verifier: 'v'.repeat(43),
      client_id: 'the-client',
      client_secret: 'the-client-secret',
    })
  })
})

describe('token requests and answers, against a token endpoint that records what it is sent', () => {
  let server: FaultServer
  /** What the next answer is; each test sets it. */
  let answer: { status: number; body: Record<string, unknown> }

  before(async () => {
    server = await startFaultServer({
      '/token': (_req, res) => sendJson(res, answer.status, answer.body),
    })
  })
  after(() => server.close())

  function remote(extra: Partial<RemoteAppOptions>): RemoteApp {
    return new OAuth().remoteApp('recorded', { ...remoteOptions(server, 'token'), ...extra }, { register: false })
  }

  async function exchange(app: RemoteApp): Promise<{ token: OAuth2Token; request: RecordedRequest }> {
    const before = server.requests.length
    const token = await app.exchangeCode('the-code', { redirectUri: 'https://app.example/cb', codeVerifier: 'cv' })
    assert.equal(server.requests.length, before + 1)
    const request = server.requests.at(-1)
    assert.ok(request)
    return { token, request }
  }

  function assertCommonHeaders(request: RecordedRequest): void {
    assert.equal(request.headers.accept, 'application/json')
    assert.equal(request.headers['user-agent'], `oauth-consumer/${VERSION}`)
  }

  test('a string expires_in is accepted as a number', async () => {
    answer = { status: 200, body: { access_token: 'a', token_type: 'bearer', expires_in: '7200' } }
    const from = Math.floor(Date.now() / 1000)
    const { token } = await exchange(remote({}))
    assert.equal(token.expires_in, 7200)
    assert.ok(token.expires_at !== undefined && token.expires_at >= from + 7200 && token.expires_at <= from + 7202)
  })

  test('a token without expires_in has no expires_at', async () => {
    answer = { status: 200, body: { access_token: 'a', token_type: 'bearer' } }
    const { token } = await exchange(remote({}))
    assert.deepEqual(token, { access_token: 'a', token_type: 'bearer' })
  })

  test('client_secret_post (the default): client_id and client_secret in the form body, no Authorization', async () => {
    answer = { status: 200, body: { access_token: 'a' } }
    const { request } = await exchange(remote({}))
    assert.equal(request.method, 'POST')
    assert.equal(request.url, '/token')
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded')
    assertCommonHeaders(request)
    assert.equal(request.headers.authorization, undefined)
    assert.deepEqual(Object.fromEntries(request.form), {
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://app.example/cb',
      code_verifier: 'cv',
      client_id: 'the-client',
      client_secret: 'the-client-secret',
    })
  })

  test('client_secret_basic: Basic with the form-urlencoded id and secret, and no secret in the body', async () => {
    answer = { status: 200, body: { access_token: 'a' } }
    const app = remote({
      clientId: 'client id:1',
      clientSecret: 'p@ss/w+rd',
      tokenEndpointAuthMethod: 'client_secret_basic',
    })
    const { request } = await exchange(app)
    // RFC 6749 §2.3.1: each part is form-urlencoded before Base64, so ':' in the id cannot split it.
    const expected = `Basic ${Buffer.from('client+id%3A1:p%40ss%2Fw%2Brd').toString('base64')}`
    assert.equal(request.headers.authorization, expected)
    assertCommonHeaders(request)
    assert.deepEqual(Object.fromEntries(request.form), {
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://app.example/cb',
      code_verifier: 'cv',
    })
    assert.ok(!request.body.toString().includes('p%40ss'))
  })

  test('none: client_id alone in the body', async () => {
    answer = { status: 200, body: { access_token: 'a' } }
    const app = new OAuth().remoteApp(
      'public',
      {
        authorizeUrl: `${server.url}/authorize`,
        accessTokenUrl: `${server.url}/token`,
        clientId: 'public-client',
        tokenEndpointAuthMethod: 'none',
      },
      { register: false },
    )
    const { request } = await exchange(app)
    assert.equal(request.headers.authorization, undefined)
    assert.deepEqual(Object.fromEntries(request.form), {
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://app.example/cb',
      code_verifier: 'cv',
      client_id: 'public-client',
    })
  })

  test("accessTokenMethod 'GET': the parameters travel in the query, with no body", async () => {
    answer = { status: 200, body: { access_token: 'a' } }
    const { request } = await exchange(remote({ accessTokenMethod: 'GET' }))
    assert.equal(request.method, 'GET')
    assert.equal(request.body.length, 0)
    assert.equal(request.headers['content-type'], undefined)
    assertCommonHeaders(request)
    assert.equal(request.path, '/token')
    assert.deepEqual(Object.fromEntries(request.query), {
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://app.example/cb',
      code_verifier: 'cv',
      client_id: 'the-client',
      client_secret: 'the-client-secret',
    })
  })

  test('accessTokenParams are added, and cannot replace the grant', async () => {
    answer = { status: 200, body: { access_token: 'a' } }
    const { request } = await exchange(
      remote({ accessTokenParams: { resource: 'https://api.example/', code: 'not-the-code' } }),
    )
    assert.equal(request.form.get('resource'), 'https://api.example/')
    assert.deepEqual(request.form.getAll('code'), ['the-code'])
  })

  test('refreshToken sends the refresh grant; an answer without refresh_token keeps the old one', async () => {
    answer = { status: 200, body: { access_token: 'new-access', token_type: 'bearer', expires_in: 60 } }
    const app = remote({})
    const token = await app.refreshToken('old-refresh')
    assert.equal(token.access_token, 'new-access')
    assert.equal(token.refresh_token, 'old-refresh')
    assert.equal(token.expires_in, 60)
    assert.deepEqual(Object.fromEntries(server.requests.at(-1)?.form ?? []), {
      grant_type: 'refresh_token',
      refresh_token: 'old-refresh',
      client_id: 'the-client',
      client_secret: 'the-client-secret',
    })

    answer = { status: 200, body: { access_token: 'newer-access', refresh_token: 'rotated-refresh' } }
    assert.equal((await app.refreshToken('old-refresh')).refresh_token, 'rotated-refresh')
  })

  test('a refused refresh is OAUTH_REFRESH_FAILED with what the provider said', async () => {
    answer = { status: 400, body: { error: 'invalid_grant', error_description: 'Refresh token revoked' } }
    await assert.rejects(remote({}).refreshToken('old-refresh'), (error: unknown) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_REFRESH_FAILED')
      assert.equal(error.statusCode, 401)
      assert.equal(error.type, 'invalid_grant')
      assert.deepEqual(error.data, { error: 'invalid_grant', error_description: 'Refresh token revoked' })
      assert.equal(error.response?.status, 400)
      return true
    })
  })

  test('a refusal from exchangeCode carries error, error_description and error_uri in data', async () => {
    answer = {
      status: 200,
      body: {
        error: 'invalid_grant',
        error_description: 'Code expired',
        error_uri: 'https://provider.example/e',
        access_token: 'ignored',
      },
    }
    await assert.rejects(remote({}).exchangeCode('the-code'), (error: unknown) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_TOKEN_REQUEST_FAILED')
      assert.equal(error.statusCode, 502)
      assert.equal(error.type, 'invalid_grant')
      assert.equal(error.message, 'The token endpoint refused: invalid_grant: Code expired')
      assert.deepEqual(error.data, {
        error: 'invalid_grant',
        error_description: 'Code expired',
        error_uri: 'https://provider.example/e',
      })
      return true
    })
  })
})
