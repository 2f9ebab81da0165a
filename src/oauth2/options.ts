import type { Fail } from '../errors.js'
import { type CommonSettings, endpointUrl, oneOf, type Params, params } from '../options/common.js'
import type { ApiBaseFromToken } from '../tokens.js'
import { type AssertionKey, assertionKey, type ClientPrivateKey } from './client-assertion.js'
import type { TokenResponseNormaliser } from './token.js'

export type { TokenResponseNormaliser } from './token.js'

/**
 * How the client authenticates at every endpoint that authenticates it (token, refresh,
 * revocation, device authorization, client credentials): HTTP Basic or the body (RFC 6749
 * §2.3.1), a JWT signed with the client secret or with the app's private key (RFC 7523, OpenID
 * Connect Core §9), or not at all (a public client).
 */
export type TokenEndpointAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'client_secret_jwt'
  | 'private_key_jwt'
  | 'none'

/**
 * A provider's own check of its authorization callback, run once the callback's state has
 * matched and before anything else of it is used, the token request included: a signature over
 * the callback (Shopify's `hmac`), a value only the provider's own hosts may have.
 *
 * @param params - every parameter of the callback, as strings (a repeated one keeps its first value)
 * @param clientSecret - the app's client secret, for a check signed with it
 * @returns `undefined` when the callback verifies; otherwise why it does not, which becomes the
 *   `OAUTH_STATE_MISMATCH` error's message. A throw, or any other answer, refuses the callback too.
 * @see https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
 */
export type CallbackCheck = (
  params: Readonly<Record<string, string>>,
  clientSecret: () => Promise<string>,
) => string | undefined | Promise<string | undefined>

/**
 * Values of the callback that change the token request, for providers that say there where the
 * user's account lives: Zoho's `accounts-server` names the data centre whose token endpoint takes
 * the code (and later the refresh token), VK ID's `device_id` must be sent with the code. Called
 * with the sign-in's `callbackParams` for the code exchange and for every refresh of its token.
 * The preset decides what it trusts: a host from an allowlist of the provider's own, never the
 * callback's value as it came, or the code and the client secret go wherever the callback says.
 *
 * @param callbackParams - the callback's values (see `resp.callbackParams`)
 * @returns the token endpoint to use instead of `accessTokenUrl` (https, or http on loopback),
 *   and parameters to add to the request, which never replace the grant's own; or `undefined`
 * @see https://www.zoho.com/accounts/protocol/oauth/multi-dc.html
 */
export type CallbackTokenRequest = (callbackParams: Readonly<Record<string, string>>) => CallbackTokenTarget | undefined

/** What a {@link CallbackTokenRequest} asks of the token request. */
export interface CallbackTokenTarget {
  /** The token endpoint to use instead of `accessTokenUrl`: https, or http on loopback, without user info. */
  readonly accessTokenUrl?: string | undefined
  /** Parameters added to the token request; the grant's own are never replaced. */
  readonly params?: Params | undefined
}

/**
 * How requests to the endpoints that authenticate the client (token, revocation) are shaped,
 * for providers that depart from RFC 6749's form body.
 */
export interface TokenRequestShape {
  /**
   * `'form'` (the default: `application/x-www-form-urlencoded`, RFC 6749 §4.1.3) or `'json'`
   * (the same parameters as a JSON object, as Notion documents); `'json'` needs
   * `accessTokenMethod` POST.
   */
  readonly format?: 'form' | 'json'
  /**
   * Headers of every such request (Reddit's User-Agent, Notion-Version). `Authorization`,
   * `Content-Type`, `Content-Length` and `Host` are the library's and are refused.
   */
  readonly headers?: Params
}

/**
 * Where an API call carries the access token, for providers that do not take RFC 6750's
 * `Authorization: Bearer`.
 */
export interface TokenHeader {
  /** The header's name: `Authorization`, or a provider's own (Shopify's `X-Shopify-Access-Token`). */
  readonly name: string
  /** The word before the token (`Bearer`, Yandex's `OAuth`, Zoho's `Zoho-oauthtoken`), or `null` for the bare token. */
  readonly scheme: string | null
}

/** The options of OAuth 2.0 apps (API.md §2). */
export interface OAuth2Options {
  /** RFC 7009 revocation endpoint, used by `revokeToken()`. */
  readonly revokeUrl?: string
  /**
   * RFC 8628 device authorization endpoint, used by `deviceAuthorization()`; an OpenID Connect
   * app finds it in the issuer's metadata (`device_authorization_endpoint`).
   */
  readonly deviceAuthorizationUrl?: string
  /**
   * The endpoint of refresh requests, for providers that refresh elsewhere than at
   * `accessTokenUrl` (Figma's `/v1/oauth/refresh`). Default: `accessTokenUrl`.
   */
  readonly refreshTokenUrl?: string
  /**
   * Parameters added to every refresh request besides `accessTokenParams`, for providers that
   * want the grant's `scope` or `redirect_uri` again (start.gg); they never replace the grant's own.
   */
  readonly refreshTokenParams?: Params
  /**
   * OAuth 2.0 PKCE (RFC 7636): `true` or `'S256'` sends an S256 code challenge; `'plain'` sends the
   * verifier itself, only for a provider that accepts nothing else; `false` none. Default `true`.
   */
  readonly pkce?: boolean | 'S256' | 'plain'
  /** OAuth 2.0: how the client authenticates at the endpoints that authenticate it. Default `'client_secret_post'`. */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod
  /**
   * OAuth 2.0 `private_key_jwt`: the key client assertions are signed with, as PEM, a private JWK
   * or a `KeyObject`; the algorithm follows from it (RS256 for RSA, ES256 for P-256, ES384 for
   * P-384, ES512 for P-521, EdDSA for Ed25519).
   */
  readonly clientPrivateKey?: ClientPrivateKey
  /** OAuth 2.0 `private_key_jwt`: the key's id at the provider, sent as the assertion's `kid`. */
  readonly clientKeyId?: string
  /**
   * OAuth 2.0 `private_key_jwt`: the X.509 certificate (PEM) of `clientPrivateKey`, for providers
   * that identify the key by the certificate's thumbprint (Entra ID): sent as the assertion's
   * `x5t#S256` and `x5t` headers.
   */
  readonly clientCertificate?: string
  /**
   * OAuth 2.0 JWT client authentication: the assertion's `aud`. Default: the issuer identifier
   * for apps with `issuer`, the token endpoint URL otherwise (API.md §11).
   */
  readonly clientAssertionAudience?: string
  /** OAuth 2.0: the provider's check of its callback, before the token request (a preset's slot). */
  readonly callbackCheck?: CallbackCheck
  /** OAuth 2.0: the token endpoint and extra parameters the callback's values call for (a preset's slot). */
  readonly callbackTokenRequest?: CallbackTokenRequest
  /**
   * OAuth 2.0: `'form_post'` asks the provider to POST the callback as a form (OAuth 2.0 Form Post
   * Response Mode), so the callback route is mounted with `app.post`; its state cookie is then
   * `SameSite=None; Secure`. Default `'query'`: the callback is a GET.
   */
  readonly responseMode?: 'query' | 'form_post'
  /**
   * Normalises the token endpoint's answer before it is read, for providers whose answers are
   * not RFC 6749 §5.1's (a preset sets it). A throw, or anything but an object, is
   * `OAUTH_INVALID_RESPONSE`.
   */
  readonly tokenResponse?: TokenResponseNormaliser
  /** The body format and extra headers of token and revocation requests. Default: a form body, no extra headers. */
  readonly tokenRequest?: TokenRequestShape
  /**
   * The name of the client-id parameter on the authorize URL and in the token and revocation
   * requests, for providers that rename it (TikTok's `client_key`). Default `client_id`.
   */
  readonly clientIdParam?: string
  /** How API calls carry the token. Default `{ name: 'Authorization', scheme: 'Bearer' }` (RFC 6750 §2.1). */
  readonly tokenHeader?: TokenHeader
  /**
   * The API base a token names, for providers that tell each user's API host in the token
   * answer (Salesforce's `instance_url`): relative URLs of calls made with that token are
   * joined with it instead of `baseUrl`. What it returns must be https (http only on loopback),
   * without user info, else the call is `OAUTH_INVALID_RESPONSE` and the token is not sent.
   */
  readonly baseUrlFromToken?: ApiBaseFromToken
}

/** A PKCE code challenge method (RFC 7636 §4.2). */
export type PkceMethod = 'S256' | 'plain'

/** OAuth 2.0 options after validation. */
export interface OAuth2Settings {
  readonly revokeUrl: URL | undefined
  readonly deviceAuthorizationUrl: URL | undefined
  readonly refreshTokenUrl: URL | undefined
  readonly refreshTokenParams: Params
  /** The PKCE code challenge method (RFC 7636 §4.2), or `false` for none. */
  readonly pkce: 'S256' | 'plain' | false
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod
  /** The key of `private_key_jwt`. */
  readonly clientAssertionKey: AssertionKey | undefined
  /** The assertions' `aud` when it is not the token endpoint URL: given, or the issuer. */
  readonly clientAssertionAudience: string | undefined
  /** The provider's check of its callback, if it has one. */
  readonly callbackCheck: CallbackCheck | undefined
  /** What the callback's values change in the token request, if anything. */
  readonly callbackTokenRequest: CallbackTokenRequest | undefined
  /** How the provider returns the callback: in the query of a GET, or the form body of a POST. */
  readonly responseMode: 'query' | 'form_post'
  readonly tokenResponse: TokenResponseNormaliser | undefined
  /** Header names lower-cased. */
  readonly tokenRequest: { readonly format: 'form' | 'json'; readonly headers: Readonly<Record<string, string>> }
  readonly clientIdParam: string
  /** The header name lower-cased; `prefix` is the scheme and a space, or `''`. */
  readonly tokenHeader: { readonly name: string; readonly prefix: string }
  readonly baseUrlFromToken: ApiBaseFromToken | undefined
}

/** What an OAuth 2.0 app runs on, once its endpoints are known. */
export type OAuth2Config = CommonSettings &
  OAuth2Settings & { readonly accessTokenUrl: URL; readonly authorizeUrl: URL | undefined }

/** An app that signs users in: its authorize endpoint is known (an app only for grants without a browser may have none). */
export type SignInConfig = OAuth2Config & { readonly authorizeUrl: URL }

export const OAUTH2_OPTION_NAMES = {
  revokeUrl: true,
  deviceAuthorizationUrl: true,
  refreshTokenUrl: true,
  refreshTokenParams: true,
  pkce: true,
  tokenEndpointAuthMethod: true,
  clientPrivateKey: true,
  clientKeyId: true,
  clientCertificate: true,
  clientAssertionAudience: true,
  callbackCheck: true,
  callbackTokenRequest: true,
  responseMode: true,
  tokenResponse: true,
  tokenRequest: true,
  clientIdParam: true,
  tokenHeader: true,
  baseUrlFromToken: true,
} as const satisfies Record<keyof OAuth2Options, true>

const responseModes: readonly ('query' | 'form_post')[] = ['query', 'form_post']

const authMethods: readonly TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
]

/**
 * Checks the OAuth 2.0 options; `oauth2` says whether the app speaks it (then a secret is
 * needed), `issuer` is the OpenID Connect issuer, the default audience of client assertions.
 */
export function resolveOAuth2(
  options: OAuth2Options,
  common: CommonSettings,
  oauth2: boolean,
  issuer: string | undefined,
  fail: Fail,
): OAuth2Settings {
  const tokenEndpointAuthMethod = oneOf(
    options.tokenEndpointAuthMethod,
    authMethods,
    'client_secret_post',
    'tokenEndpointAuthMethod',
    fail,
  )
  if (
    oauth2 &&
    tokenEndpointAuthMethod !== 'none' &&
    tokenEndpointAuthMethod !== 'private_key_jwt' &&
    common.clientSecret === '' &&
    common.clientSecretFunction === undefined
  ) {
    throw fail(
      `"consumerSecret" (or "clientSecret") is required with "tokenEndpointAuthMethod" ${tokenEndpointAuthMethod}`,
    )
  }
  const privateKeyJwt = tokenEndpointAuthMethod === 'private_key_jwt'
  if (privateKeyJwt && options.clientPrivateKey === undefined)
    throw fail('"clientPrivateKey" is required with "tokenEndpointAuthMethod" private_key_jwt')
  if (
    !privateKeyJwt &&
    (options.clientPrivateKey !== undefined ||
      options.clientKeyId !== undefined ||
      options.clientCertificate !== undefined)
  )
    throw fail(
      '"clientPrivateKey", "clientKeyId" and "clientCertificate" are for "tokenEndpointAuthMethod" private_key_jwt',
    )
  const audience = options.clientAssertionAudience
  if (audience !== undefined && (typeof audience !== 'string' || audience === ''))
    throw fail('"clientAssertionAudience" must be a non-empty string')
  const callbackCheck = options.callbackCheck
  if (callbackCheck !== undefined) {
    if (typeof callbackCheck !== 'function') throw fail('"callbackCheck" must be a function')
    // An OAuth 1.0a callback has no such check: left unrun, it would look like protection.
    if (!oauth2) throw fail('"callbackCheck" is for OAuth 2.0 apps')
  }
  const responseMode = oneOf(options.responseMode, responseModes, 'query', 'responseMode', fail)
  if (!oauth2 && responseMode !== 'query') throw fail('"responseMode" is for OAuth 2.0 apps')
  if (options.tokenResponse !== undefined && typeof options.tokenResponse !== 'function')
    throw fail('"tokenResponse" must be a function')
  return {
    revokeUrl: endpointUrl(options.revokeUrl, 'revokeUrl', common.baseUrl, fail),
    deviceAuthorizationUrl: oauth2Only(
      endpointUrl(options.deviceAuthorizationUrl, 'deviceAuthorizationUrl', common.baseUrl, fail),
      'deviceAuthorizationUrl',
      oauth2,
      fail,
    ),
    refreshTokenUrl: oauth2Only(
      endpointUrl(options.refreshTokenUrl, 'refreshTokenUrl', common.baseUrl, fail),
      'refreshTokenUrl',
      oauth2,
      fail,
    ),
    refreshTokenParams: params(options.refreshTokenParams, 'refreshTokenParams', fail),
    pkce: pkceMethod(options.pkce, fail),
    tokenEndpointAuthMethod,
    clientAssertionKey: privateKeyJwt
      ? assertionKey(options.clientPrivateKey, options.clientKeyId, options.clientCertificate, fail)
      : undefined,
    clientAssertionAudience: audience ?? issuer,
    callbackCheck,
    callbackTokenRequest: oauth2Only(
      functionOption(options.callbackTokenRequest, 'callbackTokenRequest', fail),
      'callbackTokenRequest',
      oauth2,
      fail,
    ),
    responseMode,
    tokenResponse: options.tokenResponse,
    tokenRequest: tokenRequestShape(options.tokenRequest, common.accessTokenMethod, fail),
    clientIdParam: clientIdParam(options.clientIdParam, fail),
    tokenHeader: tokenHeader(options.tokenHeader, fail),
    baseUrlFromToken: functionOption(options.baseUrlFromToken, 'baseUrlFromToken', fail),
  }
}

function oauth2Only<V>(value: V | undefined, name: string, oauth2: boolean, fail: Fail): V | undefined {
  if (value !== undefined && !oauth2) throw fail(`"${name}" is for OAuth 2.0 apps`)
  return value
}

function functionOption<F>(value: F | undefined, name: string, fail: Fail): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw fail(`"${name}" must be a function`)
  return value
}

// RFC 9110 §5.1 and §11.1: header names and authentication schemes are tokens.
const TOKEN = /^[!#$%&'*+.^_`|~\w-]+$/

function tokenHeader(value: unknown, fail: Fail): OAuth2Settings['tokenHeader'] {
  if (value === undefined) return { name: 'authorization', prefix: 'Bearer ' }
  if (typeof value !== 'object' || value === null) throw fail('"tokenHeader" must be an object { name, scheme }')
  const { name, scheme } = value as Partial<TokenHeader>
  if (typeof name !== 'string' || !TOKEN.test(name)) throw fail('"tokenHeader.name" must be a header name')
  const lower = name.toLowerCase()
  if (LIBRARY_HEADERS.has(lower) && lower !== 'authorization')
    throw fail(`"tokenHeader.name" cannot be "${lower}": the library sets it`)
  if (scheme !== null && (typeof scheme !== 'string' || !TOKEN.test(scheme)))
    throw fail('"tokenHeader.scheme" must be an authentication scheme (a word such as Bearer) or null')
  return { name: lower, prefix: scheme === null ? '' : `${scheme} ` }
}

/** Headers a request's own framing or authentication sets. */
const LIBRARY_HEADERS = new Set(['authorization', 'content-type', 'content-length', 'host', 'transfer-encoding'])
const SHAPE_KEYS = new Set(['format', 'headers'])

function tokenRequestShape(value: unknown, method: 'POST' | 'GET', fail: Fail): OAuth2Settings['tokenRequest'] {
  if (value === undefined) return { format: 'form', headers: {} }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail('"tokenRequest" must be an object')
  for (const key of Object.keys(value)) {
    if (!SHAPE_KEYS.has(key)) throw fail(`"tokenRequest" has an unknown key ${JSON.stringify(key)}`)
  }
  const shape = value as TokenRequestShape
  const format = oneOf(shape.format, ['form', 'json'] as const, 'form', 'tokenRequest.format', fail)
  if (format === 'json' && method === 'GET')
    throw fail('"tokenRequest.format" json needs "accessTokenMethod" POST: a GET has no body')
  const headers: Record<string, string> = {}
  const given: unknown = shape.headers ?? {}
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw fail('"tokenRequest.headers" must be an object')
  for (const [name, header] of Object.entries(given)) {
    // RFC 9110 §5.1: a field name is a token.
    if (!TOKEN.test(name)) throw fail(`"tokenRequest.headers" has an invalid header name ${JSON.stringify(name)}`)
    const lower = name.toLowerCase()
    if (LIBRARY_HEADERS.has(lower)) throw fail(`"tokenRequest.headers" cannot set "${lower}": the library sets it`)
    if (typeof header !== 'string' || /[\u0000-\u001f\u007f]/.test(header))
      throw fail(`"tokenRequest.headers.${name}" must be a string without control characters`)
    headers[lower] = header
  }
  return { format, headers }
}

function clientIdParam(value: unknown, fail: Fail): string {
  if (value === undefined) return 'client_id'
  if (typeof value !== 'string' || !/^[\w.-]+$/.test(value))
    throw fail('"clientIdParam" must be a parameter name of letters, digits, ".", "_" or "-"')
  return value
}

/** S256 unless the app says otherwise: `plain` only when asked by name (RFC 7636 §4.2). */
function pkceMethod(value: unknown, fail: Fail): PkceMethod | false {
  if (value === undefined || value === true || value === 'S256') return 'S256'
  if (value === false) return false
  if (value === 'plain') return 'plain'
  throw fail(`"pkce" must be true, false, "S256" or "plain"; got ${JSON.stringify(value)}`)
}
