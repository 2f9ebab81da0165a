import { invalidResponse } from '../errors.js'
import { callEndpoint, type HttpSettings } from '../http.js'
import { createLocalJWKSet, type JSONWebKeySet } from './jose.js'

/**
 * @internal How long every app keeps its provider's key set, and how often it may fetch it.
 * Tests shorten them; nothing else changes them.
 */
export const jwksTiming = {
  /** A key set older than this is fetched again, so a key the provider withdrew stops being trusted. */
  maxAge: 60 * 60_000,
  /** An unknown `kid` fetches the set again only if it was fetched longer ago than this, as jose does. */
  cooldown: 30_000,
  /** After a failed fetch, none for this long, doubling with each failure up to `maxBackoff`. */
  firstBackoff: 1000,
  maxBackoff: 5 * 60_000,
}

export type KeySet = ReturnType<typeof createLocalJWKSet>

/**
 * The provider's signing keys (OpenID Connect Core §10.1.1), fetched on first use, when older
 * than `maxAge`, and when a token names a key not in the set (key rotation) unless the set is
 * newer than `cooldown`. One fetch at a time, whatever the reason: a crowd of logins waits for
 * the same answer. A failed fetch holds further fetches back (1 s doubling to 5 minutes), so a
 * provider that is down is asked once per wait, not once per login. ID tokens come only from the
 * token endpoint, so a browser cannot hand the app made-up key ids to make it fetch at will.
 */
export class JwksCache {
  readonly #url: URL
  readonly #o: HttpSettings
  #keys: KeySet | undefined
  #fetchedAt = 0
  #pending: Promise<KeySet> | undefined
  #error: unknown
  #failedAt = 0
  #backoff = 0

  constructor(url: URL, o: HttpSettings) {
    this.#url = url
    this.#o = o
  }

  /**
   * The key set. With `unknownKid` (a token named a key the set lacks), a newer one if the set
   * is older than the cooldown. A periodic refetch that fails, now or within the backoff, keeps
   * the old set; a set needed for the first time or for an unknown key fails with the fetch's
   * error, since the provider's endpoint, not the token, is at fault.
   */
  async get(unknownKid = false): Promise<KeySet> {
    const keys = this.#keys
    const fresh = unknownKid ? jwksTiming.cooldown : jwksTiming.maxAge
    if (keys !== undefined && Date.now() - this.#fetchedAt < fresh) return keys
    const fallback = unknownKid ? undefined : keys
    if (this.#pending === undefined && Date.now() - this.#failedAt < this.#backoff) {
      if (fallback !== undefined) return fallback
      throw this.#error
    }
    this.#pending ??= this.#fetch()
    try {
      return await this.#pending
    } catch (error) {
      if (fallback !== undefined) return fallback
      throw error
    }
  }

  async #fetch(): Promise<KeySet> {
    try {
      const keys = await this.#request()
      this.#keys = keys
      this.#fetchedAt = Date.now()
      this.#backoff = 0
      return keys
    } catch (error) {
      this.#error = error
      this.#failedAt = Date.now()
      this.#backoff = Math.min(jwksTiming.maxBackoff, Math.max(jwksTiming.firstBackoff, this.#backoff * 2))
      throw error
    } finally {
      this.#pending = undefined
    }
  }

  async #request(): Promise<KeySet> {
    const res = await callEndpoint(this.#o, {
      method: 'GET',
      url: this.#url,
      accept: 'application/jwk-set+json, application/json',
      maxSize: 512 * 1024,
      what: 'JWKS endpoint',
    })
    let jwks: unknown
    try {
      jwks = res.status === 200 ? JSON.parse(res.body.toString('utf8')) : undefined
    } catch {
      jwks = undefined
    }
    const keys = (jwks as { keys?: unknown } | null | undefined)?.keys
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key))) {
      // The endpoint's address stays out: error messages can reach the browser.
      throw invalidResponse('The JWKS endpoint sent no key set')
    }
    return createLocalJWKSet(jwks as JSONWebKeySet)
  }
}
