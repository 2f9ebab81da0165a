import { randomBytes } from 'node:crypto'
import express from 'express'
import { OAuth } from 'oauth-consumer'
import { expressOAuth, oauthErrorHandler } from 'oauth-consumer/express'
import { CLIENT_ID, CLIENT_SECRET, PUBLIC_URL, SCOPE, type Start, storedToken } from '../shared.js'
import { serve } from './serve.js'

/**
 * The library on Express, as docs/getting-started-express.md shows it: `expressOAuth()` before
 * the routes, `authorize`, `authorizedHandler` answering `{"ok":true}`, `get('me', { token })`
 * returning `.data`, and `oauthErrorHandler()` last; the same app as the fastify `library`
 * contestant. Warnings are dropped, as every contestant's logging is off.
 */
export const start: Start = async (provider) => {
  const oauth = new OAuth()
  const remote = oauth.remoteApp('bench', {
    baseUrl: `${provider}/api/`,
    authorizeUrl: `${provider}/authorize`,
    accessTokenUrl: `${provider}/token`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    scope: SCOPE,
  })
  const app = express()
  app.use(expressOAuth({ oauth, secret: randomBytes(32).toString('base64url'), publicUrl: PUBLIC_URL, warn: () => {} }))

  app.get('/login', (_req, res) => remote.authorize(res, { callback: '/callback' }))

  app.get(
    '/callback',
    remote.authorizedHandler(async (resp, _req: express.Request, res: express.Response) => {
      if (resp === null) return res.status(403).json({ error: 'denied' })
      return res.json({ ok: true })
    }),
  )

  app.get('/api', async (_req, res) => {
    res.json((await remote.get('me', { token: storedToken })).data)
  })

  app.use(oauthErrorHandler())
  return serve(app)
}
