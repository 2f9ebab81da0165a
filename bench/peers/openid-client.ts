import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import * as client from 'openid-client'
import { CLIENT_ID, CLIENT_SECRET, createPendingCookie, PUBLIC_URL, SCOPE, type Start, storedToken } from '../shared.js'

/**
 * openid-client v6 inside fastify, as its README's authorization-code example: `discovery()`
 * once at start-up (`allowInsecureRequests`, as the provider is plain http on loopback), then
 * `randomPKCECodeVerifier`, `calculatePKCECodeChallenge`, `randomState` and
 * `buildAuthorizationUrl` for the login, `authorizationCodeGrant` with `pkceCodeVerifier` and
 * `expectedState` for the callback, and `fetchProtectedResource` for the API. It leaves where
 * to keep state and verifier to the app: they are sealed into a cookie as the floor does.
 */
export const start: Start = async (provider) => {
  const config = await client.discovery(new URL(provider), CLIENT_ID, CLIENT_SECRET, undefined, {
    execute: [client.allowInsecureRequests],
  })
  const pendingCookie = createPendingCookie()
  const redirectUri = `${PUBLIC_URL}/callback`
  const meUrl = new URL(`${provider}/api/me`)

  const app = Fastify({ logger: false })

  app.get('/login', async (_request, reply) => {
    const verifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    })
    pendingCookie.start(reply, state, verifier)
    return reply.redirect(url.href, 302)
  })

  app.get('/callback', async (request, reply) => {
    const pending = pendingCookie.finish(request.headers.cookie, reply)
    if (pending === undefined) return reply.code(400).send({ error: 'state_mismatch' })
    // The callback URL as the browser saw it: openid-client checks its state and derives redirect_uri from it.
    const tokens = await client.authorizationCodeGrant(config, new URL(request.url, PUBLIC_URL), {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
    })
    if (typeof tokens.access_token !== 'string') return reply.code(502).send({ error: 'token_request_failed' })
    return { ok: true }
  })

  app.get('/api', async (_request, reply) => {
    const res = await client.fetchProtectedResource(config, storedToken.access_token, meUrl, 'GET')
    if (!res.ok) {
      await res.arrayBuffer()
      return reply.code(502).send({ error: 'api_failed' })
    }
    return res.json()
  })

  await app.listen({ port: 0, host: '127.0.0.1' })
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() }
}
