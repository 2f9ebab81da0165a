import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { OAuth } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { type Contestant, contestants, failToParent, serveParent } from './ipc.js'
import {
  CLIENT_ID,
  CLIENT_SECRET,
  createFloorClient,
  createPendingCookie,
  PUBLIC_URL,
  SCOPE,
  type Served,
  type Start,
  sameState,
  storedToken,
} from './shared.js'

/**
 * The apps under load, each run in its own process: `node contestants.js <name> <provider origin>`.
 * Every one serves GET /login (302 to the provider, grant's at /connect/bench), the callback its
 * redirect_uri names (state check and code exchange, then 200, after a redirect for those that
 * make one), and GET /api (one call to the provider's /api/me, its JSON back). The floor and the
 * library (with and without a tokengetter) are here; the same two on Express in express/, and
 * the peers in peers/, one module each, loaded by name.
 */

/**
 * The floor: what a careful developer writes by hand with bare fastify and undici for the same
 * job. Same randomness and PKCE as the library, the pending login sealed into the cookie with
 * AES-256-GCM as the library does (a plain cookie would put the PKCE verifier in the browser's
 * hands), the same cookie attributes and cache headers, a keep-alive pool with timeouts; but
 * no option handling, size limits, several-tab logins or error mapping.
 */
function floor(app: FastifyInstance, provider: string): void {
  const client = createFloorClient(provider)
  app.addHook('onClose', async () => client.close())
  const pendingCookie = createPendingCookie()

  app.get('/login', (_request, reply) => {
    const { url, state, verifier } = client.begin()
    pendingCookie.start(reply, state, verifier)
    return reply.redirect(url, 302)
  })

  app.get<{ Querystring: { code?: unknown; state?: unknown } }>('/callback', async (request, reply) => {
    const pending = pendingCookie.finish(request.headers.cookie, reply)
    const { code, state } = request.query
    if (pending === undefined || !sameState(pending.state, state) || typeof code !== 'string' || code === '') {
      return reply.code(400).send({ error: 'state_mismatch' })
    }
    if (!(await client.exchange(code, pending.verifier))) return reply.code(502).send({ error: 'token_request_failed' })
    return { ok: true }
  })

  app.get('/api', async (_request, reply) => {
    const me = await client.me()
    return me === undefined ? reply.code(502).send({ error: 'api_failed' }) : me
  })
}

/**
 * The library: the plugin plus `authorize`, `authorizedHandler` and `get`, as its guide shows.
 * With `tokengetter`, the app registers one, as most apps do to find the signed-in user's token,
 * and /api calls `get('me')` without a token, the implicit style; without, /api passes `token`.
 * The two side by side show what registering one costs every route, /login and /callback too.
 * With `explicit` as well, the plugin binds nothing (`requestContext: false`) and /api passes
 * `{ request }`: what an app that would rather not pay for the binding writes.
 */
async function library(
  app: FastifyInstance,
  provider: string,
  { tokengetter, explicit = false }: { tokengetter: boolean; explicit?: boolean },
): Promise<void> {
  const oauth = new OAuth()
  const remote = oauth.remoteApp('bench', {
    baseUrl: `${provider}/api/`,
    authorizeUrl: `${provider}/authorize`,
    accessTokenUrl: `${provider}/token`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    scope: SCOPE,
  })
  await app.register(fastifyOAuth, {
    oauth,
    secret: randomBytes(32).toString('base64url'),
    publicUrl: PUBLIC_URL,
    requestContext: !explicit,
  })

  app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))

  app.get(
    '/callback',
    remote.authorizedHandler(async (resp, _request, reply) => {
      if (resp === null) return reply.code(403).send({ error: 'denied' })
      return { ok: true }
    }),
  )

  if (tokengetter) {
    remote.tokengetter(() => storedToken)
    if (explicit) app.get('/api', async (request) => (await remote.get('me', { request })).data)
    else app.get('/api', async () => (await remote.get('me')).data)
  } else {
    app.get('/api', async () => (await remote.get('me', { token: storedToken })).data)
  }
}

async function onFastify(build: (app: FastifyInstance) => void | Promise<void>): Promise<Served> {
  const app = Fastify({ logger: false })
  await build(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() }
}

async function start(kind: Contestant, provider: string): Promise<Served> {
  if (kind === 'floor') return onFastify((app) => floor(app, provider))
  if (kind === 'library') return onFastify((app) => library(app, provider, { tokengetter: false }))
  if (kind === 'library-getter') return onFastify((app) => library(app, provider, { tokengetter: true }))
  if (kind === 'library-request') {
    return onFastify((app) => library(app, provider, { tokengetter: true, explicit: true }))
  }
  // Express and the peers are built by bench/tsconfig.json only, so the root build never needs
  // them; importing oauth-consumer/express would also retype the library's handlers program-wide.
  if (kind === 'express-floor' || kind === 'express-library') {
    const onExpress = (await import(`./express/${kind.slice('express-'.length)}.js`)) as { start: Start }
    return onExpress.start(provider)
  }
  const peer = (await import(`./peers/${kind}.js`)) as { start: Start }
  return peer.start(provider)
}

function isContestant(name: string): name is Contestant {
  return contestants.includes(name as Contestant)
}

async function main(): Promise<void> {
  const [kind, provider] = process.argv.slice(2)
  if (kind === undefined || !isContestant(kind) || provider === undefined) {
    throw new Error(`usage: contestants.js <${contestants.join('|')}> <provider origin>`)
  }
  const served = await start(kind, provider)
  serveParent(served.port, () => served.close())
}

main().catch(failToParent)
