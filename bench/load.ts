import { performance } from 'node:perf_hooks'
import { Pool } from 'undici'
import { type ChildMessage, failToParent, type LoadConfig, type LoadResult, scenarios } from './ipc.js'

/**
 * The closed-loop load driver, in its own process: `connections` loops, each sending its next
 * request as soon as the previous one is answered, for `warmupMs + durationMs`. Only iterations
 * that finish inside the measured window count. `node load.js '<LoadConfig as JSON>'`.
 */

/** A run with this many failures is broken, not slow: stop early rather than spin. */
const MAX_ERRORS = 1000

type Headers = Record<string, string | string[] | undefined>

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** `name=value` of every Set-Cookie, as a browser would send them back. */
function cookieHeader(headers: Headers): string {
  const raw = headers['set-cookie']
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  return list.map((c) => c.split(';', 1)[0]).join('; ')
}

async function expect(pool: Pool, path: string, status: number, headers: Record<string, string> = {}) {
  const res = await pool.request({ path, method: 'GET', headers })
  const body = await res.body.text()
  if (res.statusCode !== status) {
    throw new Error(`GET ${path.split('?', 1)[0]}: HTTP ${res.statusCode}, wanted ${status}: ${body.slice(0, 200)}`)
  }
  return res.headers as Headers
}

/** One iteration of a scenario; throws on any answer a browser would not accept. */
function iteration(pool: Pool, config: LoadConfig): () => Promise<void> {
  switch (config.scenario) {
    case 'login':
      return async () => {
        const headers = await expect(pool, '/login', 302)
        if (headers['set-cookie'] === undefined) throw new Error('GET /login set no cookie')
      }
    case 'flow':
      return async () => {
        const headers = await expect(pool, '/login', 302)
        const state = new URL(first(headers.location) ?? '').searchParams.get('state')
        if (!state) throw new Error('GET /login: no state in Location')
        await expect(pool, `/callback?code=c&state=${encodeURIComponent(state)}`, 200, {
          cookie: cookieHeader(headers),
        })
      }
    case 'api':
      return async () => {
        await expect(pool, '/api', 200)
      }
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

async function run(config: LoadConfig): Promise<LoadResult> {
  const pool = new Pool(config.origin, {
    connections: config.connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  })
  const once = iteration(pool, config)
  const start = performance.now()
  const windowStart = start + config.warmupMs
  const windowEnd = windowStart + config.durationMs
  const latencies: number[] = []
  let errors = 0
  let total = 0
  let firstError: string | undefined
  let cpuAtStart = process.cpuUsage()

  // The parent samples the contestant's CPU between these two marks; both are always sent.
  const windowStarted = new Promise<void>((resolve) =>
    setTimeout(() => {
      cpuAtStart = process.cpuUsage()
      process.send?.({ type: 'window-start' } satisfies ChildMessage)
      resolve()
    }, config.warmupMs),
  )
  const windowEnded = new Promise<NodeJS.CpuUsage>((resolve) =>
    setTimeout(
      () => {
        resolve(process.cpuUsage(cpuAtStart))
        process.send?.({ type: 'window-end' } satisfies ChildMessage)
      },
      Math.max(0, windowEnd - performance.now()),
    ),
  )

  // Bounded by the clock and by MAX_ERRORS; each request by the pool's timeouts.
  const loop = async () => {
    while (errors < MAX_ERRORS) {
      const began = performance.now()
      if (began >= windowEnd) return
      try {
        await once()
        const ended = performance.now()
        total++
        if (ended >= windowStart && ended <= windowEnd) latencies.push(ended - began)
      } catch (error) {
        errors++
        firstError ??= error instanceof Error ? error.message : String(error)
      }
    }
  }
  await Promise.all(Array.from({ length: config.connections }, loop))
  await windowStarted
  const cpu = await windowEnded
  await pool.close()

  const sorted = Float64Array.from(latencies).sort()
  const seconds = config.durationMs / 1000
  return {
    completed: sorted.length,
    total,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors,
    firstError,
    driverCores: (cpu.user + cpu.system) / 1000 / config.durationMs,
  }
}

function readConfig(json: string | undefined): LoadConfig {
  const c = JSON.parse(json ?? 'null') as Partial<LoadConfig> | null
  const positive = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0
  if (
    c === null ||
    typeof c.origin !== 'string' ||
    !scenarios.includes(c.scenario as LoadConfig['scenario']) ||
    !positive(c.connections) ||
    !positive(c.durationMs) ||
    typeof c.warmupMs !== 'number' ||
    c.warmupMs < 0
  ) {
    throw new Error(`load.js: bad config ${json}`)
  }
  return c as LoadConfig
}

run(readConfig(process.argv[2]))
  .then((result) => {
    process.send?.({ type: 'result', result } satisfies ChildMessage, () => process.exit(0))
  })
  .catch(failToParent)
