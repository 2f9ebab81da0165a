import { OAuthNetworkError } from '../errors.js'

/**
 * What the Redis functions use of a client: an `ioredis` `Redis` or `Cluster` (so also the
 * client `@fastify/redis` decorates the app with) has all of it.
 */
export interface RedisClient {
  /** `GET key`. */
  get(key: string): Promise<string | null>
  /** `SET key value PX milliseconds NX`: `'OK'` when set, `null` when the key exists. */
  set(key: string, value: string, px: 'PX', milliseconds: number, nx: 'NX'): Promise<'OK' | null>
  /** `SET key value PX milliseconds`. */
  set(key: string, value: string, px: 'PX', milliseconds: number): Promise<'OK'>
  /** `DEL key`. */
  del(key: string): Promise<number>
  /** `EVAL script numkeys key… arg…`. */
  eval(script: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>
  /** ioredis's connection state; while it reconnects, commands fail at once rather than wait. */
  readonly status?: string
}

// ioredis's states once a connection it had is lost; `connecting` (the first connection, or
// an attempt of a reconnection) waits for the answer, within the deadline.
const LOST = new Set(['reconnecting', 'close', 'end'])

/** Whether `value` has what a {@link RedisClient} needs. */
export function isRedisClient(value: unknown): value is RedisClient {
  if (typeof value !== 'object' || value === null) return false
  const client = value as Record<string, unknown>
  return ['get', 'set', 'del', 'eval'].every((name) => typeof client[name] === 'function')
}

/**
 * Runs one Redis command, answered before `deadline` (a time in ms) or failed: `OAUTH_TIMEOUT`
 * when Redis does not answer in time, `OAUTH_NETWORK_ERROR` when the connection is lost or Redis
 * answers with an error. A command that settles after its deadline is ignored, never unhandled.
 */
export async function command<T>(
  redis: RedisClient,
  deadline: number,
  run: () => Promise<T>,
  late?: (answer: T) => void,
): Promise<T> {
  const status = redis.status
  if (status !== undefined && LOST.has(status)) {
    throw new OAuthNetworkError('OAUTH_NETWORK_ERROR', `Redis is unreachable (the client is ${status})`)
  }
  const left = Math.ceil(deadline - Date.now())
  if (left <= 0) throw redisTimeout()
  let timer: NodeJS.Timeout | undefined
  let gaveUp = false
  try {
    const answer = Promise.resolve().then(run)
    // ioredis keeps a command for a connection it is making: one answered after the call gave
    // up is handed to `late` (a lock taken too late is released), and its failure ignored.
    answer.then(
      (value) => {
        if (gaveUp) late?.(value)
      },
      () => {},
    )
    return await Promise.race([
      answer,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(redisTimeout()), left)
      }),
    ])
  } catch (error) {
    gaveUp = true
    if (error instanceof OAuthNetworkError) throw error
    throw new OAuthNetworkError('OAUTH_NETWORK_ERROR', `Redis failed: ${messageOf(error)}`, { cause: error })
  } finally {
    clearTimeout(timer)
  }
}

function redisTimeout(): OAuthNetworkError {
  return new OAuthNetworkError('OAUTH_TIMEOUT', "Redis did not answer within the call's timeout")
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
