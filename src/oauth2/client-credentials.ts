import { createHash } from 'node:crypto'
import { invalidArgument } from '../errors.js'
import type { Params } from '../options/common.js'
import type { TokenCache } from '../options/shared.js'
import type { OAuth2Token } from './token.js'

/** Options of `clientCredentials()`. */
export interface ClientCredentialsOptions {
  /** The scope asked for; the app's `scope` by default. Order does not matter to the cache. */
  readonly scope?: string | readonly string[]
  /** Other parameters of the token request (`audience`, `resource`); part of the cache key. */
  readonly params?: Params
}

/** The request a kept token answers: what is sent, and the key it is kept under. */
interface Ask {
  readonly grant: Readonly<Record<string, string>>
  /**
   * Token endpoint, client, sorted scope and params: as they are for the app's own store, hashed
   * for a shared `tokenCache` (whose keys others may see, so they name no client or scope).
   */
  readonly key: string
  /** The token endpoint it was made for: an issuer's metadata may name another one later. */
  readonly tokenUrl: string
}

/** The app's settings a grant reads. */
interface GrantApp {
  readonly scope: string | undefined
  readonly scopeSeparator: string
  readonly clientId: string
}

/** How many calls' asks are remembered by their scope; past this, the memo starts again. */
const ASK_MEMO_SIZE = 64

/**
 * RFC 6749 §4.4 for one app: tokens kept until `refreshSkew` before they expire, one request at
 * a time per key (a call that finds one under way joins it), failures never kept. Tokens it
 * handed out are remembered, so an API call answered 401 with one can ask again.
 *
 * A call for a kept token sits in front of every API call made with it, so it must cost next to
 * nothing: without a shared `tokenCache` the app keeps its tokens in a `Map` under the plain
 * identity (no hash) and answers synchronously, and a call finds its parsed ask by the scope and
 * params it was given.
 */
export class ClientCredentialsGrant {
  readonly #flights = new Map<string, Promise<OAuth2Token>>()
  readonly #issued = new WeakMap<object, Ask>()
  /** The app's own store, when no `tokenCache` is shared. */
  readonly #kept: Map<string, OAuth2Token> | undefined
  readonly #cache: TokenCache | undefined
  readonly #asks = new Map<string, Ask>()
  readonly #request: (grant: Readonly<Record<string, string>>) => Promise<OAuth2Token>
  readonly #skew: number
  readonly #timeoutMs: number

  constructor(
    cache: TokenCache | undefined,
    settings: { readonly refreshSkew: number; readonly timeout: number },
    request: (grant: Readonly<Record<string, string>>) => Promise<OAuth2Token>,
  ) {
    this.#cache = cache
    this.#kept = cache === undefined ? new Map() : undefined
    this.#skew = settings.refreshSkew
    this.#timeoutMs = settings.timeout
    this.#request = request
  }

  /** The kept token for what `options` ask, or a new one; a kept one at once when the app keeps its own. */
  get(options: ClientCredentialsOptions, app: GrantApp, tokenUrl: string): OAuth2Token | Promise<OAuth2Token> {
    const ask = this.#ask(options, app, tokenUrl)
    const flight = this.#flights.get(ask.key)
    if (flight !== undefined) return flight
    if (this.#kept === undefined) return this.#shared(ask)
    const kept = usable(this.#kept.get(ask.key), this.#skew)
    return kept ?? this.#fetch(ask)
  }

  async #shared(ask: Ask): Promise<OAuth2Token> {
    const kept = usable(await this.#read(ask.key), this.#skew)
    if (kept === undefined) return this.#fetch(ask)
    // A shared cache may answer a new object each time: each is remembered as this grant's.
    this.#issued.set(kept, ask)
    return kept
  }

  /** What a call asks for; a call asked before is looked up by its scope and params, not parsed again. */
  #ask(options: ClientCredentialsOptions, app: GrantApp, tokenUrl: string): Ask {
    if (typeof options !== 'object' || options === null)
      throw invalidArgument('clientCredentials(options): "options" must be an object')
    const { scope, params } = options
    const memo = memoKey(scope, params)
    if (memo !== undefined) {
      const known = this.#asks.get(memo)
      if (known !== undefined && known.tokenUrl === tokenUrl) return known
    }
    const scopes = scopeList(scope, app, 'clientCredentials')
    const extra = grantParams(params, 'clientCredentials')
    const grant: Record<string, string> = { ...extra, grant_type: 'client_credentials' }
    if (scopes.length > 0) grant.scope = scopes.join(app.scopeSeparator)
    const sortedParams = Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const identity = JSON.stringify([tokenUrl, app.clientId, [...new Set(scopes)].sort(), sortedParams])
    const key =
      this.#cache === undefined
        ? identity
        : `oauth-consumer:client-credentials:${createHash('sha256').update(identity).digest('base64url')}`
    // Sent by every request of this variant: frozen, so nothing on the way can change the next one.
    const ask: Ask = { grant: Object.freeze(grant), key, tokenUrl }
    if (memo !== undefined) {
      if (this.#asks.size >= ASK_MEMO_SIZE) this.#asks.clear()
      this.#asks.set(memo, ask)
    }
    return ask
  }

  #fetch(ask: Ask): Promise<OAuth2Token> {
    const joined = this.#flights.get(ask.key)
    if (joined !== undefined) return joined
    const flight = (this.#kept === undefined ? this.#fetchShared(ask) : this.#fetchOwn(ask, this.#kept))
      .then((token) => {
        this.#issued.set(token, ask)
        return token
      })
      .finally(() => this.#flights.delete(ask.key))
    this.#flights.set(ask.key, flight)
    return flight
  }

  /** Seconds a token may be kept: its lifetime less the skew; 0 (not kept) without an expiry. */
  #ttl(token: OAuth2Token): number {
    return typeof token.expires_at === 'number' ? Math.floor(token.expires_at - Date.now() / 1000 - this.#skew) : 0
  }

  async #fetchOwn(ask: Ask, kept: Map<string, OAuth2Token>): Promise<OAuth2Token> {
    const token = await this.#request(ask.grant)
    // A token without an expiry, or one that expires within the skew, is used once and not kept.
    if (this.#ttl(token) > 0) kept.set(ask.key, token)
    return token
  }

  /** The request, and the answer kept in the shared cache; through the cache's lock when it has one. */
  async #fetchShared(ask: Ask): Promise<OAuth2Token> {
    const cache = this.#cache
    const fetch = async (): Promise<OAuth2Token> => {
      const token = await this.#request(ask.grant)
      const ttl = this.#ttl(token)
      if (ttl > 0) await this.#write(() => cache?.set(ask.key, token, ttl))
      return token
    }
    if (cache?.lock === undefined) return fetch()
    let fetched: Promise<OAuth2Token> | undefined
    const once = () => {
      fetched ??= fetch()
      return fetched
    }
    try {
      const found = usable(await cache.lock(ask.key, once, { timeoutMs: this.#timeoutMs }), this.#skew)
      if (found !== undefined) return found
    } catch {
      // Below: the request's own answer or failure if the lock made it; else the lock failed (a
      // store down, a wait too long), which costs a request of this process's own, never the call.
    }
    // A token the lock made but could not keep (no expiry) is the request's answer too.
    return once()
  }

  // A shared cache that fails (a store down) costs a token request, never the call: reading fails
  // as a miss, writing as nothing kept.
  async #read(key: string): Promise<unknown> {
    try {
      return await this.#cache?.get(key)
    } catch {
      return undefined
    }
  }

  async #write(change: () => unknown): Promise<void> {
    try {
      await change()
    } catch {
      // Nothing kept: the next call asks the provider again.
    }
  }

  /** Whether `token` came from this grant (so it can be replaced rather than refreshed). */
  issued(token: object): boolean {
    return this.#issued.has(token)
  }

  /**
   * A replacement for a token the API refused or that expired: dropped from the store unless
   * another call already replaced it, then asked for again (or the replacement returned).
   */
  async replace(token: OAuth2Token): Promise<OAuth2Token | undefined> {
    const ask = this.#issued.get(token)
    if (ask === undefined) return undefined
    const flight = this.#flights.get(ask.key)
    if (flight !== undefined) return flight
    const stored = this.#kept === undefined ? await this.#read(ask.key) : this.#kept.get(ask.key)
    const kept = usable(stored, this.#skew)
    if (kept !== undefined && kept.access_token !== token.access_token) {
      this.#issued.set(kept, ask)
      return kept
    }
    if (this.#kept === undefined) await this.#write(() => this.#cache?.delete?.(ask.key))
    else this.#kept.delete(ask.key)
    return this.#fetch(ask)
  }
}

/**
 * A call's scope and params as a memo key, or undefined for a scope `scopeList` will refuse. The
 * first character tells the kinds apart, JSON keeps an array's items apart and ends the params
 * where the scope starts; only checked strings reach it, so no two calls that differ share a key.
 */
function memoKey(scope: unknown, params: unknown): string | undefined {
  let key: string
  if (scope === undefined || scope === null) key = '-'
  else if (typeof scope === 'string') key = `s${scope}`
  else if (Array.isArray(scope) && scope.every((s) => typeof s === 'string')) key = `a${JSON.stringify(scope)}`
  else return undefined
  if (params === undefined) return key
  grantParams(params, 'clientCredentials')
  return `${JSON.stringify(params)}${key}`
}

/** The scopes a grant without a browser asks for: the call's, else the app's. */
export function scopeList(
  scope: string | readonly string[] | undefined,
  app: { readonly scope: string | undefined },
  verb: string,
): string[] {
  const given = scope ?? app.scope
  if (given === undefined) return []
  if (typeof given === 'string') return given.split(/[\s,+]+/).filter((s) => s !== '')
  if (Array.isArray(given) && given.every((s) => typeof s === 'string' && s !== '')) return [...given]
  throw invalidArgument(`${verb}(options): "scope" must be a string or an array of strings`)
}

/** The extra parameters of a grant without a browser, checked. */
export function grantParams(params: unknown, verb: string): Readonly<Record<string, string>> {
  if (params === undefined) return {}
  if (typeof params !== 'object' || params === null || Object.values(params).some((v) => typeof v !== 'string'))
    throw invalidArgument(`${verb}(options): "params" must be an object of strings`)
  return params as Readonly<Record<string, string>>
}

/** A cached value that is a token still valid past the skew; a cache may hold anything. */
function usable(value: unknown, skew: number): OAuth2Token | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const token = value as Partial<OAuth2Token>
  if (typeof token.access_token !== 'string' || token.access_token === '') return undefined
  if (typeof token.expires_at !== 'number' || token.expires_at - skew <= Date.now() / 1000) return undefined
  return value as OAuth2Token
}
