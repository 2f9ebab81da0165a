import express from 'express'
import { createFloorClient, createPendingCookie, type Start, sameState } from '../shared.js'
import { serve } from './serve.js'

/**
 * The Express floor: the fastify floor of contestants.ts, route for route, on Express 5. What a
 * careful developer writes by hand with bare Express and undici: the same randomness and PKCE as
 * the library, the pending login sealed into an HttpOnly, SameSite=Lax cookie with AES-256-GCM,
 * the state compared in constant time, the cookie cleared at the callback, the same cache
 * headers, a keep-alive pool with timeouts; but no option handling, size limits, several-tab
 * logins or error mapping. Express as it comes (its default settings), as the library's app and
 * passport's have it.
 */
export const start: Start = async (provider) => {
  const client = createFloorClient(provider)
  const pendingCookie = createPendingCookie()
  const app = express()

  app.get('/login', (_req, res) => {
    const { url, state, verifier } = client.begin()
    pendingCookie.start(res, state, verifier)
    res.redirect(302, url)
  })

  app.get('/callback', async (req, res) => {
    const pending = pendingCookie.finish(req.headers.cookie, res)
    // Express 5 parses the query string again on every read of req.query: read it once.
    const { code, state } = req.query as { code?: unknown; state?: unknown }
    if (pending === undefined || !sameState(pending.state, state) || typeof code !== 'string' || code === '') {
      res.status(400).json({ error: 'state_mismatch' })
      return
    }
    if (!(await client.exchange(code, pending.verifier))) {
      res.status(502).json({ error: 'token_request_failed' })
      return
    }
    res.json({ ok: true })
  })

  app.get('/api', async (_req, res) => {
    const me = await client.me()
    if (me === undefined) res.status(502).json({ error: 'api_failed' })
    else res.json(me)
  })

  return serve(app, () => client.close())
}
