import { createHash, randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import { AuthorizationCode } from 'simple-oauth2'
import {
  CLIENT_ID,
  CLIENT_SECRET,
  createApiClient,
  createPendingCookie,
  PUBLIC_URL,
  SCOPE,
  type Start,
  sameState,
} from '../shared.js'

/**
 * simple-oauth2 inside fastify. It builds the authorize URL and makes the token request; state,
 * PKCE and where to keep them are the app's, so they are done by hand as the floor does them
 * (sealed into a cookie). It has no API client: the API call is the floor's undici pool.
 */
export const start: Start = async (provider) => {
  const client = new AuthorizationCode({
    client: { id: CLIENT_ID, secret: CLIENT_SECRET },
    auth: { tokenHost: provider, tokenPath: '/token', authorizePath: '/authorize' },
  })
  const api = createApiClient(provider, 'bench-simple-oauth2')
  const pendingCookie = createPendingCookie()
  const redirectUri = `${PUBLIC_URL}/callback`
  // simple-oauth2 passes every parameter through to the URL; its types only name the classic three.
  type AuthorizeParams = Parameters<AuthorizationCode['authorizeURL']>[0]

  const app = Fastify({ logger: false })
  app.addHook('onClose', () => api.close())

  app.get('/login', (_request, reply) => {
    const state = randomBytes(24).toString('base64url')
    const verifier = randomBytes(32).toString('base64url')
    const params = {
      redirect_uri: redirectUri,
      scope: SCOPE,
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }
    pendingCookie.start(reply, state, verifier)
    return reply.redirect(client.authorizeURL(params as AuthorizeParams), 302)
  })

  app.get<{ Querystring: { code?: unknown; state?: unknown } }>('/callback', async (request, reply) => {
    const pending = pendingCookie.finish(request.headers.cookie, reply)
    const { code, state } = request.query
    if (pending === undefined || !sameState(pending.state, state) || typeof code !== 'string') {
      return reply.code(400).send({ error: 'state_mismatch' })
    }
    // `code_verifier` goes into the token request's body like any other parameter.
    const tokenParams = { code, redirect_uri: redirectUri, code_verifier: pending.verifier }
    const token = await client.getToken(tokenParams)
    if (typeof token.token.access_token !== 'string') return reply.code(502).send({ error: 'token_request_failed' })
    return { ok: true }
  })

  app.get('/api', async (_request, reply) => (await api.me()) ?? reply.code(502).send({ error: 'api_failed' }))

  await app.listen({ port: 0, host: '127.0.0.1' })
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() }
}
