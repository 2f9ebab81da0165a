import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { OAuth, type OAuth2RemoteApp, type OAuth2Token } from 'oauth-consumer'
import { client, type OAuth2Server, signInAt, startOAuth2Provider } from 'oauth-consumer/testing'
import { freePort, startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'

/**
 * A background job has no request, so it says whose token it uses with `context`, and the
 * tokenupdater stores the refreshed token under that user. Against the local authorization
 * server, whose refresh tokens rotate on every use.
 */

interface Stored {
  readonly token: OAuth2Token
}
interface Harness {
  provider: OAuth2Server
  app: TestApp
  remote: OAuth2RemoteApp
  /** The app's token table: one row per user. */
  rows: Map<string, Stored>
  /** What the tokenupdater was told: the new token's access token, the request, the context. */
  updates: { accessToken: string; request: unknown; context: unknown }[]
}

let h: Harness

before(async () => {
  const port = await freePort()
  const provider = await startOAuth2Provider({
    clients: [client('jobs-app', 'client_secret_post', [`http://127.0.0.1:${port}/callback`])],
  })
  const oauth = new OAuth({ timeout: 5000 })
  const remote = oauth.remoteApp('jobs', {
    baseUrl: provider.apiUrl,
    authorizeUrl: `${provider.issuer}/auth`,
    accessTokenUrl: `${provider.issuer}/token`,
    clientId: 'jobs-app',
    clientSecret: 'jobs-app-secret-0123456789abcdef',
    scope: ['notes', 'offline_access'],
    requestTokenParams: { prompt: 'consent' },
  })
  const rows = new Map<string, Stored>()
  const updates: Harness['updates'] = []
  remote.tokenupdater((token, request, context) => {
    updates.push({ accessToken: token.access_token, request, context })
    if (typeof context !== 'string') throw new Error('a refresh without a user to store it for')
    rows.set(context, { token })
  })
  const app = await startApp(
    oauth,
    (fastify) => {
      fastify.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
      fastify.get(
        '/callback',
        remote.authorizedHandler(async (resp) => {
          if (resp === null) return { denied: true }
          const me = await remote.get<{ sub: string }>('me', { token: resp })
          rows.set(me.data.sub, { token: resp })
          return { user: me.data.sub }
        }),
      )
    },
    { port },
  )
  h = { provider, app, remote, rows, updates }
})

after(async () => {
  await h.app.close()
  await h.provider.close()
})

async function signInAs(login: string): Promise<void> {
  const browser = new Browser()
  const start = await browser.get(`${h.app.url}/login`)
  assert.equal(start.status, 302)
  const done = await browser.get(await signInAt(start.location ?? '', { login }))
  assert.equal(done.status, 200, done.text)
  assert.deepEqual(done.json(), { user: login })
}

/** The stored token of `user`, made to look expired so the next call refreshes it. */
function expiredTokenOf(user: string): OAuth2Token {
  const row = h.rows.get(user)
  assert.ok(row !== undefined, `no row for ${user}`)
  return { ...row.token, expires_at: Math.floor(Date.now() / 1000) - 1 }
}

test('a job refreshing two users’ tokens: the tokenupdater stores each under the user its call named', async () => {
  await signInAs('ada')
  await signInAs('grace')
  const before = { ada: h.rows.get('ada')?.token, grace: h.rows.get('grace')?.token }
  h.updates.length = 0
  const requests = h.provider.tokenRequests

  // The nightly job: no request, one user at a time, each call naming its user.
  for (const user of ['ada', 'grace']) {
    const me = await h.remote.get<{ sub: string }>('me', { token: expiredTokenOf(user), context: user })
    assert.equal(me.status, 200)
    assert.equal(me.data.sub, user)
  }

  assert.equal(h.provider.tokenRequests - requests, 2, 'one refresh per user')
  assert.deepEqual(
    h.updates.map(({ request, context }) => ({ request, context })),
    [
      { request: undefined, context: 'ada' },
      { request: undefined, context: 'grace' },
    ],
  )
  for (const user of ['ada', 'grace'] as const) {
    const stored = h.rows.get(user)?.token
    assert.ok(stored !== undefined)
    assert.notEqual(stored.access_token, before[user]?.access_token, `${user}'s row holds the new token`)
    assert.notEqual(stored.refresh_token, before[user]?.refresh_token, 'the rotated refresh token is kept')
    // Each row's token is its own user's: the API says so.
    const me = await h.remote.get<{ sub: string }>('me', { token: stored })
    assert.equal(me.data.sub, user)
  }
})

test('refreshToken() given context tells the tokenupdater; without it, it does not', async () => {
  await signInAs('linus')
  h.updates.length = 0
  const first = h.rows.get('linus')?.token.refresh_token
  assert.ok(first !== undefined)

  const fresh = await h.remote.refreshToken(first, { context: 'linus' })
  assert.deepEqual(h.updates, [{ accessToken: fresh.access_token, request: undefined, context: 'linus' }])
  assert.equal(h.rows.get('linus')?.token.access_token, fresh.access_token)

  const again = fresh.refresh_token
  assert.ok(again !== undefined)
  const quiet = await h.remote.refreshToken(again)
  assert.equal(h.updates.length, 1, 'no context: the caller stores the token itself')
  assert.notEqual(quiet.access_token, fresh.access_token)
})

test('two calls sharing one refresh: one token request, and the tokenupdater told once, with the first call’s context', async () => {
  await signInAs('barbara')
  h.updates.length = 0
  const requests = h.provider.tokenRequests
  const token = expiredTokenOf('barbara')

  const [a, b] = await Promise.all([
    h.remote.get<{ sub: string }>('me', { token, context: 'barbara' }),
    h.remote.get<{ sub: string }>('me', { token, context: 'barbara (second call)' }),
  ])
  assert.equal(a.data.sub, 'barbara')
  assert.equal(b.data.sub, 'barbara')
  assert.equal(h.provider.tokenRequests - requests, 1)
  assert.deepEqual(
    h.updates.map(({ context }) => context),
    ['barbara'],
  )
})
