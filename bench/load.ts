import { performance } from 'node:perf_hooks'
import { Pool } from 'undici'
import { type ChildMessage, failToParent, type LoadConfig, type LoadResult, scenarios } from './ipc.js'

/**
 * The closed-loop load driver, in its own process: `connections` loops, each sending its next
 * iteration as soon as the previous one is answered, for `warmupMs + durationMs`. Only
 * iterations that finish inside the measured window count. `pending` instead starts `count`
 * logins and stops. `node load.js '<LoadConfig as JSON>'`.
 */

/** A run with this many failures is broken, not slow: stop early rather than spin. */
const MAX_ERRORS = 1000
/** Redirects a callback may make before its 200 (grant's to its callback route), as a browser follows them. */
const MAX_REDIRECTS = 2

type Headers = Record<string, string | string[] | undefined>

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/**
 * One browser's cookies for the app: what each response sets, minus what it clears, sent back
 * on the next request. Attributes are not checked: every cookie here is for the app's origin.
 */
class CookieJar {
  readonly #cookies = new Map<string, string>()

  store(headers: Headers): void {
    const raw = headers['set-cookie']
    for (const cookie of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
      const [pair = '', ...attributes] = cookie.split(';')
      const eq = pair.indexOf('=')
      if (eq < 1) continue
      const name = pair.slice(0, eq).trim()
      const cleared = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a))
      if (cleared) this.#cookies.delete(name)
      else this.#cookies.set(name, pair.slice(eq + 1).trim())
    }
  }

  get size(): number {
    return this.#cookies.size
  }

  header(): Record<string, string> {
    if (this.#cookies.size === 0) return {}
    return { cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
  }
}

interface Answer {
  readonly status: number
  readonly headers: Headers
}

async function get(pool: Pool, path: string, headers: Record<string, string>): Promise<Answer & { body: string }> {
  const res = await pool.request({ path, method: 'GET', headers })
  return { status: res.statusCode, headers: res.headers as Headers, body: await res.body.text() }
}

async function expect(pool: Pool, path: string, status: number, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await get(pool, path, headers)
  if (res.status !== status) {
    throw new Error(`GET ${path.split('?', 1)[0]}: HTTP ${res.status}, wanted ${status}: ${res.body.slice(0, 200)}`)
  }
  return res
}

/** The path and query of a redirect back into the app: relative, or absolute on the app's public origin. */
function appPath(location: string | undefined, publicOrigin: string): string {
  if (location === undefined) throw new Error('a redirect without Location')
  if (location.startsWith('/') && !location.startsWith('//')) return location
  const url = new URL(location)
  if (url.origin !== publicOrigin) throw new Error(`a redirect away from the app: ${url.origin}`)
  return `${url.pathname}${url.search}`
}

/** Starts a login: a 302 to the provider with a state cookie (or session) set. */
async function startLogin(pool: Pool, config: LoadConfig, jar: CookieJar): Promise<URL> {
  const res = await expect(pool, config.loginPath, 302, jar.header())
  jar.store(res.headers)
  if (jar.size === 0) throw new Error(`GET ${config.loginPath} set no cookie`)
  return new URL(first(res.headers.location) ?? '')
}

/** One iteration of a scenario; throws on any answer a browser would not accept. */
function iteration(pool: Pool, config: LoadConfig): () => Promise<void> {
  switch (config.scenario) {
    case 'login':
    case 'pending':
      return async () => {
        await startLogin(pool, config, new CookieJar())
      }
    case 'flow':
      // What a browser does: the provider sends it back to redirect_uri with a code and the
      // state, and it follows the app's redirects until the page it lands on (200).
      return async () => {
        const jar = new CookieJar()
        const authorize = await startLogin(pool, config, jar)
        const state = authorize.searchParams.get('state')
        const redirectUri = authorize.searchParams.get('redirect_uri')
        if (!state || !redirectUri) throw new Error(`GET ${config.loginPath}: no state or redirect_uri in Location`)
        const back = new URL(redirectUri)
        let path = `${back.pathname}?code=c&state=${encodeURIComponent(state)}`
        for (let redirects = 0; ; redirects++) {
          const res = await get(pool, path, jar.header())
          jar.store(res.headers)
          if (res.status === 200) return
          if ((res.status === 302 || res.status === 303) && redirects < MAX_REDIRECTS) {
            path = appPath(first(res.headers.location), back.origin)
            continue
          }
          throw new Error(`GET ${path.split('?', 1)[0]}: HTTP ${res.status}, wanted 200: ${res.body.slice(0, 200)}`)
        }
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
  const counted = config.scenario === 'pending'
  // `pending` has no warm-up: every login it starts is one the app has to remember.
  const warmupMs = counted ? 0 : config.warmupMs
  const start = performance.now()
  const windowStart = start + warmupMs
  const windowEnd = windowStart + config.durationMs
  const latencies: number[] = []
  let started = 0
  let errors = 0
  let total = 0
  let firstError: string | undefined
  let cpuAtStart = process.cpuUsage()
  let lastEnd = windowStart

  // The parent samples the contestant's CPU between these two marks; both are always sent.
  const windowStarted = new Promise<void>((resolve) =>
    setTimeout(() => {
      cpuAtStart = process.cpuUsage()
      process.send?.({ type: 'window-start' } satisfies ChildMessage)
      resolve()
    }, warmupMs),
  )
  let endWindow: () => void = () => {}
  const windowEnded = new Promise<NodeJS.CpuUsage>((resolve) => {
    const timer = setTimeout(() => endWindow(), Math.max(0, windowEnd - performance.now()))
    let done = false
    endWindow = () => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(process.cpuUsage(cpuAtStart))
      process.send?.({ type: 'window-end' } satisfies ChildMessage)
    }
  })

  // Bounded by the clock and by MAX_ERRORS (and for `pending` by its count); each request by the pool's timeouts.
  const limit = config.count ?? Number.POSITIVE_INFINITY
  const loop = async () => {
    while (errors < MAX_ERRORS && started < limit) {
      const began = performance.now()
      if (began >= windowEnd) return
      started++
      try {
        await once()
        const ended = performance.now()
        total++
        if (ended >= windowStart && ended <= windowEnd) latencies.push(ended - began)
        lastEnd = Math.max(lastEnd, ended)
      } catch (error) {
        errors++
        firstError ??= error instanceof Error ? error.message : String(error)
      }
    }
  }
  await Promise.all(Array.from({ length: config.connections }, loop))
  await windowStarted
  // A counted run ends when its count is done, not when the clock runs out.
  if (counted) endWindow()
  const cpu = await windowEnded
  await pool.close()

  const sorted = Float64Array.from(latencies).sort()
  const seconds = counted ? Math.max(1e-3, (lastEnd - windowStart) / 1000) : config.durationMs / 1000
  return {
    completed: sorted.length,
    total,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors,
    firstError,
    driverCores: (cpu.user + cpu.system) / 1000 / (seconds * 1000),
  }
}

function readConfig(json: string | undefined): LoadConfig {
  const c = JSON.parse(json ?? 'null') as Partial<LoadConfig> | null
  const positive = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0
  if (
    c === null ||
    typeof c.origin !== 'string' ||
    typeof c.loginPath !== 'string' ||
    !scenarios.includes(c.scenario as LoadConfig['scenario']) ||
    !positive(c.connections) ||
    !positive(c.durationMs) ||
    typeof c.warmupMs !== 'number' ||
    c.warmupMs < 0 ||
    (c.scenario === 'pending' && !positive(c.count))
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
