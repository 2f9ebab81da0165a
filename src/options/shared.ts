import { type Fail, invalidOptions } from '../errors.js'
import type { Dispatcher } from '../http.js'
import type { OAuth2Token } from '../oauth2/token.js'

/** The library's version, as sent in the default `User-Agent` (`oauth-consumer/<version>`). */
export const VERSION = '0.1.0'

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
  /**
   * Where client-credentials tokens are kept (API.md §12–§13): by default in memory, per app;
   * a shared one (such as `redisTokenCache`) lets registries and processes share them.
   */
  readonly tokenCache?: TokenCache
}

/**
 * A store of client-credentials tokens, shared by whatever holds it: `get` answers what `set`
 * stored under the key until `ttlSeconds` have passed (anything else it answers is ignored),
 * `delete`, if there, drops a token the API refused. Each may return a promise; one that throws
 * or rejects (a store that is down) costs a token request, never the call.
 */
export interface TokenCache {
  /** The token stored under `key`, if any. */
  get(key: string): unknown
  /** Stores `token` under `key` for `ttlSeconds`. */
  set(key: string, token: OAuth2Token, ttlSeconds: number): void | Promise<void>
  /** Drops the token under `key`. */
  delete?(key: string): void | Promise<void>
}

/** See `SharedOptions.refreshLock`. */
export type RefreshLock = (key: string, refresh: () => Promise<OAuth2Token>) => Promise<OAuth2Token>

/** Shared settings after validation, defaults applied. */
export interface SharedSettings {
  readonly timeout: number
  readonly retries: number
  readonly refreshSkew: number
  readonly maxResponseSize: number
  readonly userAgent: string
  readonly throwHttpErrors: boolean
  readonly dispatcher: Dispatcher | undefined
  readonly refreshLock: RefreshLock | undefined
  readonly tokenCache: TokenCache | undefined
}

/** The names `SharedOptions` has; the type keeps the two equal. */
export const SHARED_OPTION_NAMES = {
  timeout: true,
  userAgent: true,
  maxResponseSize: true,
  retries: true,
  refreshSkew: true,
  throwHttpErrors: true,
  dispatcher: true,
  refreshLock: true,
  tokenCache: true,
} as const satisfies Record<keyof SharedOptions, true>

/** Checks the registry's shared defaults. */
export function validateSharedOptions(options: SharedOptions): SharedOptions {
  const fail: Fail = (message) => invalidOptions(`OAuth: ${message}`)
  if (typeof options !== 'object' || options === null) throw invalidOptions('OAuth options must be an object')
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(SHARED_OPTION_NAMES, key)) throw fail(`unknown option "${key}"`)
  }
  checkShared('OAuth', options, fail)
  return options
}

/** Checks the shared settings an app (or the registry) gives. */
export function checkShared(name: string, o: SharedOptions, fail: Fail): void {
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
  const cache = o.tokenCache as Partial<TokenCache> | undefined
  if (
    cache !== undefined &&
    (typeof cache !== 'object' ||
      cache === null ||
      typeof cache.get !== 'function' ||
      typeof cache.set !== 'function' ||
      (cache.delete !== undefined && typeof cache.delete !== 'function'))
  ) {
    throw fail('"tokenCache" must be an object with get(key) and set(key, token, ttlSeconds)')
  }
  if (o.dispatcher !== undefined && typeof (o.dispatcher as { dispatch?: unknown }).dispatch !== 'function') {
    throw fail(`"dispatcher" must be an undici Dispatcher (${name})`)
  }
}

function positive(value: number | undefined, name: string, fail: Fail): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw fail(`"${name}" must be a positive number`)
  }
}

/** An app's shared settings: its own, else the registry's, else the defaults of API.md §2. */
export function resolveShared(own: SharedOptions, registry: SharedOptions): SharedSettings {
  return {
    timeout: own.timeout ?? registry.timeout ?? 10_000,
    retries: own.retries ?? registry.retries ?? 2,
    refreshSkew: own.refreshSkew ?? registry.refreshSkew ?? 60,
    maxResponseSize: own.maxResponseSize ?? registry.maxResponseSize ?? 10 * 1024 * 1024,
    userAgent: own.userAgent ?? registry.userAgent ?? `oauth-consumer/${VERSION}`,
    throwHttpErrors: own.throwHttpErrors ?? registry.throwHttpErrors ?? false,
    dispatcher: own.dispatcher ?? registry.dispatcher,
    refreshLock: own.refreshLock ?? registry.refreshLock,
    tokenCache: own.tokenCache ?? registry.tokenCache,
  }
}
