import { OAuthConfigError, OAuthErrorCode } from '../errors.js'
import { defaultDispatcher, send } from '../http.js'
import type { ResolvedOptions } from '../options.js'
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
  readonly extra: Iterable<readonly [string, string]>
}

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1 */
export function authorizationUrl(o: ResolvedOptions, req: AuthorizationRequest): URL {
  const url = new URL(o.authorizeUrl.href)
  const params = url.searchParams
  params.set('response_type', 'code')
  params.set('client_id', o.clientId)
  if (req.redirectUri !== undefined) params.set('redirect_uri', req.redirectUri)
  if (req.scope !== undefined && req.scope !== '') params.set('scope', req.scope)
  params.set('state', req.state)
  if (req.codeChallenge !== undefined) {
    params.set('code_challenge', req.codeChallenge)
    params.set('code_challenge_method', 'S256')
  }
  for (const [key, value] of Object.entries(o.requestTokenParams)) {
    if (!protocolParams.has(key) && key !== 'scope') params.set(key, value)
  }
  for (const [key, value] of req.extra) {
    if (protocolParams.has(key)) {
      throw new OAuthConfigError(
        OAuthErrorCode.INVALID_ARGUMENT,
        `authorize(): "${key}" is set by the library and cannot be given`,
      )
    }
    params.set(key, value)
  }
  return url
}

/**
 * Calls the token endpoint with the client's authentication. The code exchange is never
 * retried: a code is single-use, and a second try would only burn it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export async function tokenRequest(
  o: ResolvedOptions,
  grant: Record<string, string>,
  now?: number,
): Promise<OAuth2Token> {
  const params = new URLSearchParams(grant)
  for (const [key, value] of Object.entries(o.accessTokenParams)) if (!params.has(key)) params.set(key, value)
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': o.userAgent }
  if (o.tokenEndpointAuthMethod === 'client_secret_basic') {
    headers.authorization = basicAuthorization(o.clientId, o.clientSecret)
  } else {
    params.set('client_id', o.clientId)
    if (o.tokenEndpointAuthMethod === 'client_secret_post') params.set('client_secret', o.clientSecret)
  }
  const url = new URL(o.accessTokenUrl.href)
  let body: string | undefined
  if (o.accessTokenMethod === 'GET') {
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

/** RFC 6749 §2.3.1: each part form-urlencoded before Base64. */
export function basicAuthorization(id: string, secret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`
}
