/**
 * `oauth-consumer/redis`: several instances of an app on one Redis (API.md §13). The client is
 * the app's own ioredis client, an optional peer dependency that no other entry point loads.
 */
export type { RedisClient } from './client.js'
export { type RedisRefreshLockOptions, redisRefreshLock } from './refresh-lock.js'
export { type RedisTokenCacheOptions, redisTokenCache } from './token-cache.js'
