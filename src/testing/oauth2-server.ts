/**
 * A real OAuth 2.0 / OpenID Connect authorization server for local development and tests,
 * built on `oidc-provider`, plus a small bearer-protected API served from the same origin.
 *
 * It is deliberately permissive about who signs in (any login name is accepted by the
 * provider's built-in development pages) and strict about the protocol: PKCE with S256 is
 * required for every client and refresh tokens rotate on every use.
 *
 * `oidc-provider` is an optional peer dependency, loaded only when a server starts, so the
 * rest of the testing entry works without it.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { OAuthConfigError, OAuthErrorCode } from '../index.js'
import { closer, sendJson } from './http.js'
import { escapeHtml, renderPage } from './page.js'

/** How a registered client authenticates at the token endpoint. */
export type TokenEndpointAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'client_secret_jwt'
  | 'private_key_jwt'
  | 'none'

/** Static client registration, in the snake_case form of OpenID Connect Dynamic Client Registration. */
export interface ClientMetadata {
  /** The client's id. */
  client_id: string
  /** The client's secret; none for a public client (`token_endpoint_auth_method: 'none'`). */
  client_secret?: string
  /** The redirect URIs the client may use, matched exactly. */
  redirect_uris: string[]
  /** The grants the client may use, e.g. `authorization_code` and `refresh_token`. */
  grant_types?: string[]
  /** The response types the client may ask for at the authorization endpoint, e.g. `code`. */
  response_types?: string[]
  /** How the client authenticates at the token endpoint. */
  token_endpoint_auth_method?: TokenEndpointAuthMethod
  /** Any other registration metadata `oidc-provider` accepts. */
  [property: string]: unknown
}

/** The stored form of an access or refresh token, as far as this module relies on it. */
export interface StoredToken {
  /** The token's identifier in the provider's storage. */
  readonly jti: string
  /** The `sub` of the account the token was issued for; none for client credentials. */
  readonly accountId?: string
  /** The client the token was issued to. */
  readonly clientId?: string
  /** The grant the token belongs to. */
  readonly grantId?: string
  /** The granted scopes, space-separated. */
  readonly scope?: string
  /** When the token expires, in seconds since the epoch. */
  readonly exp?: number
  /** Whether the token has expired. */
  readonly isExpired: boolean
}

/** A stored access token: also says whether it is bound to a DPoP key. */
export interface StoredAccessToken extends StoredToken {
  /** Whether the token is bound to a key (DPoP or mutual TLS), so that a plain bearer use of it is refused. */
  isSenderConstrained(): boolean
}

/**
 * The `oidc-provider` instance behind an {@link OAuth2Server}, as far as the kit declares it:
 * its events, its URLs, its stored tokens and clients. (Not a preset: those are the `Provider`s
 * of `oauth-consumer/providers`.)
 *
 * @see https://github.com/panva/node-oidc-provider/blob/main/docs/README.md
 */
export interface OidcProviderInstance {
  /** The issuer identifier, the same as the server's `url`. */
  readonly issuer: string
  /**
   * Calls `listener` each time the provider emits `event`, e.g. `grant.success`, `grant.error`
   * or `server_error`.
   *
   * @param event - the event's name, as oidc-provider's list of events gives it
   * @param listener - called with the event's arguments (for most, the request's context first)
   * @returns the instance, to chain calls
   * @see https://github.com/panva/node-oidc-provider/blob/main/docs/events.md
   */
  on(event: string, listener: (...args: unknown[]) => void): this
  /**
   * Stops calling a listener given to `on()` for `event`.
   *
   * @returns the instance, to chain calls
   */
  off(event: string, listener: (...args: unknown[]) => void): this
  /** The provider's request handler for a Node HTTP server; the kit's server routes everything but `/api/` to it. */
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>
  /**
   * The absolute URL of one of the provider's routes.
   *
   * @param name - the route's name, e.g. `authorization`, `token`, `userinfo` or `end_session`
   * @param options - the route's path parameters
   */
  urlFor(name: string, options?: Record<string, string>): string
  /** The access tokens the provider issued. */
  readonly AccessToken: {
    /** The stored access token of that value, or `undefined` when the provider does not know it (any more). */
    find(value: string): Promise<StoredAccessToken | undefined>
  }
  /** The refresh tokens the provider issued. */
  readonly RefreshToken: {
    /** The stored refresh token of that value, or `undefined` when the provider does not know it (any more). */
    find(value: string): Promise<StoredToken | undefined>
  }
  /** The registered clients. */
  readonly Client: {
    /** The client of that id, or `undefined` when none is; rejects when its static registration is invalid. */
    find(id: string): Promise<object | undefined>
  }
}

/** The instance as the kit's own pages use it: it also tells the state of a login or consent interaction. */
interface ProviderWithInteractions extends OidcProviderInstance {
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>
}

/** What the provider tells its login and consent pages, as far as they use it. */
interface InteractionDetails {
  readonly uid: string
  readonly prompt: { readonly name: string; readonly details: { readonly missingOIDCScope?: readonly string[] } }
  readonly params: { readonly client_id?: unknown; readonly login_hint?: unknown }
}

/** Options of {@link startOAuth2Provider}; every one is optional. */
export interface StartOAuth2ProviderOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number
  /** Interface to bind. */
  host?: string
  /** Hostname used in the issuer URL; defaults to `host`. */
  issuerHost?: string
  /**
   * Redirect URIs of the default client, whose id and secret the server reports as `clientId`
   * and `clientSecret`; by default `http://localhost:3000/callback`,
   * `http://127.0.0.1:3000/callback` and `http://localhost:3000/auth/oidc/callback`.
   */
  redirectUris?: readonly string[]
  /**
   * More clients, registered beside the default one (see {@link client}); by default the demo
   * clients `demo-post`, `demo-basic` and `demo-public`.
   */
  clients?: readonly ClientMetadata[]
  /** Access token lifetime in seconds; default 3600. A short one lets a test see a refresh. */
  accessTokenTtl?: number
  /** Refresh token lifetime in seconds; default 14 days. */
  refreshTokenTtl?: number
  /** Device code lifetime in seconds (RFC 8628 `expires_in`); default 600. A short one lets a test see it expire. */
  deviceCodeTtl?: number
  /** Keys signing the provider's cookies; random per start when omitted. */
  cookieKeys?: string[]
  /**
   * The provider's signing keys as private JWKs, so tests can rotate them or mint tokens the
   * provider would sign; by default the package's bundled development key.
   */
  jwks?: { keys: Record<string, unknown>[] }
}

/** A running OpenID Provider, as {@link startOAuth2Provider} resolves to it. */
export interface OAuth2Server {
  /** The issuer, e.g. `http://127.0.0.1:PORT`, without a trailing slash: give it as `issuer`. */
  readonly url: string
  /** The same as `url`. */
  readonly issuer: string
  /** The port the server listens on. */
  readonly port: number
  /** `issuer + '/api/'`: `GET me`, `GET notes` and `POST notes` with a bearer token. */
  readonly apiUrl: string
  /** The default client's id. */
  readonly clientId: string
  /** The default client's secret (`client_secret_post`), random per start. */
  readonly clientSecret: string
  /** Token-endpoint requests the server has answered since it started, successes and refusals. */
  readonly tokenRequests: number
  /** The `oidc-provider` instance, as far as the kit declares it (its events, its stored tokens). */
  readonly provider: OidcProviderInstance
  /** Stops listening and closes every open connection. */
  close(): Promise<void>
}

/** A note of the provider's small API. */
export interface Note {
  id: string
  text: string
  author: string
}

/** Redirect URIs registered for every demo client. */
export const DEMO_REDIRECT_URIS: readonly string[] = [
  'http://localhost:3000/auth/oidc/callback',
  'http://localhost:3000/callback',
  'http://127.0.0.1:3000/callback',
]

/**
 * Builds a client allowed the authorization_code and refresh_token grants. Confidential
 * clients get the predictable secret `<id>-secret-0123456789abcdef`, so tests and the demo
 * can share it without passing it around.
 */
export function client(
  id: string,
  authMethod: TokenEndpointAuthMethod,
  redirectUris: readonly string[],
): ClientMetadata {
  const metadata: ClientMetadata = {
    client_id: id,
    redirect_uris: [...redirectUris],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: authMethod,
  }
  if (authMethod !== 'none') {
    metadata.client_secret = `${id}-secret-0123456789abcdef`
  }
  return metadata
}

/** The clients registered when no `clients` are given. */
export const demoClients: readonly ClientMetadata[] = [
  client('demo-post', 'client_secret_post', DEMO_REDIRECT_URIS),
  client('demo-basic', 'client_secret_basic', DEMO_REDIRECT_URIS),
  client('demo-public', 'none', DEMO_REDIRECT_URIS),
]

/** The scopes the provider knows. */
export const SCOPES: readonly string[] = ['openid', 'profile', 'email', 'offline_access', 'notes']

/** The claims of a signed-in account. */
export interface Account {
  /** The login name given on the sign-in page. */
  sub: string
  /** The login name with its first letter in upper case. */
  name: string
  /** `<login>@example.test`. */
  email: string
  /** Always `true`. */
  email_verified: true
}

/** Every login name is an account; its claims are derived from the name alone. */
export function accountFor(login: string): Account {
  return {
    sub: login,
    name: login.charAt(0).toUpperCase() + login.slice(1),
    email: `${login}@example.test`,
    email_verified: true,
  }
}

interface ProviderClient {
  grantTypeAllowed(grantType: string): boolean
}

interface ErrorContext {
  type: string
  body: unknown
  readonly host: string
}

interface LogoutPages {
  logoutSource: (ctx: ErrorContext, form: string) => Promise<void>
  postLogoutSuccessSource: (ctx: ErrorContext) => Promise<void>
}

interface DevicePages {
  userCodeInputSource: (ctx: ErrorContext, form: string, out: unknown, err: unknown) => Promise<void>
  userCodeConfirmSource: (
    ctx: ErrorContext,
    form: string,
    client: unknown,
    device: unknown,
    code: string,
  ) => Promise<void>
  successSource: (ctx: ErrorContext) => Promise<void>
}

interface ProviderConfiguration {
  clients: ClientMetadata[]
  scopes: string[]
  claims: Record<string, string[]>
  pkce: { required: () => boolean }
  findAccount: (ctx: unknown, sub: string) => Promise<{ accountId: string; claims: () => Promise<Account> }>
  issueRefreshToken: (ctx: unknown, client: ProviderClient) => Promise<boolean>
  rotateRefreshToken: boolean
  expiresWithSession: () => Promise<boolean>
  clientBasedCORS: () => boolean
  cookies: { keys: string[] }
  jwks?: { keys: Record<string, unknown>[] }
  enabledJWA?: { idTokenSigningAlgValues: string[] }
  conformIdTokenClaims: boolean
  features: Record<
    string,
    { enabled: boolean; allowedPolicy?: typeof ownTokenOnly } & Partial<LogoutPages & DevicePages>
  >
  ttl: Record<string, number>
  renderError: (ctx: ErrorContext, out: Record<string, string>) => Promise<void>
}

interface OidcProviderModule {
  default: new (issuer: string, configuration: ProviderConfiguration) => ProviderWithInteractions
}

// The package ships no type declarations. Keeping the specifier out of the compiler's view
// avoids an implicit-any import; the part actually used is typed by hand above.
const OIDC_PROVIDER_MODULE: string = 'oidc-provider'
let oidcProvider: Promise<OidcProviderModule> | undefined

function isMissing(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    error.message.includes(`'${OIDC_PROVIDER_MODULE}'`)
  )
}

function loadOidcProvider(): Promise<OidcProviderModule> {
  oidcProvider ??= (async () => {
    const warn = console.warn
    console.warn = quiet(warn)
    try {
      return (await import(OIDC_PROVIDER_MODULE)) as OidcProviderModule
    } catch (cause) {
      oidcProvider = undefined
      if (!isMissing(cause)) throw cause
      throw new OAuthConfigError(
        OAuthErrorCode.INVALID_OPTIONS,
        'startOAuth2Provider() runs oidc-provider, an optional peer dependency that is not installed: npm install -D oidc-provider',
        { cause },
      )
    } finally {
      console.warn = warn
    }
  })()
  return oidcProvider
}

const DAY = 24 * 60 * 60
const MAX_BODY_BYTES = 64 * 1024

/**
 * The provider announces its development-only choices (built-in login pages, in-memory
 * storage, bundled signing keys) on stderr every time one is constructed. Those choices are
 * the point of this server, so the notices are dropped; anything else still gets through.
 */
async function ownTokenOnly(
  _ctx: unknown,
  client: { clientId: string },
  token: { clientId?: string },
): Promise<boolean> {
  return token.clientId === client.clientId
}

/**
 * Also dropped: the package's warning that it prefers Node 22, printed once when it loads; the
 * project supports Node 20.18.1 and proves it in CI.
 */
const quietNotices = ['quick start development-only', 'Unsupported runtime']

function quiet(warn: typeof console.warn): typeof console.warn {
  return (...args: unknown[]) => {
    const [first] = args
    if (typeof first === 'string' && quietNotices.some((notice) => first.includes(notice))) return
    warn.apply(console, args)
  }
}

function withoutDevelopmentNotices<T>(build: () => T): T {
  const warn = console.warn
  console.warn = quiet(warn)
  try {
    return build()
  } finally {
    console.warn = warn
  }
}

// The stock pages pull a web font from the internet; these stay offline, in the look all the
// local providers share.
const PROVIDER_NAME = 'OpenID Connect provider'

async function renderError(ctx: ErrorContext, out: Record<string, string>): Promise<void> {
  const rows = Object.entries(out)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd><code>${escapeHtml(String(value))}</code></dd>`)
    .join('\n')
  ctx.type = 'html'
  ctx.body = renderPage({
    title: 'Authorization server error',
    provider: PROVIDER_NAME,
    body: `<h1>Authorization server error</h1>\n<dl>\n${rows}\n</dl>`,
  })
}

/** RP-initiated logout's question; `form` is the provider's own form, which the buttons submit. */
async function logoutSource(ctx: ErrorContext, form: string): Promise<void> {
  ctx.type = 'html'
  ctx.body = renderPage({
    title: 'Sign out',
    provider: PROVIDER_NAME,
    body: `<h1>Do you want to sign out from ${escapeHtml(ctx.host)}?</h1>
${form}
<div class="actions">
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>
</div>`,
  })
}

async function postLogoutSuccessSource(ctx: ErrorContext): Promise<void> {
  ctx.type = 'html'
  ctx.body = renderPage({
    title: 'Signed out',
    provider: PROVIDER_NAME,
    body: '<h1>Signed out</h1>\n<p>You are signed out of this provider.</p>',
  })
}

// The device flow's pages (RFC 8628 §3.3), with the forms and buttons the provider expects: its
// `form` and buttons that name it. The stock ones pull a web font and print a notice when used.
async function userCodeInputSource(ctx: ErrorContext, form: string, _out: unknown, err: unknown): Promise<void> {
  ctx.type = 'html'
  ctx.body = renderPage({
    title: 'Connect a device',
    provider: PROVIDER_NAME,
    body: `<h1>Connect a device</h1>
${userCodeMessage(err)}
${form}
<div class="actions"><button type="submit" form="op.deviceInputForm">Continue</button></div>`,
  })
}

/** The input page's line: the stock page's wording for each of the provider's errors. */
function userCodeMessage(err: unknown): string {
  if (err === undefined || err === null) return '<p>Enter the code displayed on your device.</p>'
  const name = typeof err === 'object' && 'name' in err ? err.name : undefined
  const wrongCode = (typeof err === 'object' && 'userCode' in err) || name === 'NoCodeError'
  const text = wrongCode
    ? 'The code you entered is incorrect. Try again.'
    : name === 'AbortedError'
      ? 'The sign-in request was interrupted.'
      : 'There was an error processing your request.'
  return `<p class="error">${text}</p>`
}

async function userCodeConfirmSource(
  ctx: ErrorContext,
  form: string,
  _client: unknown,
  _device: unknown,
  code: string,
): Promise<void> {
  ctx.type = 'html'
  ctx.body = renderPage({
    title: 'Confirm the device',
    provider: PROVIDER_NAME,
    body: `<h1>Does your device show this code?</h1>
<p><code>${escapeHtml(code)}</code></p>
<p>Continue only if you started this sign-in yourself.</p>
${form}
<div class="actions">
<button autofocus type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">Cancel</button>
</div>`,
  })
}

async function deviceSuccessSource(ctx: ErrorContext): Promise<void> {
  ctx.type = 'html'
  ctx.body = renderPage({
    title: 'Device connected',
    provider: PROVIDER_NAME,
    body: '<h1>Device connected</h1>\n<p>You can close this page and return to your device.</p>',
  })
}

/**
 * The login and consent pages. The provider's development interactions still take the forms'
 * answers (`POST /interaction/:uid`) and the cancel link (`/interaction/:uid/abort`); only the
 * markup is this module's, since the stock pages pull a web font and show a debug panel.
 */
function interactionPage(details: InteractionDetails): { title: string; body: string } {
  const uid = escapeHtml(details.uid)
  const clientId = typeof details.params.client_id === 'string' ? details.params.client_id : 'the app'
  const cancel = `<a href="/interaction/${uid}/abort">Cancel</a>`
  if (details.prompt.name === 'login') {
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : ''
    return {
      title: 'Sign in',
      body: `<h1>Sign in</h1>
<p class="hint">to continue to <strong>${escapeHtml(clientId)}</strong></p>
<form autocomplete="off" action="/interaction/${uid}" method="post">
<input type="hidden" name="prompt" value="login">
<label for="login">Login</label>
<input required type="text" id="login" name="login" placeholder="Enter any login" value="${escapeHtml(hint)}" autofocus>
<label for="password">Password</label>
<input required type="password" id="password" name="password" placeholder="and any password">
<div class="actions"><button type="submit">Sign-in</button> ${cancel}</div>
</form>`,
    }
  }
  const scopes = (details.prompt.details.missingOIDCScope ?? []).filter((s) => s !== 'openid' && s !== 'offline_access')
  const list =
    scopes.length === 0
      ? '<p>The app asks you to confirm access you granted before.</p>'
      : `<p>It asks for:</p>\n<ul class="scopes">${scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('')}</ul>`
  return {
    title: 'Authorize',
    body: `<h1>Authorize ${escapeHtml(clientId)}</h1>
${list}
<form autocomplete="off" action="/interaction/${uid}" method="post">
<input type="hidden" name="prompt" value="consent">
<div class="actions"><button autofocus type="submit">Continue</button> ${cancel}</div>
</form>`,
  }
}

async function sendInteractionPage(
  provider: ProviderWithInteractions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  let details: InteractionDetails
  try {
    details = await provider.interactionDetails(req, res)
  } catch {
    // Unknown or expired: the provider's own handler answers with its error page.
    return false
  }
  if (details.prompt.name !== 'login' && details.prompt.name !== 'consent') return false
  const page = interactionPage(details)
  const payload = renderPage({ ...page, provider: PROVIDER_NAME })
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  })
  res.end(payload)
  return true
}

interface Lifetimes {
  readonly accessToken: number
  readonly refreshToken: number
  readonly deviceCode: number
}

function configuration(
  clients: readonly ClientMetadata[],
  lifetimes: Lifetimes,
  cookieKeys: string[],
  jwks: { keys: Record<string, unknown>[] } | undefined,
): ProviderConfiguration {
  // oidc-provider signs ID tokens with HS* only when enabled; only a client that asks gets them,
  // so the metadata of every other start names asymmetric algorithms alone.
  const symmetric = [
    ...new Set(
      clients
        .map((c) => c.id_token_signed_response_alg)
        .filter((alg): alg is string => typeof alg === 'string' && alg.startsWith('HS')),
    ),
  ]
  return {
    ...(jwks === undefined ? {} : { jwks: structuredClone(jwks) }),
    ...(symmetric.length === 0
      ? {}
      : { enabledJWA: { idTokenSigningAlgValues: ['RS256', 'PS256', 'ES256', 'Ed25519', 'EdDSA', ...symmetric] } }),
    clients: clients.map((metadata) => structuredClone(metadata)),
    scopes: [...SCOPES],
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
    },
    pkce: { required: () => true },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => accountFor(sub),
    }),
    // The default only issues refresh tokens for offline_access plus prompt=consent; a
    // client registered for the refresh_token grant should simply get one.
    issueRefreshToken: async (_ctx, registered) => registered.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // Tokens would otherwise die with the provider's browser session, which a test driving
    // the login pages over plain HTTP never keeps.
    expiresWithSession: async () => false,
    clientBasedCORS: () => true,
    cookies: { keys: cookieKeys },
    // By default the provider keeps scope claims (name, email) out of ID tokens that come with an
    // access token, for userinfo to serve; most providers put them in both, and so does this one.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      // RFC 7009 §2.1 and RFC 7662 §2.1: a client may revoke and inspect only its own tokens.
      introspection: { enabled: true, allowedPolicy: ownTokenOnly },
      revocation: { enabled: true, allowedPolicy: ownTokenOnly },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      // RFC 8628 and RFC 6749 §4.4, for the clients registered for those grants.
      deviceFlow: { enabled: true, userCodeInputSource, userCodeConfirmSource, successSource: deviceSuccessSource },
      clientCredentials: { enabled: true },
    },
    ttl: {
      AccessToken: lifetimes.accessToken,
      ClientCredentials: lifetimes.accessToken,
      DeviceCode: lifetimes.deviceCode,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: lifetimes.refreshToken,
      Interaction: 3600,
      Session: 14 * DAY,
      Grant: 14 * DAY,
    },
    renderError,
  }
}

function rejectToken(res: ServerResponse): void {
  sendJson(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' })
}

class BadRequest extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new BadRequest('request body too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function readNoteText(req: IncomingMessage): Promise<string> {
  const raw = await readBody(req)
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  let text: unknown
  if (type === 'application/json') {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      throw new BadRequest('body is not valid JSON')
    }
    if (typeof parsed === 'object' && parsed !== null && 'text' in parsed) {
      text = parsed.text
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    text = new URLSearchParams(raw).get('text')
  } else {
    throw new BadRequest('send the note as JSON or as a urlencoded form')
  }
  if (typeof text !== 'string' || text.trim() === '') {
    throw new BadRequest('text must be a non-empty string')
  }
  return text
}

function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(req.headers.authorization ?? '')
  return match?.[1]
}

function createApi(provider: OidcProviderInstance) {
  const notes = new Map<string, Note[]>()

  function notesOf(sub: string): Note[] {
    let list = notes.get(sub)
    if (list === undefined) {
      list = [
        { id: randomUUID(), text: 'Buy milk', author: sub },
        { id: randomUUID(), text: 'Call the dentist', author: sub },
        { id: randomUUID(), text: 'Water the plants', author: sub },
      ]
      notes.set(sub, list)
    }
    return list
  }

  async function authenticate(req: IncomingMessage): Promise<StoredAccessToken | undefined> {
    const value = bearerToken(req)
    if (value === undefined) return undefined
    const token = await provider.AccessToken.find(value)
    if (token === undefined || token.isExpired || token.accountId === undefined) return undefined
    // This API cannot verify a DPoP proof, so a DPoP-bound token presented as a plain
    // bearer token is refused rather than silently downgraded.
    if (token.isSenderConstrained()) return undefined
    return token
  }

  return async function api(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const allowed = path === '/api/me' ? ['GET'] : path === '/api/notes' ? ['GET', 'POST'] : []
    if (allowed.length === 0) {
      sendJson(res, 404, { error: 'not_found' })
      return
    }
    if (!allowed.includes(req.method ?? '')) {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: allowed.join(', ') })
      return
    }

    const token = await authenticate(req)
    if (token?.accountId === undefined) {
      rejectToken(res)
      return
    }
    const account = accountFor(token.accountId)

    if (path === '/api/me') {
      sendJson(res, 200, {
        sub: account.sub,
        name: account.name,
        email: account.email,
        scope: token.scope ?? '',
      })
    } else if (req.method === 'GET') {
      sendJson(res, 200, notesOf(account.sub))
    } else {
      const note: Note = { id: randomUUID(), text: await readNoteText(req), author: account.sub }
      notesOf(account.sub).push(note)
      sendJson(res, 201, note)
    }
  }
}

function describeProviderError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const description = 'error_description' in error ? error.error_description : undefined
  if (typeof description === 'string') return description
  return error instanceof Error ? error.message : String(error)
}

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0
}

/** The id of the client every server registers for the redirect URIs it is given. */
export const DEFAULT_CLIENT_ID = 'oauth-consumer-test'

/** The default client: every grant the server offers, `client_secret_post` as the library's default. */
function defaultClient(redirectUris: readonly string[]): ClientMetadata {
  return {
    client_id: DEFAULT_CLIENT_ID,
    client_secret: randomBytes(32).toString('base64url'),
    redirect_uris: [...redirectUris],
    grant_types: [
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:device_code',
    ],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }
}

/**
 * Starts an OpenID Provider on a loopback port: discovery, the authorization code flow with
 * PKCE (required), rotating refresh tokens, revocation (RFC 7009), introspection, userinfo,
 * RP-initiated logout, the device flow (RFC 8628) and client credentials (RFC 6749 §4.4),
 * with development login and consent pages that accept any login name, and a small bearer API
 * at `apiUrl`. Needs `oidc-provider`, an optional peer dependency.
 *
 * @param options - Port, redirect URIs of the default client, more clients, token lifetimes, keys.
 * @returns The running server; `close()` it when the test ends.
 * @throws {OAuthConfigError} `OAUTH_INVALID_OPTIONS` when `oidc-provider` is not installed.
 * @throws {TypeError} When an option is out of range or a client's registration is invalid.
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { startOAuth2Provider } from 'oauth-consumer/testing'
 *
 * const provider = await startOAuth2Provider({ redirectUris: ['http://127.0.0.1:3000/callback'] })
 * const app = new OAuth().remoteApp('local', {
 *   issuer: provider.url,
 *   clientId: provider.clientId,
 *   clientSecret: provider.clientSecret,
 * })
 * // …sign in through the app, then:
 * await provider.close()
 * ```
 * @see https://github.com/panva/node-oidc-provider/blob/main/docs/README.md
 */
export async function startOAuth2Provider(options: StartOAuth2ProviderOptions = {}): Promise<OAuth2Server> {
  const {
    port = 0,
    host = '127.0.0.1',
    redirectUris = DEMO_REDIRECT_URIS,
    accessTokenTtl = 3600,
    refreshTokenTtl = 14 * DAY,
    deviceCodeTtl = 600,
    cookieKeys = [randomBytes(32).toString('base64url')],
  } = options
  const registered = defaultClient(redirectUris)
  const clients = [registered, ...(options.clients ?? demoClients)]
  const issuerHost = options.issuerHost ?? host
  if (!isPositiveInteger(accessTokenTtl)) {
    throw new TypeError('accessTokenTtl must be a positive whole number of seconds')
  }
  if (!isPositiveInteger(refreshTokenTtl)) {
    throw new TypeError('refreshTokenTtl must be a positive whole number of seconds')
  }
  if (!isPositiveInteger(deviceCodeTtl)) {
    throw new TypeError('deviceCodeTtl must be a positive whole number of seconds')
  }
  if (cookieKeys.length === 0) {
    throw new TypeError('cookieKeys must hold at least one key')
  }

  const { default: OidcProvider } = await loadOidcProvider()

  let route: ((req: IncomingMessage, res: ServerResponse) => void) | undefined
  const server = createServer((req, res) => {
    if (route === undefined) {
      sendJson(res, 503, { error: 'temporarily_unavailable' })
      return
    }
    route(req, res)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host }, () => {
      server.off('error', reject)
      resolve()
    })
  })

  const close = closer(server)

  try {
    const actualPort = (server.address() as AddressInfo).port
    const urlHost = issuerHost.includes(':') ? `[${issuerHost}]` : issuerHost
    const issuer = `http://${urlHost}:${actualPort}`

    const provider = withoutDevelopmentNotices(
      () =>
        new OidcProvider(
          issuer,
          configuration(
            clients,
            { accessToken: accessTokenTtl, refreshToken: refreshTokenTtl, deviceCode: deviceCodeTtl },
            cookieKeys,
            options.jwks,
          ),
        ),
    )
    // Static clients are only validated on first use; a bad registration should fail the
    // start, not the first sign-in.
    for (const metadata of clients) {
      try {
        await provider.Client.find(metadata.client_id)
      } catch (cause) {
        throw new TypeError(
          `client ${metadata.client_id} is not a valid registration: ${describeProviderError(cause)}`,
          { cause },
        )
      }
    }

    let tokenRequests = 0
    provider.on('grant.success', () => tokenRequests++)
    provider.on('grant.error', () => tokenRequests++)

    const providerCallback = provider.callback()
    const api = createApi(provider)
    route = (req, res) => {
      const path = new URL(req.url ?? '/', 'http://placeholder').pathname
      if (req.method === 'GET' && /^\/interaction\/[^/]+$/.test(path)) {
        void sendInteractionPage(provider, req, res).then(async (sent) => {
          if (!sent) await providerCallback(req, res)
        })
        return
      }
      if (!path.startsWith('/api/')) {
        void providerCallback(req, res)
        return
      }
      api(req, res, path).catch((error: unknown) => {
        if (res.headersSent) {
          res.destroy()
        } else if (error instanceof BadRequest) {
          sendJson(res, 400, { error: 'invalid_request', error_description: error.message })
        } else {
          sendJson(res, 500, { error: 'server_error' })
        }
      })
    }

    return {
      url: issuer,
      issuer,
      port: actualPort,
      apiUrl: `${issuer}/api/`,
      clientId: registered.client_id,
      clientSecret: registered.client_secret ?? '',
      get tokenRequests() {
        return tokenRequests
      },
      provider,
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}
