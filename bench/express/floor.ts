import { createHash, randomBytes } from 'node:crypto'
import express from 'express'
import { Pool } from 'undici'
import {
  CLIENT_ID,
  CLIENT_SECRET,
  createPendingCookie,
  PUBLIC_URL,
  SCOPE,
  type Start,
  sameState,
  storedToken,
} from '../shared.js'
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
  const pool = new Pool(provider, {
    connections: 128,
    keepAliveTimeout: 30_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  })
  const redirectUri = `${PUBLIC_URL}/callback`
  // Everything but state and challenge is fixed; base64url values need no escaping.
  const authorizePrefix = `${provider}/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri,
    scope: SCOPE,
  })}`
  const pendingCookie = createPendingCookie()
  const app = express()

  app.get('/login', (_req, res) => {
    const state = randomBytes(24).toString('base64url')
    const verifier = randomBytes(32).toString('base64url')
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    pendingCookie.start(res, state, verifier)
    res.redirect(302, `${authorizePrefix}&state=${state}&code_challenge=${challenge}&code_challenge_method=S256`)
  })

  app.get('/callback', async (req, res) => {
    const pending = pendingCookie.finish(req.headers.cookie, res)
    // Express 5 parses the query string again on every read of req.query: read it once.
    const { code, state } = req.query as { code?: unknown; state?: unknown }
    if (pending === undefined || !sameState(pending.state, state) || typeof code !== 'string' || code === '') {
      res.status(400).json({ error: 'state_mismatch' })
      return
    }
    const answer = await pool.request({
      path: '/token',
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'bench-floor',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: pending.verifier,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      }).toString(),
    })
    const token: unknown = await answer.body.json()
    if (answer.statusCode !== 200 || typeof (token as { access_token?: unknown }).access_token !== 'string') {
      res.status(502).json({ error: 'token_request_failed' })
      return
    }
    res.json({ ok: true })
  })

  app.get('/api', async (_req, res) => {
    const answer = await pool.request({
      path: '/api/me',
      method: 'GET',
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${storedToken.access_token}`,
        'user-agent': 'bench-floor',
      },
    })
    if (answer.statusCode !== 200) {
      await answer.body.dump()
      res.status(502).json({ error: 'api_failed' })
      return
    }
    res.json(await answer.body.json())
  })

  return serve(app, () => pool.close())
}
