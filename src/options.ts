import { createPrivateKey } from 'node:crypto'
import type { Dispatcher } from 'undici'
import { OAuthConfigError, OAuthErrorCode } from './errors.js'
import type { OAuth2Token } from './oauth2/token.js'
import { isSecureUrl, resolveUrl } from './url.js'

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'
export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'PLAINTEXT' | 'RSA-SHA1'
export type Params = Readonly<Record<string, string>>

/** A user's profile as every preset maps it. */
export interface Profile {
  readonly id: string
  readonly name?: string | undefined
  readonly email?: string | undefined
  readonly avatarUrl?: string | undefined
  /** The provider's answer, unmapped. */
  readonly raw: unknown
}

/** Settings shared by every app of a registry; each app may override them. */
export interface SharedOptions {
  /** ms for any single remote call. Default 10000. */
  readonly timeout?: number
  /** The `User-Agent` of every remote call. Default `oauth-consumer/<version>`. */
  readonly userAgent?: string
  /** Bytes accepted from an API response. Default 10 MiB. */
  readonly maxResponseSize?: number
  /** Extra attempts of an idempotent API call after 429/502/503/504 or a reset. Default 2. */
  readonly retries?: number
  /** Seconds before `expires_at` at which a token counts as expired. Default 60. */
  readonly refreshSkew?: number
  /** Throw `OAuthResponseError` on non-2xx API answers. Default false. */
  readonly throwHttpErrors?: boolean
  /** The undici dispatcher of every remote call; by default one keep-alive pool per origin. */
  readonly dispatcher?: Dispatcher
  /**
   * Makes an automatic refresh single across processes. Called with a key derived from the
   * refresh token (never the token itself) and the function that refreshes; it takes a lock,
   * returns the token another process already obtained if there is one, else calls `refresh`.
   * Within one process, refreshes of one token are always shared.
   */
  readonly refreshLock?: RefreshLock
}

/** See `SharedOptions.refreshLock`. */
export type RefreshLock = (key: string, refresh: () => Promise<OAuth2Token>) => Promise<OAuth2Token>

/** The options of a remote app (API.md §2). */
export interface RemoteAppOptions extends SharedOptions {
  /** Joined with every relative URL. */
  readonly baseUrl?: string
  /** OAuth 1.0a temporary-credentials endpoint. Present: OAuth 1.0a; absent or null: OAuth 2.0. */
  readonly requestTokenUrl?: string | null
  /** Token endpoint; required unless `issuer` discovery supplies it. */
  readonly accessTokenUrl?: string
  /** Where the user is sent; required unless `issuer` discovery supplies it. */
  readonly authorizeUrl?: string
  /**
   * OpenID Connect: the issuer whose metadata (`/.well-known/openid-configuration`) fills the
   * endpoints not given, and against which ID tokens are validated.
   */
  readonly issuer?: string
  /** OpenID Connect: where the metadata is, when not at the issuer's well-known path. */
  readonly serverMetadataUrl?: string
  /** OpenID Connect: ID-token algorithms accepted. Default: asymmetric ones; HS* for confidential clients. */
  readonly idTokenAlgorithms?: readonly string[]
  /** OpenID Connect: seconds of clock skew tolerated on ID tokens' `exp` and `iat`. Default 30. */
  readonly clockTolerance?: number
  /** OpenID Connect: send and check a `nonce`. Default true; only for providers that drop it. */
  readonly nonce?: boolean
  /**
   * OpenID Connect: the issuer an ID token must name, from its (not yet verified) claims. By
   * default the metadata's `issuer`; multi-tenant providers derive it from a tenant claim.
   */
  readonly idTokenIssuer?: (claims: Readonly<Record<string, unknown>>, metadataIssuer: string) => string
  readonly consumerKey?: string
  readonly consumerSecret?: string
  /** Alias of `consumerKey`. */
  readonly clientId?: string
  /** Alias of `consumerSecret`. */
  readonly clientSecret?: string
  /** OAuth 1.0a: extra params of the request-token call. OAuth 2.0: extra params of the authorize URL. */
  readonly requestTokenParams?: Params
  readonly accessTokenParams?: Params
  readonly accessTokenMethod?: 'POST' | 'GET'
  readonly scope?: string | readonly string[]
  readonly scopeSeparator?: string
  readonly requestTokenMethod?: 'POST' | 'GET'
  /** OAuth 1.0a RSA-SHA1: the PEM private key. */
  readonly privateKey?: string
  /** OAuth 1.0a: the `realm` of the Authorization header (not signed). */
  readonly realm?: string
  /** The provider's "who am I" endpoint, used by `profile()`. */
  readonly userInfoUrl?: string
  /** RFC 7009 revocation endpoint, used by `revokeToken()`. */
  readonly revokeUrl?: string
  /** OAuth 2.0: send an S256 code challenge. Default true. */
  readonly pkce?: boolean
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod
  readonly signatureMethod?: SignatureMethod
  /** Default headers of every API request. */
  readonly headers?: Params
  /** Maps the user-info answer to a `Profile`; presets supply it. */
  readonly profile?: (raw: unknown) => Profile
}

/** The options of an OAuth 1.0a app: it has a request-token URL. */
export type OAuth1AppOptions = RemoteAppOptions & { readonly requestTokenUrl: string }
/** The options of an OAuth 2.0 app: no request-token URL. */
export type OAuth2AppOptions = RemoteAppOptions & { readonly requestTokenUrl?: null | undefined }

/** Options after validation: URLs parsed, aliases and defaults applied. */
export interface ResolvedOptions {
  readonly protocol: 'oauth1' | 'oauth2'
  readonly baseUrl: URL | undefined
  readonly requestTokenUrl: URL | undefined
  /** Undefined only for OpenID Connect apps, until discovery fills it. */
  readonly accessTokenUrl: URL | undefined
  /** Undefined only for OpenID Connect apps, until discovery fills it. */
  readonly authorizeUrl: URL | undefined
  readonly issuer: string | undefined
  readonly serverMetadataUrl: URL | undefined
  readonly idTokenAlgorithms: readonly string[] | undefined
  readonly clockTolerance: number
  readonly nonce: boolean
  readonly idTokenIssuer: ((claims: Readonly<Record<string, unknown>>, metadataIssuer: string) => string) | undefined
  readonly userInfoUrl: URL | undefined
  readonly revokeUrl: URL | undefined
  readonly clientId: string
  readonly clientSecret: string
  readonly requestTokenParams: Params
  readonly accessTokenParams: Params
  readonly accessTokenMethod: 'POST' | 'GET'
  readonly scope: string | undefined
  readonly scopeSeparator: string
  readonly requestTokenMethod: 'POST' | 'GET'
  readonly privateKey: string | undefined
  readonly realm: string | undefined
  readonly pkce: boolean
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod
  readonly signatureMethod: SignatureMethod
  readonly headers: Params
  readonly timeout: number
  readonly retries: number
  readonly refreshSkew: number
  readonly maxResponseSize: number
  readonly userAgent: string
  readonly throwHttpErrors: boolean
  readonly dispatcher: Dispatcher | undefined
  readonly refreshLock: RefreshLock | undefined
  readonly profile: ((raw: unknown) => Profile) | undefined
}

/** Options whose endpoints are known: every app's after registration, an OpenID Connect app's after discovery. */
export type ReadyOptions = ResolvedOptions & { readonly accessTokenUrl: URL; readonly authorizeUrl: URL }

export const VERSION = '0.1.0'

const optionNames = new Set<string>([
  'baseUrl',
  'requestTokenUrl',
  'accessTokenUrl',
  'authorizeUrl',
  'issuer',
  'serverMetadataUrl',
  'idTokenAlgorithms',
  'clockTolerance',
  'nonce',
  'idTokenIssuer',
  'consumerKey',
  'consumerSecret',
  'clientId',
  'clientSecret',
  'requestTokenParams',
  'accessTokenParams',
  'accessTokenMethod',
  'scope',
  'scopeSeparator',
  'requestTokenMethod',
  'privateKey',
  'realm',
  'userInfoUrl',
  'revokeUrl',
  'maxResponseSize',
  'pkce',
  'tokenEndpointAuthMethod',
  'signatureMethod',
  'headers',
  'timeout',
  'retries',
  'refreshSkew',
  'userAgent',
  'throwHttpErrors',
  'dispatcher',
  'refreshLock',
  'profile',
])
const sharedNames = new Set([
  'timeout',
  'userAgent',
  'maxResponseSize',
  'retries',
  'refreshSkew',
  'throwHttpErrors',
  'dispatcher',
  'refreshLock',
])

const signatureMethods: readonly SignatureMethod[] = ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT', 'RSA-SHA1']
const authMethods: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none']

function invalid(app: string, message: string): OAuthConfigError {
  return new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, `Remote app "${app}": ${message}`)
}

/** Checks the registry's shared defaults. */
export function validateSharedOptions(options: SharedOptions): SharedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, 'OAuth options must be an object')
  }
  for (const key of Object.keys(options)) {
    if (!sharedNames.has(key)) {
      throw new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, `OAuth: unknown option "${key}"`)
    }
  }
  checkShared('OAuth', options, (message) => new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, `OAuth: ${message}`))
  return options
}

function checkShared(name: string, o: SharedOptions, fail: (message: string) => Error): void {
  positive(o.timeout, 'timeout', fail)
  positive(o.maxResponseSize, 'maxResponseSize', fail)
  if (o.retries !== undefined && !(Number.isInteger(o.retries) && o.retries >= 0 && o.retries <= 10)) {
    throw fail('"retries" must be a whole number from 0 to 10')
  }
  if (o.refreshSkew !== undefined && !(Number.isFinite(o.refreshSkew) && o.refreshSkew >= 0)) {
    throw fail('"refreshSkew" must be a number of seconds, 0 or more')
  }
  if (o.userAgent !== undefined && (typeof o.userAgent !== 'string' || /[\r\n]/.test(o.userAgent))) {
    throw fail('"userAgent" must be a string without line breaks')
  }
  if (o.throwHttpErrors !== undefined && typeof o.throwHttpErrors !== 'boolean') {
    throw fail('"throwHttpErrors" must be a boolean')
  }
  if (o.refreshLock !== undefined && typeof o.refreshLock !== 'function') throw fail('"refreshLock" must be a function')
  if (o.dispatcher !== undefined && typeof (o.dispatcher as { dispatch?: unknown }).dispatch !== 'function') {
    throw fail(`"dispatcher" must be an undici Dispatcher (${name})`)
  }
}

function positive(value: number | undefined, name: string, fail: (message: string) => Error): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw fail(`"${name}" must be a positive number`)
  }
}

/** Validates a remote app's options once, at registration, with errors that name the option. */
export function resolveOptions(name: string, options: RemoteAppOptions, shared: SharedOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalid(name, 'options must be an object')
  for (const key of Object.keys(options)) {
    if (!optionNames.has(key)) throw invalid(name, `unknown option "${key}"`)
  }
  const fail = (message: string) => invalid(name, message)
  checkShared(name, options, fail)

  const clientId = options.consumerKey ?? options.clientId
  if (typeof clientId !== 'string' || clientId === '') throw fail('"consumerKey" (or "clientId") is required')
  const clientSecret = options.consumerSecret ?? options.clientSecret ?? ''
  if (typeof clientSecret !== 'string') throw fail('"consumerSecret" must be a string')

  let baseUrl: URL | undefined
  if (options.baseUrl !== undefined) {
    baseUrl = resolveUrl(options.baseUrl, undefined)
    if (baseUrl === undefined || !/^https?:$/.test(baseUrl.protocol)) {
      throw fail(`"baseUrl" is not an http(s) URL: ${JSON.stringify(options.baseUrl)}`)
    }
  }
  const url = (
    key: 'requestTokenUrl' | 'accessTokenUrl' | 'authorizeUrl' | 'userInfoUrl' | 'revokeUrl' | 'serverMetadataUrl',
  ) => {
    const value = options[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string') throw fail(`"${key}" must be a string`)
    const resolved = resolveUrl(value, baseUrl)
    if (resolved === undefined || !/^https?:$/.test(resolved.protocol)) {
      throw fail(`"${key}" is not a URL${baseUrl ? '' : ' (relative URLs need "baseUrl")'}: ${JSON.stringify(value)}`)
    }
    if (!isSecureUrl(resolved)) throw fail(`"${key}" must use https outside loopback: ${resolved.href}`)
    resolved.hash = ''
    return resolved
  }
  const requestTokenUrl = url('requestTokenUrl')
  const accessTokenUrl = url('accessTokenUrl')
  const authorizeUrl = url('authorizeUrl')
  const separator = options.scopeSeparator ?? ' '
  if (typeof separator !== 'string') throw fail('"scopeSeparator" must be a string')
  let scope: string | undefined
  if (typeof options.scope === 'string') scope = options.scope
  else if (Array.isArray(options.scope) && options.scope.every((s) => typeof s === 'string'))
    scope = options.scope.join(separator)
  else if (options.scope !== undefined) throw fail('"scope" must be a string or an array of strings')
  const requested = `${scope ?? ''} ${typeof options.requestTokenParams?.scope === 'string' ? options.requestTokenParams.scope : ''}`
  if (options.issuer === undefined && requestTokenUrl === undefined && requested.split(/[\s,+]+/).includes('openid')) {
    throw fail('the "openid" scope needs "issuer": ID tokens are validated against the issuer\'s metadata and keys')
  }
  const issuer = options.issuer
  if (issuer !== undefined) {
    const parsed = typeof issuer === 'string' ? resolveUrl(issuer, undefined) : undefined
    if (parsed === undefined || !isSecureUrl(parsed) || parsed.search !== '' || parsed.hash !== '') {
      throw fail(
        `"issuer" must be an https URL (http on loopback) without query or fragment: ${JSON.stringify(issuer)}`,
      )
    }
    if (requestTokenUrl !== undefined)
      throw fail('"issuer" (OpenID Connect) and "requestTokenUrl" (OAuth 1.0a) do not mix')
  } else if (options.serverMetadataUrl !== undefined) {
    throw fail('"serverMetadataUrl" needs "issuer", the issuer its document must name')
  }
  if (accessTokenUrl === undefined && issuer === undefined) throw fail('"accessTokenUrl" is required')
  if (authorizeUrl === undefined && issuer === undefined) throw fail('"authorizeUrl" is required')
  if (
    options.idTokenAlgorithms !== undefined &&
    !(
      Array.isArray(options.idTokenAlgorithms) &&
      options.idTokenAlgorithms.every((a) => typeof a === 'string' && a !== 'none')
    )
  ) {
    throw fail('"idTokenAlgorithms" must be an array of JWS algorithm names, and never "none"')
  }
  if (
    options.clockTolerance !== undefined &&
    !(Number.isFinite(options.clockTolerance) && options.clockTolerance >= 0)
  ) {
    throw fail('"clockTolerance" must be a number of seconds, 0 or more')
  }
  if (options.nonce !== undefined && typeof options.nonce !== 'boolean') throw fail('"nonce" must be a boolean')
  if (options.idTokenIssuer !== undefined && typeof options.idTokenIssuer !== 'function') {
    throw fail('"idTokenIssuer" must be a function')
  }
  if (baseUrl !== undefined && !isSecureUrl(baseUrl))
    throw fail(`"baseUrl" must use https outside loopback: ${baseUrl.href}`)

  const protocol = requestTokenUrl === undefined ? 'oauth2' : 'oauth1'
  const accessTokenMethod = oneOf(
    options.accessTokenMethod,
    ['POST', 'GET'] as const,
    'POST',
    'accessTokenMethod',
    fail,
  )
  const requestTokenMethod = oneOf(
    options.requestTokenMethod,
    ['POST', 'GET'] as const,
    'POST',
    'requestTokenMethod',
    fail,
  )
  const signatureMethod = oneOf(options.signatureMethod, signatureMethods, 'HMAC-SHA1', 'signatureMethod', fail)
  const tokenEndpointAuthMethod = oneOf(
    options.tokenEndpointAuthMethod,
    authMethods,
    'client_secret_post',
    'tokenEndpointAuthMethod',
    fail,
  )
  if (signatureMethod === 'RSA-SHA1') {
    if (typeof options.privateKey !== 'string' || !options.privateKey.includes('PRIVATE KEY')) {
      throw fail('"privateKey" must be a PEM private key when "signatureMethod" is RSA-SHA1')
    }
    try {
      createPrivateKey(options.privateKey)
    } catch {
      throw fail('"privateKey" is not a readable PEM private key')
    }
  }
  if (
    options.realm !== undefined &&
    (typeof options.realm !== 'string' || /["\\\u0000-\u001f\u007f]/.test(options.realm))
  ) {
    throw fail('"realm" must be a string without quotes, backslashes or control characters')
  }
  if (protocol === 'oauth2' && tokenEndpointAuthMethod !== 'none' && clientSecret === '') {
    throw fail(
      `"consumerSecret" (or "clientSecret") is required with "tokenEndpointAuthMethod" ${tokenEndpointAuthMethod}`,
    )
  }

  if (options.pkce !== undefined && typeof options.pkce !== 'boolean') throw fail('"pkce" must be a boolean')
  if (options.profile !== undefined && typeof options.profile !== 'function') throw fail('"profile" must be a function')

  return {
    protocol,
    baseUrl,
    requestTokenUrl,
    accessTokenUrl,
    authorizeUrl,
    issuer,
    serverMetadataUrl: url('serverMetadataUrl'),
    idTokenAlgorithms: options.idTokenAlgorithms === undefined ? undefined : [...options.idTokenAlgorithms],
    clockTolerance: options.clockTolerance ?? 30,
    nonce: options.nonce ?? true,
    idTokenIssuer: options.idTokenIssuer,
    userInfoUrl: url('userInfoUrl'),
    revokeUrl: url('revokeUrl'),
    clientId,
    clientSecret,
    requestTokenParams: params(options.requestTokenParams, 'requestTokenParams', fail),
    accessTokenParams: params(options.accessTokenParams, 'accessTokenParams', fail),
    accessTokenMethod,
    scope,
    scopeSeparator: separator,
    requestTokenMethod,
    privateKey: options.privateKey,
    realm: options.realm,
    pkce: options.pkce ?? true,
    tokenEndpointAuthMethod,
    signatureMethod,
    headers: params(options.headers, 'headers', fail),
    timeout: options.timeout ?? shared.timeout ?? 10_000,
    retries: options.retries ?? shared.retries ?? 2,
    refreshSkew: options.refreshSkew ?? shared.refreshSkew ?? 60,
    maxResponseSize: options.maxResponseSize ?? shared.maxResponseSize ?? 10 * 1024 * 1024,
    userAgent: options.userAgent ?? shared.userAgent ?? `oauth-consumer/${VERSION}`,
    throwHttpErrors: options.throwHttpErrors ?? shared.throwHttpErrors ?? false,
    dispatcher: options.dispatcher ?? shared.dispatcher,
    refreshLock: options.refreshLock ?? shared.refreshLock,
    profile: options.profile,
  }
}

function oneOf<T extends string>(
  value: T | undefined,
  allowed: readonly T[],
  fallback: T,
  name: string,
  fail: (message: string) => Error,
): T {
  if (value === undefined) return fallback
  if (!allowed.includes(value))
    throw fail(`"${name}" must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`)
  return value
}

function params(value: Params | undefined, name: string, fail: (message: string) => Error): Params {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`"${name}" must be an object`)
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw fail(`"${name}.${key}" must be a string`)
  }
  return { ...value }
}
