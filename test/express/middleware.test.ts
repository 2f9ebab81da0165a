import assert from 'node:assert/strict'
import type { Server } from 'node:http'
import { after, before, describe, test } from 'node:test'
import express, { type Express } from 'express'
import { OAuth, type OAuthError } from 'oauth-consumer'
import { expressOAuth, oauthErrorHandler } from 'oauth-consumer/express'
import { freePort } from 'oauth-consumer/testing'
import { Browser } from '../helpers/browser.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * What only the Express adapter has, or has in its own way: the auto routes under the mount
 * path, Express's own error handling, an app's own body parser, startup errors. The cases both
 * adapters share are in test/adapters/scenarios.test.ts.
 */
const SECRET = 'express-secret-that-is-long-enough-0123456789'

let provider: MockServer

before(async () => {
  provider = await mockServer((_req, _body, res) => {
    const text = JSON.stringify({ access_token: 'at-1', token_type: 'Bearer', expires_in: 3600 })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text)
  })
})
after(() => provider.close())

function registry(): OAuth {
  const oauth = new OAuth({ timeout: 2000 })
  oauth.remoteApp('acme', {
    authorizeUrl: `${provider.url}/authorize`,
    accessTokenUrl: `${provider.url}/token`,
    clientId: 'client-1',
    clientSecret: 'secret-1',
  })
  return oauth
}

async function listen(build: (url: string) => Express): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const app = build(url)
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening))
  })
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

describe('routes: {prefix}/:name/login and /callback for every app', () => {
  let served: { url: string; close: () => Promise<void> }
  const denied: OAuthError[] = []
  before(async () => {
    served = await listen((url) => {
      const app = express()
      const router = express.Router()
      router.use(
        expressOAuth({
          oauth: registry(),
          secret: SECRET,
          publicUrl: url,
          routes: {
            prefix: '/auth',
            onSuccess: (name, resp, req, res) =>
              res.json({
                name,
                token: 'access_token' in resp ? resp.access_token : null,
                next: req.query.next ?? null,
              }),
            onDenied: (_name, error, _req, res) => {
              denied.push(error)
              res.status(403).json({ denied: error.code })
            },
          },
        }),
      )
      // Mounted below /app: the routes and their callback URLs are too.
      app.use('/app', router)
      app.use(oauthErrorHandler())
      return app
    })
  })
  after(() => served.close())

  test('GET /app/auth/acme/login redirects with a callback under the mount path, which signs in', async () => {
    const browser = new Browser()
    const login = await browser.get(`${served.url}/app/auth/acme/login`)
    assert.equal(login.status, 302)
    const authorize = new URL(login.location ?? '')
    assert.equal(authorize.searchParams.get('redirect_uri'), `${served.url}/app/auth/acme/callback`)
    const state = authorize.searchParams.get('state') ?? ''
    const done = await browser.get(`${served.url}/app/auth/acme/callback?code=c&state=${state}`)
    assert.equal(done.status, 200, done.text)
    assert.deepEqual(done.json(), { name: 'acme', token: 'at-1', next: null })
  })

  test('a denial goes to onDenied with the OAuthError', async () => {
    const browser = new Browser()
    const login = await browser.get(`${served.url}/app/auth/acme/login`)
    const state = new URL(login.location ?? '').searchParams.get('state') ?? ''
    const page = await browser.get(`${served.url}/app/auth/acme/callback?error=access_denied&state=${state}`)
    assert.equal(page.status, 403)
    assert.deepEqual(page.json(), { denied: 'OAUTH_ACCESS_DENIED' })
    assert.equal(denied.at(-1)?.code, 'OAUTH_ACCESS_DENIED')
  })

  test('an unknown app is a 404 OAUTH_UNKNOWN_APP at login and callback; other paths pass on', async () => {
    for (const path of ['/app/auth/nope/login', '/app/auth/nope/callback']) {
      const page = await new Browser().get(`${served.url}${path}`)
      assert.equal(page.status, 404)
      assert.deepEqual(page.json(), { error: 'OAUTH_UNKNOWN_APP', message: 'No remote app named "nope"' })
    }
    const other = await new Browser().get(`${served.url}/app/auth/acme/elsewhere`)
    assert.equal(other.status, 404)
    assert.doesNotMatch(other.text, /OAUTH_/)
  })
})

describe("Express's own error handling", () => {
  test("without oauthErrorHandler, Express's final handler answers an OAuthError with its statusCode", async (t) => {
    const served = await listen((url) => {
      const app = express()
      app.set('env', 'production')
      const oauth = registry()
      app.use(expressOAuth({ oauth, secret: SECRET, publicUrl: url }))
      app.get(
        '/callback',
        oauth.get('acme').authorizedHandler(() => 'unreached'),
      )
      return app
    })
    t.after(() => served.close())
    const page = await new Browser().get(`${served.url}/callback?code=c&state=forged`)
    assert.equal(page.status, 400)
    assert.doesNotMatch(page.text, /forged/)
  })

  test('oauthErrorHandler leaves other errors to the next handler', async (t) => {
    const served = await listen((url) => {
      const app = express()
      app.use(expressOAuth({ oauth: registry(), secret: SECRET, publicUrl: url }))
      app.get('/boom', () => {
        throw Object.assign(new Error('teapot'), { status: 418 })
      })
      app.use(oauthErrorHandler())
      app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(418).json({ own: error.message })
      })
      return app
    })
    t.after(() => served.close())
    const page = await new Browser().get(`${served.url}/boom`)
    assert.equal(page.status, 418)
    assert.deepEqual(page.json(), { own: 'teapot' })
  })
})

test("an app's own urlencoded parser, mounted before the middleware, is kept", async (t) => {
  const served = await listen((url) => {
    const app = express()
    app.use(express.urlencoded({ extended: false, limit: '1mb' }))
    app.use(expressOAuth({ oauth: registry(), secret: SECRET, publicUrl: url }))
    app.post('/form', (req, res) => {
      res.json({ size: String((req.body as { pad?: string }).pad ?? '').length })
    })
    return app
  })
  t.after(() => served.close())
  const body = `pad=${'a'.repeat(100 * 1024)}`
  const page = await new Browser().send(
    'POST',
    `${served.url}/form`,
    { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  )
  assert.equal(page.status, 200, page.text)
  assert.deepEqual(page.json(), { size: 100 * 1024 })
})

test("req.oauthError is null on every route, a mounted app's too, and a denial's error stays on its own request", async (t) => {
  const served = await listen((url) => {
    const app = express()
    const oauth = registry()
    app.use(expressOAuth({ oauth, secret: SECRET, publicUrl: url }))
    const seen = (req: express.Request, res: express.Response) => {
      // The default comes from the app's request prototype, as fastify's decorateRequest gives one.
      res.json({ oauthError: req.oauthError, own: Object.hasOwn(req, 'oauthError') })
    }
    app.get('/page', seen)
    const admin = express()
    admin.get('/page', seen)
    app.use('/admin', admin)
    app.get('/login', (_req, res) => oauth.get('acme').authorize(res, { callback: '/callback' }))
    app.get(
      '/callback',
      oauth.get('acme').authorizedHandler((_resp, req: express.Request, res: express.Response) => {
        res.status(403).json({ denied: req.oauthError?.code ?? null })
      }),
    )
    return app
  })
  t.after(() => served.close())
  for (const path of ['/page', '/admin/page']) {
    const page = await new Browser().get(`${served.url}${path}`)
    assert.deepEqual(page.json(), { oauthError: null, own: false }, path)
  }
  const browser = new Browser()
  const login = await browser.get(`${served.url}/login`)
  const state = new URL(login.location ?? '').searchParams.get('state') ?? ''
  const denial = await browser.get(`${served.url}/callback?error=access_denied&state=${state}`)
  assert.deepEqual(denial.json(), { denied: 'OAUTH_ACCESS_DENIED' })
  const next = await browser.get(`${served.url}/page`)
  assert.deepEqual(next.json(), { oauthError: null, own: false })
})

describe('startup errors are OAUTH_INVALID_OPTIONS', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'no registry',
      () => expressOAuth({ publicUrl: 'http://127.0.0.1:3000', secret: SECRET } as never),
      /needs "oauth"/,
    ],
    ['no publicUrl', () => expressOAuth({ oauth: new OAuth(), secret: SECRET } as never), /needs "publicUrl"/],
    [
      'a short secret',
      () => expressOAuth({ oauth: new OAuth(), secret: 'short', publicUrl: 'http://127.0.0.1' }),
      /32/,
    ],
    [
      'routes without onSuccess',
      () => expressOAuth({ oauth: new OAuth(), secret: SECRET, publicUrl: 'http://127.0.0.1', routes: {} as never }),
      /"routes.onSuccess" must be a function/,
    ],
    [
      'a bad prefix',
      () =>
        expressOAuth({
          oauth: new OAuth(),
          secret: SECRET,
          publicUrl: 'http://127.0.0.1',
          routes: { prefix: 'auth?x', onSuccess: () => undefined },
        }),
      /"routes.prefix" must be a path/,
    ],
  ]
  for (const [name, start, message] of cases) {
    test(name, () => {
      assert.throws(start, (error: OAuthError) => {
        assert.equal(error.code, 'OAUTH_INVALID_OPTIONS')
        assert.match(error.message, message)
        return true
      })
    })
  }
})

test('requestContext: false leaves the request to the call: { request: req }', async (t) => {
  const served = await listen((url) => {
    const app = express()
    const oauth = new OAuth({ timeout: 2000 })
    const acme = oauth.remoteApp('acme', {
      authorizeUrl: `${provider.url}/authorize`,
      accessTokenUrl: `${provider.url}/token`,
      baseUrl: `${provider.url}/api/`,
      clientId: 'client-1',
      clientSecret: 'secret-1',
    })
    acme.tokengetter((req: express.Request) => (req.query.user === 'ada' ? 'at-1' : undefined))
    app.use(expressOAuth({ oauth, secret: SECRET, publicUrl: url, requestContext: false }))
    app.get('/bound', async (_req, res) => {
      res.json({ status: (await acme.get('me')).status })
    })
    app.get('/given', async (req, res) => {
      res.json({ status: (await acme.get('me', { request: req })).status })
    })
    app.use(oauthErrorHandler())
    return app
  })
  t.after(() => served.close())
  const bound = await new Browser().get(`${served.url}/bound?user=ada`)
  assert.equal(bound.status, 401)
  assert.equal(bound.json<{ error: string }>().error, 'OAUTH_NO_TOKEN')
  const given = await new Browser().get(`${served.url}/given?user=ada`)
  assert.deepEqual(given.json(), { status: 200 })
})
