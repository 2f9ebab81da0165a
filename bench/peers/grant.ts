import type { AddressInfo } from 'node:net'
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import Fastify from 'fastify'
import grant, { type GrantSession } from 'grant'
import { CLIENT_ID, CLIENT_SECRET, createApiClient, PUBLIC_URL, SCOPE, SESSION_SECRET, type Start } from '../shared.js'

declare module 'fastify' {
  interface Session {
    grant?: GrantSession
  }
}

/**
 * grant's fastify handler, set up as its README shows: @fastify/cookie, then @fastify/session
 * (its default in-memory store, `cookie.secure` off as the public URL is http), then grant with
 * `state` and `pkce` on and the `session` transport, which its README recommends for a local
 * callback route. grant serves GET /connect/bench and /connect/bench/callback itself; after the
 * code exchange it redirects to `/done`, which reads the tokens from the session. grant has no
 * API client: the API call is the floor's undici pool.
 */
export const start: Start = async (provider) => {
  const api = createApiClient(provider, 'bench-grant')
  const app = Fastify({ logger: false })
  app.addHook('onClose', () => api.close())
  await app.register(fastifyCookie)
  await app.register(fastifySession, { secret: SESSION_SECRET, cookie: { secure: false } })
  await app.register(
    // Under NodeNext the package's types describe its CommonJS export as `default`, which it also sets.
    grant.default.fastify()({
      defaults: { origin: PUBLIC_URL, transport: 'session', state: true, pkce: true },
      bench: {
        authorize_url: `${provider}/authorize`,
        access_url: `${provider}/token`,
        oauth: 2,
        key: CLIENT_ID,
        secret: CLIENT_SECRET,
        scope: [SCOPE],
        callback: '/done',
      },
    }),
  )

  app.get('/done', (request, reply) => {
    const response = request.session.grant?.response
    if (typeof response?.access_token !== 'string') return reply.code(400).send({ error: response?.error ?? 'denied' })
    return { ok: true }
  })

  app.get('/api', async (_request, reply) => (await api.me()) ?? reply.code(502).send({ error: 'api_failed' }))

  await app.listen({ port: 0, host: '127.0.0.1' })
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() }
}
