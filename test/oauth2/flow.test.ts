import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { OAuth, type OAuth2Token, OAuthError, type RemoteApp, type TokenEndpointAuthMethod } from 'oauth-consumer'
import { type OAuth2Server, parseSetCookie, signInAt, startOAuth2Provider } from 'oauth-consumer/testing'
import { client } from '../../src/testing/oauth2-server.js'
import { freePort, startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'

const methods: TokenEndpointAuthMethod[] = ['client_secret_post', 'client_secret_basic', 'none']

interface Harness {
  provider: OAuth2Server
  app: TestApp
  remotes: Record<TokenEndpointAuthMethod, RemoteApp<OAuth2Token>>
  /** Tokens stored by the authorized handler, by user. */
  tokens: Map<string, OAuth2Token>
}

let h: Harness

/** Registers one remote app per client authentication method, all at the same provider. */
function register(oauth: OAuth, provider: OAuth2Server): Record<TokenEndpointAuthMethod, RemoteApp<OAuth2Token>> {
  const remotes = {} as Record<TokenEndpointAuthMethod, RemoteApp<OAuth2Token>>
  for (const method of methods) {
    remotes[method] = oauth.remoteApp(method.replaceAll('_', '-'), {
      baseUrl: provider.apiUrl,
      authorizeUrl: `${provider.issuer}/auth`,
      accessTokenUrl: `${provider.issuer}/token`,
      revokeUrl: `${provider.issuer}/token/revocation`,
      userInfoUrl: 'me',
      clientId: `app-${method}`,
      ...(method === 'none' ? {} : { clientSecret: `app-${method}-secret-0123456789abcdef` }),
      tokenEndpointAuthMethod: method,
      scope: ['notes'],
    })
  }
  return remotes
}

function routes(remotes: Record<TokenEndpointAuthMethod, RemoteApp<OAuth2Token>>, tokens: Map<string, OAuth2Token>) {
  return (app: FastifyInstance) => {
    for (const remote of Object.values(remotes)) {
      remote.tokengetter((request) => tokens.get(String(request.cookies.user)))
      app.get<{ Querystring: { next?: string } }>(`/${remote.name}/login`, (request, reply) =>
        remote.authorize(reply, { callback: `/${remote.name}/callback`, next: request.query.next }),
      )
      app.get(
        `/${remote.name}/callback`,
        remote.authorizedHandler(async (resp, request, reply) => {
          if (resp === null) {
            return reply.code(403).send({ denied: request.oauthError?.code, error: request.oauthError?.data?.error })
          }
          const me = await remote.get<{ sub: string }>('me', { token: resp })
          tokens.set(me.data.sub, resp)
          reply.setCookie('user', me.data.sub, { path: '/' })
          return { signedInAs: me.data.sub, token: resp, next: remote.nextUrl(request) ?? null }
        }),
      )
      app.get(`/${remote.name}/notes`, async () => (await remote.get('notes')).data)
    }
  }
}

before(async () => {
  const port = await freePort()
  const redirects = methods.map((m) => `http://127.0.0.1:${port}/${m.replaceAll('_', '-')}/callback`)
  const provider = await startOAuth2Provider({
    clients: methods.map((m, i) => client(`app-${m}`, m, [redirects[i] as string])),
  })
  // The client's secret is derived by the local provider from its id.
  const oauth = new OAuth({ timeout: 5000 })
  const remotes = register(oauth, provider)
  const tokens = new Map<string, OAuth2Token>()
  const app = await startApp(oauth, routes(remotes, tokens), { port })
  h = { provider, app, remotes, tokens }
})

after(async () => {
  await h.app.close()
  await h.provider.close()
})

/** Starts a login in `browser` and signs in at the provider; resolves to the callback URL. */
async function startAndSignIn(browser: Browser, remote: RemoteApp, login: string, extra = ''): Promise<URL> {
  const start = await browser.get(`${h.app.url}/${remote.name}/login${extra}`)
  assert.equal(start.status, 302)
  assert.ok(start.location)
  return signInAt(start.location, { login })
}

for (const method of methods) {
  test(`signs a user in with PKCE and ${method}, then calls the API with the token`, async () => {
    const remote = h.remotes[method]
    const browser = new Browser()
    const start = await browser.get(`${h.app.url}/${remote.name}/login?next=/dashboard`)
    assert.equal(start.status, 302)
    const authorize = new URL(start.location ?? '')
    assert.equal(authorize.origin + authorize.pathname, `${h.provider.issuer}/auth`)
    const q = authorize.searchParams
    assert.equal(q.get('response_type'), 'code')
    assert.equal(q.get('client_id'), `app-${method}`)
    assert.equal(q.get('redirect_uri'), `${h.app.url}/${remote.name}/callback`)
    assert.equal(q.get('scope'), 'notes')
    assert.equal(q.get('code_challenge_method'), 'S256')
    assert.match(q.get('code_challenge') ?? '', /^[\w-]{43}$/)
    assert.match(q.get('state') ?? '', /^[\w-]{32}$/)
    assert.equal(start.headers['cache-control'], 'no-store')

    const callback = await signInAt(authorize, { login: `alice-${method}` })
    assert.equal(callback.searchParams.get('state'), q.get('state'))
    const done = await browser.get(callback)
    assert.equal(done.status, 200, done.text)
    const body = done.json<{ signedInAs: string; token: OAuth2Token; next: string }>()
    assert.equal(body.signedInAs, `alice-${method}`)
    assert.equal(body.next, '/dashboard')
    assert.equal(body.token.token_type, 'Bearer')
    assert.equal(typeof body.token.access_token, 'string')
    assert.equal(typeof body.token.refresh_token, 'string')
    assert.equal(body.token.expires_in, 3600)
    assert.ok(Math.abs((body.token.expires_at ?? 0) - (Date.now() / 1000 + 3600)) < 5)
    assert.equal(done.headers['cache-control'], 'no-store')
    assert.equal(done.headers['referrer-policy'], 'no-referrer')
    // The pending login is cleared by the callback.
    const cleared = done.setCookies.map(parseSetCookie).find((c) => c.name === `oauth-${remote.name}`)
    assert.equal(cleared?.value, '')

    // The tokengetter finds the token through the request context.
    const notes = await browser.get(`${h.app.url}/${remote.name}/notes`)
    assert.equal(notes.status, 200)
    assert.ok(Array.isArray(notes.json()))
  })
}

test('refreshToken rotates the refresh token, and the spent one is refused with OAUTH_REFRESH_FAILED', async () => {
  const remote = h.remotes.client_secret_basic
  const callback = await startAndSignIn(new Browser(), remote, 'refresher')
  const browser = new Browser()
  // The callback is delivered by a browser that never started a login: refused before any token request.
  const before = h.provider.tokenRequests
  const stray = await browser.get(callback)
  assert.equal(stray.status, 400)
  assert.equal(h.provider.tokenRequests, before)

  const fresh = new Browser()
  const callback2 = await startAndSignIn(fresh, remote, 'refresher')
  const done = await fresh.get(callback2)
  const token = done.json<{ token: OAuth2Token }>().token
  const refreshed = await remote.refreshToken(token.refresh_token ?? '')
  assert.notEqual(refreshed.access_token, token.access_token)
  assert.notEqual(refreshed.refresh_token, token.refresh_token)
  assert.equal(typeof refreshed.expires_at, 'number')
  const me = await remote.get<{ sub: string }>('me', { token: refreshed })
  assert.equal(me.data.sub, 'refresher')

  await assert.rejects(remote.refreshToken(token.refresh_token ?? ''), (error: unknown) => {
    assert.ok(error instanceof OAuthError)
    assert.equal(error.code, 'OAUTH_REFRESH_FAILED')
    assert.equal(error.data?.error, 'invalid_grant')
    return true
  })
})

test('an expired token with a refresh token is refreshed before the call, and the tokenupdater is told once', async () => {
  const remote = h.remotes.client_secret_post
  const browser = new Browser()
  const done = await browser.get(await startAndSignIn(browser, remote, 'expiring'))
  const token = done.json<{ token: OAuth2Token }>().token
  const updates: OAuth2Token[] = []
  remote.tokenupdater((fresh) => {
    updates.push(fresh)
  })
  const stale = { ...token, expires_at: Math.floor(Date.now() / 1000) + 10 }
  const [a, b] = await Promise.all([remote.get('me', { token: stale }), remote.get('me', { token: stale })])
  assert.equal(a.status, 200)
  assert.equal(b.status, 200)
  assert.equal(updates.length, 1)
  assert.notEqual(updates[0]?.refresh_token, token.refresh_token)
})

test('a 401 triggers one refresh and one retry', async () => {
  const remote = h.remotes.client_secret_post
  const browser = new Browser()
  const done = await browser.get(await startAndSignIn(browser, remote, 'revoked'))
  const token = done.json<{ token: OAuth2Token }>().token
  // An access token the provider no longer knows, with a live refresh token.
  const me = await remote.get<{ sub: string }>('me', { token: { ...token, access_token: 'unknown-to-the-provider' } })
  assert.equal(me.status, 200)
  assert.equal(me.data.sub, 'revoked')
  // Revoking the refresh token ends the grant: the 401 then comes back as it is.
  await remote.revokeToken(token.refresh_token ?? '', { tokenTypeHint: 'refresh_token' })
  const refused = await remote.get('me', { token: token.access_token })
  assert.equal(refused.status, 401)
})

test('the user denying access reaches the handler as null with OAUTH_ACCESS_DENIED, consuming the state', async () => {
  const remote = h.remotes.client_secret_post
  const browser = new Browser()
  const start = await browser.get(`${h.app.url}/${remote.name}/login`)
  const callback = await signInAt(start.location ?? '', { login: 'bob', deny: true })
  assert.equal(callback.searchParams.get('error'), 'access_denied')
  const before = h.provider.tokenRequests
  const denied = await browser.get(callback)
  assert.equal(denied.status, 403)
  assert.deepEqual(denied.json(), { denied: 'OAUTH_ACCESS_DENIED', error: 'access_denied' })
  // Replaying the denial finds no pending login.
  const replay = await browser.get(callback)
  assert.equal(replay.status, 400)
  assert.equal(replay.json<{ error: string }>().error, 'OAUTH_STATE_MISMATCH')
  assert.equal(h.provider.tokenRequests, before)
})

describe('state failures are a 400 OAUTH_STATE_MISMATCH and make no token request', () => {
  async function expectMismatch(browser: Browser, url: string | URL): Promise<void> {
    const before = h.provider.tokenRequests
    const res = await browser.get(url)
    assert.equal(res.status, 400, res.text)
    const body = res.json<{ error: string; message: string }>()
    assert.equal(body.error, 'OAUTH_STATE_MISMATCH')
    assert.equal(h.provider.tokenRequests, before)
  }

  test('no state and no cookie', async () => {
    await expectMismatch(new Browser(), `${h.app.url}/client-secret-post/callback?code=abc`)
  })

  test('a missing state with the cookie', async () => {
    const browser = new Browser()
    const callback = await startAndSignIn(browser, h.remotes.client_secret_post, 'carol')
    callback.searchParams.delete('state')
    await expectMismatch(browser, callback)
  })

  test('a forged state with the cookie', async () => {
    const browser = new Browser()
    const callback = await startAndSignIn(browser, h.remotes.client_secret_post, 'carol')
    callback.searchParams.set('state', 'forged-state-forged-state-forged1')
    await expectMismatch(browser, callback)
  })

  test('a duplicated state parameter', async () => {
    const browser = new Browser()
    const callback = await startAndSignIn(browser, h.remotes.client_secret_post, 'carol')
    callback.searchParams.append('state', callback.searchParams.get('state') ?? '')
    await expectMismatch(browser, callback)
  })

  test("another app's state", async () => {
    const browser = new Browser()
    const callback = await startAndSignIn(browser, h.remotes.client_secret_post, 'carol')
    const other = new URL(callback)
    other.pathname = '/client-secret-basic/callback'
    await expectMismatch(browser, other)
  })

  test('a replayed callback: without the cleared cookie it is a mismatch; with the old cookie the spent code is refused', async () => {
    const browser = new Browser()
    const start = await browser.get(`${h.app.url}/client-secret-post/login`)
    const oldCookie = start.setCookies.map(parseSetCookie).find((c) => c.name === 'oauth-client-secret-post')
    const callback = await signInAt(start.location ?? '', { login: 'dave' })
    assert.equal((await browser.get(callback)).status, 200)
    await expectMismatch(browser, callback)

    const replay = await new Browser().get(callback, { cookie: `oauth-client-secret-post=${oldCookie?.value}` })
    assert.equal(replay.status, 502)
    const body = replay.json<{ error: string; message: string }>()
    assert.equal(body.error, 'OAUTH_TOKEN_REQUEST_FAILED')
    assert.match(body.message, /invalid_grant/)
  })
})

test('two tabs can sign in at once: each callback finds its own pending login', async () => {
  const browser = new Browser()
  const remote = h.remotes.client_secret_post
  const first = await browser.get(`${h.app.url}/${remote.name}/login?next=/one`)
  const second = await browser.get(`${h.app.url}/${remote.name}/login?next=/two`)
  const [cb1, cb2] = [
    await signInAt(first.location ?? '', { login: 'tab1' }),
    await signInAt(second.location ?? '', { login: 'tab2' }),
  ]
  const done1 = await browser.get(cb1)
  const done2 = await browser.get(cb2)
  assert.deepEqual([done1.status, done2.status], [200, 200])
  assert.equal(done1.json<{ next: string }>().next, '/one')
  assert.equal(done2.json<{ next: string }>().next, '/two')
})

test('an unsafe next is never returned by nextUrl', async () => {
  const browser = new Browser()
  const remote = h.remotes.client_secret_post
  const callback = await startAndSignIn(browser, remote, 'eve', `?next=${encodeURIComponent('//evil.example/')}`)
  const done = await browser.get(callback)
  assert.equal(done.json<{ next: string | null }>().next, null)
})

test("two app instances that share only the secret finish each other's logins", async () => {
  // Instance B serves the same callback paths on another port; the provider only knows A's
  // redirect URIs, so the login starts at A and its callback is delivered to B.
  const oauthB = new OAuth()
  const remotesB = register(oauthB, h.provider)
  const tokensB = new Map<string, OAuth2Token>()
  const b = await startApp(oauthB, routes(remotesB, tokensB), { publicUrl: h.app.url })
  try {
    const browser = new Browser()
    const callback = await startAndSignIn(browser, h.remotes.client_secret_post, 'frank')
    const atB = new URL(callback.pathname + callback.search, b.url)
    const done = await browser.get(atB)
    assert.equal(done.status, 200, done.text)
    assert.equal(done.json<{ signedInAs: string }>().signedInAs, 'frank')
    assert.ok(tokensB.has('frank'))
  } finally {
    await b.close()
  }
})
