import { createHash, randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import { AuthorizationCode } from 'simple-oauth2'
import {
  CLIENT_ID,
  CLIENT_SECRET,
  COOKIE_ATTRIBUTES,
  createApiClient,
  createSealer,
  PUBLIC_URL,
  readCookie,
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
  const { seal, open } = createSealer()
  const cookieName = 'oauth-bench'
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
    reply
      .header('set-cookie', `${cookieName}=${seal(`${state}.${verifier}`)}; Max-Age=600; ${COOKIE_ATTRIBUTES}`)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
    return reply.redirect(client.authorizeURL(params as AuthorizeParams), 302)
  })

  app.get<{ Querystring: { code?: unknown; state?: unknown } }>('/callback', async (request, reply) => {
    reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('set-cookie', `${cookieName}=; Max-Age=0; ${COOKIE_ATTRIBUTES}`)
    const pending = open(readCookie(request.headers.cookie, cookieName))
    const dot = pending?.indexOf('.') ?? -1
    const { code, state } = request.query
    if (pending === undefined || dot < 1 || !sameState(pending.slice(0, dot), state) || typeof code !== 'string') {
      return reply.code(400).send({ error: 'state_mismatch' })
    }
    // `code_verifier` goes into the token request's body like any other parameter.
    const tokenParams = { code, redirect_uri: redirectUri, code_verifier: pending.slice(dot + 1) }
    const token = await client.getToken(tokenParams)
    if (typeof token.token.access_token !== 'string') return reply.code(502).send({ error: 'token_request_failed' })
    return { ok: true }
  })

  app.get('/api', async (_request, reply) => (await api.me()) ?? reply.code(502).send({ error: 'api_failed' }))

  await app.listen({ port: 0, host: '127.0.0.1' })
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() }
}
