import type { Fail } from '../errors.js'
import { type CommonSettings, endpointUrl, oneOf, type Params } from '../options/common.js'
import type { ApiBaseFromToken } from '../tokens.js'
import type { TokenResponseNormaliser } from './token.js'

export type { TokenResponseNormaliser } from './token.js'

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3.1; OpenID Connect Core §9): HTTP Basic, the body, or not at all (a public client).
 */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'

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
  /** OAuth 2.0: send an S256 code challenge. Default true. */
  readonly pkce?: boolean
  /** OAuth 2.0: how the client authenticates at the token and revocation endpoints. Default `'client_secret_post'`. */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod
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

/** OAuth 2.0 options after validation. */
export interface OAuth2Settings {
  readonly revokeUrl: URL | undefined
  readonly pkce: boolean
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod
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
  OAuth2Settings & { readonly accessTokenUrl: URL; readonly authorizeUrl: URL }

export const OAUTH2_OPTION_NAMES = {
  revokeUrl: true,
  pkce: true,
  tokenEndpointAuthMethod: true,
  tokenResponse: true,
  tokenRequest: true,
  clientIdParam: true,
  tokenHeader: true,
  baseUrlFromToken: true,
} as const satisfies Record<keyof OAuth2Options, true>

const authMethods: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none']

/** Checks the OAuth 2.0 options; `oauth2` says whether the app speaks it (then a secret is needed). */
export function resolveOAuth2(
  options: OAuth2Options,
  common: CommonSettings,
  oauth2: boolean,
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
    common.clientSecret === '' &&
    common.clientSecretFunction === undefined
  ) {
    throw fail(
      `"consumerSecret" (or "clientSecret") is required with "tokenEndpointAuthMethod" ${tokenEndpointAuthMethod}`,
    )
  }
  if (options.pkce !== undefined && typeof options.pkce !== 'boolean') throw fail('"pkce" must be a boolean')
  if (options.tokenResponse !== undefined && typeof options.tokenResponse !== 'function')
    throw fail('"tokenResponse" must be a function')
  return {
    revokeUrl: endpointUrl(options.revokeUrl, 'revokeUrl', common.baseUrl, fail),
    pkce: options.pkce ?? true,
    tokenEndpointAuthMethod,
    tokenResponse: options.tokenResponse,
    tokenRequest: tokenRequestShape(options.tokenRequest, common.accessTokenMethod, fail),
    clientIdParam: clientIdParam(options.clientIdParam, fail),
    tokenHeader: tokenHeader(options.tokenHeader, fail),
    baseUrlFromToken: functionOption(options.baseUrlFromToken, 'baseUrlFromToken', fail),
  }
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
