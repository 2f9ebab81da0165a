/**
 * An Express app that signs users in with GitHub and lists their repositories: the part of the
 * example to copy. `server.ts` points it at the local GitHub or at github.com.
 */
import { randomBytes } from 'node:crypto'
import express, { type Express, type Request, type Response } from 'express'
import { isReauthRequired, OAuth, type OAuth2Token } from 'oauth-consumer'
import { expressOAuth, oauthErrorHandler } from 'oauth-consumer/express'
import { github } from 'oauth-consumer/providers'

/** What the app needs to know: where it is served, its state-cookie secret, and its GitHub OAuth app. */
export interface AppOptions {
  /** The app's own origin, e.g. `http://localhost:3000`; GitHub sends users back to `${publicUrl}/callback`. */
  readonly publicUrl: string
  /** 32 or more random characters that seal the state cookie. */
  readonly secret: string
  /** The GitHub OAuth app's credentials, and for another GitHub (Enterprise Server, the local one) its URLs. */
  readonly github: {
    readonly clientId: string
    readonly clientSecret: string
    readonly baseUrl?: string
    readonly authUrl?: string
  }
}

/** One repository of `GET /user/repos`, the fields shown here. */
interface Repository {
  readonly full_name: string
  readonly private: boolean
}

/** Builds the Express app; `listen()` is the caller's. */
export function createApp(options: AppOptions): Express {
  const oauth = new OAuth()
  const gh = oauth.remoteApp('github', github({ ...options.github, scope: ['read:user'] }))

  // Tokens stay on the server; the browser holds a random session id. A real app keeps sessions
  // in a store (a database, Redis): this Map forgets everyone on restart.
  const sessions = new Map<string, { token: OAuth2Token }>()
  const sidOf = (req: Request) => /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1] ?? ''
  const sessionOf = (req: Request) => sessions.get(sidOf(req))

  // API calls made while serving `req` use its session's token...
  gh.tokengetter((req: Request) => sessionOf(req)?.token)
  // ...and a refreshed one (GitHub App tokens expire after 8 hours) replaces it: GitHub rotates
  // the refresh token, so the old one cannot be used again.
  gh.tokenupdater((token, req: Request | undefined) => {
    const session = req === undefined ? undefined : sessionOf(req)
    if (session !== undefined) session.token = token
  })

  const app = express()
  app.use(expressOAuth({ oauth, secret: options.secret, publicUrl: options.publicUrl }))

  app.get('/login', (_req, res) => gh.authorize(res, { callback: '/callback' }))

  app.get(
    '/callback',
    gh.authorizedHandler((token, _req: Request, res: Response) => {
      if (token === null) return res.redirect(303, '/?denied=1') // Cancel at GitHub: req.oauthError says so
      // A new id at every sign-in, so an id planted in the browser beforehand never gets a session.
      const sid = randomBytes(32).toString('base64url')
      sessions.set(sid, { token })
      // Over https, add `secure: true`.
      res.cookie('sid', sid, { path: '/', httpOnly: true, sameSite: 'lax' })
      return res.redirect(303, '/')
    }),
  )

  app.get('/', async (req, res) => {
    if (sessionOf(req) === undefined) {
      const denied = req.query.denied === undefined ? '' : '<p role="alert">You cancelled the sign-in at GitHub.</p>'
      return res.send(page('Sign in', `${denied}<p><a href="/login">Sign in with GitHub</a></p>`))
    }
    try {
      // GET /user, and every page of GET /user/repos: GitHub sends 30 repositories a page, and
      // getAll() follows each `Link: <…>; rel="next"` until the last.
      const [me, repos] = await Promise.all([
        gh.profile(),
        gh.getAll<Repository>('user/repos', { query: { sort: 'full_name' } }),
      ])
      res.set('Cache-Control', 'no-store')
      return res.send(
        page(
          `Hello, ${me.name ?? me.username ?? me.id}`,
          `<p>Signed in with GitHub as @${escapeHtml(me.username ?? me.id)}.</p>
<form method="post" action="/logout"><button>Sign out</button></form>
<h2>Your repositories (${repos.length})</h2>
<ul>${repos.map((repo) => `<li>${escapeHtml(repo.full_name)}${repo.private ? ' (private)' : ''}</li>`).join('')}</ul>`,
        ),
      )
    } catch (error) {
      // The token was revoked, or its refresh failed: only a new sign-in helps.
      if (!isReauthRequired(error)) throw error
      sessions.delete(sidOf(req))
      return res.redirect(303, '/login')
    }
  })

  app.post('/logout', (req, res) => {
    sessions.delete(sidOf(req))
    res.clearCookie('sid', { path: '/' })
    res.redirect(303, '/')
  })

  // After the routes: an OAuthError (a forged or expired state, GitHub refusing the code)
  // becomes `{ error, message }` with its status.
  app.use(oauthErrorHandler())
  return app
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`
}

/** Names and repositories come from GitHub: escape them before they go into HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
