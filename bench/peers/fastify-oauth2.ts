import type { AddressInfo } from 'node:net'
import fastifyOAuth2, { type OAuth2Namespace } from '@fastify/oauth2'
import Fastify from 'fastify'
import { CLIENT_ID, CLIENT_SECRET, PUBLIC_URL, SCOPE, type Start, storedToken } from '../shared.js'

declare module 'fastify' {
  interface FastifyInstance {
    bench: OAuth2Namespace
  }
}

/**
 * @fastify/oauth2 as its README shows, configured by discovery (the README's advice when the
 * provider offers it), with S256 PKCE. It serves GET /login itself (`startRedirectPath`) and
 * keeps state and verifier in two plain HttpOnly cookies (`hostPrefixedCookies` needs https).
 * Its one way to call an API, `userinfo()`, needs discovery: the provider's userinfo endpoint is
 * the protected `/api/me`.
 */
export const start: Start = async (provider) => {
  const app = Fastify({ logger: false })
  await app.register(fastifyOAuth2, {
    name: 'bench',
    scope: [SCOPE],
    credentials: { client: { id: CLIENT_ID, secret: CLIENT_SECRET } },
    startRedirectPath: '/login',
    callbackUri: `${PUBLIC_URL}/callback`,
    discovery: { issuer: provider },
    pkce: 'S256',
  })

  app.get('/callback', async function (request, reply) {
    const { token } = await this.bench.getAccessTokenFromAuthorizationCodeFlow(request, reply)
    if (typeof token.access_token !== 'string') return reply.code(502).send({ error: 'token_request_failed' })
    return { ok: true }
  })

  app.get('/api', async function () {
    return this.bench.userinfo(storedToken.access_token)
  })

  await app.listen({ port: 0, host: '127.0.0.1' })
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() }
}
