import { invalidOptions } from '../errors.js'
import type { TokenCache } from '../options/shared.js'
import { command, isRedisClient, type RedisClient } from './client.js'
import { openOrNothing, redisSealer } from './sealing.js'
import { takeTurn } from './turns.js'

/** Options of {@link redisTokenCache}. */
export interface RedisTokenCacheOptions {
  /**
   * Encrypts the tokens kept in Redis: a random string of 32 characters or more (the plugin's
   * `secret` will do: the key is derived from it for this purpose alone), or a list of them,
   * newest first. Every process must have it.
   */
  readonly secret: string | readonly string[]
  /**
   * ms each read, write or delete may take before it counts as failed (which costs a token
   * request, never the call). Default 1000.
   */
  readonly commandTimeoutMs?: number
  /** How long, in ms, a lock outlives a process that died while asking for a token. Default 30000. */
  readonly lockTtlMs?: number
}

const DEFAULT_COMMAND_TIMEOUT_MS = 1000
const DEFAULT_LOCK_TTL_MS = 30_000

/**
 * A `tokenCache` (API.md §12–§13) on Redis, for client-credentials tokens shared by processes:
 * each token kept encrypted with a key derived from `secret`, under the library's key (a hash,
 * naming no secret), expiring when the token does less `refreshSkew`. On a miss, processes take
 * turns with the same lock as {@link redisRefreshLock}, so they make one token request and the
 * others read its answer. With Redis failing, each process asks the provider itself: a cache
 * never fails the call.
 *
 * @param redis - an ioredis `Redis` or `Cluster`, connected
 * @param options - `secret`, and optionally `commandTimeoutMs`, `lockTtlMs`
 * @returns the cache, for the registry's (or an app's) `tokenCache` option
 * @throws OAuthConfigError `OAUTH_INVALID_OPTIONS` for a client without the commands, a weak `secret` or a bad option
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { OAuth } from 'oauth-consumer'
 * import { redisTokenCache } from 'oauth-consumer/redis'
 *
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
 * export const oauth = new OAuth({ tokenCache: redisTokenCache(redis, { secret: process.env.OAUTH_SECRET ?? '' }) })
 * const reports = oauth.remoteApp('reports', {
 *   issuer: 'https://id.example.com',
 *   clientId: 'reports-job',
 *   clientSecret: process.env.REPORTS_CLIENT_SECRET ?? '',
 * })
 * export const appToken = await reports.clientCredentials({ scope: ['reports:read'] })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export function redisTokenCache(redis: RedisClient, options: RedisTokenCacheOptions): TokenCache {
  if (!isRedisClient(redis)) {
    throw invalidOptions('redisTokenCache: "redis" must be an ioredis client (Redis or Cluster)')
  }
  if (typeof options !== 'object' || options === null) {
    throw invalidOptions('redisTokenCache: "options" must be an object with "secret"')
  }
  const sealer = redisSealer(options.secret, 'token-cache', 'redisTokenCache')
  const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS
  const lockTtlMs = options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS
  for (const [name, value] of [
    ['commandTimeoutMs', commandTimeoutMs],
    ['lockTtlMs', lockTtlMs],
  ] as const) {
    if (!(Number.isInteger(value) && value > 0)) {
      throw invalidOptions(`redisTokenCache: "${name}" must be a whole number of milliseconds, more than 0`)
    }
  }
  const read = async (key: string, deadline: number) =>
    openOrNothing(sealer, await command(redis, deadline, () => redis.get(key)), key)

  return {
    get: (key) => read(key, Date.now() + commandTimeoutMs),
    async set(key, token, ttlSeconds) {
      const sealed = sealer.seal(token, key)
      await command(redis, Date.now() + commandTimeoutMs, () => redis.set(key, sealed, 'PX', ttlSeconds * 1000))
    },
    async delete(key) {
      await command(redis, Date.now() + commandTimeoutMs, () => redis.del(key))
    },
    lock: (key, fetch, { timeoutMs }) =>
      takeTurn(redis, {
        lockKey: `${key}:lock`,
        expiryMs: Math.max(lockTtlMs, Math.ceil(2 * timeoutMs)),
        timeoutMs,
        found: (deadline) => read(key, deadline),
        // The grant's fetch stores the token with `set` before the lock is released.
        work: fetch,
      }),
  }
}
