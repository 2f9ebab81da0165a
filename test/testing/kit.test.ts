import assert from 'node:assert/strict'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { type AddressInfo, createServer } from 'node:net'
import type { TestContext } from 'node:test'
import { test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { OAuth, type OAuth1TokenResponse, type OAuth2Token } from 'oauth-consumer'
import { twitter } from 'oauth-consumer/providers'
import {
  approveDevice,
  DEFAULT_CLIENT_ID,
  signIn,
  signInAt,
  startOAuth1Provider,
  startOAuth2Provider,
  startTwitter,
  type Tweet,
  type User,
} from 'oauth-consumer/testing'
import { request } from 'undici'
import { freePort, startApp } from '../helpers/app.js'

/** True once nothing listens on the port any more: a new server can take it. */
async function portIsFree(port: number): Promise<boolean> {
  const server = createServer()
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    return true
  } catch {
    return false
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

test('startOAuth2Provider serves discovery at its url on a loopback port, and close() frees the port', async () => {
  const provider = await startOAuth2Provider()
  assert.match(provider.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.equal(provider.issuer, provider.url)
  assert.equal(provider.apiUrl, `${provider.url}/api/`)
  const discovery = await request(`${provider.url}/.well-known/openid-configuration`)
  const metadata = (await discovery.body.json()) as Record<string, unknown>
  assert.equal(discovery.statusCode, 200)
  assert.equal(metadata.issuer, provider.url)
  assert.deepEqual(metadata.code_challenge_methods_supported, ['S256'])
  assert.equal(metadata.device_authorization_endpoint, `${provider.url}/device/auth`)
  assert.equal(metadata.revocation_endpoint, `${provider.url}/token/revocation`)
  assert.equal(await portIsFree(provider.port), false)
  await provider.close()
  assert.equal(await portIsFree(provider.port), true)
})

test('startOAuth1Provider and startTwitter answer at their url, and close() frees the port', async () => {
  for (const start of [startOAuth1Provider, startTwitter]) {
    const provider = await start()
    const index = await request(`${provider.url}/`)
    assert.equal(index.statusCode, 200)
    assert.deepEqual(await index.body.json(), {
      request_token_url: provider.requestTokenUrl,
      authorize_url: provider.authorizeUrl,
      authenticate_url: `${provider.url}/oauth/authenticate`,
      access_token_url: provider.accessTokenUrl,
      api_base_url: provider.apiUrl,
    })
    assert.equal(await portIsFree(provider.port), false)
    await provider.close()
    assert.equal(await portIsFree(provider.port), true)
  }
})

test('startTwitter re-points the twitter preset at itself', async (t) => {
  const x = await startTwitter()
  t.after(() => x.close())
  assert.deepEqual(x.presetOptions, {
    baseUrl: `${x.url}/1.1/`,
    requestTokenUrl: `${x.url}/oauth/request_token`,
    accessTokenUrl: `${x.url}/oauth/access_token`,
    authorizeUrl: `${x.url}/oauth/authenticate`,
    consumerKey: 'demo-consumer',
    consumerSecret: 'demo-consumer-secret',
  })
  const options = twitter(x.presetOptions)
  assert.equal(options.baseUrl, x.presetOptions.baseUrl)
  assert.equal(options.requestTokenUrl, x.presetOptions.requestTokenUrl)
  assert.equal(options.accessTokenUrl, x.presetOptions.accessTokenUrl)
  assert.equal(options.authorizeUrl, x.presetOptions.authorizeUrl)
})

test('the default client: redirect URIs in, clientId and clientSecret out, each grant usable', async (t) => {
  const provider = await startOAuth2Provider({ redirectUris: ['http://127.0.0.1:9/callback'], accessTokenTtl: 60 })
  t.after(() => provider.close())
  assert.equal(provider.clientId, DEFAULT_CLIENT_ID)
  assert.match(provider.clientSecret, /^[\w-]{43}$/)
  assert.equal(provider.tokenRequests, 0)

  // RFC 6749 §4.4: client credentials with client_secret_post.
  const token = await request(`${provider.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: provider.clientId,
      client_secret: provider.clientSecret,
    }).toString(),
  })
  const issued = (await token.body.json()) as Record<string, unknown>
  assert.equal(token.statusCode, 200, JSON.stringify(issued))
  assert.equal(issued.token_type, 'Bearer')
  assert.equal(issued.expires_in, 60)
  assert.equal(provider.tokenRequests, 1)

  // RFC 8628 §3.2: the device authorization response.
  const device = await request(`${provider.url}/device/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: provider.clientId,
      client_secret: provider.clientSecret,
      scope: 'openid',
    }).toString(),
  })
  const started = (await device.body.json()) as Record<string, unknown>
  assert.equal(device.statusCode, 200, JSON.stringify(started))
  assert.equal(typeof started.device_code, 'string')
  assert.equal(typeof started.user_code, 'string')
  assert.equal(started.verification_uri, `${provider.url}/device`)

  // A wrong secret is refused, and counted.
  const refused = await request(`${provider.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: provider.clientId,
      client_secret: 'wrong',
    }).toString(),
  })
  assert.equal(refused.statusCode, 401)
  assert.deepEqual(((await refused.body.json()) as Record<string, unknown>).error, 'invalid_client')
  assert.equal(provider.tokenRequests, 2)
})

test('startOAuth2Provider refuses a lifetime that is not a positive whole number of seconds', async () => {
  await assert.rejects(startOAuth2Provider({ accessTokenTtl: 0 }), {
    name: 'TypeError',
    message: 'accessTokenTtl must be a positive whole number of seconds',
  })
  await assert.rejects(startOAuth2Provider({ refreshTokenTtl: 1.5 }), {
    name: 'TypeError',
    message: 'refreshTokenTtl must be a positive whole number of seconds',
  })
})

/** A fastify app with one OpenID Connect app against `provider`, whose callback greets the user. */
async function oidcApp(t: TestContext, port: number, provider: Awaited<ReturnType<typeof startOAuth2Provider>>) {
  const oauth = new OAuth({ timeout: 5000 })
  const local = oauth.remoteApp('local', {
    issuer: provider.url,
    baseUrl: provider.apiUrl,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    scope: ['openid', 'profile', 'notes'],
  })
  const app = await startApp(
    oauth,
    (fastify: FastifyInstance) => {
      fastify.get('/login', (_request, reply) => local.authorize(reply, { callback: '/callback' }))
      fastify.get(
        '/callback',
        local.authorizedHandler(async (token: OAuth2Token | null, request, reply) => {
          if (token === null) return reply.code(403).send(`Denied: ${request.oauthError?.code}`)
          const me = await local.get<{ name: string }>('me', { token })
          return reply.redirect('/welcome?name=' + encodeURIComponent(me.data.name), 303)
        }),
      )
      fastify.get<{ Querystring: { name: string } }>('/welcome', (request, reply) =>
        reply.type('text/html').send(`<h1>Hello, ${request.query.name}</h1>`),
      )
    },
    { port },
  )
  t.after(() => app.close())
  return app
}

test('signIn drives a fastify app and the OAuth 2.0 provider to the page the handler leads to', async (t) => {
  const port = await freePort()
  const provider = await startOAuth2Provider({ redirectUris: [`http://127.0.0.1:${port}/callback`] })
  t.after(() => provider.close())
  const app = await oidcApp(t, port, provider)

  const { response, cookies } = await signIn(`${app.url}/login`, { login: 'alice' })
  assert.equal(response.status, 200)
  assert.equal(response.url.href, `${app.url}/welcome?name=Alice`)
  assert.equal(response.headers.get('content-type'), 'text/html')
  assert.equal(response.body, '<h1>Hello, Alice</h1>')
  // The provider's session cookie is in the jar; the app's pending-login cookie was cleared.
  assert.ok(cookies.list(provider.url).some((cookie) => cookie.name === '_session'))
  assert.equal(provider.tokenRequests, 1)

  // The same browser again: the provider remembers Alice and her consent, and asks nothing.
  const again = await signIn(`${app.url}/login`, { login: 'not-asked', cookies })
  assert.equal(again.cookies, cookies)
  assert.equal(again.response.body, '<h1>Hello, Alice</h1>')
  assert.equal(provider.tokenRequests, 2)

  const denied = await signIn(`${app.url}/login`, { login: 'bob', deny: true })
  assert.equal(denied.response.status, 403)
  assert.equal(denied.response.url.pathname, '/callback')
  assert.equal(denied.response.body, 'Denied: OAUTH_ACCESS_DENIED')
  assert.equal(provider.tokenRequests, 2)
})

test("signIn rejects with the provider's error page when the app's client is unknown", async (t) => {
  const port = await freePort()
  const provider = await startOAuth2Provider({ redirectUris: [`http://127.0.0.1:${port}/elsewhere`] })
  t.after(() => provider.close())
  const app = await oidcApp(t, port, provider)
  await assert.rejects(signIn(`${app.url}/login`, { login: 'alice' }), {
    name: 'OAuthInvalidResponseError',
    code: 'OAUTH_INVALID_RESPONSE',
    message: /^The provider showed an error page instead of signing in \(400 at \/auth\): .*redirect_uri/,
  })
})

test('signIn and signInAt refuse a missing login and an unreachable app', async () => {
  await assert.rejects(signIn('http://127.0.0.1:9/login', { login: '' }), {
    name: 'TypeError',
    message: '"login" must be a non-empty string',
  })
  const port = await freePort()
  await assert.rejects(signInAt(`http://127.0.0.1:${port}/auth`, { login: 'alice', timeout: 2000 }), {
    name: 'OAuthNetworkError',
    code: 'OAUTH_NETWORK_ERROR',
  })
})

test('startTwitter with the twitter preset, end to end through a fastify app', async (t) => {
  const x = await startTwitter()
  t.after(() => x.close())
  const oauth = new OAuth({ timeout: 5000 })
  const remote = oauth.remoteApp('twitter', twitter(x.presetOptions))
  const app = await startApp(oauth, (fastify) => {
    fastify.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
    fastify.get(
      '/callback',
      remote.authorizedHandler(async (resp: OAuth1TokenResponse | null, _request, reply) => {
        if (resp === null) return reply.code(403).send('denied')
        const token = { token: resp.oauth_token, secret: resp.oauth_token_secret }
        const me = await remote.get<User>('account/verify_credentials.json', { token })
        const posted = await remote.post<Tweet>('statuses/update.json', {
          token,
          data: { status: 'Hello from a test' },
        })
        const timeline = await remote.get<Tweet[]>('statuses/home_timeline.json', { token, data: { count: 2 } })
        return {
          callback: { user_id: resp.user_id, screen_name: resp.screen_name },
          me: me.data,
          posted: posted.data,
          timeline: timeline.data.map((tweet) => tweet.text),
        }
      }),
    )
  })
  t.after(() => app.close())

  const { response } = await signIn(`${app.url}/login`, { login: 'flask_fan' })
  assert.equal(response.status, 200, response.body)
  const seen = JSON.parse(response.body) as {
    callback: { user_id: string; screen_name: string }
    me: User
    posted: Tweet
    timeline: string[]
  }
  assert.equal(seen.callback.screen_name, 'flask_fan')
  assert.match(seen.callback.user_id, /^\d+$/)
  assert.deepEqual(seen.me, {
    id: Number(seen.callback.user_id),
    id_str: seen.callback.user_id,
    name: 'Flask_fan',
    screen_name: 'flask_fan',
    profile_image_url_https: `${x.url}/profile_images/${seen.callback.user_id}/avatar.svg`,
  })
  assert.equal(seen.posted.text, 'Hello from a test')
  assert.equal(seen.posted.user.screen_name, 'flask_fan')
  assert.match(seen.posted.created_at, /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \+0000 \d{4}$/)
  assert.deepEqual(seen.timeline, ['Hello from a test', 'Twitter-style sign-in, now in TypeScript.'])
  // Every call the app made was signed and verified by the provider.
  assert.deepEqual(
    x.requests.map((verified) => `${verified.method} ${verified.target.split('?')[0]}`),
    [
      'POST /oauth/request_token',
      'POST /oauth/access_token',
      'GET /1.1/account/verify_credentials.json',
      'POST /1.1/statuses/update.json',
      'GET /1.1/statuses/home_timeline.json',
    ],
  )

  const denied = await signIn(`${app.url}/login`, { login: 'shy', deny: true })
  assert.equal(denied.response.status, 403)
  assert.equal(denied.response.body, 'denied')
})

test('a token lifetime inside the refresh skew makes the first API call refresh, as the testing guide says', async (t) => {
  const port = await freePort()
  const appUrl = `http://127.0.0.1:${port}`
  const provider = await startOAuth2Provider({ redirectUris: [`${appUrl}/callback`], accessTokenTtl: 30 })
  t.after(() => provider.close())
  const oauth = new OAuth({ timeout: 5000 })
  const idp = oauth.remoteApp('idp', {
    issuer: provider.url,
    baseUrl: provider.apiUrl,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    scope: ['openid', 'notes'],
  })
  const refreshed: OAuth2Token[] = []
  idp.tokenupdater((token) => {
    refreshed.push(token)
  })
  const app = await startApp(
    oauth,
    (fastify) => {
      fastify.get('/login', (_request, reply) => idp.authorize(reply, { callback: '/callback' }))
      fastify.get(
        '/callback',
        idp.authorizedHandler(async (token: OAuth2Token | null) => {
          if (token === null) return { notes: null }
          const notes = await idp.get<{ text: string }[]>('notes', { token })
          return { notes: notes.data.map((note) => note.text), first: token.access_token }
        }),
      )
    },
    { port },
  )
  t.after(() => app.close())

  const { response } = await signIn(`${appUrl}/login`, { login: 'alice' })
  const seen = JSON.parse(response.body) as { notes: string[]; first: string }
  assert.deepEqual(seen.notes, ['Buy milk', 'Call the dentist', 'Water the plants'])
  assert.equal(provider.tokenRequests, 2)
  assert.equal(refreshed.length, 1)
  assert.notEqual(refreshed[0]?.access_token, seen.first)
  assert.equal(refreshed[0]?.expires_in, 30)
})

/** A small server for one test, on a free loopback port. */
async function serve(
  t: TestContext,
  handler: (req: IncomingMessage, res: ServerResponse, url: string) => void,
): Promise<string> {
  const server = createHttpServer((req, res) => handler(req, res, url))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  )
  return url
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

test('signInAt fills a GitHub-shaped page: a POST form whose text input is named login, and its cancel button', async (t) => {
  const seen: string[] = []
  const url = await serve(t, (req, res) => {
    if (req.method === 'GET') {
      // The shape of GitHub's sign-in and authorize pages: hidden fields, a `login` text input,
      // a password, and two submit buttons that say yes or no.
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(`<!DOCTYPE html><html><body>
<form action="/session" method="post" accept-charset="UTF-8">
<input type="hidden" name="authenticity_token" value="t&amp;1">
<input type="hidden" name="return_to" value="/login/oauth/authorize?client_id=abc">
<label>Username or email address <input type="text" name="login" autocomplete="username"></label>
<label>Password <input type="password" name="password"></label>
<input type="checkbox" name="remember_me" value="1">
<button type="submit" name="authorize" value="1">Authorize app</button>
<button type="submit" name="authorize" value="0">Cancel</button>
</form></body></html>`)
      return
    }
    void formOf(req).then((form) => {
      seen.push(form.toString())
      const callback = new URL('http://127.0.0.1:9/callback')
      if (form.get('authorize') === '1') callback.searchParams.set('code', `code-for-${form.get('login')}`)
      else callback.searchParams.set('error', 'access_denied')
      res.writeHead(302, { location: callback.href }).end()
    })
  })

  const granted = await signInAt(`${url}/login/oauth/authorize?client_id=abc`, { login: 'octocat' })
  assert.equal(granted.href, 'http://127.0.0.1:9/callback?code=code-for-octocat')
  const denied = await signInAt(`${url}/login/oauth/authorize?client_id=abc`, { login: 'octocat', deny: true })
  assert.equal(denied.href, 'http://127.0.0.1:9/callback?error=access_denied')
  assert.deepEqual(seen, [
    'authenticity_token=t%261&return_to=%2Flogin%2Foauth%2Fauthorize%3Fclient_id%3Dabc&login=octocat&password=any-password&authorize=1',
    'authenticity_token=t%261&return_to=%2Flogin%2Foauth%2Fauthorize%3Fclient_id%3Dabc&login=octocat&password=any-password&authorize=0',
  ])
})

test('signInAt gives up after maxSteps requests, and a request after its timeout', async (t) => {
  let requests = 0
  const loop = await serve(t, (_req, res) => {
    requests++
    res.writeHead(302, { location: '/again' }).end()
  })
  await assert.rejects(signInAt(`${loop}/authorize`, { login: 'alice', maxSteps: 5 }), {
    name: 'OAuthInvalidResponseError',
    code: 'OAUTH_INVALID_RESPONSE',
    message: 'The sign-in did not leave the provider after 5 requests',
  })
  assert.equal(requests, 5)

  const silent = await serve(t, () => {})
  await assert.rejects(signInAt(`${silent}/authorize`, { login: 'alice', timeout: 200 }), {
    name: 'OAuthNetworkError',
    code: 'OAUTH_TIMEOUT',
    message: `${silent}/authorize did not answer within 200 ms`,
  })
})

test('approveDevice plays the user of the device flow: approved, the device gets a token; aborted, access_denied', async (t) => {
  const provider = await startOAuth2Provider()
  t.after(() => provider.close())
  const form = (fields: Record<string, string>) => ({
    method: 'POST' as const,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: provider.clientId,
      client_secret: provider.clientSecret,
      ...fields,
    }).toString(),
  })
  const startDevice = async () => {
    const answer = await request(`${provider.url}/device/auth`, form({ scope: 'openid profile' }))
    return (await answer.body.json()) as { device_code: string; verification_uri_complete: string }
  }
  const poll = async (deviceCode: string) => {
    const answer = await request(
      `${provider.url}/token`,
      form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }),
    )
    return { status: answer.statusCode, body: (await answer.body.json()) as Record<string, unknown> }
  }

  const approved = await startDevice()
  assert.deepEqual((await poll(approved.device_code)).body.error, 'authorization_pending')
  await approveDevice(approved.verification_uri_complete, { login: 'carol' })
  const token = await poll(approved.device_code)
  assert.equal(token.status, 200, JSON.stringify(token.body))
  assert.equal(token.body.token_type, 'Bearer')
  const idToken = String(token.body.id_token)
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >
  assert.equal(claims.sub, 'carol')
  assert.equal(claims.name, 'Carol')

  const aborted = await startDevice()
  await approveDevice(aborted.verification_uri_complete, { login: 'dave', deny: true })
  assert.deepEqual(await poll(aborted.device_code), {
    status: 400,
    body: { error: 'access_denied', error_description: 'End-User aborted interaction' },
  })

  const unknown = new URL(approved.verification_uri_complete)
  unknown.searchParams.set('user_code', 'WXYZ-WXYZ')
  await assert.rejects(approveDevice(unknown, { login: 'erin' }), {
    name: 'OAuthInvalidResponseError',
    message:
      /^The provider showed an error page instead of signing in \(200 at \/device\): .*Connect a device The code you entered is incorrect\. Try again\./,
  })
})
