import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import {
  createTokenSealer,
  OAuth,
  type OAuthError,
  OAuthErrorCode,
  OAuthIdTokenError,
  OAuthInvalidResponseError,
  type RemoteApp,
  type RemoteAppOptions,
} from 'oauth-consumer'
import { startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'
import { assertClassAgrees, CLASS_OF_CODE } from '../helpers/error-classes.js'
import { type FaultServer, sendJson, startFaultServer, tokenFaultHandlers } from '../helpers/fault-server.js'

const root = join(import.meta.dirname, '..', '..', '..')
const ALL_CODES: readonly OAuthErrorCode[] = Object.values(OAuthErrorCode)

/** The TypeScript files under `dir`, relative to the root, with `/` separators. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${dir}/${file.split('\\').join('/')}`)
    .sort()
}

describe('every code has exactly one class', () => {
  test('the table names a class for every code of OAuthErrorCode, and for nothing else', () => {
    assert.deepEqual(Object.keys(CLASS_OF_CODE).sort(), [...ALL_CODES].sort())
    // An ID token that failed a check is an answer that could not be used.
    assert.ok(OAuthIdTokenError.prototype instanceof OAuthInvalidResponseError)
  })

  test('docs/reference/errors.md names that class for every code, and lists the code under its class', () => {
    const doc = readFileSync(join(root, 'docs/reference/errors.md'), 'utf8')
    const rows = doc.split('\n').filter((line) => line.startsWith('| `'))
    for (const code of ALL_CODES) {
      const name = CLASS_OF_CODE[code].name
      const codeRows = rows.filter((row) => row.startsWith(`| \`${code}\` |`))
      assert.equal(codeRows.length, 1, `one table row for ${code}`)
      assert.ok(codeRows[0]?.startsWith(`| \`${code}\` | \`${name}\` |`), `the row of ${code} names ${name}`)
      const classRow = rows.find((row) => row.startsWith(`| \`${name}\` |`))
      assert.ok(classRow?.includes(`\`${code}\``), `the classes table lists ${code} under ${name}`)
    }
  })

  test('src/ and providers/ never construct a bare OAuthError: each site uses the class of its cause', () => {
    const bare: string[] = []
    for (const file of [...sourceFiles('src'), ...sourceFiles('providers')]) {
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (/\bnew OAuthError\s*\(/.test(line)) bare.push(`${file}:${index + 1}: ${line.trim()}`)
        })
    }
    assert.deepEqual(bare, [], 'use the class of the cause, or a helper of src/errors.ts')
  })
})

/** What a call threw or rejected with; fails the test if it succeeded. */
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call()
  } catch (error) {
    return error
  }
  assert.fail('the call succeeded')
}

describe('a real failure of each kind, reached through the public API, has the class of its code', () => {
  let server: FaultServer
  let web: TestApp
  let oauth: OAuth
  /** Errors that reached fastify's error handler, and denials the handlers were told of. */
  const routed: OAuthError[] = []
  const reached = new Set<OAuthErrorCode>()

  const remote = (name: string): RemoteApp => oauth.get(name)
  const options = (accessTokenPath: string): RemoteAppOptions => ({
    authorizeUrl: `${server.url}/authorize`,
    accessTokenUrl: `${server.url}/${accessTokenPath}`,
    baseUrl: `${server.url}/api/`,
    clientId: 'the-client',
    clientSecret: 'the-client-secret',
  })

  function expectClass(error: unknown, code: OAuthErrorCode): void {
    assertClassAgrees(error)
    assert.equal(error.code, code)
    reached.add(code)
  }

  /** The error the app routed last, after `run` made a request. */
  async function routedBy(run: () => Promise<unknown>): Promise<OAuthError | undefined> {
    const count = routed.length
    await run()
    assert.equal(routed.length, count + 1, 'one error reached the app')
    return routed.at(-1)
  }

  /** Starts a login of `name` in a fresh browser; resolves to the browser and the callback URL to complete. */
  async function startLogin(name: string): Promise<{ browser: Browser; callback: URL }> {
    const browser = new Browser()
    const start = await browser.get(`${web.url}/${name}/login`)
    assert.equal(start.status, 302, start.text)
    const authorize = new URL(start.location ?? '')
    const callback = new URL(`${web.url}/${name}/callback`)
    callback.searchParams.set('state', authorize.searchParams.get('state') ?? '')
    return { browser, callback }
  }

  before(async () => {
    server = await startFaultServer({
      ...tokenFaultHandlers('http://127.0.0.1:9'),
      '/api/missing': (_req, res) => sendJson(res, 404, { message: 'Not Found' }),
      '/.well-known/openid-configuration': (_req, res) =>
        sendJson(res, 200, {
          issuer: server.url,
          authorization_endpoint: `${server.url}/authorize`,
          token_endpoint: `${server.url}/without-id-token`,
          jwks_uri: `${server.url}/jwks`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      '/without-id-token': (_req, res) => sendJson(res, 200, { access_token: 'at', token_type: 'Bearer' }),
      // RFC 8628 §3.2 and §3.5, polled after a second.
      '/device': (_req, res) =>
        sendJson(res, 200, {
          device_code: 'dc',
          user_code: 'WDJB-MJHT',
          verification_uri: 'https://id.example.com/device',
          expires_in: 600,
          interval: 1,
        }),
      '/expired-device-code': (_req, res) => sendJson(res, 400, { error: 'expired_token' }),
    })
    oauth = new OAuth({ timeout: 5000 })
    for (const path of ['error-400', 'html-200', 'reset', 'too-large-declared']) oauth.remoteApp(path, options(path))
    oauth.remoteApp('no-answer', { ...options('no-answer'), timeout: 300 })
    oauth.remoteApp('oidc', { issuer: server.url, clientId: 'c', clientSecret: 's', scope: 'openid' })
    const unmounted = new OAuth().remoteApp('unmounted', options('error-400'))
    web = await startApp(oauth, (app: FastifyInstance) => {
      app.addHook('onError', async (_request, _reply, error) => {
        routed.push(error as OAuthError)
      })
      app.get('/unmounted/login', (_request, reply) => unmounted.authorize(reply, { callback: '/unmounted/callback' }))
      app.get<{ Params: { name: string } }>('/:name/login', (request, reply) =>
        remote(request.params.name).authorize(reply, { callback: `/${request.params.name}/callback` }),
      )
      app.get<{ Params: { name: string } }>('/:name/callback', (request, reply) =>
        remote(request.params.name).authorizedHandler(async (_resp, req) => {
          if (req.oauthError !== null) routed.push(req.oauthError)
          return { denied: req.oauthError?.code ?? null }
        })(request, reply),
      )
    })
  })

  after(async () => {
    await web.close()
    await server.close()
  })

  test('a callback without a pending login is an OAuthStateError', async () => {
    const error = await routedBy(async () => {
      const res = await new Browser().get(`${web.url}/error-400/callback?code=x&state=forged`)
      assert.equal(res.status, 400)
    })
    expectClass(error, OAuthErrorCode.STATE_MISMATCH)
  })

  test("a callback naming another issuer than the app's is an OAuthStateError", async () => {
    const { browser, callback } = await startLogin('oidc')
    callback.searchParams.set('code', 'x')
    callback.searchParams.set('iss', 'http://127.0.0.1:9')
    const error = await routedBy(async () => assert.equal((await browser.get(callback)).status, 400))
    expectClass(error, OAuthErrorCode.ISSUER_MISMATCH)
  })

  test('a denial, and another error= on the callback, are OAuthAuthorizationErrors', async () => {
    for (const [value, code] of [
      ['access_denied', OAuthErrorCode.ACCESS_DENIED],
      ['server_error', OAuthErrorCode.AUTHORIZATION_ERROR],
    ] as const) {
      const { browser, callback } = await startLogin('error-400')
      callback.searchParams.set('error', value)
      const error = await routedBy(async () => {
        const res = await browser.get(callback)
        assert.deepEqual(res.json(), { denied: code })
      })
      expectClass(error, code)
    }
  })

  test("the token endpoint's refusal, of a code or of a refresh, is an OAuthTokenRequestError", async () => {
    expectClass(await failure(() => remote('error-400').exchangeCode('x')), OAuthErrorCode.TOKEN_REQUEST_FAILED)
    expectClass(await failure(() => remote('error-400').refreshToken('r')), OAuthErrorCode.REFRESH_FAILED)
  })

  test("a device flow's code that expired unapproved is an OAuthAuthorizationError", async () => {
    const device = new OAuth().remoteApp('device', {
      clientId: 'tv',
      tokenEndpointAuthMethod: 'none',
      authorizeUrl: `${server.url}/authorize`,
      accessTokenUrl: `${server.url}/expired-device-code`,
      deviceAuthorizationUrl: `${server.url}/device`,
    })
    const started = await device.deviceAuthorization()
    expectClass(await failure(() => started.poll()), OAuthErrorCode.DEVICE_CODE_EXPIRED)
  })

  test('an HTML page for a token is an OAuthInvalidResponseError', async () => {
    expectClass(await failure(() => remote('html-200').exchangeCode('x')), OAuthErrorCode.INVALID_RESPONSE)
  })

  test('an openid answer without an ID token is an OAuthIdTokenError, an OAuthInvalidResponseError too', async () => {
    const error = await failure(() => remote('oidc').exchangeCode('x', { nonce: '' }))
    expectClass(error, OAuthErrorCode.ID_TOKEN_INVALID)
    assert.ok(error instanceof OAuthInvalidResponseError)
    assert.equal(error.data?.reason, 'missing')
  })

  test('a timeout, a reset and a body over the limit are OAuthNetworkErrors', async () => {
    expectClass(await failure(() => remote('no-answer').exchangeCode('x')), OAuthErrorCode.TIMEOUT)
    expectClass(await failure(() => remote('reset').exchangeCode('x')), OAuthErrorCode.NETWORK_ERROR)
    expectClass(await failure(() => remote('too-large-declared').exchangeCode('x')), OAuthErrorCode.RESPONSE_TOO_LARGE)
  })

  test('an API call without a token is an OAuthNoTokenError, a non-2xx answer thrown an OAuthResponseError', async () => {
    expectClass(await failure(() => remote('error-400').get('user')), OAuthErrorCode.NO_TOKEN)
    const thrown = await failure(() => remote('error-400').get('missing', { token: 'at', throwHttpErrors: true }))
    expectClass(thrown, OAuthErrorCode.HTTP_ERROR)
  })

  test('misuse of options, arguments and the registry is an OAuthConfigError', async () => {
    expectClass(await failure(() => oauth.remoteApp('bad', { clientId: 'c' })), OAuthErrorCode.INVALID_OPTIONS)
    expectClass(await failure(() => remote('error-400').fetchRequestToken()), OAuthErrorCode.INVALID_ARGUMENT)
    expectClass(await failure(() => oauth.remoteApp('html-200', options('html-200'))), OAuthErrorCode.DUPLICATE_APP)
    expectClass(await failure(() => oauth.get('nobody')), OAuthErrorCode.UNKNOWN_APP)
    const error = await routedBy(async () =>
      assert.equal((await new Browser().get(`${web.url}/unmounted/login`)).status, 500),
    )
    expectClass(error, OAuthErrorCode.NOT_MOUNTED)
  })

  test('a stored token that does not open is an OAuthSealedTokenError', async () => {
    const sealer = createTokenSealer({ keys: [{ id: 'k1', secret: randomBytes(32).toString('base64url') }] })
    const sealed = sealer.seal('an-access-token', 'user-1')
    const error = await failure(() => sealer.open(sealed, 'user-2'))
    expectClass(error, OAuthErrorCode.SEALED_TOKEN_INVALID)
  })

  test('every code was reached above', () => {
    assert.deepEqual([...reached].sort(), [...ALL_CODES].sort())
  })
})
