/**
 * A local GitHub: the OAuth web flow of an OAuth app or a GitHub App (sign-in page, consent
 * page, token endpoint, expiring user tokens with rotating refresh tokens) and the slice of the
 * REST API a sign-in needs (`user`, `user/emails`, paginated `user/repos`), answering as GitHub's
 * docs describe. It is laid out as GitHub Enterprise Server is: the API under `/api/v3/`, the
 * OAuth endpoints under `/login/oauth/`, so the `github` preset reaches it through its
 * `baseUrl` and `authUrl` settings.
 *
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
 * @see https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
 * @see https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { escapeHtml, renderPage } from './page.js'

/** How {@link startGitHub} sets up its GitHub. */
export interface StartGitHubOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number
  /** Interface to bind; default `127.0.0.1`. */
  readonly host?: string
  /** Host name in the server's URLs, when it differs from `host` (e.g. `localhost`). */
  readonly publicHost?: string
  /** The OAuth app's client id; default a random `Iv1.` id, as GitHub Apps get. */
  readonly clientId?: string
  /** The OAuth app's client secret; default a random one. */
  readonly clientSecret?: string
  /** The app's name on the consent page. Default `Local OAuth app`. */
  readonly appName?: string
  /**
   * The app's registered callback URLs. A `redirect_uri` matches one when its host is the
   * same (or a subdomain), its port is the same (any port for a loopback host) and its path is
   * the registered path or below it. Default: any path on `127.0.0.1` or `localhost`, any port.
   *
   * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#redirect-urls
   */
  readonly callbackUrls?: readonly string[]
  /**
   * GitHub App user access tokens: `true` for GitHub's 8 hours, or their lifetime in seconds.
   * Tokens then come with `expires_in`, a `ghr_` refresh token and
   * `refresh_token_expires_in`, and the refresh token rotates at each use. Default `false`: an
   * OAuth app's `gho_` tokens, which never expire.
   */
  readonly expiringTokens?: boolean | number
  /** Seconds a refresh token lives; default GitHub's 15897600 (6 months). */
  readonly refreshTokenTtl?: number
  /** Seconds an authorization code lives; default GitHub's 600. */
  readonly codeTtl?: number
  /** How many repositories every user owns; default 45. */
  readonly repoCount?: number
}

/** What the server has been asked so far, for tests that check how often the app called. */
export interface GitHubCounts {
  /** Codes issued by the authorize endpoint. */
  readonly codesIssued: number
  /** Requests to the token endpoint, refused ones included. */
  readonly tokenRequests: number
  /** `grant_type=refresh_token` requests, refused ones included. */
  readonly refreshes: number
  /** Refreshes that were answered with new tokens. */
  readonly tokensRefreshed: number
  /** Requests under `/api/v3/`, refused ones included. */
  readonly apiCalls: number
}

/** A running local GitHub. */
export interface GitHubServer {
  /** The origin, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string
  /** The REST API's base as GitHub Enterprise Server writes it: `${url}/api/v3/`. */
  readonly apiUrl: string
  /** The OAuth endpoints' base: `${url}/login/oauth/` (`authorize`, `access_token`). */
  readonly authUrl: string
  /** The port the server listens on. */
  readonly port: number
  /** The OAuth app's client id: the one given, or a random `Iv1.` id. */
  readonly clientId: string
  /** The OAuth app's client secret: the one given, or a random one. */
  readonly clientSecret: string
  /** A snapshot of the counters. */
  readonly counts: GitHubCounts
  /** Makes every access token issued so far expire now, as if its hours had passed. */
  expireAccessTokens(): void
  /** Stops the server and drops every open connection; safe to call more than once. */
  close(): Promise<void>
}

const DOCS = 'https://docs.github.com'
const TOKEN_ERRORS = `${DOCS}/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/`
const AUTHORIZE_ERRORS = `${DOCS}/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/`
const REFRESH_DOCS = `${DOCS}/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens`
const USER_AGENT_REFUSAL =
  'Request forbidden by administrative rules. Please make sure your request has a User-Agent header ' +
  `(${DOCS}/en/rest/overview/resources-in-the-rest-api#user-agent-required). ` +
  'Check https://developer.github.com for other possible causes.\n'
const EIGHT_HOURS = 28_800
const SIX_MONTHS = 15_897_600
const MAX_BODY_BYTES = 64 * 1024
const RATE_LIMIT = 5000
const UNAUTHENTICATED_RATE_LIMIT = 60
const SESSION_COOKIE = 'user_session'
// https://github.com/join: "Username may only contain alphanumeric characters or single hyphens,
// and cannot begin or end with a hyphen", at most 39 characters.
const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/

/** Scopes as the consent page describes them (a subset of GitHub's list). */
const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  user: 'Read and write all of your profile data',
  'read:user': 'Read all of your profile data',
  'user:email': 'Read your email addresses',
  repo: 'Full control of your repositories',
  public_repo: 'Access your public repositories',
  gist: 'Create gists',
}

interface AuthorizeRequest {
  readonly clientId: string
  readonly redirectUri: string | undefined
  readonly state: string | undefined
  readonly scope: readonly string[]
  readonly codeChallenge: string | undefined
  readonly codeChallengeMethod: string | undefined
}

interface Grant {
  readonly login: string
  readonly scope: readonly string[]
}

interface IssuedCode extends Grant {
  readonly redirectUri: string | undefined
  readonly codeChallenge: string | undefined
  readonly expiresAt: number
}

interface IssuedToken extends Grant {
  /** Milliseconds since the epoch; `undefined` for an OAuth app's token, which never expires. */
  expiresAt: number | undefined
}

interface RateWindow {
  used: number
  readonly resetAt: number
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function random(prefix: string, bytes = 27): string {
  return prefix + randomBytes(bytes).toString('base64url').replace(/[-_]/g, '0').slice(0, 36)
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

function sameText(a: string, b: string): boolean {
  const left = sha256(a)
  const right = sha256(b)
  return timingSafeEqual(left, right)
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]'
}

/** GitHub's rule: the same host or a subdomain, the same port (any for loopback), a path at or below. */
function redirectMatches(registered: URL, candidate: URL): boolean {
  if (candidate.protocol !== registered.protocol || candidate.username !== '' || candidate.password !== '') {
    return false
  }
  const host = candidate.hostname === registered.hostname || candidate.hostname.endsWith(`.${registered.hostname}`)
  const port = isLoopback(registered.hostname) || candidate.port === registered.port
  const base = registered.pathname.endsWith('/') ? registered.pathname : `${registered.pathname}/`
  const path = candidate.pathname === registered.pathname || candidate.pathname.startsWith(base)
  return host && port && path
}

function splitScope(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(/[\s,]+/).filter((scope) => scope !== ''))]
}

/** Deterministic per login, so a user keeps their id across restarts as on GitHub. */
function userIdOf(login: string): number {
  return 1_000_000 + (sha256(login.toLowerCase()).readUInt32BE(0) % 90_000_000)
}

function withParams(target: string, params: Record<string, string | undefined>): string {
  const url = new URL(target)
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.append(name, value)
  }
  return url.href
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=')
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim()
  }
  return undefined
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** A form or JSON body as strings; GitHub's token endpoint takes either. */
async function readFields(req: IncomingMessage): Promise<Map<string, string>> {
  const raw = await readBody(req)
  const fields = new Map<string, string>()
  if (mediaType(req) === 'application/json') {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      throw new HttpError(400, 'Problems parsing JSON')
    }
    if (typeof parsed === 'object' && parsed !== null) {
      for (const [name, value] of Object.entries(parsed)) {
        if (typeof value === 'string') fields.set(name, value)
      }
    }
    return fields
  }
  for (const [name, value] of new URLSearchParams(raw)) {
    if (!fields.has(name)) fields.set(name, value)
  }
  return fields
}

/** RFC 6749 §2.3.1: HTTP Basic with the form-urlencoded id and secret. */
function basicCredentials(req: IncomingMessage): { id: string; secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(req.headers.authorization ?? '')
  if (match?.[1] === undefined) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const separator = decoded.indexOf(':')
  if (separator < 0) return undefined
  const unform = (value: string): string => {
    try {
      return decodeURIComponent(value.replaceAll('+', ' '))
    } catch {
      return value
    }
  }
  return { id: unform(decoded.slice(0, separator)), secret: unform(decoded.slice(separator + 1)) }
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string | number>): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers })
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers })
}

function redirect(res: ServerResponse, location: string, status = 302, headers: Record<string, string> = {}): void {
  send(res, status, '', { location, 'cache-control': 'no-store', ...headers })
}

/**
 * Starts a local GitHub on a loopback port.
 *
 * @param options - Port, credentials, registered callback URLs, expiring tokens, lifetimes.
 * @returns The running server: its URLs, the app's credentials, counters, `close()`.
 * @throws TypeError when a lifetime is not a positive whole number or a callback URL is not a URL.
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { github } from 'oauth-consumer/providers'
 * import { startGitHub } from 'oauth-consumer/testing'
 *
 * const gh = await startGitHub({ expiringTokens: 30 })
 * const app = new OAuth().remoteApp('github', github({
 *   clientId: gh.clientId, clientSecret: gh.clientSecret, baseUrl: gh.apiUrl, authUrl: gh.authUrl,
 * }))
 * // …sign in, call app.getAll('user/repos'), then:
 * await gh.close()
 * ```
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#web-application-flow
 */
export async function startGitHub(options: StartGitHubOptions = {}): Promise<GitHubServer> {
  const host = options.host ?? '127.0.0.1'
  const clientId = options.clientId ?? `Iv1.${randomBytes(8).toString('hex')}`
  const clientSecret = options.clientSecret ?? randomBytes(20).toString('hex')
  const appName = options.appName ?? 'Local OAuth app'
  const tokenTtl =
    options.expiringTokens === true
      ? EIGHT_HOURS
      : options.expiringTokens === false
        ? undefined
        : options.expiringTokens
  const refreshTtl = options.refreshTokenTtl ?? SIX_MONTHS
  const codeTtl = options.codeTtl ?? 600
  const repoCount = options.repoCount ?? 45
  for (const [name, value] of Object.entries({ expiringTokens: tokenTtl, refreshTokenTtl: refreshTtl, codeTtl })) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      throw new TypeError(`${name} must be a positive whole number of seconds`)
    }
  }
  if (!(Number.isSafeInteger(repoCount) && repoCount >= 0)) throw new TypeError('repoCount must be a whole number')
  const explicitCallbacks = options.callbackUrls !== undefined
  const callbacks = (options.callbackUrls ?? ['http://127.0.0.1/', 'http://localhost/']).map((url) => {
    try {
      return new URL(url)
    } catch {
      throw new TypeError(`callbackUrls: ${url} is not a URL`)
    }
  })

  const codes = new Map<string, IssuedCode>()
  const accessTokens = new Map<string, IssuedToken>()
  const refreshTokens = new Map<string, IssuedToken>()
  const sessions = new Map<string, string>()
  const grants = new Map<string, Set<string>>()
  const rates = new Map<string, RateWindow>()
  const counts = { codesIssued: 0, tokenRequests: 0, refreshes: 0, tokensRefreshed: 0, apiCalls: 0 }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      const status = error instanceof HttpError ? error.status : 500
      const message = error instanceof HttpError ? error.message : 'Server Error'
      sendJson(res, status, { message, documentation_url: `${DOCS}/rest` })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: options.port ?? 0, host }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const publicHost = options.publicHost ?? host
  const url = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`
  const apiUrl = `${url}/api/v3/`

  // --- Pages -----------------------------------------------------------------------------

  function sendPage(res: ServerResponse, status: number, title: string, body: string, headers = {}): void {
    send(res, status, renderPage({ title, provider: 'GitHub', body }), {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // No form-action: browsers apply it to the redirect that follows the consent POST.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      ...headers,
    })
  }

  function notFoundPage(res: ServerResponse): void {
    sendPage(res, 404, 'Page not found', '<h1>404</h1><p>This is not the web page you are looking for.</p>')
  }

  function authorizeQuery(request: AuthorizeRequest): string {
    const query = new URLSearchParams({ client_id: request.clientId })
    if (request.redirectUri !== undefined) query.set('redirect_uri', request.redirectUri)
    if (request.state !== undefined) query.set('state', request.state)
    if (request.scope.length > 0) query.set('scope', request.scope.join(' '))
    if (request.codeChallenge !== undefined) query.set('code_challenge', request.codeChallenge)
    if (request.codeChallengeMethod !== undefined) query.set('code_challenge_method', request.codeChallengeMethod)
    return query.toString()
  }

  function signInPage(res: ServerResponse, returnTo: string, login: string, error?: string): void {
    const authorize = returnTo.startsWith('/login/oauth/authorize?') ? returnTo.slice(returnTo.indexOf('?')) : ''
    const cancel = authorize === '' ? '' : ` <a href="/login/oauth/abort${escapeHtml(authorize)}">Cancel</a>`
    sendPage(
      res,
      error === undefined ? 200 : 422,
      'Sign in to GitHub',
      `<h1>Sign in to GitHub</h1>
<p class="hint">to continue to <strong>${escapeHtml(appName)}</strong></p>
${error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`}
<form method="post" action="/session">
<input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">
<label for="login_field">Username or email address</label>
<input type="text" id="login_field" name="login" value="${escapeHtml(login)}" maxlength="39" autocomplete="username" autofocus required>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions"><button type="submit">Sign in</button>${cancel}</div>
</form>
<p class="hint">Any GitHub-style username and any password sign in here.</p>`,
    )
  }

  function consentPage(res: ServerResponse, request: AuthorizeRequest, login: string, sessionId: string): void {
    const redirectHost = new URL(request.redirectUri ?? callbacks[0]?.href ?? url).host
    const scopes =
      request.scope.length === 0
        ? '<p>Public information only (your profile, public repositories).</p>'
        : `<ul class="scopes">${request.scope
            .map((scope) => `<li><code>${escapeHtml(scope)}</code> ${escapeHtml(SCOPE_DESCRIPTIONS[scope] ?? '')}</li>`)
            .join('')}</ul>`
    const hidden = [...new URLSearchParams(authorizeQuery(request))]
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join('\n')
    sendPage(
      res,
      200,
      `Authorize ${appName}`,
      `<h1>Authorize ${escapeHtml(appName)}</h1>
<p><strong>${escapeHtml(appName)}</strong> wants to access your <strong>${escapeHtml(login)}</strong> account:</p>
${scopes}
<form method="post" action="/login/oauth/authorize">
${hidden}
<input type="hidden" name="authenticity_token" value="${escapeHtml(csrfToken(sessionId))}">
<input type="hidden" name="authorize" value="1">
<div class="actions"><button type="submit">Authorize ${escapeHtml(appName)}</button>
<a href="/login/oauth/abort?${escapeHtml(authorizeQuery(request))}">Cancel</a></div>
</form>
<p class="hint">Authorizing will redirect to <code>${escapeHtml(redirectHost)}</code>.</p>`,
    )
  }

  function csrfToken(sessionId: string): string {
    return createHash('sha256').update(`csrf:${sessionId}`).digest('base64url')
  }

  // --- The authorize endpoint ------------------------------------------------------------

  /** The request's parameters, or an answer already sent when they cannot be trusted to redirect. */
  function readAuthorize(res: ServerResponse, params: URLSearchParams): AuthorizeRequest | undefined {
    const request: AuthorizeRequest = {
      clientId: params.get('client_id') ?? '',
      redirectUri: params.get('redirect_uri') ?? undefined,
      state: params.get('state') ?? undefined,
      scope: splitScope(params.get('scope') ?? undefined),
      codeChallenge: params.get('code_challenge') ?? undefined,
      codeChallengeMethod: params.get('code_challenge_method') ?? undefined,
    }
    // An unknown client gets GitHub's 404 page: there is nowhere safe to send the browser.
    if (!sameText(request.clientId, clientId)) {
      notFoundPage(res)
      return undefined
    }
    let candidate: URL | undefined
    try {
      candidate = request.redirectUri === undefined ? undefined : new URL(request.redirectUri)
    } catch {
      candidate = undefined
    }
    const matches =
      request.redirectUri === undefined ||
      (candidate !== undefined && callbacks.some((registered) => redirectMatches(registered, candidate)))
    if (!matches) {
      const error = {
        error: 'redirect_uri_mismatch',
        error_description: 'The redirect_uri MUST match the registered callback URL for this application.',
        error_uri: `${AUTHORIZE_ERRORS}#redirect-uri-mismatch`,
        state: request.state,
      }
      // GitHub sends the error to the registered callback URL; with only the loopback
      // defaults registered there is no such URL, so the page says it.
      const registered = callbacks[0]
      if (explicitCallbacks && registered !== undefined) redirect(res, withParams(registered.href, error))
      else
        sendPage(
          res,
          400,
          'Redirect URI mismatch',
          `<h1>Redirect URI mismatch</h1><p>${escapeHtml(error.error_description)}</p>`,
        )
      return undefined
    }
    return request
  }

  function redirectUriOf(request: AuthorizeRequest): string {
    return request.redirectUri ?? callbacks[0]?.href ?? url
  }

  /** PKCE problems go back to the app, since its redirect URI is trusted by now. */
  function pkceProblem(request: AuthorizeRequest): string | undefined {
    if (request.codeChallenge === undefined) {
      return request.codeChallengeMethod === undefined
        ? undefined
        : 'code_challenge_method given without a code_challenge'
    }
    // "GitHub only supports the S256 method" (the authorize endpoint's parameters).
    if (request.codeChallengeMethod !== 'S256') return 'code_challenge_method must be S256'
    if (!/^[A-Za-z0-9_-]{43}$/.test(request.codeChallenge)) return 'code_challenge must be a base64url SHA-256 hash'
    return undefined
  }

  function finish(res: ServerResponse, request: AuthorizeRequest, login: string): void {
    const code = randomBytes(10).toString('hex')
    codes.set(code, {
      login,
      scope: request.scope,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      expiresAt: Date.now() + codeTtl * 1000,
    })
    counts.codesIssued++
    redirect(res, withParams(redirectUriOf(request), { code, state: request.state }))
  }

  function signedIn(req: IncomingMessage): { sessionId: string; login: string } | undefined {
    const sessionId = cookieOf(req, SESSION_COOKIE)
    const login = sessionId === undefined ? undefined : sessions.get(sessionId)
    return sessionId === undefined || login === undefined ? undefined : { sessionId, login }
  }

  function authorize(req: IncomingMessage, res: ServerResponse, params: URLSearchParams): void {
    const request = readAuthorize(res, params)
    if (request === undefined) return
    const problem = pkceProblem(request)
    if (problem !== undefined) {
      redirect(
        res,
        withParams(redirectUriOf(request), {
          error: 'invalid_request',
          error_description: problem,
          state: request.state,
        }),
      )
      return
    }
    const user = signedIn(req)
    if (user === undefined) {
      const returnTo = `/login/oauth/authorize?${authorizeQuery(request)}`
      redirect(res, `/login?${new URLSearchParams({ client_id: request.clientId, return_to: returnTo })}`)
      return
    }
    // A user who already granted these scopes is sent straight back, as on GitHub.
    const granted = grants.get(user.login)
    if (granted !== undefined && request.scope.every((scope) => granted.has(scope))) {
      finish(res, request, user.login)
      return
    }
    consentPage(res, request, user.login, user.sessionId)
  }

  async function decide(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fields = new URLSearchParams(await readBody(req))
    const request = readAuthorize(res, fields)
    if (request === undefined) return
    const user = signedIn(req)
    const token = fields.get('authenticity_token') ?? ''
    if (user === undefined || !sameText(token, csrfToken(user.sessionId))) {
      sendPage(
        res,
        422,
        'Unprocessable',
        '<h1>Your session has expired</h1><p>Go back to the app and sign in again.</p>',
      )
      return
    }
    const problem = pkceProblem(request)
    if (problem !== undefined || fields.get('authorize') !== '1') {
      sendPage(res, 400, 'Bad request', '<h1>That request was not valid</h1><p>Go back to the app and start again.</p>')
      return
    }
    const granted = grants.get(user.login) ?? new Set<string>()
    for (const scope of request.scope) granted.add(scope)
    grants.set(user.login, granted)
    finish(res, request, user.login)
  }

  function abort(res: ServerResponse, params: URLSearchParams): void {
    const request = readAuthorize(res, params)
    if (request === undefined) return
    redirect(
      res,
      withParams(redirectUriOf(request), {
        error: 'access_denied',
        error_description: 'The user has denied your application access.',
        error_uri: `${AUTHORIZE_ERRORS}#access-denied`,
        state: request.state,
      }),
    )
  }

  async function signInSubmit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fields = new URLSearchParams(await readBody(req))
    const login = (fields.get('login') ?? '').trim()
    const rawReturn = fields.get('return_to') ?? ''
    // Only this server's own authorize page: never an open redirect.
    const returnTo = rawReturn.startsWith('/login/oauth/authorize?') ? rawReturn : '/'
    if (!LOGIN_PATTERN.test(login)) {
      const problem =
        'Username may only contain alphanumeric characters or single hyphens, and cannot begin or end with a hyphen.'
      signInPage(res, returnTo, login, problem)
      return
    }
    if ((fields.get('password') ?? '') === '') {
      signInPage(res, returnTo, login, 'Incorrect username or password.')
      return
    }
    const sessionId = randomBytes(24).toString('base64url')
    sessions.set(sessionId, login)
    redirect(res, returnTo, 303, { 'set-cookie': `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax` })
  }

  // --- The token endpoint ----------------------------------------------------------------

  function tokenAnswer(req: IncomingMessage, res: ServerResponse, body: Record<string, string | number>): void {
    const headers = { 'cache-control': 'no-store' }
    // Without `Accept: application/json` GitHub answers urlencoded, errors included, with 200.
    if (/\bapplication\/json\b/i.test(req.headers.accept ?? '')) {
      sendJson(res, 200, body, headers)
      return
    }
    const form = new URLSearchParams(
      Object.entries(body).map(([name, value]): [string, string] => [name, String(value)]),
    )
    send(res, 200, form.toString(), { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers })
  }

  function tokenError(
    req: IncomingMessage,
    res: ServerResponse,
    error: string,
    description: string,
    uri: string,
  ): void {
    tokenAnswer(req, res, { error, error_description: description, error_uri: uri })
  }

  function issue(grant: Grant): Record<string, string | number> {
    const now = Date.now()
    if (tokenTtl === undefined) {
      const accessToken = random('gho_')
      accessTokens.set(accessToken, { ...grant, expiresAt: undefined })
      return { access_token: accessToken, scope: grant.scope.join(','), token_type: 'bearer' }
    }
    const accessToken = random('ghu_')
    const refreshToken = random('ghr_', 60)
    accessTokens.set(accessToken, { ...grant, expiresAt: now + tokenTtl * 1000 })
    refreshTokens.set(refreshToken, { ...grant, expiresAt: now + refreshTtl * 1000 })
    return {
      access_token: accessToken,
      expires_in: tokenTtl,
      refresh_token: refreshToken,
      refresh_token_expires_in: refreshTtl,
      scope: grant.scope.join(','),
      token_type: 'bearer',
    }
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counts.tokenRequests++
    const fields = await readFields(req)
    const basic = basicCredentials(req)
    const id = basic?.id ?? fields.get('client_id') ?? ''
    const secret = basic?.secret ?? fields.get('client_secret') ?? ''
    const grantType = fields.get('grant_type') ?? 'authorization_code'
    if (grantType === 'refresh_token') counts.refreshes++
    if (!sameText(id, clientId) || !sameText(secret, clientSecret)) {
      const description = 'The client_id and/or client_secret passed are incorrect.'
      tokenError(req, res, 'incorrect_client_credentials', description, `${TOKEN_ERRORS}#incorrect-client-credentials`)
      return
    }
    if (grantType === 'refresh_token') {
      const presented = fields.get('refresh_token') ?? ''
      const stored = refreshTokens.get(presented)
      // Each refresh token works once: the answer carries its successor.
      refreshTokens.delete(presented)
      if (stored === undefined || (stored.expiresAt ?? 0) <= Date.now()) {
        tokenError(req, res, 'bad_refresh_token', 'The refresh token passed is incorrect or expired.', REFRESH_DOCS)
        return
      }
      counts.tokensRefreshed++
      tokenAnswer(req, res, issue(stored))
      return
    }
    if (grantType !== 'authorization_code') {
      tokenError(req, res, 'unsupported_grant_type', 'The grant type is not supported.', `${TOKEN_ERRORS}`)
      return
    }
    const code = fields.get('code') ?? ''
    const issued = codes.get(code)
    // Single use: a code is spent by the first exchange, successful or not.
    codes.delete(code)
    const badCode = (): void =>
      tokenError(
        req,
        res,
        'bad_verification_code',
        'The code passed is incorrect or expired.',
        `${TOKEN_ERRORS}#bad-verification-code`,
      )
    if (issued === undefined || issued.expiresAt <= Date.now()) {
      badCode()
      return
    }
    const redirectUri = fields.get('redirect_uri')
    if (redirectUri !== undefined && issued.redirectUri !== undefined && redirectUri !== issued.redirectUri) {
      const description = 'The redirect_uri MUST match the registered callback URL for this application.'
      tokenError(req, res, 'redirect_uri_mismatch', description, `${TOKEN_ERRORS}#redirect-uri-mismatch`)
      return
    }
    if (issued.codeChallenge !== undefined) {
      // GitHub's docs name no error for a wrong verifier; the code is as good as wrong.
      const verifier = fields.get('code_verifier') ?? ''
      if (!sameText(sha256(verifier).toString('base64url'), issued.codeChallenge)) {
        badCode()
        return
      }
    }
    tokenAnswer(req, res, issue(issued))
  }

  // --- The REST API ----------------------------------------------------------------------

  function rateHeaders(key: string | undefined): Record<string, string> {
    const now = Date.now()
    const limit = key === undefined ? UNAUTHENTICATED_RATE_LIMIT : RATE_LIMIT
    let window = key === undefined ? undefined : rates.get(key)
    if (key !== undefined && (window === undefined || window.resetAt <= now)) {
      window = { used: 0, resetAt: now + 3600_000 }
      rates.set(key, window)
    }
    if (window !== undefined) window.used++
    const used = window?.used ?? 0
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - used)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(Math.floor((window?.resetAt ?? now + 3600_000) / 1000)),
      'x-ratelimit-resource': 'core',
    }
  }

  function user(login: string): Record<string, unknown> {
    const id = userIdOf(login)
    return {
      login,
      id,
      node_id: Buffer.from(`04:User${id}`).toString('base64'),
      avatar_url: `${url}/avatars/u/${id}?v=4`,
      html_url: `${url}/${login}`,
      type: 'User',
      site_admin: false,
      name: login.charAt(0).toUpperCase() + login.slice(1),
      company: null,
      blog: '',
      location: null,
      email: `${login.toLowerCase()}@example.test`,
      bio: null,
      public_repos: repoCount,
      followers: 0,
      following: 0,
      created_at: '2011-01-25T18:44:36Z',
      updated_at: '2024-06-01T12:00:00Z',
    }
  }

  function repos(login: string): Record<string, unknown>[] {
    const owner = { login, id: userIdOf(login), type: 'User' }
    const languages = ['TypeScript', 'Python', 'Go', 'Rust', 'C']
    return Array.from({ length: repoCount }, (_, i) => {
      const name = `project-${String(i + 1).padStart(2, '0')}`
      const id = owner.id * 100 + i + 1
      return {
        id,
        name,
        full_name: `${login}/${name}`,
        private: i % 5 === 4,
        visibility: i % 5 === 4 ? 'private' : 'public',
        owner,
        html_url: `${url}/${login}/${name}`,
        description: `Sample repository ${i + 1} of ${repoCount}`,
        fork: false,
        url: `${apiUrl}repos/${login}/${name}`,
        language: languages[i % languages.length] ?? null,
        stargazers_count: (i * 7) % 31,
        default_branch: 'main',
        created_at: new Date(Date.UTC(2020, 0, 1 + i)).toISOString().replace('.000', ''),
        pushed_at: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().replace('.000', ''),
      }
    })
  }

  /** RFC 8288 `Link` in GitHub's order: prev, next, last, first. */
  function linkHeader(path: string, query: URLSearchParams, page: number, last: number): string | undefined {
    const at = (n: number): string => {
      const params = new URLSearchParams(query)
      params.set('page', String(n))
      return `<${apiUrl}${path}?${params}>`
    }
    const links: string[] = []
    if (page > 1) links.push(`${at(page - 1)}; rel="prev"`)
    if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`)
    if (page > 1) links.push(`${at(1)}; rel="first"`)
    return links.length === 0 ? undefined : links.join(', ')
  }

  function bearer(req: IncomingMessage): string | undefined {
    // GitHub takes both `Bearer` and its older `token` scheme.
    return /^(?:Bearer|token) +([A-Za-z0-9_.~+/-]+=*) *$/i.exec(req.headers.authorization ?? '')?.[1]
  }

  function api(req: IncomingMessage, res: ServerResponse, target: URL): void {
    counts.apiCalls++
    const userAgent = req.headers['user-agent']
    if (userAgent === undefined || userAgent.trim() === '') {
      send(res, 403, USER_AGENT_REFUSAL, { 'content-type': 'text/plain; charset=utf-8' })
      return
    }
    const path = target.pathname.slice('/api/v3/'.length).replace(/\/+$/, '')
    const presented = bearer(req)
    const stored = presented === undefined ? undefined : accessTokens.get(presented)
    const valid = stored !== undefined && (stored.expiresAt === undefined || stored.expiresAt > Date.now())
    const headers = rateHeaders(valid ? presented : undefined)
    const known = path === 'user' || path === 'user/emails' || path === 'user/repos'
    if (!known) {
      sendJson(res, 404, { message: 'Not Found', documentation_url: `${DOCS}/rest`, status: '404' }, headers)
      return
    }
    if (presented === undefined) {
      const body = { message: 'Requires authentication', documentation_url: `${DOCS}/rest`, status: '401' }
      sendJson(res, 401, body, headers)
      return
    }
    if (!valid || stored === undefined) {
      sendJson(res, 401, { message: 'Bad credentials', documentation_url: `${DOCS}/rest`, status: '401' }, headers)
      return
    }
    if (req.method !== 'GET') {
      sendJson(res, 404, { message: 'Not Found', documentation_url: `${DOCS}/rest`, status: '404' }, headers)
      return
    }
    Object.assign(headers, { 'x-oauth-scopes': stored.scope.join(', ') })
    if (path === 'user') {
      sendJson(res, 200, user(stored.login), { ...headers, 'x-accepted-oauth-scopes': '' })
      return
    }
    if (path === 'user/emails') {
      // OAuth app tokens need `user:email` (or `user`) for this endpoint.
      Object.assign(headers, { 'x-accepted-oauth-scopes': 'user, user:email' })
      if (!stored.scope.includes('user') && !stored.scope.includes('user:email')) {
        sendJson(
          res,
          404,
          { message: 'Not Found', documentation_url: `${DOCS}/rest/users/emails`, status: '404' },
          headers,
        )
        return
      }
      const { email, id } = user(stored.login)
      sendJson(
        res,
        200,
        [
          { email, primary: true, verified: true, visibility: 'public' },
          {
            email: `${id}+${stored.login}@users.noreply.example.test`,
            primary: false,
            verified: true,
            visibility: null,
          },
        ],
        headers,
      )
      return
    }
    // user/repos: `per_page` up to 100 (default 30), `page` from 1.
    const perPage = Math.min(100, Math.max(1, Number.parseInt(target.searchParams.get('per_page') ?? '30', 10) || 30))
    const page = Math.max(1, Number.parseInt(target.searchParams.get('page') ?? '1', 10) || 1)
    const all = repos(stored.login)
    const last = Math.max(1, Math.ceil(all.length / perPage))
    const link = linkHeader(path, target.searchParams, page, last)
    sendJson(res, 200, all.slice((page - 1) * perPage, page * perPage), {
      ...headers,
      'x-accepted-oauth-scopes': 'repo',
      ...(link === undefined ? {} : { link }),
    })
  }

  // --- Routing ---------------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', url)
    const method = req.method ?? 'GET'
    const path = target.pathname
    if (path.startsWith('/api/v3/')) {
      api(req, res, target)
    } else if (path === '/login/oauth/authorize' && method === 'GET') {
      authorize(req, res, target.searchParams)
    } else if (path === '/login/oauth/authorize' && method === 'POST') {
      await decide(req, res)
    } else if (path === '/login/oauth/abort' && method === 'GET') {
      abort(res, target.searchParams)
    } else if (path === '/login/oauth/access_token' && method === 'POST') {
      await token(req, res)
    } else if (path === '/login' && method === 'GET') {
      const returnTo = target.searchParams.get('return_to') ?? '/'
      signInPage(res, returnTo.startsWith('/login/oauth/authorize?') ? returnTo : '/', '')
    } else if (path === '/session' && method === 'POST') {
      await signInSubmit(req, res)
    } else if (path === '/' && method === 'GET') {
      const who = signedIn(req)
      sendPage(
        res,
        200,
        'GitHub',
        who === undefined
          ? '<h1>GitHub</h1><p>A local GitHub for tests. Sign in from an app.</p>'
          : `<h1>GitHub</h1><p>Signed in as <strong>${escapeHtml(who.login)}</strong>.</p>`,
      )
    } else {
      notFoundPage(res)
    }
  }

  let closing: Promise<void> | undefined
  return {
    url,
    apiUrl,
    authUrl: `${url}/login/oauth/`,
    port,
    clientId,
    clientSecret,
    get counts(): GitHubCounts {
      return { ...counts }
    },
    expireAccessTokens() {
      const past = Date.now() - 1000
      for (const issued of accessTokens.values()) issued.expiresAt = past
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
      return closing
    },
  }
}
