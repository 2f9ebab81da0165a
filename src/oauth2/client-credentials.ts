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

/** The request a cached token answers: what the key is made of, and what is sent. */
interface Ask {
  readonly grant: Record<string, string>
  /** Token endpoint, client, sorted scope and params: the cache key before hashing. */
  readonly identity: string
}

/**
 * A token endpoint's answer is kept by an in-memory cache unless the app gives its own: each
 * entry until its ttl passes.
 */
export function memoryTokenCache(): TokenCache {
  const entries = new Map<string, { readonly token: OAuth2Token; readonly until: number }>()
  return {
    get(key) {
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      if (entry.until > Date.now()) return entry.token
      entries.delete(key)
      return undefined
    },
    set(key, token, ttlSeconds) {
      entries.set(key, { token, until: Date.now() + ttlSeconds * 1000 })
    },
    delete(key) {
      entries.delete(key)
    },
  }
}

/**
 * RFC 6749 §4.4 for one app: tokens kept in the cache until `refreshSkew` before they expire, one
 * request at a time per key (a call that finds one under way joins it), failures never kept.
 * Tokens it handed out are remembered, so an API call answered 401 with one can ask again.
 */
export class ClientCredentialsGrant {
  readonly #flights = new Map<string, Promise<OAuth2Token>>()
  readonly #issued = new WeakMap<object, { readonly key: string; readonly ask: Ask }>()
  readonly #cache: TokenCache
  readonly #request: (grant: Record<string, string>) => Promise<OAuth2Token>
  readonly #skew: number

  readonly #timeoutMs: number

  constructor(
    cache: TokenCache,
    settings: { readonly refreshSkew: number; readonly timeout: number },
    request: (grant: Record<string, string>) => Promise<OAuth2Token>,
  ) {
    this.#cache = cache
    this.#skew = settings.refreshSkew
    this.#timeoutMs = settings.timeout
    this.#request = request
  }

  /** What a call asks for: the grant's parameters and the identity of its token. */
  static ask(
    options: ClientCredentialsOptions,
    app: { readonly scope: string | undefined; readonly scopeSeparator: string; readonly clientId: string },
    tokenUrl: string,
  ): Ask {
    if (typeof options !== 'object' || options === null)
      throw invalidArgument('clientCredentials(options): "options" must be an object')
    const scopes = scopeList(options.scope, app, 'clientCredentials')
    const params = grantParams(options.params, 'clientCredentials')
    const grant: Record<string, string> = { ...params, grant_type: 'client_credentials' }
    if (scopes.length > 0) grant.scope = scopes.join(app.scopeSeparator)
    const sortedParams = Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const identity = JSON.stringify([tokenUrl, app.clientId, [...new Set(scopes)].sort(), sortedParams])
    return { grant, identity }
  }

  /** The kept token for `ask`, or a new one. */
  async get(ask: Ask): Promise<OAuth2Token> {
    const key = `oauth-consumer:client-credentials:${createHash('sha256').update(ask.identity).digest('base64url')}`
    const flight = this.#flights.get(key)
    if (flight !== undefined) return flight
    const kept = usable(await this.#read(key), this.#skew)
    if (kept !== undefined) {
      this.#issued.set(kept, { key, ask })
      return kept
    }
    return this.#fetch(key, ask)
  }

  #fetch(key: string, ask: Ask): Promise<OAuth2Token> {
    const joined = this.#flights.get(key)
    if (joined !== undefined) return joined
    const flight = this.#fetchShared(key, ask)
      .then((token) => {
        this.#issued.set(token, { key, ask })
        return token
      })
      .finally(() => this.#flights.delete(key))
    this.#flights.set(key, flight)
    return flight
  }

  /** The request, and the answer kept; through the cache's lock when it has one. */
  async #fetchShared(key: string, ask: Ask): Promise<OAuth2Token> {
    const fetch = async (): Promise<OAuth2Token> => {
      const token = await this.#request(ask.grant)
      const ttl =
        typeof token.expires_at === 'number' ? Math.floor(token.expires_at - Date.now() / 1000 - this.#skew) : 0
      // A token without an expiry, or one that expires within the skew, is used once and not kept.
      if (ttl > 0) await this.#write(() => this.#cache.set(key, token, ttl))
      return token
    }
    const cache = this.#cache
    if (cache.lock === undefined) return fetch()
    let fetched: Promise<OAuth2Token> | undefined
    const once = () => {
      fetched ??= fetch()
      return fetched
    }
    try {
      const found = usable(await cache.lock(key, once, { timeoutMs: this.#timeoutMs }), this.#skew)
      if (found !== undefined) return found
    } catch {
      // Below: the request's own answer or failure if the lock made it; else the lock failed (a
      // store down, a wait too long), which costs a request of this process's own, never the call.
    }
    // A token the lock made but could not keep (no expiry) is the request's answer too.
    return once()
  }

  // A cache that fails (a store down) costs a token request, never the call: reading fails as
  // a miss, writing as nothing kept.
  async #read(key: string): Promise<unknown> {
    try {
      return await this.#cache.get(key)
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
   * A replacement for a token the API refused or that expired: dropped from the cache unless
   * another call already replaced it, then asked for again (or the replacement returned).
   */
  async replace(token: OAuth2Token): Promise<OAuth2Token | undefined> {
    const issued = this.#issued.get(token)
    if (issued === undefined) return undefined
    const flight = this.#flights.get(issued.key)
    if (flight !== undefined) return flight
    const kept = usable(await this.#read(issued.key), this.#skew)
    if (kept !== undefined && kept.access_token !== token.access_token) {
      this.#issued.set(kept, issued)
      return kept
    }
    await this.#write(() => this.#cache.delete?.(issued.key))
    return this.#fetch(issued.key, issued.ask)
  }
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
