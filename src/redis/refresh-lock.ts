import { invalidArgument, invalidOptions } from '../errors.js'
import type { RefreshLock } from '../options/shared.js'
import { command, isRedisClient, type RedisClient } from './client.js'
import { openOrNothing, redisSealer } from './sealing.js'
import { takeTurn } from './turns.js'

/** Options of {@link redisRefreshLock}. */
export interface RedisRefreshLockOptions {
  /**
   * Encrypts the tokens handed over through Redis: a random string of 32 characters or more
   * (the plugin's `secret` will do: the key is derived from it for this purpose alone), or a list
   * of them, newest first, so it can be rotated. Every process must have it.
   */
  readonly secret: string | readonly string[]
  /**
   * How long, in ms, a lock outlives a holder that died mid-refresh before another process may
   * refresh. Default 30000, and never less than twice the call's `timeout`, so a refresh that is
   * still running (its request bounded by `timeout`) keeps its lock.
   */
  readonly lockTtlMs?: number
  /**
   * How long, in seconds, the new token is kept for the processes that still hold the spent
   * refresh token. Default 60, the least allowed.
   */
  readonly handOverSeconds?: number
  /** Prepended to every key. Default `oauth-consumer:refresh:`. */
  readonly keyPrefix?: string
}

const DEFAULT_LOCK_TTL_MS = 30_000
const MIN_HAND_OVER_SECONDS = 60

/**
 * A `refreshLock` (API.md §13) on Redis: however many processes hold the same expired token,
 * one refresh request reaches the provider. The process that takes the lock refreshes and
 * leaves the new token in Redis, encrypted with a key derived from `secret`, for
 * `handOverSeconds`; the others wait for it (no longer than their call's `timeout`) and return
 * it, so a rotated refresh token is never spent twice and each process's tokenupdater hears of
 * the new token. The lock is Redis's single-instance pattern: `SET NX PX` with a value of its
 * own, released by its owner only (a compare-and-delete script), and by expiry if its holder dies.
 *
 * Keys, each expiring: `<keyPrefix><key>:lock` (a random value) and `<keyPrefix><key>:token`
 * (the sealed token), where `key` is the hash `refreshLock` is given, never a token.
 *
 * @param redis - an ioredis `Redis` or `Cluster` (the client `@fastify/redis` decorates the app with), connected
 * @param options - `secret`, and optionally `lockTtlMs`, `handOverSeconds`, `keyPrefix`
 * @returns the lock, for the registry's (or an app's) `refreshLock` option
 * @throws OAuthConfigError `OAUTH_INVALID_OPTIONS` for a client without the commands, a weak `secret` or a bad option
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { OAuth } from 'oauth-consumer'
 * import { redisRefreshLock, redisTokenCache } from 'oauth-consumer/redis'
 *
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
 * const secret = process.env.OAUTH_SECRET ?? ''
 * export const oauth = new OAuth({
 *   refreshLock: redisRefreshLock(redis, { secret }),
 *   tokenCache: redisTokenCache(redis, { secret }),
 * })
 * ```
 * @see https://redis.io/docs/latest/commands/set/ (the lock pattern)
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2 (refresh token rotation)
 */
export function redisRefreshLock(redis: RedisClient, options: RedisRefreshLockOptions): RefreshLock {
  if (!isRedisClient(redis)) {
    throw invalidOptions('redisRefreshLock: "redis" must be an ioredis client (Redis or Cluster)')
  }
  if (typeof options !== 'object' || options === null) {
    throw invalidOptions('redisRefreshLock: "options" must be an object with "secret"')
  }
  const sealer = redisSealer(options.secret, 'refresh-hand-over', 'redisRefreshLock')
  const lockTtlMs = options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS
  if (!(Number.isInteger(lockTtlMs) && lockTtlMs > 0)) {
    throw invalidOptions('redisRefreshLock: "lockTtlMs" must be a whole number of milliseconds, more than 0')
  }
  const handOverSeconds = options.handOverSeconds ?? MIN_HAND_OVER_SECONDS
  if (!(Number.isInteger(handOverSeconds) && handOverSeconds >= MIN_HAND_OVER_SECONDS)) {
    throw invalidOptions(`redisRefreshLock: "handOverSeconds" must be a whole number, ${MIN_HAND_OVER_SECONDS} or more`)
  }
  const prefix = options.keyPrefix ?? 'oauth-consumer:refresh:'
  if (typeof prefix !== 'string') throw invalidOptions('redisRefreshLock: "keyPrefix" must be a string')

  return (key, refresh, lockOptions) => {
    if (typeof key !== 'string' || key === '')
      throw invalidArgument('refreshLock(key): "key" must be a non-empty string')
    const timeoutMs = lockOptions?.timeoutMs
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
      throw invalidArgument('refreshLock(key, refresh, options): "options.timeoutMs" must be a positive number')
    }
    const tokenKey = `${prefix}${key}:token`
    return takeTurn(redis, {
      lockKey: `${prefix}${key}:lock`,
      expiryMs: Math.max(lockTtlMs, Math.ceil(2 * timeoutMs)),
      timeoutMs,
      found: async (deadline) =>
        openOrNothing(sealer, await command(redis, deadline, () => redis.get(tokenKey)), tokenKey),
      work: refresh,
      keep: async (token, deadline) => {
        const sealed = sealer.seal(token, tokenKey)
        await command(redis, deadline, () => redis.set(tokenKey, sealed, 'PX', handOverSeconds * 1000))
      },
    })
  }
}
