import type { Cluster, Redis } from 'ioredis'
import type { RefreshLock, TokenCache } from 'oauth-consumer'
import { type RedisClient, redisRefreshLock, redisTokenCache } from 'oauth-consumer/redis'
import { describe, expect, test } from 'tstyche'

describe('oauth-consumer/redis', () => {
  test('an ioredis Redis or Cluster is a client', () => {
    expect<Redis>().type.toBeAssignableTo<RedisClient>()
    expect<Cluster>().type.toBeAssignableTo<RedisClient>()
    expect<{ get(key: string): Promise<string | null> }>().type.not.toBeAssignableTo<RedisClient>()
  })

  test('they make a refreshLock and a tokenCache', () => {
    const redis = {} as Redis
    expect(redisRefreshLock(redis, { secret: 'x' })).type.toBe<RefreshLock>()
    expect(
      redisRefreshLock(redis, { secret: ['new', 'old'], lockTtlMs: 5000, handOverSeconds: 120 }),
    ).type.toBe<RefreshLock>()
    expect(redisTokenCache(redis, { secret: 'x' })).type.toBe<TokenCache>()
    expect(redisRefreshLock).type.not.toBeCallableWith(redis, {})
    expect(redisTokenCache).type.not.toBeCallableWith(redis, { secret: 1 })
  })
})
