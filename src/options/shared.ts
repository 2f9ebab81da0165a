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
   * Makes a refresh single across processes (API.md §13): see {@link RefreshLock}; for Redis,
   * `redisRefreshLock` from `oauth-consumer/redis`. Within one process, refreshes of one token
   * are always shared.
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
  /**
   * Takes turns across processes when no token is kept, so they make one request: called with
   * the key and the function that asks the token endpoint (and `set`s its answer); it takes a
   * lock named by the key, waiting no longer than `timeoutMs`, and returns the token another
   * process stored meanwhile, else calls `fetch` inside the lock. One that rejects without
   * having called `fetch` (a store down) costs a request of this process's own, never the call.
   */
  lock?(key: string, fetch: () => Promise<OAuth2Token>, options: RefreshLockOptions): Promise<unknown>
}

/**
 * Takes turns refreshing across processes (API.md §13): called, for an automatic refresh and
 * for `refreshToken()`, with a key that names the app and the refresh token, the function that
 * refreshes, and the call's time. It takes a lock named by the key, waiting for it no longer than
 * `timeoutMs` (then it must reject), returns the token another process already obtained with
 * the same refresh token if there is one, else calls `refresh` and keeps its result for the
 * others before releasing the lock. What it returns goes to the tokenupdater and the waiting calls.
 *
 * @param key - SHA-256 over the token endpoint, the client id and the refresh token, base64url
 * (43 characters): never the token itself, and never the same for two apps
 * @param refresh - sends the refresh request; call it at most once, inside the lock
 * @param options - `timeoutMs`: how long the lock may wait, the calling request's `timeout`
 * @returns the new token
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2 (refresh token rotation)
 */
export type RefreshLock = (
  key: string,
  refresh: () => Promise<OAuth2Token>,
  options: RefreshLockOptions,
) => Promise<OAuth2Token>

/** What a {@link RefreshLock} is told besides the key and the refresh. */
export interface RefreshLockOptions {
  /** Milliseconds the lock may wait before rejecting: the remaining time of the call that needs the token. */
  readonly timeoutMs: number
}

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
      (cache.delete !== undefined && typeof cache.delete !== 'function') ||
      (cache.lock !== undefined && typeof cache.lock !== 'function'))
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
