/**
 * Flask-OAuth's Twitter example, ported: sign in with X, read the home timeline, post a status.
 * `server.ts` runs it against api.twitter.com with your credentials; the tests run this same
 * app against a local OAuth 1.0a provider by overriding the URLs.
 */
import { randomBytes } from 'node:crypto'
import fastifyCookie from '@fastify/cookie'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { OAuth, type OAuth1AppOptions } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { twitter } from 'oauth-consumer/providers'

export interface TwitterExampleOptions {
  /** Overrides of the preset: credentials, or URLs of another OAuth 1.0a provider. */
  readonly twitter?: Partial<OAuth1AppOptions>
  /** The app's external origin, e.g. `http://127.0.0.1:5000`. */
  readonly publicUrl: string
  /** 32+ random characters. */
  readonly secret: string
}

interface Session {
  user?: string
  token?: [token: string, secret: string]
  flashes: string[]
}

interface Tweet {
  readonly id_str: string
  readonly text: string
  readonly user: { readonly screen_name: string }
}

const SESSION_COOKIE = 'session'

export async function buildTwitterApp(options: TwitterExampleOptions): Promise<FastifyInstance> {
  const oauth = new OAuth()
  const remote = oauth.remoteApp('twitter', twitter(options.twitter))

  // Sessions live on the server; the browser holds a random, signed id. A real app uses a
  // session store that survives restarts.
  const sessions = new Map<string, Session>()
  const app = Fastify()
  await app.register(fastifyCookie, { secret: options.secret })
  await app.register(fastifyOAuth, { oauth, secret: options.secret, publicUrl: options.publicUrl })

  function session(request: FastifyRequest, reply: FastifyReply): Session {
    const signed = request.cookies[SESSION_COOKIE]
    const id = signed === undefined ? undefined : request.unsignCookie(signed)
    const existing = id?.valid && id.value !== null ? sessions.get(id.value) : undefined
    if (existing !== undefined) return existing
    const fresh: Session = { flashes: [] }
    const newId = randomBytes(24).toString('base64url')
    sessions.set(newId, fresh)
    reply.setCookie(SESSION_COOKIE, newId, { path: '/', httpOnly: true, sameSite: 'lax', signed: true })
    return fresh
  }

  remote.tokengetter((request) => {
    const signed = request.cookies[SESSION_COOKIE]
    const id = signed === undefined ? undefined : request.unsignCookie(signed)
    return id?.valid && id.value !== null ? sessions.get(id.value)?.token : undefined
  })

  app.get('/', async (request, reply) => {
    const s = session(request, reply)
    let tweets: readonly Tweet[] | undefined
    if (s.token !== undefined) {
      const resp = await remote.get<Tweet[]>('statuses/home_timeline.json')
      if (resp.status === 200) tweets = resp.data
      else s.flashes.push('Unable to load tweets from Twitter. Maybe out of API calls or Twitter is overloaded.')
    }
    const flashes = s.flashes.splice(0)
    return reply.type('text/html; charset=utf-8').send(page(s.user, flashes, tweets))
  })

  app.post<{ Body: { tweet?: string } }>('/tweet', async (request, reply) => {
    const s = session(request, reply)
    if (s.token === undefined) return reply.redirect('/login', 303)
    const status = request.body?.tweet ?? ''
    if (status === '') return reply.redirect('/', 303)
    const resp = await remote.post<{ id_str: string }>('statuses/update.json', { data: { status } })
    if (resp.status === 403) s.flashes.push('Your tweet was too long.')
    else if (resp.ok) s.flashes.push(`Successfully tweeted your tweet (ID: #${resp.data.id_str})`)
    else s.flashes.push(`Twitter answered HTTP ${resp.status}.`)
    return reply.redirect('/', 303)
  })

  app.get<{ Querystring: { next?: string } }>('/login', (request, reply) =>
    remote.authorize(reply, { callback: '/oauth-authorized', next: request.query.next ?? '/' }),
  )

  app.get('/logout', async (request, reply) => {
    const s = session(request, reply)
    delete s.user
    delete s.token
    s.flashes.push('You were signed out')
    return reply.redirect('/', 303)
  })

  app.get(
    '/oauth-authorized',
    remote.authorizedHandler(async (resp, request, reply) => {
      const s = session(request, reply)
      const next = remote.nextUrl(request) ?? '/'
      if (resp === null) {
        s.flashes.push('You denied the request to sign in.')
        return reply.redirect(next, 303)
      }
      s.token = [resp.oauth_token, resp.oauth_token_secret]
      if (typeof resp.screen_name === 'string') s.user = resp.screen_name
      s.flashes.push(`You were signed in as ${s.user ?? 'an unnamed user'}`)
      return reply.redirect(next, 303)
    }),
  )

  // The tweet form posts urlencoded: the plugin parses such bodies (for form_post callbacks).
  return app
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c)
}

function page(user: string | undefined, flashes: readonly string[], tweets: readonly Tweet[] | undefined): string {
  const messages = flashes.map((m) => `<li class="flash">${escapeHtml(m)}</li>`).join('')
  const body =
    user === undefined
      ? '<p>Sign in to see your timeline.</p><p><a href="/login">Sign in with Twitter</a></p>'
      : `<p>Signed in as <strong>${escapeHtml(user)}</strong> · <a href="/logout">sign out</a></p>
<form action="/tweet" method="post"><input name="tweet" size="60" placeholder="What's happening?"> <button>Tweet!</button></form>
<h2>Your timeline</h2>
<ul class="tweets">${(tweets ?? []).map((t) => `<li><strong>${escapeHtml(t.user.screen_name)}</strong> ${escapeHtml(t.text)}</li>`).join('')}</ul>`
  return `<!doctype html><html><head><meta charset="utf-8"><title>Tweet Tweet</title></head>
<body><h1>Tweet Tweet</h1><ul class="flashes">${messages}</ul>${body}</body></html>`
}
