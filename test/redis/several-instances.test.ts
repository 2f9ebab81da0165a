/**
 * API.md §13 on a real Redis: app instances in child processes (each its own ioredis client,
 * `redisRefreshLock` and `redisTokenCache`) against a loopback provider that rotates refresh
 * tokens and counts the requests it gets. One refresh for a hundred calls in four processes,
 * each tokenupdater told; a lock holder killed mid-refresh; Redis stopped and started again;
 * nothing readable in Redis and every key expiring; one client-credentials request for three
 * processes.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, type TestContext, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import type { OAuth2Token } from 'oauth-consumer'
import { needRedis, type RedisServer, startRedis } from '../helpers/redis.js'
import type { WorkerCommand, WorkerConfig, WorkerReply } from '../helpers/redis-worker.js'

const WORKER = join(import.meta.dirname, '..', 'helpers', 'redis-worker.js')
const SECRET = randomBytes(32).toString('base64url')

/** The test provider: rotating refresh tokens (RFC 6749 §6, RFC 9700 §4.14.2), counted. */
interface Provider {
  readonly url: string
  /** Refresh requests received, answered or not. */
  received: number
  /** Refreshes made (a valid refresh token exchanged). */
  refreshes: number
  /** Client-credentials requests. */
  appTokenRequests: number
  /** ms before a token answer. */
  delay: number
  /** The next refresh request is held without being looked at, as a provider that never got to it. */
  holdNext: boolean
  /** Every token the provider issued (access and refresh), to look for in Redis. */
  readonly issued: Set<string>
}

async function startProvider(t: TestContext): Promise<Provider> {
  const validRefresh = new Set(['refresh-0'])
  const validAccess = new Set<string>()
  const json = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body)
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    res.end(text)
  }
  const handle = (req: IncomingMessage, body: string, res: ServerResponse) => {
    if (req.url === '/token') {
      const form = new URLSearchParams(body)
      if (form.get('grant_type') === 'client_credentials') {
        provider.appTokenRequests++
        const token = `app-${provider.appTokenRequests}-${randomBytes(6).toString('hex')}`
        validAccess.add(token)
        provider.issued.add(token)
        setTimeout(
          () => json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 }),
          provider.delay,
        )
        return
      }
      provider.received++
      if (provider.holdNext) {
        provider.holdNext = false
        return
      }
      const presented = form.get('refresh_token') ?? ''
      if (form.get('grant_type') !== 'refresh_token' || !validRefresh.delete(presented)) {
        return json(res, 400, { error: 'invalid_grant', error_description: 'refresh token spent or unknown' })
      }
      provider.refreshes++
      const n = provider.refreshes
      const token = {
        access_token: `access-${n}-${randomBytes(6).toString('hex')}`,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: `refresh-${n}-${randomBytes(6).toString('hex')}`,
      }
      validAccess.add(token.access_token)
      validRefresh.add(token.refresh_token)
      provider.issued.add(token.access_token)
      provider.issued.add(token.refresh_token)
      setTimeout(() => json(res, 200, token), provider.delay)
      return
    }
    const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? ''
    if (req.url === '/api/me' && validAccess.has(bearer)) return json(res, 200, { token: bearer })
    return json(res, 401, { message: 'Bad credentials' })
  }
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8')
    })
    req.on('end', () => handle(req, body, res))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  const provider: Provider = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: 0,
    refreshes: 0,
    appTokenRequests: 0,
    delay: 0,
    holdNext: false,
    issued: new Set(['refresh-0']),
  }
  return provider
}

interface Worker {
  readonly child: ChildProcess
  ask(command: Exclude<WorkerCommand, { type: 'exit' }>['type'], extra: Record<string, unknown>): Promise<WorkerReply>
}

let commandIds = 0

/** An app instance in a child process, stopped (or killed) by the test's end. */
async function startWorker(t: TestContext, config: WorkerConfig): Promise<Worker> {
  const child = fork(WORKER, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  t.after(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    if (child.connected) child.send({ type: 'exit' } satisfies WorkerCommand)
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  })
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve())
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready`)))
  })
  return {
    child,
    ask(type, extra) {
      const id = ++commandIds
      return new Promise((resolve, reject) => {
        const onMessage = (reply: WorkerReply) => {
          if (reply.id !== id) return
          child.off('message', onMessage)
          child.off('exit', onExit)
          resolve(reply)
        }
        const onExit = () => {
          child.off('message', onMessage)
          reject(new Error('the worker exited'))
        }
        child.on('message', onMessage)
        child.once('exit', onExit)
        child.send({ type, id, ...extra } as WorkerCommand)
      })
    },
  }
}

function configFor(redis: RedisServer, provider: Provider, extra: Partial<WorkerConfig> = {}): WorkerConfig {
  return { redisPort: redis.port, providerUrl: provider.url, secret: SECRET, timeout: 2000, ...extra }
}

/** The token every process holds: expired, with the provider's first refresh token. */
const expired = (refreshToken = 'refresh-0'): OAuth2Token => ({
  access_token: 'access-0',
  token_type: 'Bearer',
  refresh_token: refreshToken,
  expires_at: 0,
})

/** Every key in Redis, with its value (strings only: the library writes nothing else) and its TTL. */
async function scan(client: Redis): Promise<{ key: string; value: string | null; pttl: number }[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, found] = await client.scan(cursor, 'COUNT', 100)
    cursor = next
    keys.push(...found)
  } while (cursor !== '0')
  return Promise.all(keys.map(async (key) => ({ key, value: await client.get(key), pttl: await client.pttl(key) })))
}

function assertNothingReadable(entries: Awaited<ReturnType<typeof scan>>, provider: Provider): void {
  for (const { key, value, pttl } of entries) {
    assert.ok(pttl > 0, `${key} expires (PTTL ${pttl})`)
    for (const token of provider.issued) {
      assert.ok(!key.includes(token), `${key} names no token`)
      assert.ok(!(value ?? '').includes(token), `${key} holds no token in clear`)
      assert.ok(!(value ?? '').includes(Buffer.from(token).toString('base64')), `${key} holds no token merely encoded`)
    }
  }
}

async function observer(t: TestContext, redis: RedisServer): Promise<Redis> {
  const client = new Redis({ port: redis.port, host: '127.0.0.1', lazyConnect: true })
  client.on('error', () => {})
  await client.connect()
  t.after(() => client.disconnect())
  return client
}

describe('several instances on Redis', { concurrency: false }, () => {
  test('4 processes × 25 concurrent calls holding one expired token: one refresh, every call gets the new token, every tokenupdater is told', async (t) => {
    if (!needRedis(t)) return
    const redis = await startRedis(t)
    const provider = await startProvider(t)
    const look = await observer(t, redis)
    const workers = await Promise.all([1, 2, 3, 4].map(() => startWorker(t, configFor(redis, provider))))
    provider.delay = 300

    const replies = Promise.all(workers.map((w) => w.ask('calls', { count: 25, token: expired() })))
    // During the refresh: the lock, and nothing readable.
    await sleep(150)
    const during = await scan(look)
    assert.ok(
      during.some(({ key }) => key.endsWith(':lock')),
      `the lock is held: ${during.map((e) => e.key)}`,
    )
    assertNothingReadable(during, provider)

    const answers = await replies
    assert.equal(provider.received, 1, 'one refresh request reached the provider')
    assert.equal(provider.refreshes, 1)
    const fresh = [...provider.issued].find((token) => token.startsWith('access-1-'))
    const outcomes = answers.flatMap((reply) => reply.outcomes)
    assert.equal(outcomes.length, 100)
    assert.deepEqual(
      outcomes.filter((o) => !o.ok || o.token !== fresh),
      [],
      'all 100 calls succeed with the new token',
    )
    for (const reply of answers) {
      assert.deepEqual(reply.updates, [fresh], "each process's tokenupdater is told once")
      assert.deepEqual(reply.unhandled, [])
    }

    // After the run: the sealed hand-over, kept at least a minute, and the lock released.
    const after = await scan(look)
    assert.deepEqual(
      after.map(({ key }) => key.replace(/[\w-]{43}/, '<key>')),
      ['oauth-consumer:refresh:<key>:token'],
    )
    const [handOver] = after
    assert.ok(handOver !== undefined && handOver.pttl > 55_000 && handOver.pttl <= 60_000, `PTTL ${handOver?.pttl}`)
    assert.match(handOver?.value ?? '', /^v1\.[\w-]+\.[\w-]+$/)
    assertNothingReadable(after, provider)

    // A process that still holds the spent refresh token gets its successor, not a refusal.
    const late = await (workers[0] as Worker).ask('calls', { count: 1, token: expired() })
    assert.deepEqual(
      late.outcomes.map((o) => o.token),
      [fresh],
    )
    assert.equal(provider.received, 1)
  })

  test('the lock holder killed mid-refresh: the others fail within their timeout, then one refreshes once the lock expires', async (t) => {
    if (!needRedis(t)) return
    const redis = await startRedis(t)
    const provider = await startProvider(t)
    const look = await observer(t, redis)
    // The lock outlives a dead holder by max(lockTtlMs, 2 × timeout) = 1600 ms.
    const config = configFor(redis, provider, { timeout: 800, lockTtlMs: 1000 })
    const [holder, other] = await Promise.all([startWorker(t, config), startWorker(t, config)])

    provider.holdNext = true
    void holder.ask('calls', { count: 5, token: expired() }).catch(() => undefined)
    const until = Date.now() + 5000
    while (provider.received === 0 && Date.now() < until) await sleep(10)
    assert.equal(provider.received, 1, 'the holder is refreshing')
    holder.child.kill('SIGKILL')
    const killedAt = Date.now()

    const waited = await other.ask('calls', { count: 5, token: expired() })
    for (const outcome of waited.outcomes) {
      assert.equal(outcome.ok, false)
      assert.equal(outcome.code, 'OAUTH_TIMEOUT')
      assert.equal(outcome.name, 'OAuthNetworkError')
      assert.ok(outcome.ms < 800 + 400, `failed after ${outcome.ms} ms, the timeout is 800`)
    }
    assert.equal(provider.received, 1, "no refresh while the dead holder's lock stands")

    // Once the lock expires, the next call refreshes.
    let lockGone = false
    while (!lockGone && Date.now() - killedAt < 5000) {
      lockGone = !(await scan(look)).some(({ key }) => key.endsWith(':lock'))
      if (!lockGone) await sleep(50)
    }
    assert.ok(lockGone, 'the lock expired')
    assert.ok(Date.now() - killedAt < 1600 + 500, `the lock lasted ${Date.now() - killedAt} ms`)
    const later = await other.ask('calls', { count: 5, token: expired() })
    const fresh = [...provider.issued].find((token) => token.startsWith('access-1-'))
    assert.deepEqual(
      later.outcomes.map((o) => o.token),
      [fresh, fresh, fresh, fresh, fresh],
    )
    assert.equal(provider.refreshes, 1)
    assert.deepEqual(later.updates, [fresh])
    assert.deepEqual(later.unhandled, [])
  })

  test('Redis stopped mid-run: calls fail within their timeout with OAuthNetworkError and no refresh; Redis back, calls work again', async (t) => {
    if (!needRedis(t)) return
    const redis = await startRedis(t)
    const provider = await startProvider(t)
    const worker = await startWorker(t, configFor(redis, provider, { timeout: 1000 }))

    const first = await worker.ask('calls', { count: 5, token: expired() })
    assert.ok(
      first.outcomes.every((o) => o.ok),
      JSON.stringify(first.outcomes),
    )
    const rotated = [...provider.issued].find((token) => token.startsWith('refresh-1-')) ?? ''
    assert.equal(provider.received, 1)

    await redis.stop()
    for (let round = 0; round < 3; round++) {
      const down = await worker.ask('calls', { count: 5, token: expired(rotated) })
      for (const outcome of down.outcomes) {
        assert.equal(outcome.ok, false)
        assert.equal(outcome.name, 'OAuthNetworkError')
        assert.ok(
          outcome.code === 'OAUTH_NETWORK_ERROR' || outcome.code === 'OAUTH_TIMEOUT',
          `documented codes only: ${outcome.code}`,
        )
        assert.ok(outcome.ms < 1000 + 400, `failed after ${outcome.ms} ms, the timeout is 1000`)
      }
      await sleep(200)
    }
    assert.equal(provider.received, 1, 'no refresh while Redis is down')

    await redis.start()
    let back: WorkerReply | undefined
    const until = Date.now() + 15_000
    while (Date.now() < until) {
      back = await worker.ask('calls', { count: 3, token: expired(rotated) })
      if (back.outcomes.every((o) => o.ok)) break
      await sleep(250)
    }
    const fresh = [...provider.issued].find((token) => token.startsWith('access-2-'))
    assert.deepEqual(
      back?.outcomes.map((o) => o.token),
      [fresh, fresh, fresh],
      'the app works again without a restart',
    )
    assert.equal(provider.refreshes, 2)
    assert.equal(provider.received, 2, 'no refresh was spent while Redis was away')
    assert.deepEqual(back?.unhandled, [])
  })

  test('client-credentials tokens shared by three processes: one token request, kept encrypted until the token expires', async (t) => {
    if (!needRedis(t)) return
    const redis = await startRedis(t)
    const provider = await startProvider(t)
    const look = await observer(t, redis)
    const workers = await Promise.all([1, 2, 3].map(() => startWorker(t, configFor(redis, provider))))
    provider.delay = 200

    const replies = await Promise.all(workers.map((w) => w.ask('app-tokens', { count: 5 })))
    assert.equal(provider.appTokenRequests, 1)
    const token = [...provider.issued].find((value) => value.startsWith('app-1-'))
    assert.deepEqual(
      replies.flatMap((reply) => reply.outcomes.filter((o) => !o.ok || o.token !== token)),
      [],
    )
    const kept = await scan(look)
    assert.deepEqual(
      kept.map(({ key }) => key.replace(/[\w-]{43}/, '<key>')),
      ['oauth-consumer:client-credentials:<key>'],
    )
    // Until refreshSkew (60 s) before the token's hour is up.
    assert.ok((kept[0]?.pttl ?? 0) > 3_530_000 && (kept[0]?.pttl ?? 0) <= 3_540_000, `PTTL ${kept[0]?.pttl}`)
    assertNothingReadable(kept, provider)

    // Later calls, in any process, find it.
    const again = await (workers[2] as Worker).ask('app-tokens', { count: 2 })
    assert.deepEqual(
      again.outcomes.map((o) => o.token),
      [token, token],
    )
    assert.equal(provider.appTokenRequests, 1)
  })
})
