/**
 * OpenID Connect against a real provider (oidc-provider) that signs with a key this test made,
 * so the test can also mint the tokens a misbehaving or compromised provider would send:
 * discovery, ID-token validation and each of its refusals, RFC 9207 issuer checks, key
 * rotation, userinfo and RP-initiated logout.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import {
  type CryptoKey,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from 'jose'
import { OAuth, type OAuth2AppOptions, type OAuth2Token, OAuthError, type RemoteApp } from 'oauth-consumer'
import { signInAt } from 'oauth-consumer/testing'
import { Agent, type Dispatcher, request } from 'undici'
import { jwksTiming } from '../../src/oidc/jwks.js'
import { client, type OAuth2Server, startOAuth2Provider } from '../../src/testing/oauth2-server.js'
import { freePort, startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'
import { assertClassAgrees } from '../helpers/error-classes.js'

const CLIENT_ID = 'rp'
// The local provider derives a confidential client's secret from its id.
const CLIENT_SECRET = `${CLIENT_ID}-secret-0123456789abcdef`
const SCOPE = 'openid profile email'

interface SigningKey {
  readonly privateKey: CryptoKey
  /** The private JWK the provider signs with. */
  readonly jwk: Record<string, unknown>
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }
  return { privateKey, jwk }
}

/** How the token proxy rewrites the token endpoint's answer; each has its own remote app. */
type TamperName =
  | 'resign'
  | 'nonce'
  | 'aud'
  | 'aud-many'
  | 'azp'
  | 'iss'
  | 'expired'
  | 'iat-future'
  | 'at-hash'
  | 'signature'
  | 'unknown-kid'
  | 'none'
  | 'hs256'
  | 'missing'
  | 'refresh-sub'
/** The other remote apps. With the tampers' they are every callback the provider's client registers. */
const APP_NAMES = ['main', 'metadata-url', 'rotating', 'late'] as const

/** The undici dispatcher of every call the library makes, remembering each request line. */
class Wire extends Agent {
  readonly seen: string[] = []

  override dispatch(options: Agent.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.seen.push(`${options.method} ${new URL(options.path, String(options.origin)).href}`)
    return super.dispatch(options, handler)
  }

  count(line: string): number {
    return this.seen.filter((seen) => seen === line).length
  }
}

/** The token body a tamper rewrites, as the token endpoint sent it. */
type TokenBody = Record<string, unknown>

interface Tamper {
  /** `grant` is the token request's `grant_type`. */
  readonly rewrite: (body: TokenBody, idToken: string, grant: string) => Promise<TokenBody>
  /** `data.reason` of the refusal; `undefined` for the control, which must be accepted. */
  readonly reason: string | undefined
}

interface Harness {
  provider: OAuth2Server
  key: SigningKey
  /** Another key, never published. */
  stranger: SigningKey
  appUrl: string
  oauth: OAuth
  wire: Wire
  app: TestApp
  proxy: TokenProxy
  remotes: Map<string, RemoteApp<OAuth2Token>>
  /** What the authorized handler received, in order. */
  handled: OAuth2Token[]
  /** OAuth errors that reached fastify, in order. */
  errors: OAuthError[]
}

let h: Harness
/** Token requests the providers answered, successes and refusals. */
let grants = 0

function redirectUris(appUrl: string): string[] {
  const names: string[] = [...APP_NAMES, ...Object.keys(TAMPERS)]
  return names.map((name) => `${appUrl}/${name}/callback`)
}

/** The local provider on `port`, signing with `key`, its token requests counted in `grants`. */
async function startProvider(port: number, key: SigningKey, appUrl: string): Promise<OAuth2Server> {
  const rp = {
    ...client(CLIENT_ID, 'client_secret_post', redirectUris(appUrl)),
    post_logout_redirect_uris: [`${appUrl}/signed-out`],
  }
  const server = await startOAuth2Provider({ port, clients: [rp], jwks: { keys: [key.jwk] } })
  const count = () => {
    grants++
  }
  server.provider.on('grant.success', count)
  server.provider.on('grant.error', count)
  return server
}

async function resign(idToken: string, key: CryptoKey, change: (claims: JWTPayload) => JWTPayload): Promise<string> {
  const header = decodeProtectedHeader(idToken)
  return new SignJWT(change(decodeJwt(idToken))).setProtectedHeader({ ...header, alg: 'RS256' }).sign(key)
}

const now = () => Math.floor(Date.now() / 1000)

/** OpenID Connect Core §3.2.2.9: the left half of the access token's SHA-256, base64url. */
function atHash(accessToken: unknown): string {
  return createHash('sha256').update(String(accessToken)).digest().subarray(0, 16).toString('base64url')
}

const TAMPERS: Record<TamperName, Tamper> = {
  // The control: re-signed unchanged with the provider's own key, so every refusal below is
  // the change it makes and not the re-signing.
  // It also adds a correct at_hash, which the provider leaves out of code-flow ID tokens.
  resign: {
    rewrite: async (body, idToken) => ({
      ...body,
      id_token: await resign(idToken, h.key.privateKey, (c) => ({ ...c, at_hash: atHash(body.access_token) })),
    }),
    reason: undefined,
  },
  nonce: {
    rewrite: async (body, idToken) => ({
      ...body,
      id_token: await resign(idToken, h.key.privateKey, (c) => ({ ...c, nonce: 'the-nonce-of-another-login' })),
    }),
    reason: 'nonce',
  },
  aud: {
    rewrite: async (body, idToken) => ({
      ...body,
      id_token: await resign(idToken, h.key.privateKey, (c) => ({ ...c, aud: 'another-client' })),
    }),
    reason: 'aud',
  },
  // OpenID Connect Core §3.1.3.7: several audiences need an azp naming this client.
  'aud-many': {
    rewrite: async (body, idToken) => ({
      ...body,
      id_token: await resign(idToken, h.key.privateKey, (c) => ({ ...c, aud: [CLIENT_ID, 'another-client'] })),
    }),
    reason: 'azp',
  },
  azp: {
    rewrite: async (body, idToken) => ({
      ...body,
      id_token: await resign(idToken, h.key.privateKey, (c) => ({ ...c, azp: 'another-client' })),
    }),
    reason: 'azp',
  },
  iss: {
    rewrite: async (body, idToken) => ({
      ...body,
      id_token: await resign(idToken, h.key.privateKey, (c) => ({ ...c, iss: 'http://127.0.0.1:9' })),
    }),
    reason: 'iss',
  },
  expired: {
    rewrite: async (body, idToken) => ({
      ...body,
      // Well past the default 30 s of clock tolerance.
      id_token: await resign(idToken, h.key.privateKey, (c) => ({ ...c, iat: now() - 7200, exp: now() - 3600 })),
    }),
    reason: 'expired',
  },
  'iat-future': {
    rewrite: async (body, idToken) => ({
      ...body,
      id_token: await resign(idToken, h.key.privateKey, (c) => ({ ...c, iat: now() + 3600, exp: now() + 7200 })),
    }),
    reason: 'iat',
  },
  // An ID token bound to another access token than the one it came with.
  'at-hash': {
    rewrite: async (body, idToken) => ({
      ...body,
      id_token: await resign(idToken, h.key.privateKey, (c) => ({ ...c, at_hash: atHash('another-access-token') })),
    }),
    reason: 'at_hash',
  },
  signature: {
    // Same kid as the published key, so the verifier picks that key and the signature fails.
    rewrite: async (body, idToken) => ({ ...body, id_token: await resign(idToken, h.stranger.privateKey, (c) => c) }),
    reason: 'signature',
  },
  'unknown-kid': {
    rewrite: async (body, idToken) => ({
      ...body,
      id_token: await new SignJWT(decodeJwt(idToken))
        .setProtectedHeader({ alg: 'RS256', kid: 'never-published' })
        .sign(h.stranger.privateKey),
    }),
    reason: 'signature',
  },
  none: {
    rewrite: async (body, idToken) => ({ ...body, id_token: new UnsecuredJWT(decodeJwt(idToken)).encode() }),
    reason: 'algorithm',
  },
  // Algorithm confusion: the client secret as an HMAC key, from a provider that never signs with HS*.
  hs256: {
    rewrite: async (body, idToken) => ({
      ...body,
      id_token: await new SignJWT(decodeJwt(idToken))
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(CLIENT_SECRET)),
    }),
    reason: 'algorithm',
  },
  missing: {
    rewrite: async (body) => {
      const { id_token: _dropped, ...rest } = body
      return rest
    },
    reason: 'missing',
  },
  // Sign-in is untouched; a refresh answers with an ID token about another user.
  'refresh-sub': {
    rewrite: async (body, idToken, grant) =>
      grant === 'refresh_token'
        ? { ...body, id_token: await resign(idToken, h.key.privateKey, (c) => ({ ...c, sub: 'mallory' })) }
        : body,
    reason: 'refresh',
  },
}

interface TokenProxy {
  readonly url: string
  /** Requests for the metadata it serves at `/meta/openid-configuration`. */
  readonly metadataRequests: number
  close(): Promise<void>
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

/**
 * Stands between the apps and the provider: `POST /<tamper>/token` forwards to the provider's
 * token endpoint and rewrites the ID token of the answer; `/meta/openid-configuration` and
 * `/.well-known/openid-configuration` serve the provider's metadata, which names the provider,
 * not this proxy, as its issuer.
 */
async function startTokenProxy(issuer: string): Promise<TokenProxy> {
  let metadataRequests = 0
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname
    if (
      req.method === 'GET' &&
      (path === '/meta/openid-configuration' || path === '/.well-known/openid-configuration')
    ) {
      if (path.startsWith('/meta/')) metadataRequests++
      const upstream = await request(`${issuer}/.well-known/openid-configuration`, { reset: true })
      sendJson(res, upstream.statusCode, await upstream.body.json())
      return
    }
    const tamper = /^\/([\w-]+)\/token$/.exec(path)?.[1]
    if (req.method !== 'POST' || tamper === undefined || !Object.hasOwn(TAMPERS, tamper)) {
      sendJson(res, 404, { error: 'not_found' })
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
    const headers: Record<string, string> = {}
    for (const name of ['content-type', 'authorization', 'accept', 'user-agent']) {
      const value = header(req, name)
      if (value !== undefined) headers[name] = value
    }
    const form = Buffer.concat(chunks)
    const upstream = await request(`${issuer}/token`, { method: 'POST', headers, body: form, reset: true })
    const body = (await upstream.body.json()) as TokenBody
    const idToken = body.id_token
    const grant = new URLSearchParams(form.toString('utf8')).get('grant_type') ?? ''
    const rewritten =
      upstream.statusCode === 200 && typeof idToken === 'string'
        ? await TAMPERS[tamper as TamperName].rewrite(body, idToken, grant)
        : body
    sendJson(res, upstream.statusCode, rewritten)
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendJson(res, 500, { error: 'proxy_error', detail: String(error) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    get metadataRequests() {
      return metadataRequests
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

/** Registers an OpenID Connect app at `issuer` with only the credentials and scope, plus `extra`. */
function register(name: string, issuer: string, extra: Partial<OAuth2AppOptions> = {}): RemoteApp<OAuth2Token> {
  const remote = h.oauth.remoteApp(name, {
    issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    scope: SCOPE,
    ...extra,
  })
  h.remotes.set(name, remote)
  return remote
}

function remoteNamed(name: string): RemoteApp<OAuth2Token> {
  const remote = h.remotes.get(name)
  if (remote === undefined) throw new Error(`no remote app ${name}`)
  return remote
}

function routes(app: FastifyInstance): void {
  app.addHook('onError', async (_request, _reply, error) => {
    if (error instanceof OAuthError) h.errors.push(error)
  })
  app.get<{ Params: { name: string } }>('/:name/login', (request, reply) =>
    remoteNamed(request.params.name).authorize(reply, { callback: `/${request.params.name}/callback` }),
  )
  app.get<{ Params: { name: string } }>('/:name/callback', (request, reply) =>
    remoteNamed(request.params.name).authorizedHandler(async (resp, req, rep) => {
      if (resp === null) return rep.code(403).send({ denied: req.oauthError?.code ?? null })
      h.handled.push(resp)
      return { token: resp }
    })(request, reply),
  )
}

before(async () => {
  // Keys rotate and unknown kids arrive here within seconds of a fetch, which the 30 s cooldown
  // would hold back; the cooldown has its own tests in test/security/jwks-fetches.test.ts.
  jwksTiming.cooldown = 0
  const appPort = await freePort()
  const appUrl = `http://127.0.0.1:${appPort}`
  // The stranger shares the published key's kid, so a token it signs finds the wrong key.
  const [key, stranger] = await Promise.all([signingKey('k1'), signingKey('k1')])
  const provider = await startProvider(0, key, appUrl)
  const proxy = await startTokenProxy(provider.issuer)
  const wire = new Wire()
  const oauth = new OAuth({ timeout: 5000, dispatcher: wire })
  const app = await startApp(oauth, routes, { port: appPort })
  h = { provider, key, stranger, appUrl, oauth, wire, app, proxy, remotes: new Map(), handled: [], errors: [] }
  register('main', provider.issuer)
  for (const name of Object.keys(TAMPERS)) {
    register(name, provider.issuer, { accessTokenUrl: `${proxy.url}/${name}/token` })
  }
})

after(async () => {
  await h?.app.close()
  await h?.proxy.close()
  await h?.provider.close()
  await h?.wire.close()
})

/** Starts `name`'s login in `browser` and signs in at the provider; resolves to the authorize and callback URLs. */
async function startAndSignIn(
  browser: Browser,
  name: string,
  login: string,
): Promise<{ authorize: URL; callback: URL }> {
  const start = await browser.get(`${h.appUrl}/${name}/login`)
  assert.equal(start.status, 302, start.text)
  const authorize = new URL(start.location ?? '')
  return { authorize, callback: await signInAt(authorize, { login }) }
}

/** Signs `user` in through `name` and returns the token the handler received. */
async function login(name: string, user: string): Promise<OAuth2Token> {
  const browser = new Browser()
  const { callback } = await startAndSignIn(browser, name, user)
  const done = await browser.get(callback)
  assert.equal(done.status, 200, done.text)
  return done.json<{ token: OAuth2Token }>().token
}

/**
 * Asserts that delivering the callback is refused with `code` and `status` (and `reason` in
 * the error's data), never reaching the handler.
 */
async function assertRefused(
  browser: Browser,
  callback: URL,
  expected: { code: string; status: number; reason?: string },
): Promise<void> {
  const handled = h.handled.length
  const errors = h.errors.length
  const res = await browser.get(callback)
  assert.equal(res.status, expected.status, res.text)
  assert.equal(res.json<{ error: string }>().error, expected.code)
  assert.equal(h.handled.length, handled, 'the handler was not called')
  const error = h.errors[errors]
  assertClassAgrees(error)
  assert.equal(error.code, expected.code)
  assert.equal(error.statusCode, expected.status)
  if (expected.reason !== undefined) assert.equal(error.data?.reason, expected.reason)
}

describe('a sign-in with only the issuer, the credentials and the scope', () => {
  let token: OAuth2Token

  test('discovery fills the endpoints; the handler gets the verified claims with the nonce that was sent', async () => {
    const browser = new Browser()
    const { authorize, callback } = await startAndSignIn(browser, 'main', 'ada')
    assert.equal(authorize.origin + authorize.pathname, `${h.provider.issuer}/auth`)
    const q = authorize.searchParams
    assert.equal(q.get('response_type'), 'code')
    assert.equal(q.get('client_id'), CLIENT_ID)
    assert.equal(q.get('scope'), SCOPE)
    assert.equal(q.get('redirect_uri'), `${h.appUrl}/main/callback`)
    assert.equal(q.get('code_challenge_method'), 'S256')
    assert.match(q.get('code_challenge') ?? '', /^[\w-]{43}$/)
    const nonce = q.get('nonce')
    assert.match(nonce ?? '', /^[\w-]{22,}$/)
    assert.notEqual(nonce, q.get('state'))
    // RFC 9207: the provider names itself in the response.
    assert.equal(callback.searchParams.get('iss'), h.provider.issuer)

    const granted = grants
    const done = await browser.get(callback)
    assert.equal(done.status, 200, done.text)
    assert.equal(grants, granted + 1)
    token = done.json<{ token: OAuth2Token }>().token
    const claims = token.claims
    assert.ok(claims, 'the handler received claims')
    assert.equal(claims.sub, 'ada')
    assert.equal(claims.iss, h.provider.issuer)
    assert.deepEqual([claims.aud].flat(), [CLIENT_ID])
    assert.equal(claims.nonce, nonce)
    assert.equal(typeof claims.exp, 'number')
    assert.ok(claims.exp > now())
    assert.ok(Math.abs(claims.iat - now()) < 60)
    // The local provider puts the scopes' claims in the ID token as well as in userinfo.
    assert.equal(claims.name, 'Ada')
    assert.equal(claims.email, 'ada@example.test')
    assert.equal(typeof token.id_token, 'string')
    assert.deepEqual(decodeJwt(token.id_token ?? ''), { ...claims })
  })

  test('profile() with the token reads the discovered userinfo endpoint and maps it', async () => {
    const main = remoteNamed('main')
    const before = h.wire.count(`GET ${h.provider.issuer}/me`)
    const profile = await main.profile({ token })
    assert.equal(profile.id, 'ada')
    assert.equal(profile.name, 'Ada')
    assert.equal(profile.email, 'ada@example.test')
    assert.equal((profile.raw as { sub?: unknown }).sub, 'ada')
    assert.equal(h.wire.count(`GET ${h.provider.issuer}/me`), before + 1)
  })

  test('profile() refuses a userinfo answer about another subject than the ID token', async () => {
    const main = remoteNamed('main')
    const claims = token.claims
    assert.ok(claims)
    const another: OAuth2Token = { ...token, claims: { ...claims, sub: 'mallory' } }
    await assert.rejects(main.profile({ token: another }), (error) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_INVALID_RESPONSE')
      assert.equal(error.statusCode, 502)
      return true
    })
    // The same check holds for a stored token that kept only its ID token.
    const idToken = await resign(token.id_token ?? '', h.key.privateKey, (c) => ({ ...c, sub: 'mallory' }))
    const stored: OAuth2Token = { access_token: token.access_token, id_token: idToken }
    await assert.rejects(main.profile({ token: stored }), {
      code: 'OAUTH_INVALID_RESPONSE',
    })
  })

  test('endSessionUrl() points at the end_session_endpoint, and the provider accepts it', async () => {
    const main = remoteNamed('main')
    const postLogoutRedirectUri = `${h.appUrl}/signed-out`
    const href = await main.endSessionUrl({ idTokenHint: token.id_token ?? '', postLogoutRedirectUri })
    const url = new URL(href)
    assert.equal(url.origin + url.pathname, `${h.provider.issuer}/session/end`)
    assert.equal(url.searchParams.get('id_token_hint'), token.id_token)
    assert.equal(url.searchParams.get('post_logout_redirect_uri'), postLogoutRedirectUri)
    assert.equal(url.searchParams.get('client_id'), CLIENT_ID)
    // The provider checks the hint's signature and the registered redirect before it asks to log out.
    const page = await new Browser().get(url)
    assert.equal(page.status, 200, page.text)
    assert.match(page.text, /<form\b/)
    assert.doesNotMatch(page.text, /Authorization server error/)
  })

  test("serverMetadata() is the issuer's document, fetched once", async () => {
    const main = remoteNamed('main')
    const document = await (await request(`${h.provider.issuer}/.well-known/openid-configuration`)).body.json()
    assert.deepEqual(await main.serverMetadata(), document)
    assert.equal(h.wire.count(`GET ${h.provider.issuer}/.well-known/openid-configuration`), 1)
  })

  test('refreshToken() validates the new ID token, without a nonce', async () => {
    const main = remoteNamed('main')
    const refreshed = await main.refreshToken(token.refresh_token ?? '')
    assert.notEqual(refreshed.access_token, token.access_token)
    assert.equal(typeof refreshed.id_token, 'string')
    assert.equal(refreshed.claims?.sub, 'ada')
    assert.equal(refreshed.claims?.iss, h.provider.issuer)
  })

  test('a denial still reaches the handler as null: its callback names the issuer too', async () => {
    const browser = new Browser()
    const start = await browser.get(`${h.appUrl}/main/login`)
    const callback = await signInAt(start.location ?? '', { login: 'bob', deny: true })
    assert.equal(callback.searchParams.get('error'), 'access_denied')
    const denied = await browser.get(callback)
    assert.equal(denied.status, 403, denied.text)
    assert.deepEqual(denied.json(), { denied: 'OAUTH_ACCESS_DENIED' })
  })
})

describe('ID tokens that fail a check are OAUTH_ID_TOKEN_INVALID (401) and never reach the handler', () => {
  test('the control: an ID token re-signed unchanged with the provider key is accepted', async () => {
    const token = await login('resign', 'carol')
    assert.equal(token.claims?.sub, 'carol')
    assert.equal(token.claims?.at_hash, atHash(token.access_token))
  })

  const refusals: [TamperName, string][] = [
    ['nonce', 'a nonce other than the one sent'],
    ['aud', 'another audience'],
    ['aud-many', 'several audiences and no azp'],
    ['azp', 'an azp naming another client'],
    ['iss', 'another issuer'],
    ['expired', 'an expired token'],
    ['at-hash', 'an at_hash of another access token'],
    ['signature', 'a signature by another key under the published kid'],
    ['unknown-kid', 'a key the provider does not publish'],
    ['none', 'alg none, unsigned'],
    ['hs256', 'HS256 keyed with the client secret'],
    ['missing', 'no ID token at all in an openid login'],
  ]
  for (const [name, what] of refusals) {
    test(`${what}: reason ${TAMPERS[name].reason}`, async () => {
      const browser = new Browser()
      const { callback } = await startAndSignIn(browser, name, `user-${name}`)
      await assertRefused(browser, callback, {
        code: 'OAUTH_ID_TOKEN_INVALID',
        status: 401,
        reason: TAMPERS[name].reason ?? '',
      })
    })
  }

  // API.md §3a: iat is checked, with the leeway.
  test('an iat an hour in the future: reason iat', async () => {
    const browser = new Browser()
    const { callback } = await startAndSignIn(browser, 'iat-future', 'user-iat-future')
    await assertRefused(browser, callback, { code: 'OAUTH_ID_TOKEN_INVALID', status: 401, reason: 'iat' })
  })

  // OpenID Connect Core §12.2: a refreshed ID token's sub must be the original one's.
  test('an automatic refresh whose ID token names another user is refused, and the tokenupdater is not told', async () => {
    const remote = remoteNamed('refresh-sub')
    const token = await login('refresh-sub', 'kate')
    assert.equal(token.claims?.sub, 'kate')
    const updates: OAuth2Token[] = []
    remote.tokenupdater((fresh) => {
      updates.push(fresh)
    })
    const stale: OAuth2Token = { ...token, expires_at: now() - 10 }
    // A refresh whose ID token cannot be used is a refresh failure, with the ID token's reason.
    await assert.rejects(remote.get(`${h.provider.issuer}/me`, { token: stale }), (error: unknown) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_REFRESH_FAILED')
      assert.equal(error.data?.reason, 'refresh')
      return true
    })
    assert.deepEqual(
      updates.map((fresh) => fresh.claims?.sub),
      [],
    )
  })

  test('an unknown kid makes one JWKS refetch, not one per attempt', async () => {
    const jwks = `GET ${h.provider.issuer}/jwks`
    const before = h.wire.count(jwks)
    assert.ok(before >= 1, 'the key set was fetched by the earlier sign-ins')
    const browser = new Browser()
    const { callback } = await startAndSignIn(browser, 'unknown-kid', 'kid-probe')
    await assertRefused(browser, callback, { code: 'OAUTH_ID_TOKEN_INVALID', status: 401, reason: 'signature' })
    assert.equal(h.wire.count(jwks), before + 1)
  })
})

describe('RFC 9207: the callback must name the issuer, before any token request', () => {
  test('another iss on the callback is a 400 OAUTH_ISSUER_MISMATCH', async () => {
    const browser = new Browser()
    const { callback } = await startAndSignIn(browser, 'main', 'dave')
    callback.searchParams.set('iss', 'http://127.0.0.1:9')
    const granted = grants
    await assertRefused(browser, callback, { code: 'OAUTH_ISSUER_MISMATCH', status: 400 })
    assert.equal(grants, granted, 'no token request was made')
  })

  test('no iss on the callback, from a provider that always sends it, is OAUTH_ISSUER_MISMATCH', async () => {
    const browser = new Browser()
    const { callback } = await startAndSignIn(browser, 'main', 'erin')
    callback.searchParams.delete('iss')
    const granted = grants
    await assertRefused(browser, callback, { code: 'OAUTH_ISSUER_MISMATCH', status: 400 })
    assert.equal(grants, granted, 'no token request was made')
  })

  test('a duplicated iss is a mismatch too', async () => {
    const browser = new Browser()
    const { callback } = await startAndSignIn(browser, 'main', 'frank')
    callback.searchParams.append('iss', 'http://127.0.0.1:9')
    const granted = grants
    await assertRefused(browser, callback, { code: 'OAUTH_ISSUER_MISMATCH', status: 400 })
    assert.equal(grants, granted, 'no token request was made')
  })
})

describe('discovery', () => {
  test('an issuer whose document names another issuer is refused at the first use', async () => {
    // The proxy serves the provider's document, which names the provider, not the proxy.
    const impostor = register('impostor', h.proxy.url)
    const res = await new Browser().get(`${h.appUrl}/impostor/login`)
    assert.equal(res.status, 502, res.text)
    assert.equal(res.json<{ error: string }>().error, 'OAUTH_INVALID_RESPONSE')
    assert.equal(h.errors.at(-1)?.code, 'OAUTH_INVALID_RESPONSE')
    assert.equal(res.location, undefined, 'the browser is not sent anywhere')
    await assert.rejects(impostor.serverMetadata(), { code: 'OAUTH_INVALID_RESPONSE' })
  })

  test('serverMetadataUrl is read instead of the well-known path', async () => {
    const wellKnown = `GET ${h.provider.issuer}/.well-known/openid-configuration`
    const before = h.wire.count(wellKnown)
    register('metadata-url', h.provider.issuer, { serverMetadataUrl: `${h.proxy.url}/meta/openid-configuration` })
    const token = await login('metadata-url', 'grace')
    assert.equal(token.claims?.sub, 'grace')
    assert.equal(h.proxy.metadataRequests, 1)
    assert.equal(h.wire.count(wellKnown), before)
  })

  test('a provider that is down is an error, remembered for a moment; once it is up, discovery works', async () => {
    const port = await freePort()
    const issuer = `http://127.0.0.1:${port}`
    const late = register('late', issuer)
    const wellKnown = `GET ${issuer}/.well-known/openid-configuration`

    const down = await new Browser().get(`${h.appUrl}/late/login`)
    assert.equal(down.status, 502, down.text)
    assert.equal(down.json<{ error: string }>().error, 'OAUTH_NETWORK_ERROR')
    const failedAt = Date.now()
    assert.equal(h.wire.count(wellKnown), 1)
    // Within the backoff the failure is answered from memory: the provider is not asked again.
    await assert.rejects(late.serverMetadata(), { code: 'OAUTH_NETWORK_ERROR' })
    assert.equal(h.wire.count(wellKnown), 1)

    const provider = await startProvider(port, h.key, h.appUrl)
    try {
      // The first failure is remembered for about a second.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, failedAt + 1200 - Date.now())))
      const metadata = await late.serverMetadata()
      assert.equal(metadata?.issuer, issuer)
      assert.equal(h.wire.count(wellKnown), 2)
      const token = await login('late', 'heidi')
      assert.equal(token.claims?.iss, issuer)
    } finally {
      await provider.close()
    }
  })
})

test('key rotation: a token signed with a new key makes one JWKS refetch and is accepted', async () => {
  const port = await freePort()
  const first = await startProvider(port, h.key, h.appUrl)
  const issuer = first.issuer
  const jwks = `GET ${issuer}/jwks`
  register('rotating', issuer)
  let second: OAuth2Server | undefined
  try {
    assert.equal((await login('rotating', 'ivan')).claims?.sub, 'ivan')
    assert.equal(h.wire.count(jwks), 1)
    // The cached key set serves later logins.
    await login('rotating', 'ivan')
    assert.equal(h.wire.count(jwks), 1)

    await first.close()
    const rotated = await signingKey('k2')
    second = await startProvider(port, rotated, h.appUrl)
    assert.equal(second.issuer, issuer)
    const token = await login('rotating', 'judy')
    assert.equal(token.claims?.sub, 'judy')
    assert.equal(decodeProtectedHeader(token.id_token ?? '').kid, 'k2')
    assert.equal(h.wire.count(jwks), 2)
    // Discovery is not repeated: only the keys changed.
    assert.equal(h.wire.count(`GET ${issuer}/.well-known/openid-configuration`), 1)
  } finally {
    await first.close()
    await second?.close()
  }
})

test('the openid scope without an issuer is refused at registration', () => {
  assert.throws(
    () =>
      new OAuth().remoteApp('no-issuer', {
        authorizeUrl: 'https://id.example.com/auth',
        accessTokenUrl: 'https://id.example.com/token',
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        scope: SCOPE,
      }),
    { code: 'OAUTH_INVALID_OPTIONS' },
  )
})
