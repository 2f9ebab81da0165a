import type { Fail } from '../errors.js'
import type { OAuthResponse } from '../response.js'
import type { TokenInput } from '../tokens.js'
import { isSecureUrl, resolveUrl } from '../url.js'
import { resolveShared, type SharedOptions, type SharedSettings } from './shared.js'

/** Extra parameters of an endpoint call: names to values, sent as they are. */
export type Params = Readonly<Record<string, string>>

/**
 * A client secret read when it is used, not at registration: from a vault that rotates it, or
 * minted per use (Apple's signed client secret, {@link jwtClientSecret}). Called for each token
 * request, client authentication and HS* ID-token check; a rejection fails that call.
 *
 * @returns the secret: a non-empty string without control characters, or a promise of one
 */
export type ClientSecretFunction = () => string | Promise<string>

/** An answer of a user-info endpoint without a documented shape: a JSON object. */
export type UserInfoObject = Readonly<Record<string, unknown>>

/** The options of a call a `userInfo` function makes: those of `request()` it may need. */
export interface UserInfoRequestOptions {
  /** The HTTP method. Default GET. */
  readonly method?: string
  /** A plain object (sent urlencoded, or JSON with `format: 'json'`), or a string or Buffer sent as is. */
  readonly data?: unknown
  /** Appended to the URL's query. */
  readonly query?: Readonly<Record<string, string>>
  /** Headers of this call, over the app's `headers`. */
  readonly headers?: Readonly<Record<string, string>>
  /** How a plain-object `data` is sent. */
  readonly format?: 'urlencoded' | 'json'
}

/** What a `userInfo` function is given: the endpoint, the token, and calls made with that token. */
export interface UserInfoCall {
  /** The app's `userInfoUrl` (or the issuer's userinfo endpoint), if it has one. */
  readonly url: URL | undefined
  /** The token `profile()` was given or the tokengetter returned, if any. */
  readonly token: TokenInput | undefined
  /**
   * An API call with that token, as `request()` makes it (relative URLs on `baseUrl`, the
   * token's header, refresh); a non-2xx answer throws `OAUTH_HTTP_ERROR`.
   */
  request<Data = unknown>(url: string | URL, options?: UserInfoRequestOptions): Promise<OAuthResponse<Data>>
}

/**
 * Fetches the user-info answer for `profile()` where one GET of `userInfoUrl` does not: a POST
 * (Dropbox), a GraphQL query (Linear), a second call for the e-mail (GitHub's `/user/emails`),
 * or no call at all (an identity the token answer carries, as Notion's `owner`).
 *
 * @returns the object `profile` maps
 */
export type UserInfoFunction = (call: UserInfoCall) => UserInfoObject | Promise<UserInfoObject>

/**
 * A user's profile as every preset maps it.
 *
 * @typeParam Raw - the provider's user-info answer as its docs describe it (a preset's
 * `GitHubUser`, say); `unknown` by default (an app registered without a mapping of its own
 * gets a JSON object)
 */
export interface Profile<Raw = unknown> {
  /** The user's stable id at the provider, as a string. */
  readonly id: string
  /** The display name, where the provider has one. */
  readonly name?: string | undefined
  /** The handle the user picked (`login`, `screen_name`, `preferred_username`), where the provider has one. */
  readonly username?: string | undefined
  /** The user's e-mail address, when the provider shares it (not necessarily verified: check the provider's docs). */
  readonly email?: string | undefined
  /** The URL of the user's picture, when the provider has one. */
  readonly avatarUrl?: string | undefined
  /** The provider's answer, unmapped. */
  readonly raw: Raw
}

/**
 * The options every app has, whatever its protocol (API.md §2).
 *
 * @typeParam Raw - the user-info answer `profile` maps, so `RemoteApp#profile()` is typed by it
 */
export interface CommonOptions<Raw = unknown> extends SharedOptions {
  /** Joined with every relative URL. */
  readonly baseUrl?: string
  /** Token endpoint; required unless `issuer` discovery supplies it. */
  readonly accessTokenUrl?: string
  /** Where the user is sent to sign in; unless `issuer` discovery supplies it, required for OAuth 1.0a and for OAuth 2.0 sign-ins (not for grants without a browser). */
  readonly authorizeUrl?: string
  /** The client id (OAuth 1.0a: the consumer key). Required, as this or `clientId`. */
  readonly consumerKey?: string
  /**
   * The client secret (OAuth 1.0a: the consumer secret); `clientSecret` is an alias. OAuth 2.0:
   * also a function returning it, called for each use (API.md §11).
   */
  readonly consumerSecret?: string | ClientSecretFunction
  /** Alias of `consumerKey`. */
  readonly clientId?: string
  /** Alias of `consumerSecret`. */
  readonly clientSecret?: string | ClientSecretFunction
  /** OAuth 1.0a: extra params of the request-token call. OAuth 2.0: extra params of the authorize URL. */
  readonly requestTokenParams?: Params
  /** Extra parameters of the access-token call. */
  readonly accessTokenParams?: Params
  /** The method of the access-token call. Default `'POST'`. */
  readonly accessTokenMethod?: 'POST' | 'GET'
  /** The scope asked for at sign-in: a string, or an array joined with `scopeSeparator` (RFC 6749 §3.3). */
  readonly scope?: string | readonly string[]
  /** How an array `scope` is joined. Default `' '`. */
  readonly scopeSeparator?: string
  /** The provider's "who am I" endpoint, used by `profile()`. */
  readonly userInfoUrl?: string
  /** Default headers of every API request. */
  readonly headers?: Params
  /**
   * Maps the user-info answer (a JSON object) to a `Profile`; presets supply it. Its `raw`
   * type is what `profile()` resolves to.
   */
  readonly profile?: (raw: UserInfoObject) => Profile<Raw>
  /**
   * Fetches what `profile` maps, instead of a GET of `userInfoUrl`; presets supply it where the
   * provider's profile takes more (see {@link UserInfoFunction}). Its answer is checked as the
   * GET's is: a JSON object, about the ID token's subject.
   */
  readonly userInfo?: UserInfoFunction
}

/** The common options after validation: URLs parsed, aliases and defaults applied. */
export interface CommonSettings extends SharedSettings {
  readonly baseUrl: URL | undefined
  /** Undefined only for OpenID Connect apps, until discovery fills it. */
  readonly accessTokenUrl: URL | undefined
  /** Undefined only for OpenID Connect apps, until discovery fills it. */
  readonly authorizeUrl: URL | undefined
  readonly userInfoUrl: URL | undefined
  readonly clientId: string
  /** The fixed secret; `''` when none was given, or a function. */
  readonly clientSecret: string
  /** OAuth 2.0: the function that gives the secret for each use, when one was given instead of a string. */
  readonly clientSecretFunction: ClientSecretFunction | undefined
  readonly requestTokenParams: Params
  readonly accessTokenParams: Params
  readonly accessTokenMethod: 'POST' | 'GET'
  readonly scope: string | undefined
  readonly scopeSeparator: string
  readonly headers: Params
  readonly profile: ((raw: UserInfoObject) => Profile<unknown>) | undefined
  readonly userInfo: UserInfoFunction | undefined
}

export const COMMON_OPTION_NAMES = {
  baseUrl: true,
  accessTokenUrl: true,
  authorizeUrl: true,
  consumerKey: true,
  consumerSecret: true,
  clientId: true,
  clientSecret: true,
  requestTokenParams: true,
  accessTokenParams: true,
  accessTokenMethod: true,
  scope: true,
  scopeSeparator: true,
  userInfoUrl: true,
  headers: true,
  profile: true,
  userInfo: true,
} as const satisfies Record<Exclude<keyof CommonOptions, keyof SharedOptions>, true>

/** The names of the endpoint options: parsed against `baseUrl`, https outside loopback. */
export type UrlOption =
  | 'requestTokenUrl'
  | 'accessTokenUrl'
  | 'authorizeUrl'
  | 'refreshTokenUrl'
  | 'deviceAuthorizationUrl'
  | 'userInfoUrl'
  | 'revokeUrl'
  | 'serverMetadataUrl'

/** Parses an endpoint option: resolved against `baseUrl`, fragment dropped, https outside loopback. */
export function endpointUrl(value: unknown, key: UrlOption, baseUrl: URL | undefined, fail: Fail): URL | undefined {
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

/**
 * The key under which a preset's options name the environment variable it read the client id
 * from, so a missing one can be told to the user by name. A symbol: not an option, and kept by
 * a spread of the preset's options.
 */
export const clientIdEnv: unique symbol = Symbol.for('oauth-consumer.clientIdEnv')

// OAuth 2.0 providers' consoles say "client ID", OAuth 1.0a's "consumer key": each reader sees theirs first.
function missingClientId(options: CommonOptions & { readonly requestTokenUrl?: unknown }): string {
  const names = options.requestTokenUrl == null ? '"clientId" (or "consumerKey")' : '"consumerKey" (or "clientId")'
  const env: unknown = (options as { readonly [clientIdEnv]?: unknown })[clientIdEnv]
  return typeof env === 'string' ? `${names} is required: give it, or set ${env}` : `${names} is required`
}

/** Checks the options every app has, in the order a reader fixes them: credentials, then URLs. */
export function resolveCommon(options: CommonOptions, registry: SharedOptions, fail: Fail): CommonSettings {
  const clientId = options.consumerKey ?? options.clientId
  if (typeof clientId !== 'string' || clientId === '') throw fail(missingClientId(options))
  const secret = options.consumerSecret ?? options.clientSecret ?? ''
  if (typeof secret !== 'string' && typeof secret !== 'function') {
    throw fail('"consumerSecret" (or "clientSecret") must be a string or a function')
  }
  const clientSecret = typeof secret === 'string' ? secret : ''
  const clientSecretFunction = typeof secret === 'function' ? secret : undefined
  let baseUrl: URL | undefined
  if (options.baseUrl !== undefined) {
    baseUrl = resolveUrl(options.baseUrl, undefined)
    if (baseUrl === undefined || !/^https?:$/.test(baseUrl.protocol)) {
      throw fail(`"baseUrl" is not an http(s) URL: ${JSON.stringify(options.baseUrl)}`)
    }
  }
  const separator = options.scopeSeparator ?? ' '
  if (typeof separator !== 'string') throw fail('"scopeSeparator" must be a string')
  let scope: string | undefined
  if (typeof options.scope === 'string') scope = options.scope
  else if (Array.isArray(options.scope) && options.scope.every((s) => typeof s === 'string'))
    scope = options.scope.join(separator)
  else if (options.scope !== undefined) throw fail('"scope" must be a string or an array of strings')
  if (options.profile !== undefined && typeof options.profile !== 'function') throw fail('"profile" must be a function')
  if (options.userInfo !== undefined && typeof options.userInfo !== 'function')
    throw fail('"userInfo" must be a function')
  return {
    ...resolveShared(options, registry),
    baseUrl,
    accessTokenUrl: endpointUrl(options.accessTokenUrl, 'accessTokenUrl', baseUrl, fail),
    authorizeUrl: endpointUrl(options.authorizeUrl, 'authorizeUrl', baseUrl, fail),
    userInfoUrl: endpointUrl(options.userInfoUrl, 'userInfoUrl', baseUrl, fail),
    clientId,
    clientSecret,
    clientSecretFunction,
    requestTokenParams: params(options.requestTokenParams, 'requestTokenParams', fail),
    accessTokenParams: params(options.accessTokenParams, 'accessTokenParams', fail),
    accessTokenMethod: oneOf(options.accessTokenMethod, ['POST', 'GET'] as const, 'POST', 'accessTokenMethod', fail),
    scope,
    scopeSeparator: separator,
    headers: params(options.headers, 'headers', fail),
    profile: options.profile,
    userInfo: options.userInfo,
  }
}

/** `baseUrl` must be https outside loopback: checked after the endpoints, whose errors say more. */
export function checkBaseUrl(settings: CommonSettings, fail: Fail): void {
  const baseUrl = settings.baseUrl
  if (baseUrl !== undefined && !isSecureUrl(baseUrl))
    throw fail(`"baseUrl" must use https outside loopback: ${baseUrl.href}`)
}

/**
 * The warning of a `baseUrl` whose last path segment lacks its final `/`, or `undefined`: URL
 * resolution replaces that segment, so `user` against `https://ghe.example/api/v3` is
 * `https://ghe.example/api/user`. A warning, not an error: an app may mean it, and GitHub's docs
 * write API URLs that way.
 *
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-5.2.3
 */
export function baseUrlWarning(name: string, baseUrl: URL | undefined): string | undefined {
  if (baseUrl === undefined || baseUrl.pathname.endsWith('/')) return undefined
  const meant = `${baseUrl.origin}${baseUrl.pathname}/`
  return (
    `oauth-consumer: remote app "${name}": "baseUrl" ${baseUrl.origin}${baseUrl.pathname} does not end with "/", ` +
    `so a relative URL replaces its last segment ("user" resolves to ${new URL('user', baseUrl).href}); ` +
    `if the API is under ${baseUrl.pathname}, write ${meant}`
  )
}

export function oneOf<T extends string>(
  value: T | undefined,
  allowed: readonly T[],
  fallback: T,
  name: string,
  fail: Fail,
): T {
  if (value === undefined) return fallback
  if (!allowed.includes(value))
    throw fail(`"${name}" must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`)
  return value
}

export function params(value: Params | undefined, name: string, fail: Fail): Params {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`"${name}" must be an object`)
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw fail(`"${name}.${key}" must be a string`)
  }
  return { ...value }
}
