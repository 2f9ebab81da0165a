import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { OAuth, type OAuth2Token, type RemoteApp } from 'oauth-consumer'
import { Browser, type Page } from '../helpers/browser.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'
import { type AppSpec, harnesses, type RunningApp } from './harness.js'

/**
 * One table of sign-in scenarios, run against a fastify app and an Express app built from the
 * same spec (./harness.ts), so that neither adapter can fall behind the other: the sign-in,
 * denial, every state failure, the callback's faults, API calls through the tokengetter, refresh,
 * `form_post`, and what cookies and logs may show.
 *
 * The provider is a mock whose token endpoint answers by the code it is given (RFC 6749 §4.1.3,
 * §5.1, §5.2, §6), so a scenario picks a fault by the code the "user" comes back with.
 */

const PROVIDER_TIMEOUT = 400

/** The token endpoint's answer to each code a scenario may bring back. */
function tokenAnswer(code: string | null): { status: number; type: string; body: string; delay?: number } {
  const json = (status: number, value: unknown) => ({ status, type: 'application/json', body: JSON.stringify(value) })
  switch (code) {
    case 'good':
      return json(200, { access_token: 'at-good', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-good' })
    case 'expiring':
      // Already within refreshSkew: the first API call refreshes it.
      return json(200, { access_token: 'at-old', token_type: 'Bearer', expires_in: 1, refresh_token: 'rt-old' })
    case 'server-error':
      return { status: 500, type: 'text/html', body: '<h1>Internal Server Error</h1>' }
    case 'not-json':
      return { status: 200, type: 'application/json', body: '{"access_token": ' }
    case 'error-in-200':
      return json(200, { error: 'invalid_grant', error_description: 'The code has expired' })
    case 'slow':
      return { ...json(200, { access_token: 'at-late', token_type: 'Bearer' }), delay: PROVIDER_TIMEOUT * 3 }
    default:
      return json(400, { error: 'invalid_grant' })
  }
}

let provider: MockServer

function tokenRequests(): number {
  return provider.requests.filter((r) => r.url === '/token').length
}

before(async () => {
  provider = await mockServer((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const send = (status: number, type: string, text: string) =>
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) }).end(text)
    if (url.pathname === '/token') {
      const form = new URLSearchParams(body)
      if (form.get('grant_type') === 'refresh_token') {
        return form.get('refresh_token') === 'rt-old'
          ? send(
              200,
              'application/json',
              JSON.stringify({ access_token: 'at-new', token_type: 'Bearer', expires_in: 3600 }),
            )
          : send(400, 'application/json', JSON.stringify({ error: 'invalid_grant' }))
      }
      // PKCE is sent by default (RFC 7636 §4.5): a code without a verifier is refused.
      const answer = form.get('code_verifier') === null ? tokenAnswer(null) : tokenAnswer(form.get('code'))
      const reply = () => send(answer.status, answer.type, answer.body)
      return answer.delay === undefined ? reply() : void setTimeout(reply, answer.delay).unref()
    }
    if (url.pathname === '/api/me') {
      const auth = req.headers.authorization ?? ''
      if (auth !== 'Bearer at-good' && auth !== 'Bearer at-new') return send(401, 'application/json', '{}')
      return send(200, 'application/json', JSON.stringify({ login: 'ada', token: auth.slice(7) }))
    }
    return send(404, 'text/plain', 'not found')
  })
})

after(() => provider.close())

/** The app of the scenarios: two remote apps (query and form_post callbacks) and a session store. */
interface Scenario {
  readonly app: RunningApp
  readonly sessions: Map<string, OAuth2Token>
  /** Each refresh the tokenupdater was told of: the new access token and whether it had the request. */
  readonly refreshed: { accessToken: string; hadRequest: boolean }[]
}

function spec(sessions: Map<string, OAuth2Token>, refreshed: Scenario['refreshed']): AppSpec {
  const oauth = new OAuth({ timeout: PROVIDER_TIMEOUT, retries: 0 })
  const common = {
    authorizeUrl: `${provider.url}/authorize`,
    accessTokenUrl: `${provider.url}/token`,
    baseUrl: `${provider.url}/api/`,
    clientId: 'client-1',
    clientSecret: 'secret-1',
  }
  const main = oauth.remoteApp('main', common)
  oauth.remoteApp('posted', { ...common, responseMode: 'form_post' })
  const sessionOf = (request: { query?: unknown }) =>
    String((request.query as Record<string, unknown> | undefined)?.session ?? '')
  main.tokengetter((request) => sessions.get(sessionOf(request)))
  main.tokenupdater((token, request) => {
    refreshed.push({ accessToken: token.access_token, hadRequest: request !== undefined })
    if (request !== undefined) sessions.set(sessionOf(request), token)
  })
  return {
    oauth,
    appNamed: (name) => oauth.get(name),
    signedIn(_app: RemoteApp, resp, error, next) {
      if (resp === null) return { status: 403, body: { denied: error?.code ?? null, data: error?.data ?? null } }
      const session = String(sessions.size + 1)
      sessions.set(session, resp as OAuth2Token)
      return { status: 200, body: { session, next: next ?? null } }
    },
    async me() {
      const resp = await main.get('me')
      return { status: resp.status, body: resp.data }
    },
  }
}

/** The provider's side of a sign-in: the authorize URL the app sent, and the callback it redirects to. */
function atProvider(login: Page) {
  assert.equal(login.status, 302, login.text)
  const authorize = new URL(login.location ?? '')
  const state = authorize.searchParams.get('state') ?? ''
  const redirectUri = authorize.searchParams.get('redirect_uri') ?? ''
  return {
    authorize,
    state,
    redirectUri,
    callback: (params: Record<string, string>) => `${redirectUri}?${new URLSearchParams(params)}`,
  }
}

interface ErrorBody {
  readonly error: string
  readonly message: string
}

for (const harness of harnesses) {
  describe(`${harness.name}: the scenario table`, () => {
    let s: Scenario
    before(async () => {
      const sessions = new Map<string, OAuth2Token>()
      const refreshed: Scenario['refreshed'] = []
      s = { app: await harness.start(spec(sessions, refreshed)), sessions, refreshed }
    })
    after(() => s.app.close())

    const login = (browser: Browser, app = 'main', next?: string) =>
      browser.get(`${s.app.url}/login/${app}${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`)

    /** A whole sign-in that comes back with `code`: the callback's page. */
    const signIn = async (browser: Browser, code: string, next?: string) => {
      const started = atProvider(await login(browser, 'main', next))
      return browser.get(started.callback({ code, state: started.state }))
    }

    const assertRefused = (page: Page, status: number, code: string) => {
      assert.equal(page.status, status, page.text)
      assert.equal(page.json<ErrorBody>().error, code)
    }

    describe('sign-in', () => {
      test('login is a 302 to the provider with state, PKCE and the callback on publicUrl; not cached', async () => {
        const page = await login(new Browser())
        const { authorize, state, redirectUri } = atProvider(page)
        assert.equal(`${authorize.origin}${authorize.pathname}`, `${provider.url}/authorize`)
        assert.equal(authorize.searchParams.get('response_type'), 'code')
        assert.equal(authorize.searchParams.get('client_id'), 'client-1')
        assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256')
        assert.match(authorize.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/)
        assert.match(state, /^[\w-]{20,}$/)
        assert.equal(redirectUri, `${s.app.url}/callback/main`)
        assert.equal(page.headers['cache-control'], 'no-store')
        assert.equal(page.headers['referrer-policy'], 'no-referrer')
      })

      test('the callback exchanges the code once, hands the token to the handler, and clears the cookie', async () => {
        const before = tokenRequests()
        const browser = new Browser()
        const done = await signIn(browser, 'good', '/after')
        assert.equal(done.status, 200, done.text)
        const { session, next } = done.json<{ session: string; next: string }>()
        assert.equal(next, '/after')
        assert.equal(s.sessions.get(session)?.access_token, 'at-good')
        assert.equal(tokenRequests(), before + 1)
        assert.equal(done.headers['cache-control'], 'no-store')
        assert.match(done.setCookies.join('\n'), /^oauth-main=; Max-Age=0; /m)
      })

      test('a next that leaves the origin is dropped: nextUrl() is undefined', async () => {
        for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
          const done = await signIn(new Browser(), 'good', next)
          assert.equal(done.status, 200, done.text)
          assert.equal(done.json<{ next: string | null }>().next, null, next)
        }
      })
    })

    describe('denial', () => {
      test('error=access_denied reaches the handler as null with OAUTH_ACCESS_DENIED, and no token request', async () => {
        const browser = new Browser()
        const started = atProvider(await login(browser))
        const before = tokenRequests()
        const page = await browser.get(
          started.callback({ error: 'access_denied', error_description: 'The user said no', state: started.state }),
        )
        assert.equal(page.status, 403, page.text)
        const body = page.json<{ denied: string; data: Record<string, string> }>()
        assert.equal(body.denied, 'OAUTH_ACCESS_DENIED')
        assert.equal(body.data.error_description, 'The user said no')
        assert.equal(tokenRequests(), before)
      })

      test('a denial consumes the pending login: the same state cannot sign in afterwards', async () => {
        const browser = new Browser()
        const started = atProvider(await login(browser))
        await browser.get(started.callback({ error: 'access_denied', state: started.state }))
        assertRefused(
          await browser.get(started.callback({ code: 'good', state: started.state })),
          400,
          'OAUTH_STATE_MISMATCH',
        )
      })
    })

    describe('state failures: 400 OAUTH_STATE_MISMATCH, and no token request', () => {
      /** Each case prepares a sign-in, then returns the callback request that must be refused. */
      const cases: { name: string; prepare: (browser: Browser) => Promise<() => Promise<Page>> }[] = [
        {
          name: 'a browser that never started a sign-in',
          prepare: async (browser) => {
            const started = atProvider(await login(new Browser()))
            return () => browser.get(started.callback({ code: 'good', state: started.state }))
          },
        },
        {
          name: 'a forged state',
          prepare: async (browser) => {
            const started = atProvider(await login(browser))
            return () => browser.get(started.callback({ code: 'good', state: `${started.state}x` }))
          },
        },
        {
          name: 'no state at all',
          prepare: async (browser) => {
            const started = atProvider(await login(browser))
            return () => browser.get(started.callback({ code: 'good' }))
          },
        },
        {
          name: 'a tampered cookie',
          prepare: async (browser) => {
            const started = atProvider(await login(browser))
            const cookie = browser.jar.header(new URL(s.app.url)) ?? ''
            const tampered = cookie.replace(/=(.)/, (_m, c: string) => `=${c === 'A' ? 'B' : 'A'}`)
            return () =>
              new Browser().get(started.callback({ code: 'good', state: started.state }), { cookie: tampered })
          },
        },
        {
          name: "another app's state",
          prepare: async (browser) => {
            const started = atProvider(await login(browser, 'posted'))
            return () => browser.get(`${s.app.url}/callback/main?code=good&state=${started.state}`)
          },
        },
        {
          name: 'a replayed callback: the first answer cleared the cookie',
          prepare: async (browser) => {
            const started = atProvider(await login(browser))
            const url = started.callback({ code: 'good', state: started.state })
            assert.equal((await browser.get(url)).status, 200)
            return () => browser.get(url)
          },
        },
        {
          name: 'an expired login (older than 10 minutes)',
          prepare: async (browser) => {
            const started = atProvider(await login(browser))
            const cookie = browser.jar.header(new URL(s.app.url)) ?? ''
            // The jar would drop the cookie at its Max-Age; the browser here keeps it, and the
            // sealed login's own expiry must refuse it.
            return async () => {
              const realNow = Date.now
              const later = realNow() + 10 * 60 * 1000 + 1000
              Date.now = () => later
              try {
                return await new Browser().get(started.callback({ code: 'good', state: started.state }), { cookie })
              } finally {
                Date.now = realNow
              }
            }
          },
        },
      ]
      for (const { name, prepare } of cases) {
        test(name, async () => {
          const refused = await prepare(new Browser())
          const before = tokenRequests()
          assertRefused(await refused(), 400, 'OAUTH_STATE_MISMATCH')
          assert.equal(tokenRequests(), before)
        })
      }
    })

    describe("the callback's faults reach the error handler with their status", () => {
      const faults = [
        { code: 'server-error', status: 502, error: 'OAUTH_TOKEN_REQUEST_FAILED' },
        { code: 'error-in-200', status: 502, error: 'OAUTH_TOKEN_REQUEST_FAILED' },
        { code: 'not-json', status: 502, error: 'OAUTH_INVALID_RESPONSE' },
        { code: 'slow', status: 504, error: 'OAUTH_TIMEOUT' },
      ]
      for (const fault of faults) {
        test(`a token endpoint answering "${fault.code}" is ${fault.status} ${fault.error}`, async () => {
          const browser = new Browser()
          const page = await signIn(browser, fault.code)
          assertRefused(page, fault.status, fault.error)
          // The failed callback still used up its state.
          assert.match(page.setCookies.join('\n'), /^oauth-main=; Max-Age=0; /m)
        })
      }
    })

    describe('API calls through the tokengetter', () => {
      test("a route's call finds the signed-in user's token through the request being served", async () => {
        const browser = new Browser()
        const { session } = (await signIn(browser, 'good')).json<{ session: string }>()
        const me = await browser.get(`${s.app.url}/me?session=${session}`)
        assert.equal(me.status, 200, me.text)
        assert.deepEqual(me.json(), { login: 'ada', token: 'at-good' })
      })

      test('without a session the tokengetter finds nothing: 401 OAUTH_NO_TOKEN', async () => {
        assertRefused(await new Browser().get(`${s.app.url}/me?session=none`), 401, 'OAUTH_NO_TOKEN')
      })
    })

    describe('refresh', () => {
      test('an expired token is refreshed before the call, and the tokenupdater is told with the request', async () => {
        const browser = new Browser()
        const { session } = (await signIn(browser, 'expiring')).json<{ session: string }>()
        const refreshes = s.refreshed.length
        const me = await browser.get(`${s.app.url}/me?session=${session}`)
        assert.equal(me.status, 200, me.text)
        assert.deepEqual(me.json(), { login: 'ada', token: 'at-new' })
        assert.deepEqual(s.refreshed.slice(refreshes), [{ accessToken: 'at-new', hadRequest: true }])
        assert.equal(s.sessions.get(session)?.refresh_token, 'rt-old')
      })
    })

    describe('form_post', () => {
      const form = { 'content-type': 'application/x-www-form-urlencoded' }

      test('the cookie is SameSite=None; Secure, and a urlencoded POST callback signs in', async () => {
        const browser = new Browser()
        const page = await login(browser, 'posted')
        const started = atProvider(page)
        assert.equal(started.authorize.searchParams.get('response_mode'), 'form_post')
        assert.match(
          page.setCookies[0] ?? '',
          /^oauth-posted=[\w-]+; Max-Age=600; Path=\/; HttpOnly; SameSite=None; Secure$/,
        )
        const done = await browser.send('POST', started.redirectUri, form, `code=good&state=${started.state}`)
        assert.equal(done.status, 200, done.text)
        assert.equal(s.sessions.get(done.json<{ session: string }>().session)?.access_token, 'at-good')
      })

      test('a GET callback, or a JSON POST, is refused before the state is used', async () => {
        const browser = new Browser()
        const started = atProvider(await login(browser, 'posted'))
        const before = tokenRequests()
        const get = await browser.get(started.callback({ code: 'good', state: started.state }))
        assertRefused(get, 400, 'OAUTH_STATE_MISMATCH')
        assert.equal(
          get.json<ErrorBody>().message,
          'The callback of "posted" must come by POST (responseMode form_post); this one came by GET',
        )
        const json = await browser.send(
          'POST',
          started.redirectUri,
          { 'content-type': 'application/json' },
          JSON.stringify({ code: 'good', state: started.state }),
        )
        assertRefused(json, 400, 'OAUTH_STATE_MISMATCH')
        assert.equal(tokenRequests(), before)
        const done = await browser.send('POST', started.redirectUri, form, `code=good&state=${started.state}`)
        assert.equal(done.status, 200, done.text)
      })

      test('a form body over 64 KiB is refused with 413, and no token request', async () => {
        const browser = new Browser()
        const started = atProvider(await login(browser, 'posted'))
        const before = tokenRequests()
        const body = `code=good&state=${started.state}&pad=${'a'.repeat(64 * 1024)}`
        const page = await browser.send('POST', started.redirectUri, form, body)
        assert.equal(page.status, 413)
        assert.equal(tokenRequests(), before)
      })
    })

    describe('what cookies and logs show', () => {
      test('the state cookie is HttpOnly, SameSite=Lax, Path=/, no Domain, 10 minutes, and hides what it holds', async () => {
        const browser = new Browser()
        const page = await login(browser, 'main', '/private-next')
        const { state, authorize } = atProvider(page)
        const cookie = page.setCookies[0] ?? ''
        assert.match(cookie, /^oauth-main=[\w-]+; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/)
        const value = cookie.slice('oauth-main='.length, cookie.indexOf(';'))
        const decoded = Buffer.from(value, 'base64url').toString('latin1')
        for (const secret of [state, authorize.searchParams.get('code_challenge') ?? '', 'private-next', 'callback']) {
          assert.ok(!value.includes(secret) && !decoded.includes(secret), `the cookie shows ${secret}`)
        }
      })

      test("the app's own cookies on the login response are kept beside the state cookie", async () => {
        const browser = new Browser()
        await login(browser)
        await login(browser, 'posted')
        const header = browser.jar.header(new URL(s.app.url)) ?? ''
        assert.match(header, /oauth-main=/)
        assert.match(header, /oauth-posted=/)
      })

      test('codes, states and tokens never reach the logs, refused callbacks included', async () => {
        const browser = new Browser()
        const started = atProvider(await login(browser))
        await browser.get(started.callback({ code: 'good', state: started.state }))
        await new Browser().get(`${s.app.url}/callback/main?code=SECRETCODE&state=SECRETSTATE`)
        const all = s.app.logs.join('\n')
        for (const secret of [started.state, 'SECRETCODE', 'SECRETSTATE', 'at-good', 'rt-good']) {
          assert.ok(!all.includes(secret), `${secret} is in the logs`)
        }
      })
    })
  })
}
