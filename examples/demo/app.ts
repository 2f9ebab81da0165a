/**
 * The demo that `npm start` runs: a small fastify app that signs users in at one of three local
 * providers — a GitHub with expiring GitHub App tokens, an OpenID Connect provider or a
 * Twitter-like OAuth 1.0a provider — or at any real provider whose credentials the environment
 * holds, and calls that provider's API with their token. It uses the library only through its
 * public entry points, as an application would; each card shows the code behind it, cut from
 * this file between `// snippet:` comments.
 */
import { randomBytes } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import { createServer, type Server } from 'node:net'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import {
  isOAuthError,
  OAuth,
  type OAuth1TokenResponse,
  type OAuth2Token,
  type OAuthResponse,
  type Profile,
  type RemoteApp,
} from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { github, twitter } from 'oauth-consumer/providers'
import {
  client,
  type GitHubServer,
  type OAuth1Server,
  type OAuth2Server,
  startGitHub,
  startOAuth1Provider,
  startOAuth2Provider,
} from 'oauth-consumer/testing'
import { escapeHtml, PAGE_STYLE } from '../../src/testing/page.js'
import { CATALOGUE, type CatalogueEntry, realOptions, variablesOf } from './catalogue.js'
import { loadSnippets } from './snippets.js'

export interface DemoOptions {
  /** Port of the demo app; 0 picks a free one. Default 3000. */
  appPort?: number
  /** Port of the local OpenID Connect provider; 0 picks a free one. Default 3001. */
  providerPort?: number
  /** Port of the local OAuth 1.0a provider; 0 picks a free one. Default 3002. */
  oauth1Port?: number
  /** Port of the local GitHub; 0 picks a free one. Default 3003. */
  githubPort?: number
  /** Seconds the local GitHub's user tokens live, short so a refresh is soon seen. Default 30. */
  githubTokenTtl?: number
  /** The hostname all four servers listen on and are reached at. Default `localhost`. */
  host?: string
  /** Where real providers' credentials are read (`GITHUB_CLIENT_ID`, …). Default `process.env`. */
  env?: NodeJS.ProcessEnv
}

export interface Demo {
  /** Where to open the demo, e.g. `http://localhost:3000`. */
  readonly appUrl: string
  /** The local OpenID Connect provider's issuer, e.g. `http://localhost:3001`. */
  readonly providerUrl: string
  /** The local OAuth 1.0a provider, e.g. `http://localhost:3002`. */
  readonly oauth1ProviderUrl: string
  /** The local GitHub, e.g. `http://localhost:3003`. */
  readonly githubUrl: string
  close(): Promise<void>
}

// A real app reads its secret from the environment and never commits it; the demo's state
// cookies only ever protect logins at a throwaway local server.
const DEMO_SECRET = 'oauth-consumer-demo-secret-not-for-production'
const CLIENT_ID = 'oauth-consumer-demo'
// The local OAuth 1.0a provider knows this consumer out of the box.
const OAUTH1_CONSUMER_KEY = 'demo-consumer'
const OAUTH1_CONSUMER_SECRET = 'demo-consumer-secret'
const SESSION_COOKIE = 'demo_session'
const CALLBACK_PATH = '/callback'
/** Where the provider sends the browser back after signing out there too. */
const SIGNED_OUT_PATH = '/?notice=signed-out'
const OAUTH1_LOGIN_PATH = '/oauth1/login'
const OAUTH1_CALLBACK_PATH = '/oauth1/callback'
const GITHUB_LOGIN_PATH = '/github/login'
const GITHUB_CALLBACK_PATH = '/github/callback'
const GITHUB_CLIENT_ID = 'Iv1.oauth-consumer-demo'
const GITHUB_CLIENT_SECRET = 'oauth-consumer-demo-github-secret'

/** The catalogue entries with a local stand-in, and where the demo signs in with it. */
const LOCAL_SIGN_IN: Readonly<
  Record<string, { readonly href: string; readonly label: string; readonly hint: string }>
> = {
  github: {
    href: GITHUB_LOGIN_PATH,
    label: 'Sign in with GitHub',
    hint: 'the local GitHub: GitHub App tokens that expire, paginated repositories',
  },
  oidc: { href: '/login', label: 'Sign in with OpenID Connect', hint: 'the local OpenID Provider, with PKCE' },
  twitter: {
    href: OAUTH1_LOGIN_PATH,
    label: 'Sign in with OAuth 1.0a',
    hint: 'HMAC-SHA1 at the local Twitter-like provider',
  },
}

/** The demo's own code, shown beside the cards it runs for. */
const SNIPPETS = loadSnippets(import.meta.url)

/**
 * What the app remembers about a signed-in browser. The token never leaves the server: the
 * browser only holds a random session id. A real app keeps sessions in a session store
 * (Redis, a database, @fastify/session) so they survive restarts and expire; this Map does
 * neither, which is fine for a demo whose providers forget their tokens on restart anyway.
 *
 * Each session belongs to one provider, and each remote app's tokengetter hands out only its
 * own provider's token, so the other app's API calls find no token rather than a foreign one.
 */
type Session =
  | { readonly provider: 'oauth2'; token: OAuth2Token }
  | { readonly provider: 'oauth1'; readonly token: OAuth1Credentials }
  | { readonly provider: 'github'; token: OAuth2Token; refreshedAt?: Date; refreshes: number }
  | { readonly provider: 'real'; readonly id: string; token: OAuth2Token | OAuth1Credentials }

interface OAuth1Credentials {
  readonly token: string
  readonly secret: string
}

/** A real provider the environment enabled, or why it could not be. */
type RealApp =
  | { readonly entry: CatalogueEntry; readonly remote: RemoteApp }
  | { readonly entry: CatalogueEntry; readonly problem: string }

interface Remotes {
  readonly oauth2: RemoteApp<OAuth2Token>
  readonly oauth1: RemoteApp<OAuth1TokenResponse>
  readonly github: RemoteApp<OAuth2Token>
  /** Every catalogue entry without a local stand-in in use, enabled or not. */
  readonly real: ReadonlyMap<string, RealApp>
}

interface Providers {
  readonly oauth2: OAuth2Server
  readonly oauth1: OAuth1Server
  readonly github: GitHubServer
  readonly githubTokenTtl: number
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const host = options.host ?? 'localhost'
  // The app's callback URL is registered at the OpenID Connect provider before either server
  // starts, so the ports must be settled first.
  const [appPort = 0, providerPort = 0, oauth1Port = 0, githubPort = 0] = await choosePorts(host, [
    options.appPort ?? 3000,
    options.providerPort ?? 3001,
    options.oauth1Port ?? 3002,
    options.githubPort ?? 3003,
  ])
  const githubTokenTtl = options.githubTokenTtl ?? 30
  const appUrl = `http://${urlHost(host)}:${appPort}`

  const provider = await startOAuth2Provider({
    port: providerPort,
    host,
    issuerHost: host,
    clients: [
      {
        ...client(CLIENT_ID, 'client_secret_post', [`${appUrl}${CALLBACK_PATH}`]),
        post_logout_redirect_uris: [`${appUrl}${SIGNED_OUT_PATH}`],
      },
    ],
  })
  let oauth1Provider: OAuth1Server | undefined
  let gitHub: GitHubServer | undefined
  let app: FastifyInstance | undefined
  try {
    // OAuth 1.0a sends the callback with each request token, so nothing is registered here.
    oauth1Provider = await startOAuth1Provider({ port: oauth1Port, host, publicHost: host })
    gitHub = await startGitHub({
      port: githubPort,
      host,
      publicHost: host,
      clientId: GITHUB_CLIENT_ID,
      clientSecret: GITHUB_CLIENT_SECRET,
      appName: 'oauth-consumer demo',
      callbackUrls: [`${appUrl}${GITHUB_CALLBACK_PATH}`],
      expiringTokens: githubTokenTtl,
    })
    app = await buildApp(
      appUrl,
      { oauth2: provider, oauth1: oauth1Provider, github: gitHub, githubTokenTtl },
      options.env ?? process.env,
    )
    await app.listen({ port: appPort, host })
  } catch (error) {
    await app?.close()
    await gitHub?.close()
    await oauth1Provider?.close()
    await provider.close()
    throw error
  }

  const server = app
  const oauth1Server = oauth1Provider
  const gitHubServer = gitHub
  let closing: Promise<void> | undefined
  return {
    appUrl,
    providerUrl: provider.issuer,
    oauth1ProviderUrl: oauth1Server.url,
    githubUrl: gitHubServer.url,
    close() {
      closing ??= (async () => {
        try {
          await server.close()
        } finally {
          await Promise.all([provider.close(), oauth1Server.close(), gitHubServer.close()])
        }
      })()
      return closing
    },
  }
}

async function buildApp(appUrl: string, providers: Providers, env: NodeJS.ProcessEnv): Promise<FastifyInstance> {
  const { oauth2: provider, oauth1: oauth1Provider } = providers
  const oauth = new OAuth()
  // OpenID Connect: the issuer's metadata supplies the authorization, token, userinfo and
  // revocation endpoints and the keys that sign ID tokens; `baseUrl` is only for the notes API.
  const remote = oauth.remoteApp('local', {
    issuer: provider.issuer,
    baseUrl: provider.apiUrl,
    clientId: CLIENT_ID,
    // The local provider derives every confidential client's secret from its id.
    clientSecret: `${CLIENT_ID}-secret-0123456789abcdef`,
    scope: 'openid profile email notes',
  })
  // The `twitter` preset with its URLs pointed at the local provider, which speaks Twitter's
  // v1.1 dialect: the preset then supplies the `verify_credentials.json` profile mapping, and
  // the demo shows how a preset is aimed at another host (a mock, a proxy, a compatible API).
  const oauth1 = oauth.remoteApp(
    'local-oauth1',
    twitter({
      consumerKey: OAUTH1_CONSUMER_KEY,
      consumerSecret: OAUTH1_CONSUMER_SECRET,
      baseUrl: `${oauth1Provider.url}/1.1/`,
      requestTokenUrl: `${oauth1Provider.url}/oauth/request_token`,
      accessTokenUrl: `${oauth1Provider.url}/oauth/access_token`,
      authorizeUrl: `${oauth1Provider.url}/oauth/authenticate`,
    }),
  )

  // snippet: github-app
  // The `github` preset, aimed at the local GitHub as at a GitHub Enterprise Server. Its
  // GitHub App tokens live `githubTokenTtl` seconds; `refreshSkew` makes the library refresh a
  // few seconds before that, on the first API call that needs the token.
  const gitHub = oauth.remoteApp(
    'github',
    github({
      clientId: GITHUB_CLIENT_ID,
      clientSecret: GITHUB_CLIENT_SECRET,
      baseUrl: providers.github.apiUrl, // `${url}/api/v3/`
      authUrl: providers.github.authUrl, // `${url}/login/oauth/`
      scope: ['read:user', 'user:email'],
      refreshSkew: refreshSkewFor(providers.githubTokenTtl),
    }),
  )
  // end snippet

  // Real providers, each enabled by its credentials in the environment.
  const real = new Map<string, RealApp>()
  for (const entry of CATALOGUE) {
    const options = realOptions(entry, env)
    if (options === undefined) continue
    try {
      real.set(entry.id, { entry, remote: oauth.remoteApp(`real-${entry.id}`, options) })
    } catch (error) {
      real.set(entry.id, { entry, problem: error instanceof Error ? error.message : String(error) })
    }
  }

  const sessions = new Map<string, Session>()
  const sessionOf = (request: FastifyRequest): Session | undefined => {
    const id = request.cookies[SESSION_COOKIE]
    return id === undefined ? undefined : sessions.get(id)
  }
  const endSession = (request: FastifyRequest, reply: FastifyReply): void => {
    const id = request.cookies[SESSION_COOKIE]
    if (id !== undefined) sessions.delete(id)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
  }
  const startSession = (request: FastifyRequest, reply: FastifyReply, session: Session): void => {
    // A fresh id at every sign-in, so an id planted in the browser beforehand never
    // becomes a signed-in session.
    endSession(request, reply)
    const id = randomBytes(32).toString('base64url')
    sessions.set(id, session)
    // Over https a real app adds `secure: true`.
    reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax' })
  }

  // The library asks for the token of the request being served, so routes call the API
  // without passing tokens around.
  remote.tokengetter((request) => {
    const session = sessionOf(request)
    return session?.provider === 'oauth2' ? session.token : undefined
  })
  oauth1.tokengetter((request) => {
    const session = sessionOf(request)
    return session?.provider === 'oauth1' ? session.token : undefined
  })
  for (const [id, app] of real) {
    if (!('remote' in app)) continue
    app.remote.tokengetter((request) => {
      const session = sessionOf(request)
      return session?.provider === 'real' && session.id === id ? session.token : undefined
    })
  }
  // snippet: github-refresh
  // The GitHub session's token, and where an automatic refresh lands: GitHub rotates the
  // refresh token, so the new one must replace the old or the next refresh is refused.
  gitHub.tokengetter((request) => {
    const session = sessionOf(request)
    return session?.provider === 'github' ? session.token : undefined
  })
  gitHub.tokenupdater((token, request) => {
    const session = request === undefined ? undefined : sessionOf(request)
    if (session?.provider !== 'github') return
    session.token = token
    session.refreshedAt = new Date()
    session.refreshes++
  })
  // end snippet
  // The provider rotates refresh tokens: an automatic refresh must be saved, or the next
  // one would present a spent refresh token.
  remote.tokenupdater((token, request) => {
    const session = request === undefined ? undefined : sessionOf(request)
    if (session?.provider === 'oauth2') session.token = token
  })

  const app = Fastify()
  await app.register(fastifyOAuth, { oauth, secret: DEMO_SECRET, publicUrl: appUrl })
  // An encapsulated context, so its HTML error handler replaces the plugin's JSON one for
  // the demo's pages without overriding a handler in the same scope.
  await app.register(async (pages) => {
    pages.setErrorHandler(renderError)
    pages.setNotFoundHandler((_request, reply) =>
      sendPage(
        reply,
        404,
        'Not found',
        html`<section class="card"><h1>Not found</h1>
        <p>There is no page here.</p><p><a class="button" href="/">Back to the start</a></p></section>`,
      ),
    )
    // The pages' forms post urlencoded: the plugin parses such bodies (for form_post callbacks).
    routes(
      pages,
      { oauth2: remote, oauth1, github: gitHub, real },
      providers,
      { sessionOf, startSession, endSession },
      appUrl,
    )
  })
  return app
}

interface SessionStore {
  sessionOf(request: FastifyRequest): Session | undefined
  startSession(request: FastifyRequest, reply: FastifyReply, session: Session): void
  endSession(request: FastifyRequest, reply: FastifyReply): void
}

type Notice = 'denied' | 'failed' | 'expired' | 'signed-out' | 'signed-out-here'

const NOTICES: Readonly<Record<Notice, { readonly text: string; readonly tone: 'info' | 'warn' }>> = {
  denied: {
    text: 'You cancelled the sign-in at the provider, so nothing was shared with this app. Sign in again whenever you like.',
    tone: 'info',
  },
  failed: { text: 'The provider could not complete the sign-in. Please try again.', tone: 'warn' },
  expired: { text: 'Your session at the provider has ended. Please sign in again.', tone: 'info' },
  'signed-out': { text: 'You are signed out.', tone: 'info' },
  'signed-out-here': { text: 'You are signed out of this app, but still signed in at the provider.', tone: 'info' },
}

function isNotice(value: unknown): value is Notice {
  return typeof value === 'string' && Object.hasOwn(NOTICES, value)
}

function routes(
  app: FastifyInstance,
  remotes: Remotes,
  providers: Providers,
  store: SessionStore,
  appUrl: string,
): void {
  const { oauth2: remote, oauth1, github: gitHub, real } = remotes
  const { sessionOf, startSession, endSession } = store

  /** The provider no longer accepts the session's token: its grant was revoked, or the provider restarted. */
  const sessionExpired = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    endSession(request, reply)
    return reply.redirect('/?notice=expired', 303)
  }

  /** Both protocols land here when the callback carried no credentials. */
  const signInFailed = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const denied = request.oauthError?.code === 'OAUTH_ACCESS_DENIED'
    if (!denied) request.log.warn({ code: request.oauthError?.code, data: request.oauthError?.data }, 'sign-in failed')
    return reply.redirect(`/?notice=${denied ? 'denied' : 'failed'}`, 303)
  }

  app.get<{ Querystring: { notice?: string } }>('/', async (request, reply) => {
    const notice = isNotice(request.query.notice) ? NOTICES[request.query.notice] : undefined
    const session = sessionOf(request)
    if (session === undefined) {
      // RP-initiated logout: the provider asks the user, ends its own session and sends them back.
      // The link is a courtesy, so a provider that cannot be reached only leaves it out.
      const providerSignOut =
        request.query.notice === 'signed-out-here'
          ? await remote
              .endSessionUrl({ postLogoutRedirectUri: `${appUrl}${SIGNED_OUT_PATH}` })
              .catch((error: unknown) => {
                request.log.warn({ err: error }, 'the provider offers no end-session link')
                return undefined
              })
          : undefined
      return sendPage(reply, 200, 'Sign in', signedOutHome(real, appUrl, notice, providerSignOut))
    }
    if (session.provider === 'github') {
      // snippet: github-home
      // The profile (GET user, mapped by the preset) and every repository: GitHub sends 30 a
      // page, and getAll() follows each `Link: <…>; rel="next"` until the last page.
      const loaded = await unlessRejected(
        Promise.all([gitHub.profile(), gitHub.getAll<Repository>('user/repos', { query: { sort: 'full_name' } })]),
      )
      // end snippet
      if (loaded === REJECTED) return sessionExpired(request, reply)
      const [profile, repositories] = loaded
      return sendPage(reply, 200, 'Signed in', githubHome(providers, session, profile, repositories, notice), true)
    }
    if (session.provider === 'real') {
      const app = real.get(session.id)
      const profile = app !== undefined && 'remote' in app ? await unlessRejected(app.remote.profile()) : REJECTED
      if (profile === REJECTED || app === undefined) return sessionExpired(request, reply)
      return sendPage(reply, 200, 'Signed in', realHome(app.entry, profile, notice), true)
    }
    if (session.provider === 'oauth1') {
      // One signed request each; neither depends on the other's answer.
      const loaded = await unlessRejected(
        Promise.all([oauth1.profile(), oauth1.get('statuses/home_timeline.json', { query: { count: 20 } })]),
      )
      if (loaded === REJECTED || loaded[1].status === 401) return sessionExpired(request, reply)
      const [profile, timeline] = loaded
      return sendPage(reply, 200, 'Signed in', oauth1Home(providers.oauth1, profile, timeline, notice), true)
    }
    // profile() asks the userinfo endpoint, and checks that it speaks of the ID token's subject.
    const profile = await unlessRejected(remote.profile())
    if (profile === REJECTED) return sessionExpired(request, reply)
    const userinfo = (await remote.serverMetadata())?.userinfo_endpoint
    const { scope, claims } = session.token
    const body = html`
      ${notice === undefined ? '' : noticeBox(notice)}
      <div class="pair"><section class="card">
        <h1>Hello, ${profile.name ?? profile.id}</h1>
        <dl>
          <dt>Signed in with</dt><dd>OpenID Connect at <code>${providers.oauth2.issuer}</code></dd>
          <dt>Subject</dt><dd><code>${profile.id}</code></dd>
          ${profile.email === undefined ? '' : html`<dt>Email</dt><dd>${profile.email}</dd>`}
          ${scope === undefined ? '' : html`<dt>Scope granted</dt><dd><code>${scope}</code></dd>`}
        </dl>
        <p class="hint">Fetched from <code>${userinfo}</code> with your access token, which stays on this server.</p>
      </section>
      ${codePanel('oidc-login')}</div>
      ${idTokenCard(claims)}
      <div class="pair"><section class="card">
        <h2>Your notes</h2>
        <p>Your notes live behind the provider's bearer-protected API.</p>
        <form method="get" action="/notes"><button type="submit">Call the protected API</button></form>
        ${addNoteForm()}
      </section>
      ${codePanel('notes-api')}</div>`
    return sendPage(reply, 200, 'Signed in', body, true)
  })

  // --- OpenID Connect (OAuth 2.0) ---

  // snippet: oidc-login
  app.get<{ Querystring: { next?: string } }>('/login', (request, reply) =>
    remote.authorize(reply, { callback: CALLBACK_PATH, next: request.query.next }),
  )

  app.get(
    CALLBACK_PATH,
    remote.authorizedHandler(async (resp, request, reply) => {
      if (resp === null) return signInFailed(request, reply)
      // resp.claims: the ID token's claims, verified before this handler runs.
      startSession(request, reply, { provider: 'oauth2', token: resp })
      return reply.redirect(remote.nextUrl(request) ?? '/', 303)
    }),
  )
  // end snippet

  // --- GitHub (the local one) ---

  // snippet: github-login
  app.get(GITHUB_LOGIN_PATH, (_request, reply) => gitHub.authorize(reply, { callback: GITHUB_CALLBACK_PATH }))

  app.get(
    GITHUB_CALLBACK_PATH,
    gitHub.authorizedHandler(async (resp, request, reply) => {
      if (resp === null) return signInFailed(request, reply) // Cancel: error=access_denied
      // resp: access_token (ghu_…), expires_in, refresh_token (ghr_…), expires_at (added)
      startSession(request, reply, { provider: 'github', token: resp, refreshes: 0 })
      return reply.redirect('/', 303)
    }),
  )
  // end snippet

  // --- Real providers, enabled by their credentials ---

  for (const [id, entry] of real) {
    if (!('remote' in entry)) continue
    realRoutes(entry.remote, id)
  }
  function realRoutes(realApp: RemoteApp, id: string): void {
    app.get(`/real/${id}/login`, (_request, reply) => realApp.authorize(reply, { callback: `/real/${id}/callback` }))
    app.get(
      `/real/${id}/callback`,
      realApp.authorizedHandler(async (resp, request, reply) => {
        if (resp === null) return signInFailed(request, reply)
        const token =
          'oauth_token_secret' in resp && typeof resp.oauth_token_secret === 'string'
            ? { token: String(resp.oauth_token), secret: resp.oauth_token_secret }
            : (resp as OAuth2Token)
        startSession(request, reply, { provider: 'real', id, token })
        return reply.redirect('/', 303)
      }),
    )
  }

  // The countdown of the GitHub token card; pages allow scripts from this origin only.
  app.get('/demo.js', (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(COUNTDOWN_SCRIPT),
  )

  // Notes live at the OpenID Connect provider, so an OAuth 1.0a session signs in there first.
  const hasNotes = (request: FastifyRequest): boolean => sessionOf(request)?.provider === 'oauth2'

  app.get('/notes', async (request, reply) => {
    if (!hasNotes(request)) return reply.redirect('/login?next=/notes', 303)
    // snippet: notes-api
    // The tokengetter finds this request's token; the call carries `Authorization: Bearer …`.
    const resp = await unlessRejected(remote.get('notes'))
    // end snippet
    if (resp === REJECTED || resp.status === 401) return sessionExpired(request, reply)
    return sendPage(reply, 200, 'Your notes', notesPage('GET', resp), true)
  })

  // The session cookie is SameSite=Lax, so pages of other sites cannot make a signed-in
  // browser add notes, post statuses or sign out. Other ports of the same host count as the
  // same site, so a real app adds a CSRF token to its forms as well.
  app.post<{ Body: { text?: unknown } | undefined }>('/notes', async (request, reply) => {
    if (!hasNotes(request)) return reply.redirect('/login?next=/notes', 303)
    // An empty note goes to the provider as well: its refusal is part of what the demo shows.
    const text = typeof request.body?.text === 'string' ? request.body.text : ''
    const resp = await unlessRejected(remote.post('notes', { data: { text } }))
    if (resp === REJECTED || resp.status === 401) return sessionExpired(request, reply)
    return sendPage(reply, 200, 'Add a note', notesPage('POST', resp), true)
  })

  // --- OAuth 1.0a ---

  app.get<{ Querystring: { next?: string } }>(OAUTH1_LOGIN_PATH, (request, reply) =>
    oauth1.authorize(reply, { callback: OAUTH1_CALLBACK_PATH, next: request.query.next }),
  )

  app.get(
    OAUTH1_CALLBACK_PATH,
    oauth1.authorizedHandler(async (resp, request, reply) => {
      if (resp === null) return signInFailed(request, reply)
      startSession(request, reply, {
        provider: 'oauth1',
        token: { token: resp.oauth_token, secret: resp.oauth_token_secret },
      })
      return reply.redirect(oauth1.nextUrl(request) ?? '/', 303)
    }),
  )

  app.post<{ Body: { status?: unknown } | undefined }>('/status', async (request, reply) => {
    if (sessionOf(request)?.provider !== 'oauth1') return reply.redirect(OAUTH1_LOGIN_PATH, 303)
    // Too long or empty, the status still goes to the provider: its refusal is part of what
    // the demo shows.
    const status = typeof request.body?.status === 'string' ? request.body.status : ''
    // snippet: oauth1-status
    // Signed with HMAC-SHA1: the form body is part of the signature base string.
    const resp = await unlessRejected(oauth1.post('statuses/update.json', { data: { status } }))
    // end snippet
    if (resp === REJECTED || resp.status === 401) return sessionExpired(request, reply)
    return sendPage(reply, 200, 'Post a status', statusPage(resp), true)
  })

  app.post('/logout', async (request, reply) => {
    const session = sessionOf(request)
    // OAuth 1.0a has no standard revocation and the local provider offers none, so an OAuth
    // 1.0a session is only forgotten here.
    if (session?.provider === 'oauth2') {
      // Revoking the refresh token ends the whole grant at the provider. Signing out of this
      // app must not depend on the provider being reachable, so a failure is only logged.
      const { access_token, refresh_token } = session.token
      try {
        await remote.revokeToken(refresh_token ?? access_token, {
          tokenTypeHint: refresh_token === undefined ? 'access_token' : 'refresh_token',
        })
      } catch (error) {
        request.log.warn({ err: error }, 'revoking the token failed')
      }
    }
    endSession(request, reply)
    // The OpenID Connect provider keeps its own session, which the next page offers to end too.
    // The other sessions are only forgotten here: the local GitHub offers no revocation.
    return reply.redirect(session?.provider === 'oauth2' ? '/?notice=signed-out-here' : SIGNED_OUT_PATH, 303)
  })
}

/** `profile()` throws on a 401; a refresh the provider refuses throws too. */
function isRejectedToken(error: unknown): boolean {
  if (!isOAuthError(error)) return false
  return error.code === 'OAUTH_REFRESH_FAILED' || (error.code === 'OAUTH_HTTP_ERROR' && error.response?.status === 401)
}

const REJECTED = Symbol('rejected token')

/** The call's result, or `REJECTED` when the provider no longer accepts the session's token. */
async function unlessRejected<T>(call: Promise<T>): Promise<T | typeof REJECTED> {
  try {
    return await call
  } catch (error) {
    if (isRejectedToken(error)) return REJECTED
    throw error
  }
}

// --- HTML -------------------------------------------------------------------------------

/** Markup that is already safe; everything else interpolated into `html` is escaped. */
class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

function renderValue(value: unknown): string {
  if (value instanceof Html) return value.value
  if (Array.isArray(value)) return value.map(renderValue).join('')
  if (value === undefined || value === null || value === false) return ''
  return escapeHtml(String(value))
}

/** A template tag that escapes every interpolated value, so no dynamic text can become markup. */
function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += renderValue(value) + (strings[i + 1] ?? '')
  })
  return new Html(out)
}

// The local providers' look, plus what only the demo's pages have.
const STYLE = `${PAGE_STYLE}
  main { max-width: 72rem; }
  header .bar { max-width: 72rem; }
  .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 1.25rem; align-items: start; }
  @media (max-width: 60rem) { .pair { grid-template-columns: minmax(0, 1fr); } }
  aside.code { background: #1c2330; color: #e6e9ef; border-radius: 10px; padding: .9rem 1.1rem; margin-bottom: 1.25rem; }
  aside.code h2 { font-size: .8rem; font-weight: 600; text-transform: uppercase; letter-spacing: .06em; color: #aab3c2;
    margin: 0 0 .5rem; }
  aside.code pre { background: transparent; border: 0; padding: 0; margin: 0; color: inherit; font-size: .8rem;
    white-space: pre-wrap; }
  ul.notes { padding-left: 1.25rem; }
  ul.notes li { margin: .2rem 0; }
  ul.timeline { list-style: none; padding: 0; margin: 0; }
  ul.timeline li { padding: .6rem 0; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
  ul.timeline li:first-child { border-top: 0; }
  ul.timeline .who { font-weight: 600; }
  ul.timeline .text { display: block; white-space: pre-wrap; }
  ul.repos { columns: 3 12rem; padding-left: 1.25rem; margin: .5rem 0; font-size: .9rem; }
  ul.menu { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
    gap: .75rem; }
  ul.menu li { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
  details.more { margin-top: 1rem; }
  details.more summary { cursor: pointer; font-weight: 600; margin-bottom: .75rem; }
  ul.menu.compact li { padding: .5rem .75rem; font-size: .9rem; }
  ul.menu .name { font-weight: 600; display: block; margin-bottom: .35rem; }
  ul.menu .protocol { color: var(--muted); font-size: .8rem; margin-left: .35rem; font-weight: 400; }
  .notice { border-radius: 8px; padding: .75rem 1rem; margin-bottom: 1.25rem; border: 1px solid; }
  .notice.info { background: #eef4ff; border-color: #c4d5fb; }
  .notice.warn { background: #fff5e6; border-color: #f3cf95; }
  .status { font-weight: 600; }
  .status.ok { color: #1d7a3a; }
  .status.bad { color: #b3261e; }
  .refreshed { color: #1d7a3a; font-weight: 600; }
`

/** Counts the GitHub token down; when it is due, reloads the page, whose API calls refresh it. */
const COUNTDOWN_SCRIPT = `for (const el of document.querySelectorAll('time[data-countdown]')) {
  const expires = Date.parse(el.dateTime)
  const due = expires - Number(el.dataset.skew ?? 0) * 1000
  let reloading = false
  const tick = () => {
    const left = Math.max(0, Math.round((expires - Date.now()) / 1000))
    el.textContent = Date.now() < due ? 'in ' + left + ' s' : 'in ' + left + ' s: due for refresh, calling GitHub again'
    if (Date.now() >= due && !reloading) {
      reloading = true
      setTimeout(() => location.assign('/'), 800)
    }
  }
  tick()
  setInterval(tick, 1000)
}
`

/** Seconds before expiry at which the library refreshes the GitHub token: soon, but not at once. */
function refreshSkewFor(ttl: number): number {
  return Math.max(1, Math.min(5, Math.floor(ttl / 3)))
}

/** The code behind a card, cut from this file. */
function codePanel(name: string): Html {
  const code = SNIPPETS.get(name)
  if (code === undefined) return html``
  return html`<aside class="code" aria-label="Code behind this"><h2>Code behind this</h2><pre><code>${code}</code></pre></aside>`
}

function layout(title: string, body: Html, signedIn: boolean): Html {
  const nav = signedIn
    ? html`<a href="/">Home</a>
        <form class="inline" method="post" action="/logout"><button class="secondary" type="submit">Sign out</button></form>`
    : ''
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · oauth-consumer demo</title>
<style>${new Html(STYLE)}</style>
<script src="/demo.js" defer></script>
</head>
<body>
<header><div class="bar"><a class="brand" href="/">oauth-consumer demo</a>${nav}</div></header>
<main>
${body}
</main>
</body>
</html>
`
}

/** Pages are personal once signed in: never cached, never framed, no scripts but the demo's own. */
function sendPage(reply: FastifyReply, status: number, title: string, body: Html, signedIn = false): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .send(layout(title, body, signedIn).value)
}

function noticeBox(notice: (typeof NOTICES)[Notice]): Html {
  return html`<p class="notice ${notice.tone}" role="status">${notice.text}</p>`
}

function signedOutHome(
  real: ReadonlyMap<string, RealApp>,
  appUrl: string,
  notice: (typeof NOTICES)[Notice] | undefined,
  providerSignOut: string | undefined,
): Html {
  const protocols = { oauth1: 'OAuth 1.0a', oauth2: 'OAuth 2.0', oidc: 'OpenID Connect' } as const
  const item = (entry: CatalogueEntry) => {
    const local = LOCAL_SIGN_IN[entry.id]
    const enabled = real.get(entry.id)
    const realLink =
      enabled === undefined
        ? html`<p class="hint">For the real ${entry.name}, set ${variablesOf(entry).map(
            (name, i) => html`${i === 0 ? '' : ' '}<code>${name}</code>`,
          )} and register <code>${appUrl}/real/${entry.id}/callback</code> as its callback.
            <a href="${entry.docsUrl}">Docs</a></p>`
        : 'remote' in enabled
          ? html`<p><a class="button secondary" href="/real/${entry.id}/login">Sign in with ${entry.name} (real)</a></p>`
          : html`<p class="hint error">The real ${entry.name} could not be set up: ${enabled.problem}</p>`
    return html`<li id="provider-${entry.id}"><span class="name">${entry.name}<span class="protocol">${protocols[entry.protocol]}</span></span>
      ${local === undefined ? '' : html`<p><a class="button" href="${local.href}">${local.label}</a></p><p class="hint">${local.hint}</p>`}
      ${realLink}</li>`
  }
  // What works now first; the rest of the catalogue folded, as it is long.
  const ready = (entry: CatalogueEntry) => LOCAL_SIGN_IN[entry.id] !== undefined || real.has(entry.id)
  const others = CATALOGUE.filter((entry) => !ready(entry))
  return html`
    ${notice === undefined ? '' : noticeBox(notice)}
    ${
      providerSignOut === undefined
        ? ''
        : html`<p><a class="button secondary" href="${providerSignOut}">Sign out at the provider too</a></p>`
    }
    <section class="card">
      <h1>Sign in with…</h1>
      <p>Every preset of <code>oauth-consumer/providers</code>. GitHub, OpenID Connect and OAuth 1.0a work right
        away against local stand-ins (any name works, and any password); the others, and the real GitHub, work
        once their credentials are in the environment.</p>
      <ul class="menu">${CATALOGUE.filter(ready).map(item)}</ul>
      <details class="more"><summary>${others.length} more providers, each enabled by its credentials</summary>
        <ul class="menu compact">${others.map(item)}</ul></details>
    </section>
    <div class="pair"><section class="card"><h2>Signing in with GitHub</h2>
      <p>The <code>github</code> preset, pointed at the local GitHub: the same code signs in at github.com
        without <code>baseUrl</code> and <code>authUrl</code>.</p></section>${codePanel('github-login')}</div>`
}

interface Repository {
  readonly full_name: string
  readonly private?: boolean
}

function githubHome(
  providers: Providers,
  session: Extract<Session, { provider: 'github' }>,
  profile: Profile,
  repositories: readonly Repository[],
  notice: (typeof NOTICES)[Notice] | undefined,
): Html {
  const login = hasString(profile.raw, 'login') ? profile.raw.login : undefined
  const { expires_at: expiresAt, refresh_token: refreshToken, scope } = session.token
  const expires = expiresAt === undefined ? undefined : new Date(expiresAt * 1000)
  const skew = refreshSkewFor(providers.githubTokenTtl)
  return html`
    ${notice === undefined ? '' : noticeBox(notice)}
    <div class="pair"><section class="card">
      <h1>Hello, ${profile.name ?? login ?? profile.id}</h1>
      <dl>
        <dt>Signed in with</dt><dd>GitHub at <code>${providers.github.url}</code></dd>
        ${login === undefined ? '' : html`<dt>Login</dt><dd>@${login}</dd>`}
        <dt>User id</dt><dd><code>${profile.id}</code></dd>
        ${profile.email === undefined ? '' : html`<dt>Email</dt><dd>${profile.email}</dd>`}
        ${scope === undefined ? '' : html`<dt>Scope granted</dt><dd><code>${scope}</code></dd>`}
      </dl>
      <p class="hint">Fetched from <code>${providers.github.apiUrl}user</code> with your token, which stays on this server.</p>
    </section>${codePanel('github-app')}</div>
    <div class="pair"><section class="card" id="token">
      <h2>Your GitHub App token</h2>
      <dl>
        <dt>Expires</dt><dd>${
          expires === undefined
            ? 'never'
            : html`<time data-countdown data-skew="${skew}" datetime="${expires.toISOString()}">${expires.toUTCString()}</time>`
        }</dd>
        <dt>Refreshed</dt><dd>${
          session.refreshedAt === undefined
            ? 'not yet'
            : html`<span class="refreshed">Refreshed at ${session.refreshedAt.toISOString().slice(11, 19)} UTC</span>
              by the tokenupdater (${session.refreshes} ${session.refreshes === 1 ? 'time' : 'times'})`
        }</dd>
        ${refreshToken === undefined ? '' : html`<dt>Refresh token</dt><dd><code>${refreshToken.slice(0, 8)}…</code></dd>`}
      </dl>
      <p class="hint">It lives ${providers.githubTokenTtl} s. ${skew} s before it expires, the next API call refreshes it
        first; GitHub rotates the refresh token, and the tokenupdater saves the new pair.</p>
      <form method="get" action="/"><button type="submit">Call GitHub again</button></form>
    </section>${codePanel('github-refresh')}</div>
    <div class="pair"><section class="card">
      <h2>Your repositories (${repositories.length})</h2>
      <p class="hint">All of them, from <code>getAll('user/repos')</code>, which followed GitHub's <code>Link</code> header
        from page to page.</p>
      <ul class="repos">${repositories.map((repo) => html`<li>${repo.full_name}${repo.private ? ' 🔒' : ''}</li>`)}</ul>
    </section>${codePanel('github-home')}</div>`
}

function realHome(entry: CatalogueEntry, profile: Profile, notice: (typeof NOTICES)[Notice] | undefined): Html {
  return html`
    ${notice === undefined ? '' : noticeBox(notice)}
    <section class="card">
      <h1>Hello, ${profile.name ?? profile.id}</h1>
      <dl>
        <dt>Signed in with</dt><dd>${entry.name}</dd>
        <dt>User id</dt><dd><code>${profile.id}</code></dd>
        ${profile.email === undefined ? '' : html`<dt>Email</dt><dd>${profile.email}</dd>`}
      </dl>
      <details><summary class="hint">The provider's answer</summary><pre>${JSON.stringify(profile.raw, null, 2)}</pre></details>
    </section>`
}

type IdTokenClaims = NonNullable<OAuth2Token['claims']>

/** The ID token's claims, as the library verified them when the token arrived. */
function idTokenCard(claims: IdTokenClaims | undefined): Html {
  if (claims === undefined) return html``
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
  const name = text(claims.name)
  const email = text(claims.email)
  const expires = new Date(claims.exp * 1000)
  return html`
      <section class="card">
        <h2>Your ID token</h2>
        <dl>
          <dt>sub</dt><dd><code>${claims.sub}</code></dd>
          ${name === undefined ? '' : html`<dt>name</dt><dd>${name}</dd>`}
          ${email === undefined ? '' : html`<dt>email</dt><dd>${email}</dd>`}
          <dt>iss</dt><dd><code>${claims.iss}</code></dd>
          <dt>aud</dt><dd><code>${[claims.aud].flat().join(' ')}</code></dd>
          <dt>exp</dt><dd><time datetime="${expires.toISOString()}">${expires.toUTCString()}</time></dd>
        </dl>
        <p class="hint">This app checked the ID token before signing you in: its signature against the provider's
          published keys, its issuer, its audience (this app), its expiry and the nonce this sign-in sent.</p>
      </section>`
}

function addNoteForm(): Html {
  return html`<form method="post" action="/notes">
      <label for="note-text">Add a note</label>
      <div class="row">
        <input id="note-text" type="text" name="text" maxlength="500" placeholder="Something to remember" required>
        <button type="submit">Add note</button>
      </div>
    </form>`
}

interface NoteView {
  readonly text: string
  readonly author: string
}

function isNoteList(data: unknown): data is NoteView[] {
  return (
    Array.isArray(data) &&
    data.every(
      (note: unknown) =>
        typeof note === 'object' &&
        note !== null &&
        'text' in note &&
        typeof note.text === 'string' &&
        'author' in note &&
        typeof note.author === 'string',
    )
  )
}

function statusLine(resp: OAuthResponse): Html {
  return html`<span class="status ${resp.ok ? 'ok' : 'bad'}">${resp.status} ${STATUS_CODES[resp.status] ?? ''}</span>`
}

function rawAnswer(resp: OAuthResponse): Html {
  return html`<pre>${typeof resp.data === 'string' ? resp.data : JSON.stringify(resp.data, null, 2)}</pre>`
}

function notesPage(method: 'GET' | 'POST', resp: OAuthResponse): Html {
  const status = statusLine(resp)
  const answer = rawAnswer(resp)
  if (method === 'POST') {
    return html`
      <section class="card">
        <h1>${resp.ok ? 'Note added' : 'The note was not added'}</h1>
        <p><code>POST /api/notes</code> answered ${status}:</p>
        ${answer}
        <form method="get" action="/notes"><button type="submit">Call the protected API</button></form>
        ${addNoteForm()}
      </section>`
  }
  const list = isNoteList(resp.data)
    ? html`<ul class="notes">${resp.data.map((note) => html`<li>${note.text}</li>`)}</ul>`
    : html`<p>The answer was not a list of notes:</p>${answer}`
  return html`
    <section class="card">
      <h1>Your notes</h1>
      <p><code>GET /api/notes</code> answered ${status}.</p>
      ${list}
      ${addNoteForm()}
      <details><summary class="hint">The provider's raw answer</summary>${answer}</details>
    </section>`
}

// --- OAuth 1.0a pages -------------------------------------------------------------------

/** What the page reads of a status in the provider's answer; the rest is left alone. */
interface StatusView {
  readonly text: string
  readonly created_at: string
  readonly user: { readonly name: string; readonly screen_name: string }
}

function hasString<K extends string>(value: unknown, key: K): value is Record<K, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    key in value &&
    typeof (value as Record<string, unknown>)[key] === 'string'
  )
}

function isStatusList(data: unknown): data is StatusView[] {
  return (
    Array.isArray(data) &&
    data.every(
      (status: unknown) =>
        hasString(status, 'text') &&
        hasString(status, 'created_at') &&
        'user' in status &&
        hasString(status.user, 'name') &&
        hasString(status.user, 'screen_name'),
    )
  )
}

function postStatusForm(): Html {
  // No maxlength: a status over 280 characters reaches the provider, whose 403 is worth seeing.
  return html`<form method="post" action="/status">
      <label for="status-text">Post a status</label>
      <div class="row">
        <input id="status-text" type="text" name="status" placeholder="What's happening?" required>
        <button type="submit">Post status</button>
      </div>
      <p class="hint">The provider takes up to 280 characters and answers a longer status with a 403.</p>
    </form>`
}

function oauth1Home(
  provider: OAuth1Server,
  profile: Profile,
  timeline: OAuthResponse,
  notice: (typeof NOTICES)[Notice] | undefined,
): Html {
  const screenName = hasString(profile.raw, 'screen_name') ? profile.raw.screen_name : undefined
  const statuses = isStatusList(timeline.data)
    ? html`<ul class="timeline">${timeline.data.map(
        (status) => html`<li><span class="who">${status.user.name}</span>
          <span class="hint">@${status.user.screen_name} · ${status.created_at}</span>
          <span class="text">${status.text}</span></li>`,
      )}</ul>`
    : html`<p><code>GET /1.1/statuses/home_timeline.json</code> answered ${statusLine(timeline)}:</p>
      ${rawAnswer(timeline)}`
  return html`
    ${notice === undefined ? '' : noticeBox(notice)}
    <section class="card">
      <h1>Hello, ${profile.name ?? screenName ?? profile.id}</h1>
      <dl>
        <dt>Signed in with</dt><dd>OAuth 1.0a at <code>${provider.url}</code></dd>
        ${screenName === undefined ? '' : html`<dt>Screen name</dt><dd>@${screenName}</dd>`}
        <dt>User id</dt><dd><code>${profile.id}</code></dd>
      </dl>
      <p class="hint">Fetched from <code>${provider.url}/1.1/account/verify_credentials.json</code> with a request
        signed by your token credentials, which stay on this server.</p>
    </section>
    <div class="pair"><section class="card">
      ${postStatusForm()}
    </section>
    ${codePanel('oauth1-status')}</div>
    <section class="card">
      <h2>Your home timeline</h2>
      ${statuses}
    </section>`
}

/** Twitter-style errors: `{ errors: [{ code, message }] }`. */
function errorMessages(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || !('errors' in data) || !Array.isArray(data.errors)) return []
  return data.errors.flatMap((error: unknown) => (hasString(error, 'message') ? [error.message] : []))
}

function statusPage(resp: OAuthResponse): Html {
  const messages = resp.ok ? [] : errorMessages(resp.data)
  return html`
    <section class="card">
      <h1>${resp.ok ? 'Status posted' : 'The status was not posted'}</h1>
      ${messages.map((message) => html`<p class="notice warn">The provider says: ${message}</p>`)}
      <p><code>POST /1.1/statuses/update.json</code> answered ${statusLine(resp)}:</p>
      ${rawAnswer(resp)}
      <p><a class="button" href="/">Back to your timeline</a></p>
    </section>
    <section class="card">
      ${postStatusForm()}
    </section>`
}

function renderError(
  this: FastifyInstance,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const status = isOAuthError(error) ? error.statusCode : (error.statusCode ?? 500)
  if (status >= 500) request.log.error({ err: error }, 'request failed')
  let message: string
  if (isOAuthError(error) && error.code === 'OAUTH_STATE_MISMATCH') {
    message = 'This sign-in link has expired or was already used. Please start again.'
  } else if (isOAuthError(error) && status >= 500) {
    message = `Talking to the provider failed: ${error.message}`
  } else if (status >= 500) {
    // Internal errors can carry details that are nobody's business outside the server log.
    message = 'Something went wrong on our side.'
  } else {
    message = error.message
  }
  const code = isOAuthError(error) ? error.code : undefined
  const body = html`
    <section class="card">
      <h1>Sorry</h1>
      <p>${message}</p>
      ${code === undefined ? '' : html`<p class="hint">Error code <code>${code}</code></p>`}
      <p><a class="button" href="/">Back to the start</a></p>
    </section>`
  return sendPage(reply, status, 'Error', body)
}

// --- Ports ------------------------------------------------------------------------------

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** Resolves 0s to free ports; all are held at once so no two zeros get the same port. */
async function choosePorts(host: string, wanted: readonly number[]): Promise<number[]> {
  const held: Server[] = []
  const choose = async (port: number): Promise<number> => {
    if (port !== 0) return port
    const server = createServer()
    held.push(server)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, host, resolve)
    })
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error(`Could not find a free port on ${host}`)
    return address.port
  }
  try {
    const ports: number[] = []
    for (const port of wanted) ports.push(await choose(port))
    return ports
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))))
  }
}
