import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import session from 'express-session'
import passport from 'passport'
import OAuth2Strategy, { type VerifyCallback } from 'passport-oauth2'
import { CLIENT_ID, CLIENT_SECRET, PUBLIC_URL, SCOPE, SESSION_SECRET, type Start, storedToken } from '../shared.js'

interface BenchUser {
  readonly id: string
  readonly accessToken: string
}

/** passport-oauth2 keeps its client "protected"; provider strategies reach it the same way. */
class BenchStrategy extends OAuth2Strategy {
  get client() {
    return this._oauth2
  }
}

/**
 * passport-oauth2 on express with express-session, as their docs show: the session middleware
 * with its default MemoryStore (`resave` and `saveUninitialized` off), `passport.authenticate
 * ('session')`, and the strategy with `state: true` and `pkce: true`, which keeps both in the
 * session. A successful callback logs the user in (a new session) and answers 200. Its way to
 * call an API is the strategy's OAuth2 client (`_oauth2.get`, what provider strategies use to
 * fetch profiles), told to send the token in the Authorization header.
 */
export const start: Start = async (provider) => {
  const strategy = new BenchStrategy(
    {
      authorizationURL: `${provider}/authorize`,
      tokenURL: `${provider}/token`,
      clientID: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      callbackURL: `${PUBLIC_URL}/callback`,
      scope: SCOPE,
      state: true,
      pkce: true,
    },
    (accessToken: string, _refreshToken: string, _profile: unknown, done: VerifyCallback) =>
      done(null, { id: 'bench-user', accessToken } satisfies BenchUser),
  )
  strategy.client.useAuthorizationHeaderforGET(true)
  passport.use('oauth2', strategy)
  passport.serializeUser((user, done) => done(null, user))
  passport.deserializeUser((user: BenchUser, done) => done(null, user))

  const app = express()
  app.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false }))
  app.use(passport.authenticate('session'))

  app.get('/login', passport.authenticate('oauth2'))
  // No failureRedirect: a refused callback answers 401, which the load driver counts as an error.
  app.get('/callback', passport.authenticate('oauth2'), (_req, res) => {
    res.set('cache-control', 'no-store').json({ ok: true })
  })

  const meUrl = `${provider}/api/me`
  app.get('/api', (_req, res) => {
    strategy.client.get(meUrl, storedToken.access_token, (error, body) => {
      if (error || typeof body !== 'string') {
        res.status(502).json({ error: 'api_failed' })
        return
      }
      res.json(JSON.parse(body))
    })
  })

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)))
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
