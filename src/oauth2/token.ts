import { refuseFailure, refuseRedirect } from '../endpoint-answer.js'
import { invalidResponse, type OAuthErrorData, tokenRequestFailed } from '../errors.js'
import type { HttpResponse } from '../http.js'
import { bodyKind, OAuthResponse, parseForm } from '../response.js'

/**
 * An OAuth 2.0 token: the provider's decoded token response (RFC 6749 §5.1) plus `expires_at`,
 * seconds since the epoch, computed from `expires_in` at receipt.
 */
export interface OAuth2Token {
  /** The access token sent as `Authorization: Bearer …` (RFC 6750 §2.1). */
  readonly access_token: string
  /** The token type, `Bearer` for every provider the library accepts (RFC 6749 §7.1). */
  readonly token_type?: string
  /** Seconds the token was valid for when the provider answered, as it sent them. */
  readonly expires_in?: number
  /**
   * When the token expires, in **seconds** since the epoch, computed from `expires_in` at receipt; never the provider's own field (a preset may document a normalisation, as Strava's does).
   */
  readonly expires_at?: number
  /**
   * What `refreshToken()` exchanges for a new token (RFC 6749 §6); kept from the previous token when a refresh answer has none.
   */
  readonly refresh_token?: string
  /** The granted scope, space-separated, when the provider says it differs or always sends it (RFC 6749 §5.1). */
  readonly scope?: string
  /** OpenID Connect: the ID token as sent, a JWT (OpenID Connect Core §3.1.3.3). */
  readonly id_token?: string
  /** OpenID Connect: the ID token's claims, verified. */
  readonly claims?: IdTokenClaims
  /**
   * The callback's other parameters (Intuit's `realmId`, Apple's `user`), as strings; set by the
   * sign-in, kept across refreshes, never taken from the token endpoint's answer.
   */
  readonly callbackParams?: Readonly<Record<string, string>>
  readonly [field: string]: unknown
}

/** The verified claims of an ID token (OpenID Connect Core §2). */
export interface IdTokenClaims {
  readonly iss: string
  readonly sub: string
  readonly aud: string | string[]
  readonly exp: number
  readonly iat: number
  readonly nonce?: string
  readonly azp?: string
  readonly nbf?: number
  readonly jti?: string
  readonly [claim: string]: unknown
}

/**
 * Turns a provider's token answer into RFC 6749 §5.1's shape before it is read: a token nested
 * in an envelope, an error the provider signals its own way, an absolute expiry.
 *
 * @param body - the answer as the provider sent it (a JSON or form object), untouched
 * @param receivedAt - when it arrived, in milliseconds since the epoch
 * @returns the answer to read: `access_token`, `expires_in`, `error`, …; an `expires_at` it
 *   returns (seconds since the epoch) is kept as the token's expiry
 */
export type TokenResponseNormaliser = (
  body: Readonly<Record<string, unknown>>,
  receivedAt: number,
) => Record<string, unknown>

const knownTokenTypes = new Set(['bearer'])

/**
 * Fields of a token that only the library sets: `claims` holds verified ID-token claims and
 * nothing else, so a provider's own `claims` could forge another provider's identity.
 */
const LIBRARY_FIELDS: readonly string[] = ['__proto__', 'claims', 'expires_at', 'callbackParams']
/** What is dropped from a normaliser's answer: the app's own code may set `expires_at`, never `claims`. */
const NORMALISED_DROPPED: readonly string[] = ['__proto__', 'claims', 'callbackParams']

/**
 * Reads a token endpoint's answer: status → body → is-object → the app's normaliser → error →
 * fields. JSON, or urlencoded as GitHub and older Facebook versions send; an `error` in a 200
 * body is an error.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function readTokenResponse(
  res: HttpResponse,
  what: string,
  now = Date.now(),
  normalise?: TokenResponseNormaliser,
): OAuth2Token {
  const response = new OAuthResponse(res.status, res.headers, res.body)
  refuseRedirect(response, what)
  const sent = readObject(res)
  const body = sent === undefined || normalise === undefined ? sent : normalised(sent, normalise, what, response, now)
  if (body !== undefined && body.error !== undefined && body.error !== null && body.error !== '') {
    const data = errorData(body)
    throw tokenRequestFailed(describe(what, data), { data, response })
  }
  refuseFailure(response, what)
  if (body === undefined) {
    throw invalidResponse(`The ${what} sent a body that is neither JSON nor form data`, { response })
  }
  return toToken(body, what, response, now, normalise !== undefined)
}

/**
 * The answer as the app's normaliser rewrites it. It sees the answer as sent; `claims` and
 * `callbackParams` are dropped from what it returns as from any answer, but the `expires_at`
 * it sets is kept (Strava's absolute expiry).
 */
/**
 * Reads the JSON (or form) object an endpoint that authenticates the client answers with, other
 * than a token: an `error` in it, a redirect or a failure status is refused as a token answer's is.
 */
export function readEndpointObject(res: HttpResponse, what: string): Record<string, unknown> {
  const response = new OAuthResponse(res.status, res.headers, res.body)
  refuseRedirect(response, what)
  const body = readObject(res)
  if (body !== undefined && body.error !== undefined && body.error !== null && body.error !== '') {
    const data = errorData(body)
    throw tokenRequestFailed(describe(what, data), { data, response })
  }
  refuseFailure(response, what)
  if (body === undefined) {
    throw invalidResponse(`The ${what} sent a body that is neither JSON nor form data`, { response })
  }
  return body
}

function normalised(
  body: Record<string, unknown>,
  normalise: TokenResponseNormaliser,
  what: string,
  response: OAuthResponse,
  now: number,
): Record<string, unknown> {
  let result: unknown
  try {
    result = normalise(body, now)
  } catch (cause) {
    throw invalidResponse(`The ${what}'s answer could not be normalised: ${String(cause)}`, { response, cause })
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw invalidResponse(`The ${what}'s answer could not be normalised: "tokenResponse" returned no object`, {
      response,
    })
  }
  return result as Record<string, unknown>
}

/**
 * The fields of an error answer that are safe to repeat: RFC 6749 §5.2's three. Graph-API
 * style `{ error: { type, code, message } }` objects (Facebook) are read into the same fields.
 */
export function errorData(body: Readonly<Record<string, unknown>>): OAuthErrorData {
  const data: Record<string, string> = {}
  const nested = body.error
  if (typeof nested === 'object' && nested !== null) {
    const fields = nested as Record<string, unknown>
    const kind = fields.type ?? fields.code
    data.error = typeof kind === 'string' || typeof kind === 'number' ? String(kind) : 'error'
    if (typeof fields.message === 'string') data.error_description = fields.message
    return data
  }
  for (const key of ['error', 'error_description', 'error_uri'] as const) {
    const value = body[key]
    if (typeof value === 'string') data[key] = value
  }
  data.error ??= String(nested)
  return data
}

function describe(what: string, data: OAuthErrorData): string {
  const description = data.error_description === undefined ? '' : `: ${data.error_description}`
  return `The ${what} refused: ${data.error}${description}`
}

function readObject(res: HttpResponse): Record<string, unknown> | undefined {
  const kind = bodyKind(res.headers['content-type'] as string | undefined)
  const text = res.body.toString('utf8').trim()
  if (text.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(text)
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined
    } catch {
      return undefined
    }
  }
  if ((kind === 'form' || kind === 'text' || kind === 'binary') && /^[^<\s=&][^<\s]*=/.test(text))
    return parseForm(text)
  return undefined
}

function toToken(
  body: Record<string, unknown>,
  what: string,
  response: OAuthResponse,
  now: number,
  normalised: boolean,
): OAuth2Token {
  const bad = (message: string) => invalidResponse(`The ${what} sent ${message}`, { response })
  // The body is ours, fresh from the parser: copied only to drop a key no provider may set (a
  // `__proto__`, or a field the library defines), or to give form data (null prototype) the plain
  // object a token is everywhere else.
  let token = body
  const dropped = normalised ? NORMALISED_DROPPED : LIBRARY_FIELDS
  if (Object.getPrototypeOf(body) !== Object.prototype || dropped.some((key) => Object.hasOwn(body, key))) {
    token = {}
    for (const [key, value] of Object.entries(body)) if (!dropped.includes(key)) token[key] = value
  }
  // Twitch sends the granted scope as a JSON array; RFC 6749 §3.3 joins it with spaces.
  if (Array.isArray(token.scope)) {
    if (!token.scope.every((s) => typeof s === 'string')) throw bad('a non-string scope')
    token.scope = token.scope.join(' ')
  }
  const accessToken = token.access_token
  if (typeof accessToken !== 'string' || accessToken === '') throw bad('no access_token')
  if (/[\u0000-\u001f\u007f]/.test(accessToken)) throw bad('an access_token with control characters')
  // RFC 6750 §2.1: a bearer token is visible ASCII; anything else could not be sent in a header.
  if (!/^[\x21-\x7e]+$/.test(accessToken)) throw bad('an access_token that is not printable ASCII')
  if (token.token_type !== undefined) {
    if (typeof token.token_type !== 'string' || !knownTokenTypes.has(token.token_type.toLowerCase())) {
      throw bad(`an unsupported token_type ${JSON.stringify(token.token_type)}`)
    }
  }
  const expiresIn = readExpiresIn(token.expires_in)
  if (expiresIn === null) throw bad(`a non-numeric expires_in ${JSON.stringify(token.expires_in)}`)
  if (expiresIn === undefined) {
    if (token.expires_in !== undefined) delete token.expires_in
  } else {
    token.expires_in = expiresIn
  }
  if (normalised && token.expires_at !== undefined) {
    const expiresAt = token.expires_at
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt < 0)
      throw bad(`a non-numeric expires_at ${JSON.stringify(expiresAt)}`)
  } else if (expiresIn !== undefined) {
    token.expires_at = Math.floor(now / 1000) + expiresIn
  }
  for (const key of ['refresh_token', 'scope', 'id_token'] as const) {
    // `null` says "none" (Tiltify's client-credentials answer has "refresh_token": null).
    if (token[key] === null) delete token[key]
    else if (token[key] !== undefined && typeof token[key] !== 'string') throw bad(`a non-string ${key}`)
  }
  return token as OAuth2Token
}

/**
 * `expires_in` as seconds: `undefined` when absent or blank (no expiry known), `null` when it is
 * not a non-negative number. Numeric strings are read (some providers send them).
 */
function readExpiresIn(value: unknown): number | undefined | null {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') {
    const text = value.trim()
    if (text === '') return undefined
    return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null
  }
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null
}
