/**
 * A minimal OAuth 2.0 authorization server for load tests. The full local provider walks the user
 * through login and consent pages; this one signs in whoever `login_hint` names at once, so a
 * test can run a thousand logins in seconds. It stays strict where mix-ups would show: codes are
 * single-use and bound to their user, client, redirect_uri and PKCE challenge, and the access
 * token names its user so that a token handed to the wrong browser is recognisable.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sendJson } from '../../src/testing/http.js'

export interface FastStartOAuth2ProviderOptions {
  readonly clientId: string
  readonly clientSecret: string
  /** Exact redirect URIs the client registered (RFC 6749 §3.1.2.3). */
  readonly redirectUris: readonly string[]
}

export interface FastOAuth2Server {
  /** e.g. `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string
  /** Codes issued by /authorize. */
  readonly codesIssued: () => number
  /** Tokens issued by /token. */
  readonly tokensIssued: () => number
  /** Why requests were refused, with how often: any entry means a client misbehaved. */
  readonly refusals: ReadonlyMap<string, number>
  /** Whose an access token is, as the server issued it. */
  userOf(accessToken: string): string | undefined
  close(): Promise<void>
}

interface Grant {
  readonly user: string
  readonly clientId: string
  readonly redirectUri: string
  readonly challenge: string
  readonly expires: number
}

const CODE_TTL_MS = 60_000
const USER = /^[\w.-]{1,64}$/
// RFC 7636 §4.1 and §4.2: 43 to 128 unreserved characters; an S256 challenge is 43 base64url ones.
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`)
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Every parameter must appear once at most (RFC 6749 §3.1 and §3.2). */
function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name)
  if (values.length > 1) throw new Refusal(400, 'invalid_request', `${name} is repeated`)
  return values[0]
}

function required(params: URLSearchParams, name: string): string {
  const value = single(params, name)
  if (value === undefined || value === '') throw new Refusal(400, 'invalid_request', `${name} is missing`)
  return value
}

export async function startFastOAuth2Server(options: FastStartOAuth2ProviderOptions): Promise<FastOAuth2Server> {
  const grants = new Map<string, Grant>()
  const tokens = new Map<string, string>()
  const refusals = new Map<string, number>()
  let codesIssued = 0

  function authorize(params: URLSearchParams, res: ServerResponse): void {
    // Until client_id and redirect_uri are known good, errors are shown here, never redirected
    // (RFC 6749 §4.1.2.1): an open redirector is what this check exists to prevent.
    if (required(params, 'client_id') !== options.clientId) throw new Refusal(400, 'invalid_client', 'unknown client')
    const redirectUri = required(params, 'redirect_uri')
    if (!options.redirectUris.includes(redirectUri)) {
      throw new Refusal(400, 'invalid_request', 'redirect_uri is not registered')
    }
    if (required(params, 'response_type') !== 'code') throw new Refusal(400, 'unsupported_response_type', 'not code')
    const state = required(params, 'state')
    if (required(params, 'code_challenge_method') !== 'S256') {
      throw new Refusal(400, 'invalid_request', 'code_challenge_method must be S256')
    }
    const challenge = required(params, 'code_challenge')
    if (!CHALLENGE.test(challenge)) throw new Refusal(400, 'invalid_request', 'malformed code_challenge')
    const user = required(params, 'login_hint')
    if (!USER.test(user)) throw new Refusal(400, 'invalid_request', 'malformed login_hint')

    const code = randomBytes(24).toString('base64url')
    grants.set(code, { user, clientId: options.clientId, redirectUri, challenge, expires: Date.now() + CODE_TTL_MS })
    codesIssued++
    const target = new URL(redirectUri)
    target.searchParams.set('code', code)
    target.searchParams.set('state', state)
    res.writeHead(302, { location: target.href, 'content-length': 0, 'cache-control': 'no-store' })
    res.end()
  }

  /** RFC 6749 §2.3.1: HTTP Basic or the form body, never both. */
  function authenticateClient(req: IncomingMessage, form: URLSearchParams): string {
    const header = req.headers.authorization
    const inBody = form.has('client_secret')
    let id: string
    let secret: string
    if (header !== undefined) {
      if (inBody) throw new Refusal(400, 'invalid_request', 'two client authentication methods')
      const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header)
      const decoded = match === null ? '' : Buffer.from(match[1] ?? '', 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon < 0) throw new Refusal(401, 'invalid_client', 'malformed Basic credentials')
      id = decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' '))
      secret = decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' '))
    } else {
      id = required(form, 'client_id')
      secret = required(form, 'client_secret')
    }
    if (id !== options.clientId || !sameSecret(secret, options.clientSecret)) {
      throw new Refusal(401, 'invalid_client', 'client authentication failed')
    }
    return id
  }

  function token(req: IncomingMessage, form: URLSearchParams, res: ServerResponse): void {
    const clientId = authenticateClient(req, form)
    if (required(form, 'grant_type') !== 'authorization_code') {
      throw new Refusal(400, 'unsupported_grant_type', 'only authorization_code')
    }
    const code = required(form, 'code')
    const grant = grants.get(code)
    // Spent before any other check, so a code that fails once cannot be tried again.
    grants.delete(code)
    if (grant === undefined || grant.expires <= Date.now()) {
      throw new Refusal(400, 'invalid_grant', 'unknown, expired or already used code')
    }
    if (grant.clientId !== clientId) throw new Refusal(400, 'invalid_grant', 'code issued to another client')
    if (single(form, 'redirect_uri') !== grant.redirectUri) {
      throw new Refusal(400, 'invalid_grant', 'redirect_uri differs from the authorization request')
    }
    const verifier = required(form, 'code_verifier')
    const computed = createHash('sha256').update(verifier).digest('base64url')
    if (!VERIFIER.test(verifier) || !sameSecret(computed, grant.challenge)) {
      throw new Refusal(400, 'invalid_grant', 'PKCE verification failed')
    }
    const accessToken = `at-${grant.user}-${randomBytes(18).toString('base64url')}`
    tokens.set(accessToken, grant.user)
    sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 })
  }

  function me(req: IncomingMessage, res: ServerResponse): void {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
    const user = bearer === undefined ? undefined : tokens.get(bearer)
    if (user === undefined) {
      throw new Refusal(401, 'invalid_token', 'unknown access token')
    }
    sendJson(res, 200, { user })
  }

  function handle(req: IncomingMessage, body: string, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost')
    try {
      if (req.method === 'GET' && url.pathname === '/authorize') authorize(url.searchParams, res)
      else if (req.method === 'POST' && url.pathname === '/token') {
        if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
          throw new Refusal(400, 'invalid_request', 'the token request must be a form')
        }
        token(req, new URLSearchParams(body), res)
      } else if (req.method === 'GET' && url.pathname === '/api/me') me(req, res)
      else sendJson(res, 404, { error: 'not_found' })
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(500, 'server_error', String(error))
      refusals.set(refusal.message, (refusals.get(refusal.message) ?? 0) + 1)
      const challenge: Record<string, string> =
        refusal.status === 401 ? { 'www-authenticate': `Bearer error="${refusal.error}"` } : {}
      sendJson(res, refusal.status, { error: refusal.error, error_description: refusal.description }, challenge)
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    codesIssued: () => codesIssued,
    tokensIssued: () => tokens.size,
    refusals,
    userOf: (accessToken) => tokens.get(accessToken),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
