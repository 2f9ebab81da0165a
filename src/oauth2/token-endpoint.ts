import { TOKEN_RESPONSE_LIMIT } from '../endpoint-answer.js'
import { tokenRequestFailed } from '../errors.js'
import { callEndpoint } from '../http.js'
import { OAuthResponse } from '../response.js'
import { clientAssertion, JWT_BEARER } from './client-assertion.js'
import { clientSecretOf } from './client-secret.js'
import type { OAuth2Config } from './options.js'
import { type OAuth2Token, readEndpointObject, readTokenResponse } from './token.js'

const FORM = 'application/x-www-form-urlencoded'
const JSON_TYPE = 'application/json'

/**
 * Everything a call to an endpoint that authenticates the client needs beyond its own
 * parameters: the client's authentication, headers and body format. Grants and client
 * authentication methods are added here, not in the flows.
 */
interface ClientRequest {
  readonly params: URLSearchParams
  readonly headers: Record<string, string>
}

/**
 * The client's credentials as `tokenEndpointAuthMethod` says (RFC 6749 §2.3.1; RFC 7523 §2.2).
 * A promise only when something must be awaited (a secret from a function, a signed
 * assertion): a fixed secret keeps the call synchronous.
 */
function authenticateClient(o: OAuth2Config, params: URLSearchParams): ClientRequest | Promise<ClientRequest> {
  const method = o.tokenEndpointAuthMethod
  if (method === 'none') {
    params.set(o.clientIdParam, o.clientId)
    return { params, headers: { ...o.tokenRequest.headers } }
  }
  if (method === 'client_secret_jwt' || method === 'private_key_jwt') return withAssertion(o, params)
  const secret = clientSecretOf(o)
  return typeof secret === 'string'
    ? withSecret(o, params, secret)
    : secret.then((value) => withSecret(o, params, value))
}

/**
 * A fresh assertion for every request, its `aud` the issuer or the token endpoint URL whatever
 * endpoint is called (API.md §11); the client id goes along, as RFC 7521 §4.2 allows.
 */
async function withAssertion(o: OAuth2Config, params: URLSearchParams): Promise<ClientRequest> {
  params.set(o.clientIdParam, o.clientId)
  params.set('client_assertion_type', JWT_BEARER)
  params.set('client_assertion', await clientAssertion(o, o.clientAssertionAudience ?? o.accessTokenUrl.href))
  return { params, headers: { ...o.tokenRequest.headers } }
}

function withSecret(o: OAuth2Config, params: URLSearchParams, secret: string): ClientRequest {
  const headers: Record<string, string> = { ...o.tokenRequest.headers }
  if (o.tokenEndpointAuthMethod === 'client_secret_basic') {
    headers.authorization = basicAuthorization(o.clientId, secret)
  } else {
    params.set(o.clientIdParam, o.clientId)
    params.set('client_secret', secret)
  }
  return { params, headers }
}

/**
 * Calls the token endpoint with the client's authentication. The code exchange is never
 * retried: a code is single-use, and a second try would only burn it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export async function tokenRequest(
  o: OAuth2Config,
  grant: Record<string, string>,
  now?: number,
  target?: TokenTarget,
): Promise<OAuth2Token> {
  const params = new URLSearchParams(grant)
  for (const [key, value] of Object.entries(o.accessTokenParams)) if (!params.has(key)) params.set(key, value)
  if (target !== undefined) for (const [key, value] of target.params) if (!params.has(key)) params.set(key, value)
  const authenticated = authenticateClient(o, params)
  const client = authenticated instanceof Promise ? await authenticated : authenticated
  // POST leaves the token URL as it is, so the configured one is used without a copy.
  let url = target?.url ?? o.accessTokenUrl
  let body: string | undefined
  if (o.accessTokenMethod === 'GET') {
    url = new URL(url.href)
    for (const [key, value] of params) url.searchParams.append(key, value)
  } else {
    body = encode(o, params)
  }
  const res = await callEndpoint(o, {
    method: o.accessTokenMethod,
    url,
    accept: 'application/json',
    contentType: body === undefined ? undefined : contentType(o),
    headers: client.headers,
    body,
    maxSize: TOKEN_RESPONSE_LIMIT,
    what: 'token endpoint',
  })
  return readTokenResponse(res, 'token endpoint', now, o.tokenResponse)
}

/**
 * The device authorization request (RFC 8628 §3.1) with the client's authentication, as every
 * endpoint that authenticates the client has it (API.md §11).
 */
export async function deviceAuthorizationRequest(
  o: OAuth2Config,
  url: URL,
  params: Record<string, string>,
): Promise<Record<string, unknown>> {
  const client = await authenticateClient(o, new URLSearchParams(params))
  const res = await callEndpoint(o, {
    method: 'POST',
    url,
    accept: 'application/json',
    contentType: contentType(o),
    headers: client.headers,
    body: encode(o, client.params),
    maxSize: 64 * 1024,
    what: 'device authorization endpoint',
  })
  return readEndpointObject(res, 'device authorization endpoint')
}

/** Where a token request goes and what it adds, as a sign-in's callback values asked (`callbackTokenRequest`). */
export interface TokenTarget {
  readonly url: URL | undefined
  readonly params: readonly (readonly [string, string])[]
}

/**
 * Revokes a token (RFC 7009 §2.1). A 200 is success, including for a token the provider does
 * not know; anything else is an error with the provider's `error`.
 */
export async function revocationRequest(
  o: OAuth2Config,
  url: URL,
  token: string,
  hint: 'access_token' | 'refresh_token' | undefined,
): Promise<void> {
  const params = new URLSearchParams({ token })
  if (hint !== undefined) params.set('token_type_hint', hint)
  const client = await authenticateClient(o, params)
  const res = await callEndpoint(o, {
    method: 'POST',
    url,
    accept: 'application/json',
    contentType: contentType(o),
    headers: client.headers,
    body: encode(o, params),
    maxSize: 64 * 1024,
    what: 'revocation endpoint',
  })
  if (res.status !== 200) {
    const response = new OAuthResponse(res.status, res.headers, res.body)
    const data = response.data
    const error = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).error : undefined
    throw tokenRequestFailed(
      `The revocation endpoint answered HTTP ${res.status}${typeof error === 'string' ? `: ${error}` : ''}`,
      { response, ...(typeof error === 'string' ? { data: { error } } : {}) },
    )
  }
}

/** The body as `tokenRequest.format` says: RFC 6749's form, or the same parameters as JSON. */
function encode(o: OAuth2Config, params: URLSearchParams): string {
  return o.tokenRequest.format === 'json' ? JSON.stringify(Object.fromEntries(params)) : params.toString()
}

function contentType(o: OAuth2Config): string {
  return o.tokenRequest.format === 'json' ? JSON_TYPE : FORM
}

/** RFC 6749 §2.3.1: each part form-urlencoded before Base64. */
export function basicAuthorization(id: string, secret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`
}
