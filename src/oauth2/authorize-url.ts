import { invalidArgument, OAuthAuthorizationError, OAuthErrorCode } from '../errors.js'
import { single } from '../url.js'
import type { OAuth2Config, SignInConfig } from './options.js'

/** Parameters the library sets itself; an extra parameter may not replace them. */
const protocolParams = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'response_mode',
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
export function authorizationUrl(o: SignInConfig, req: AuthorizationRequest): string {
  const extra = [...req.extra]
  for (const [key] of extra) {
    if (protocolParams.has(key) || key === o.clientIdParam) {
      throw invalidArgument(`authorize(): "${key}" is set by the library and cannot be given`)
    }
  }
  // base64url values need no escaping.
  let dynamic = `&state=${req.state}`
  if (req.nonce !== undefined) dynamic += `&nonce=${req.nonce}`
  // A plain challenge is the verifier: base64url too.
  if (req.codeChallenge !== undefined && o.pkce !== false)
    dynamic += `&code_challenge=${req.codeChallenge}&code_challenge_method=${o.pkce}`
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

const prefixes = new WeakMap<OAuth2Config, Map<string, string>>()

function fixedPart(o: SignInConfig, req: AuthorizationRequest, extra: readonly (readonly [string, string])[]): string {
  const url = new URL(o.authorizeUrl.href)
  const params = url.searchParams
  params.set('response_type', 'code')
  params.set(o.clientIdParam, o.clientId)
  if (req.redirectUri !== undefined) params.set('redirect_uri', req.redirectUri)
  if (req.scope !== undefined && req.scope !== '') params.set('scope', req.scope)
  // OAuth 2.0 Form Post Response Mode §2; `query` is the code flow's default and needs no parameter.
  if (o.responseMode === 'form_post') params.set('response_mode', 'form_post')
  // Flask-OAuth's `request_token_params: { scope }` still works; a scope given otherwise wins.
  for (const [key, value] of Object.entries(o.requestTokenParams)) {
    if (protocolParams.has(key) || key === o.clientIdParam || (key === 'scope' && params.has('scope'))) continue
    params.set(key, value)
  }
  for (const [key, value] of extra) params.set(key, value)
  // Spaces as %20 rather than URLSearchParams' `+`: RFC 3986 queries read `+` as itself, and some
  // authorization servers do (Amazon Cognito refuses `openid+email` as one unknown scope:
  // https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html).
  // A literal `+` is already `%2B` here, so every `+` left is a space.
  url.search = params.toString().replaceAll('+', '%20')
  return url.href
}

/** The error a callback's `error=` carries (RFC 6749 §4.1.2.1). */
export function callbackError(query: Readonly<Record<string, unknown>>, error: string): OAuthAuthorizationError {
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
