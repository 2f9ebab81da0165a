/**
 * What `redisRefreshLock` costs (API.md §13), against a real `redis-server` started here on a
 * free loopback port (persistence off) and a loopback API and token endpoint:
 *
 * - an API call whose token is fresh, by an app with the Redis lock configured and one without,
 *   in paired slices taken in turn (ABBA), so a busy moment of the machine falls on both; the
 *   lock must cost nothing there (≥ 0.98× the calls per second without it);
 * - a refresh (`refreshToken()`, one at a time), through the Redis lock and in-process only:
 *   its p50 and p99.
 *
 * Prints the table and writes it into docs/performance.md between its markers
 * (`BENCH_WRITE_DOCS=0` to only print).
 *
 *   npm run bench:redis
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { OAuth, type OAuth2Token, type RemoteApp } from 'oauth-consumer'
import { redisRefreshLock } from 'oauth-consumer/redis'
import { freePort } from 'oauth-consumer/testing'

const root = join(import.meta.dirname, '..', '..')
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 500)
const PAIRS = Number(process.env.BENCH_PAIRS ?? 20)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 1000)
const REDIS_SERVER = '/usr/bin/redis-server'

if (!existsSync(REDIS_SERVER)) {
  console.error(`bench:redis needs ${REDIS_SERVER} (apt-get install -y redis-server)`)
  process.exit(1)
}

// The provider: an API that answers at once, a token endpoint that issues a new token each time.
let issued = 0
const api = createServer((req, res) => {
  // The body is not read: any refresh token is accepted.
  req.resume()
  req.on('end', () => {
    const answer =
      req.url === '/token'
        ? JSON.stringify({
            access_token: `access-${++issued}`,
            token_type: 'Bearer',
            expires_in: 3600,
            refresh_token: `refresh-${issued}`,
          })
        : '{"ok":true}'
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) })
    res.end(answer)
  })
})
await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`

const port = await freePort()
const server: ChildProcess = spawn(
  REDIS_SERVER,
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
  { stdio: 'ignore' },
)
const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true })
// Refused until the server listens: the loop below tries again.
redis.on('error', () => {})
for (let attempt = 0; ; attempt++) {
  try {
    await redis.connect()
    break
  } catch (error) {
    if (attempt > 100) throw error
    await sleep(50)
  }
}

function app(name: string, locked: boolean): RemoteApp {
  const oauth = new OAuth(
    locked ? { refreshLock: redisRefreshLock(redis, { secret: randomBytes(32).toString('base64url') }) } : {},
  )
  return oauth.remoteApp(name, {
    baseUrl: `${url}/api/`,
    authorizeUrl: `${url}/authorize`,
    accessTokenUrl: `${url}/token`,
    clientId: 'bench',
    clientSecret: 'bench-secret',
  })
}
const plain = app('plain', false)
const locked = app('locked', true)
const fresh: OAuth2Token = {
  access_token: 'fresh',
  token_type: 'Bearer',
  refresh_token: 'never-used',
  expires_at: Math.floor(Date.now() / 1000) + 86_400,
}

/** Calls per second of `remote` with `CONNECTIONS` calls in flight for `SLICE_MS`. */
async function slice(remote: RemoteApp): Promise<number> {
  let calls = 0
  const until = performance.now() + SLICE_MS
  const loop = async () => {
    while (performance.now() < until) {
      await remote.get('me', { token: fresh })
      calls++
    }
  }
  const began = performance.now()
  await Promise.all(Array.from({ length: CONNECTIONS }, loop))
  return calls / ((performance.now() - began) / 1000)
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

try {
  // Warm-up: both apps, the pools, the JIT.
  await slice(plain)
  await slice(locked)
  const ratios: number[] = []
  const without: number[] = []
  const withLock: number[] = []
  for (let pair = 0; pair < PAIRS; pair++) {
    // ABBA: each app goes first in half of the pairs.
    const first = pair % 2 === 0
    const a = first ? await slice(plain) : 0
    const b = await slice(locked)
    const c = first ? a : await slice(plain)
    without.push(c)
    withLock.push(b)
    ratios.push(b / c)
  }

  let round = 0
  // Each round refreshes tokens of its own: a hand-over of an earlier round would answer at once.
  const latencies = async (remote: RemoteApp) => {
    const ms: number[] = []
    round++
    for (let i = 0; i < REFRESHES; i++) {
      const began = performance.now()
      await remote.refreshToken(`rt-${remote.name}-${round}-${i}`)
      ms.push(performance.now() - began)
    }
    return ms
  }
  await latencies(plain)
  await latencies(locked)
  const before = issued
  const inProcess = await latencies(plain)
  const throughRedis = await latencies(locked)
  if (issued - before !== 2 * REFRESHES)
    throw new Error(`bench:redis: ${issued - before} refreshes reached the provider`)

  const row = (label: string, ms: number[]) =>
    `| ${label} | ${percentile(ms, 50).toFixed(2)} ms | ${percentile(ms, 99).toFixed(2)} ms |`
  const range = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`
  const table = [
    `Node ${process.versions.node}, ${cpus().length} CPUs, Redis and the provider on loopback; ${PAIRS} pairs of ${SLICE_MS / 1000} s slices with ${CONNECTIONS} calls in flight, taken in turn; ${REFRESHES} refreshes one at a time per line.`,
    '',
    '| API call, fresh token | calls/s (median) | × without the lock |',
    '| --- | ---: | ---: |',
    `| without \`refreshLock\` | ${Math.round(median(without)).toLocaleString('en')} | 1.00× |`,
    `| with \`redisRefreshLock\` | ${Math.round(median(withLock)).toLocaleString('en')} | ${median(ratios).toFixed(2)}× (${range}) |`,
    '',
    '| refresh (`refreshToken()`) | p50 | p99 |',
    '| --- | ---: | ---: |',
    row('in-process only', inProcess),
    row('through `redisRefreshLock`', throughRedis),
  ].join('\n')
  console.log(table)
  if (median(ratios) < 0.98)
    console.error(`bench:redis: the lock cost a fresh-token call ${median(ratios).toFixed(2)}×`)

  const START = '<!-- redis-lock:start (generated by bench/redis-lock.ts) -->'
  const END = '<!-- redis-lock:end -->'
  if (process.env.BENCH_WRITE_DOCS !== '0') {
    const path = join(root, 'docs', 'performance.md')
    const page = readFileSync(path, 'utf8')
    const start = page.indexOf(START)
    const end = page.indexOf(END)
    if (start === -1 || end < start) throw new Error('docs/performance.md has no redis-lock markers')
    writeFileSync(path, `${page.slice(0, start)}${START}\n${table}\n${page.slice(end)}`)
    console.log('bench:redis: wrote docs/performance.md')
  }
} finally {
  redis.disconnect()
  server.kill('SIGTERM')
  api.closeAllConnections()
  api.close()
}
