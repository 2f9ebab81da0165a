import {
  OAuthAuthorizationError,
  OAuthConfigError,
  type OAuthError,
  OAuthErrorCode,
  OAuthTokenRequestError,
} from '../errors.js'
import { defaultDispatcher, send } from '../http.js'
import type { ReadyOptions, ResolvedOptions } from '../options.js'
import { OAuthResponse } from '../response.js'
import { single } from '../url.js'
import { type OAuth2Token, readTokenResponse } from './token.js'

/** Token-endpoint answers are small; anything larger is not a token. */
export const TOKEN_RESPONSE_LIMIT = 1024 * 1024

/** Parameters the library sets itself; an extra parameter may not replace them. */
const protocolParams = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
])

export interface AuthorizationRequest {
  readonly redirectUri: string | undefined
  readonly state: string
  readonly codeChallenge: string | undefined
  readonly scope: string | undefined
  readonly nonce?: string | undefined
  readonly extra: Iterable<readonly [string, string]>
}

/**
 * The authorization request URL (RFC 6749 §4.1.1). What does not change between logins of one
 * app, callback and scope is built once; `state`, the challenge and the nonce are appended.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export function authorizationUrl(o: ReadyOptions, req: AuthorizationRequest): string {
  const extra = [...req.extra]
  for (const [key] of extra) {
    if (protocolParams.has(key)) {
      throw new OAuthConfigError(
        OAuthErrorCode.INVALID_ARGUMENT,
        `authorize(): "${key}" is set by the library and cannot be given`,
      )
    }
  }
  // base64url values need no escaping.
  let dynamic = `&state=${req.state}`
  if (req.nonce !== undefined) dynamic += `&nonce=${req.nonce}`
  if (req.codeChallenge !== undefined) dynamic += `&code_challenge=${req.codeChallenge}&code_challenge_method=S256`
  if (extra.length > 0) return `${fixedPart(o, req, extra)}${dynamic}`
  let byRequest = prefixes.get(o)
  if (byRequest === undefined) {
    byRequest = new Map()
    prefixes.set(o, byRequest)
  }
  const key = `${req.redirectUri ?? ''}\u0000${req.scope ?? ''}`
  let prefix = byRequest.get(key)
  if (prefix === undefined) {
    prefix = fixedPart(o, req, extra)
    // Callbacks and scopes are few per app; a bound keeps a misuse from growing it forever.
    if (byRequest.size < 64) byRequest.set(key, prefix)
  }
  return `${prefix}${dynamic}`
}

const prefixes = new WeakMap<ReadyOptions, Map<string, string>>()

function fixedPart(o: ReadyOptions, req: AuthorizationRequest, extra: readonly (readonly [string, string])[]): string {
  const url = new URL(o.authorizeUrl.href)
  const params = url.searchParams
  params.set('response_type', 'code')
  params.set('client_id', o.clientId)
  if (req.redirectUri !== undefined) params.set('redirect_uri', req.redirectUri)
  if (req.scope !== undefined && req.scope !== '') params.set('scope', req.scope)
  // Flask-OAuth's `request_token_params: { scope }` still works; a scope given otherwise wins.
  for (const [key, value] of Object.entries(o.requestTokenParams)) {
    if (protocolParams.has(key) || (key === 'scope' && params.has('scope'))) continue
    params.set(key, value)
  }
  for (const [key, value] of extra) params.set(key, value)
  return url.href
}

/**
 * Calls the token endpoint with the client's authentication. The code exchange is never
 * retried: a code is single-use, and a second try would only burn it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export async function tokenRequest(o: ReadyOptions, grant: Record<string, string>, now?: number): Promise<OAuth2Token> {
  const params = new URLSearchParams(grant)
  for (const [key, value] of Object.entries(o.accessTokenParams)) if (!params.has(key)) params.set(key, value)
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': o.userAgent }
  authenticateClient(o, params, headers)
  // POST leaves the token URL as it is, so the configured one is used without a copy.
  let url = o.accessTokenUrl
  let body: string | undefined
  if (o.accessTokenMethod === 'GET') {
    url = new URL(o.accessTokenUrl.href)
    for (const [key, value] of params) url.searchParams.append(key, value)
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = params.toString()
  }
  const res = await send({
    method: o.accessTokenMethod,
    url,
    headers,
    body,
    timeout: o.timeout,
    maxSize: TOKEN_RESPONSE_LIMIT,
    dispatcher: o.dispatcher ?? defaultDispatcher(),
    what: 'token endpoint',
  })
  return readTokenResponse(res, 'token endpoint', now)
}

/** Adds the client's credentials as `tokenEndpointAuthMethod` says (RFC 6749 §2.3.1). */
function authenticateClient(o: ResolvedOptions, params: URLSearchParams, headers: Record<string, string>): void {
  if (o.tokenEndpointAuthMethod === 'client_secret_basic') {
    headers.authorization = basicAuthorization(o.clientId, o.clientSecret)
  } else {
    params.set('client_id', o.clientId)
    if (o.tokenEndpointAuthMethod === 'client_secret_post') params.set('client_secret', o.clientSecret)
  }
}

/**
 * Revokes a token (RFC 7009 §2.1). A 200 is success, including for a token the provider does
 * not know; anything else is an error with the provider's `error`.
 */
export async function revocationRequest(
  o: ResolvedOptions,
  url: URL,
  token: string,
  hint: 'access_token' | 'refresh_token' | undefined,
): Promise<void> {
  const params = new URLSearchParams({ token })
  if (hint !== undefined) params.set('token_type_hint', hint)
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': o.userAgent,
  }
  authenticateClient(o, params, headers)
  const res = await send({
    method: 'POST',
    url,
    headers,
    body: params.toString(),
    timeout: o.timeout,
    maxSize: 64 * 1024,
    dispatcher: o.dispatcher ?? defaultDispatcher(),
    what: 'revocation endpoint',
  })
  if (res.status !== 200) {
    const response = new OAuthResponse(res.status, res.headers, res.body)
    const data = response.data
    const error = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).error : undefined
    throw new OAuthTokenRequestError(
      OAuthErrorCode.TOKEN_REQUEST_FAILED,
      `The revocation endpoint answered HTTP ${res.status}${typeof error === 'string' ? `: ${error}` : ''}`,
      { response, ...(typeof error === 'string' ? { data: { error } } : {}) },
    )
  }
}

/** RFC 6749 §2.3.1: each part form-urlencoded before Base64. */
export function basicAuthorization(id: string, secret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`
}

/** The error a callback's `error=` carries (RFC 6749 §4.1.2.1). */
export function callbackError(query: Readonly<Record<string, unknown>>, error: string): OAuthError {
  const data: Record<string, string> = { error }
  for (const key of ['error_description', 'error_uri'] as const) {
    const value = single(query, key)
    if (value !== undefined) data[key] = value
  }
  const denied = error === 'access_denied'
  const description = data.error_description === undefined ? '' : `: ${data.error_description}`
  return new OAuthAuthorizationError(
    denied ? OAuthErrorCode.ACCESS_DENIED : OAuthErrorCode.AUTHORIZATION_ERROR,
    denied ? `The user denied access${description}` : `The provider answered ${error}${description}`,
    { data },
  )
}
