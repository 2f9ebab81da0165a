/**
 * `oauth-consumer/redis` without a server: its options, and what a Redis that never answers or
 * answers with errors does to a call (API.md §13): an `OAuthNetworkError` within the call's time,
 * no refresh, no timer left behind, and a lock taken too late given back. The behaviour with a
 * real Redis and several processes is in several-instances.test.ts.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { type OAuth2Token, OAuthConfigError, OAuthNetworkError } from 'oauth-consumer'
import { type RedisClient, redisRefreshLock, redisTokenCache } from 'oauth-consumer/redis'

const SECRET = randomBytes(32).toString('base64url')
const token: OAuth2Token = { access_token: 'fresh', token_type: 'Bearer', refresh_token: 'next' }

/** A client whose commands each answer as `answer` says; it records what it was asked. */
function client(answer: (name: string, args: unknown[]) => Promise<unknown>): RedisClient & { calls: string[] } {
  const calls: string[] = []
  const run =
    (name: string) =>
    (...args: unknown[]): Promise<never> => {
      calls.push(name)
      return answer(name, args) as Promise<never>
    }
  return { calls, get: run('get'), set: run('set'), del: run('del'), eval: run('eval') }
}

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length

test('options: a client without the commands, a weak or missing secret, bad numbers are OAUTH_INVALID_OPTIONS', () => {
  const fine = client(async () => null)
  const cases: [string, () => unknown, RegExp][] = [
    ['client', () => redisRefreshLock({} as RedisClient, { secret: SECRET }), /"redis" must be an ioredis client/],
    ['secret', () => redisRefreshLock(fine, { secret: 'short' }), /"secret" has fewer than 32 characters/],
    ['list', () => redisTokenCache(fine, { secret: [SECRET, 'a'.repeat(40)] }), /"secret"\[1\] repeats too few/],
    ['none', () => redisTokenCache(fine, {} as { secret: string }), /"secret" must be a string/],
    [
      'hand-over',
      () => redisRefreshLock(fine, { secret: SECRET, handOverSeconds: 30 }),
      /"handOverSeconds" must be a whole number, 60 or more/,
    ],
    ['ttl', () => redisRefreshLock(fine, { secret: SECRET, lockTtlMs: 0 }), /"lockTtlMs" must be a whole number/],
  ]
  for (const [name, make, message] of cases) {
    assert.throws(make, (error: unknown) => {
      assert.ok(error instanceof OAuthConfigError, name)
      assert.equal(error.code, 'OAUTH_INVALID_OPTIONS')
      assert.match(error.message, message)
      return true
    })
  }
})

test('a Redis that never answers: OAUTH_TIMEOUT within the call time, no refresh, no timer left; a lock taken late is given back', async () => {
  let grant: ((value: unknown) => void) | undefined
  const redis = client(
    (name) =>
      new Promise((resolve) => {
        if (name === 'get') resolve(null)
        if (name === 'set') grant = resolve
        if (name === 'eval') resolve(1)
      }),
  )
  const lock = redisRefreshLock(redis, { secret: SECRET })
  let refreshed = 0
  const before = timers()
  const began = Date.now()
  await assert.rejects(
    lock(
      'k',
      async () => {
        refreshed++
        return token
      },
      { timeoutMs: 300 },
    ),
    (error: unknown) => {
      assert.ok(error instanceof OAuthNetworkError)
      assert.equal(error.code, 'OAUTH_TIMEOUT')
      assert.equal(error.statusCode, 504)
      return true
    },
  )
  const took = Date.now() - began
  assert.ok(took >= 290 && took < 600, `${took} ms`)
  assert.equal(refreshed, 0)
  assert.equal(timers(), before, 'no timer left behind')
  assert.deepEqual(redis.calls, ['get', 'set'])

  // Redis comes back and runs the queued SET NX: the lock nobody will use is released at once.
  grant?.('OK')
  await sleep(20)
  assert.deepEqual(redis.calls, ['get', 'set', 'eval'])
  assert.equal(refreshed, 0)
})

test('Redis answering with errors: OAUTH_NETWORK_ERROR with its cause, and no refresh', async () => {
  const refused = new Error('LOADING Redis is loading the dataset in memory')
  const redis = client(async () => {
    throw refused
  })
  let refreshed = 0
  await assert.rejects(
    redisRefreshLock(redis, { secret: SECRET })(
      'k',
      async () => {
        refreshed++
        return token
      },
      { timeoutMs: 1000 },
    ),
    (error: unknown) => {
      assert.ok(error instanceof OAuthNetworkError)
      assert.equal(error.code, 'OAUTH_NETWORK_ERROR')
      assert.equal(error.statusCode, 502)
      assert.equal(error.cause, refused)
      assert.equal(error.message, 'Redis failed: LOADING Redis is loading the dataset in memory')
      return true
    },
  )
  assert.equal(refreshed, 0)

  // A client that lost its connection fails at once, without sending anything.
  const lost = Object.assign(
    client(async () => null),
    { status: 'reconnecting' },
  )
  const began = Date.now()
  await assert.rejects(
    redisRefreshLock(lost, { secret: SECRET })('k', async () => token, { timeoutMs: 5000 }),
    {
      code: 'OAUTH_NETWORK_ERROR',
      message: 'Redis is unreachable (the client is reconnecting)',
    },
  )
  assert.ok(Date.now() - began < 100)
  assert.deepEqual(lost.calls, [])
})

test('a hand-over sealed with another secret, or moved to another key, does not open: the holder refreshes', async () => {
  const store = new Map<string, string>()
  const redis = client(async (name, args) => {
    const [key, value, , , nx] = args as [string, string, string, number, string | undefined]
    if (name === 'get') return store.get(key) ?? null
    if (name === 'set') {
      if (nx === 'NX' && store.has(key)) return null
      store.set(key, value)
      return 'OK'
    }
    if (name === 'eval') return store.delete(args[2] as string) ? 1 : 0
    return 0
  })
  const ours = redisRefreshLock(redis, { secret: SECRET })
  const theirs = redisRefreshLock(redis, { secret: randomBytes(32).toString('base64url') })
  await theirs('k', async () => ({ ...token, access_token: 'theirs' }), { timeoutMs: 1000 })
  assert.equal((await ours('k', async () => token, { timeoutMs: 1000 })).access_token, 'fresh')
  // What our lock left for key k opens for k only.
  store.set('oauth-consumer:refresh:m:token', store.get('oauth-consumer:refresh:k:token') ?? '')
  assert.equal((await ours('m', async () => ({ ...token, access_token: 'm' }), { timeoutMs: 1000 })).access_token, 'm')
  // And a second process with the same secret gets the hand-over, without refreshing.
  const again = redisRefreshLock(redis, { secret: SECRET })
  assert.equal(
    (
      await again(
        'k',
        async () => {
          throw new Error('refreshed twice')
        },
        { timeoutMs: 1000 },
      )
    ).access_token,
    'fresh',
  )
})
