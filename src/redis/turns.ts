import { setTimeout as sleep } from 'node:timers/promises'
import { OAuthNetworkError } from '../errors.js'
import { randomToken } from '../random.js'
import { command, type RedisClient } from './client.js'

/**
 * Deletes the lock only while it still holds its owner's value: a holder whose lock expired
 * never removes the lock another process took since.
 *
 * @see https://redis.io/docs/latest/commands/set/ (the single-instance lock pattern)
 */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`

/** The first wait between two looks at a lock another process holds, then doubled up to the last. */
const FIRST_WAIT_MS = 10
const LONGEST_WAIT_MS = 100
/** Writes after the work (the hand-over, the release) get at least this much time, even past the call's. */
const AFTER_WORK_MS = 1000

/** One turn at a lock: what the waiting processes look for, and the work its holder does. */
export interface Turn<T> {
  readonly lockKey: string
  /** ms before a lock whose holder died is released by expiry. */
  readonly expiryMs: number
  /** How long the call may wait, in ms. */
  readonly timeoutMs: number
  /** What another process's turn left, if it is there. */
  found(deadline: number): Promise<T | undefined>
  /** The holder's work, inside the lock. */
  work(): Promise<T>
  /** Keeps the work's result for the others, before the lock is released; may fail. */
  keep?(result: T, deadline: number): Promise<void>
}

/**
 * Takes turns with other processes: returns what another turn left, or takes the lock (`SET NX
 * PX` with a value of its own) and does the work, keeps its result, then releases the lock with
 * a compare-and-delete. Waiting, and every command before the work, are bounded by the call's
 * time: a Redis failure then fails the call with an `OAuthNetworkError`, and no work is done.
 */
export async function takeTurn<T>(redis: RedisClient, turn: Turn<T>): Promise<T> {
  const deadline = Date.now() + turn.timeoutMs
  let wait = FIRST_WAIT_MS
  for (;;) {
    const left = await turn.found(deadline)
    if (left !== undefined) return left
    const owner = randomToken()
    const taken = await command(
      redis,
      deadline,
      () => redis.set(turn.lockKey, owner, 'PX', turn.expiryMs, 'NX'),
      // Taken after this call gave up (Redis came back): no one will work, so let it go at once.
      (late) => {
        if (late === 'OK') void releaseLock(redis, turn.lockKey, owner, Date.now() + AFTER_WORK_MS)
      },
    )
    if (taken === 'OK') return hold(redis, turn, owner, deadline)
    const remaining = deadline - Date.now()
    if (remaining <= 0) {
      throw new OAuthNetworkError(
        'OAUTH_TIMEOUT',
        `Another process held the lock for longer than the call's timeout (${turn.timeoutMs} ms)`,
      )
    }
    await sleep(Math.min(wait, remaining))
    wait = Math.min(wait * 2, LONGEST_WAIT_MS)
  }
}

/** Releases the lock if `owner` still holds it; failing, the lock is released by its expiry. */
function releaseLock(redis: RedisClient, lockKey: string, owner: string, until: number): Promise<unknown> {
  return command(redis, until, () => redis.eval(RELEASE, 1, lockKey, owner)).catch(() => undefined)
}

async function hold<T>(redis: RedisClient, turn: Turn<T>, owner: string, deadline: number): Promise<T> {
  const release = () => releaseLock(redis, turn.lockKey, owner, Math.max(deadline, Date.now() + AFTER_WORK_MS))
  let result: T
  try {
    // Another turn may have ended between the look and the lock: its result is there.
    const left = await turn.found(deadline)
    if (left !== undefined) {
      await release()
      return left
    }
    result = await turn.work()
  } catch (error) {
    await release()
    throw error
  }
  try {
    await turn.keep?.(result, Math.max(deadline, Date.now() + AFTER_WORK_MS))
  } catch {
    // Not kept for the others: the result is still this call's.
  }
  await release()
  return result
}
