/**
 * What `clientCredentials()` costs an API call (issue 16): in one process, paired slices of the
 * same call to a local API, (a) with a fixed token, (b) with `await api.clientCredentials()`, the
 * kept token, before it; and, apart, what the first call of a fresh app pays for asking the token
 * endpoint. The provider runs in a child process (plain node:http, keep-alive, precomputed
 * answers), so the process measured holds only the client. Prints the table and writes it into
 * docs/performance.md between its markers (`BENCH_WRITE_DOCS=0` to only print).
 *
 *   npm run bench:client-credentials
 *
 * Knobs: `BENCH_CC_SLICES` (pairs of slices, 40), `BENCH_CC_SLICE` (seconds per slice, 0.5),
 * `BENCH_CC_CONCURRENCY` (calls in flight, 16), `BENCH_CC_FIRST` (fresh-app pairs, 400).
 */
import { type ChildProcess, fork } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { OAuth, type OAuth2Token, type RemoteApp } from 'oauth-consumer'

const CLIENT_ID = 'bench-machine'
const CLIENT_SECRET = 'bench-machine-secret-0123456789abcdef'
const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`
const FIXED = 'bench-fixed-token-0123456789abcdef'
const ISSUED = 'bench-app-token-0123456789abcdef'

/** The provider: a token endpoint that checks the grant and the client, and one API route. */
function serve(): void {
  const tokenBody = JSON.stringify({ access_token: ISSUED, token_type: 'Bearer', expires_in: 3600 })
  const apiBody = JSON.stringify({ id: 42, name: 'report', rows: [1, 2, 3] })
  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  }
  const token = (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      const form = new URLSearchParams(body)
      // A broken grant fails the run: the bench must measure the request a real provider accepts.
      if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'reports:read')
        send(res, 400, '{"error":"invalid_request"}')
      // Either client authentication of RFC 6749 §2.3.1: HTTP Basic, or in the body (the library's default).
      else if (
        req.headers.authorization !== BASIC &&
        (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET)
      )
        send(res, 401, '{"error":"invalid_client"}')
      else send(res, 200, tokenBody)
    })
  }
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/token') token(req, res)
    else if (req.method === 'GET' && req.url === '/api/x') {
      const auth = req.headers.authorization
      if (auth === `Bearer ${FIXED}` || auth === `Bearer ${ISSUED}`) send(res, 200, apiBody)
      else send(res, 401, '{"error":"invalid_token"}')
    } else send(res, 404, '{"error":"not_found"}')
  })
  server.keepAliveTimeout = 600_000
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }))
  process.on('message', () => {
    server.closeAllConnections()
    server.close()
    process.disconnect()
  })
}

function startProvider(): Promise<{ child: ChildProcess; origin: string }> {
  const child = fork(import.meta.filename, ['serve'], { stdio: 'inherit' })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`provider exited with ${code}`)))
    child.once('message', (message) => {
      resolve({ child, origin: `http://127.0.0.1:${(message as { port: number }).port}` })
    })
  })
}

function app(origin: string): RemoteApp {
  return new OAuth().remoteApp('bench', {
    baseUrl: `${origin}/api/`,
    authorizeUrl: `${origin}/authorize`,
    accessTokenUrl: `${origin}/token`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    scope: 'reports:read',
  })
}

/** What a stored user token looks like: the shape clientCredentials() returns, far from expiry. */
const fixed: OAuth2Token = {
  access_token: FIXED,
  token_type: 'Bearer',
  expires_at: Math.floor(Date.now() / 1000) + 86_400,
}

type Call = (api: RemoteApp) => Promise<unknown>
const withFixed: Call = async (api) => check(await api.get('x', { token: fixed }))
const withKept: Call = async (api) => check(await api.get('x', { token: await api.clientCredentials() }))

function check(response: { status: number }): void {
  if (response.status !== 200) throw new Error(`the API answered ${response.status}`)
}

interface Slice {
  readonly perSecond: number
  /** User + system CPU of this process per call, µs. */
  readonly cpuMicros: number
}

/** A closed loop of `concurrency` calls in flight for `seconds`; only calls finished in time count. */
async function slice(api: RemoteApp, call: Call, seconds: number, concurrency: number): Promise<Slice> {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const end = t0 + seconds * 1000
  let done = 0
  const loop = async () => {
    while (performance.now() < end) {
      await call(api)
      if (performance.now() <= end) done++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop))
  const elapsed = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  return { perSecond: done / elapsed, cpuMicros: (cpu.user + cpu.system) / Math.max(done, 1) }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** The median and the middle half (25th to 75th percentile, nearest rank) of `values`. */
function spread(values: readonly number[]): { median: number; low: number; high: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return { median: median(sorted), low: at(0.25), high: at(0.75), min: sorted[0] ?? 0, max: at(1) }
}

async function main(): Promise<void> {
  const pairs = Number(process.env.BENCH_CC_SLICES ?? 40)
  const seconds = Number(process.env.BENCH_CC_SLICE ?? 0.5)
  const concurrency = Number(process.env.BENCH_CC_CONCURRENCY ?? 16)
  const firstPairs = Number(process.env.BENCH_CC_FIRST ?? 400)
  const loadBefore = loadavg()
  const started = performance.now()
  const { child, origin } = await startProvider()
  try {
    // One app for both sides: the same pool, URL cache and JIT state; only the token differs.
    const api = app(origin)
    await slice(api, withFixed, 2, concurrency)
    await slice(api, withKept, 2, concurrency)
    const rates: number[] = []
    const cpu: number[] = []
    const fixedRates: number[] = []
    const keptRates: number[] = []
    const fixedCpu: number[] = []
    const keptCpu: number[] = []
    for (let pair = 0; pair < pairs; pair++) {
      // Alternate which side goes first, so neither always gets the warmer moment.
      const order = pair % 2 === 0 ? [withFixed, withKept] : [withKept, withFixed]
      const results = new Map<Call, Slice>()
      for (const call of order) results.set(call, await slice(api, call, seconds, concurrency))
      const a = results.get(withFixed)
      const b = results.get(withKept)
      if (a === undefined || b === undefined) throw new Error('a slice is missing')
      rates.push(b.perSecond / a.perSecond)
      cpu.push(b.cpuMicros / a.cpuMicros)
      fixedRates.push(a.perSecond)
      keptRates.push(b.perSecond)
      fixedCpu.push(a.cpuMicros)
      keptCpu.push(b.cpuMicros)
    }

    // The first call: a fresh app each time (an empty token cache), the connection pool already warm.
    const extra: number[] = []
    const firstFixed: number[] = []
    const firstKept: number[] = []
    const time = async (call: Call) => {
      const fresh = app(origin)
      const t0 = performance.now()
      await call(fresh)
      return (performance.now() - t0) * 1000
    }
    for (let i = 0; i < 50; i++) await time(i % 2 === 0 ? withFixed : withKept)
    for (let pair = 0; pair < firstPairs; pair++) {
      let a: number
      let b: number
      if (pair % 2 === 0) {
        a = await time(withFixed)
        b = await time(withKept)
      } else {
        b = await time(withKept)
        a = await time(withFixed)
      }
      firstFixed.push(a)
      firstKept.push(b)
      extra.push(b - a)
    }
    const loadAfter = loadavg()

    const ratio = spread(rates)
    const cpuRatio = spread(cpu)
    const extraSpread = spread(extra)
    const x = (value: number) => `${value.toFixed(2)}×`
    const n = (value: number) => Math.round(value).toLocaleString('en')
    const us = (value: number) => `${Math.round(value).toLocaleString('en')} µs`
    const load = (l: readonly number[]) => l.map((v) => v.toFixed(2)).join(', ')
    const holds = ratio.median >= 0.95 ? 'yes' : '**no**'
    const table = [
      `- Node ${process.versions.node}, ${cpus().length} CPUs; load average (1, 5, 15 min) ${load(loadBefore)} at the start, ${load(loadAfter)} at the end; ${((performance.now() - started) / 1000).toFixed(0)} s`,
      `- steady calls: ${pairs} pairs of ${seconds} s slices, ${concurrency} calls in flight, after 2 s of warm-up each; first calls: ${firstPairs} pairs of fresh apps`,
      '',
      '| measure | (a) fixed token | (b) the kept token, `clientCredentials()` | (b) ÷ (a), median of pairs | middle half of pairs | lowest–highest |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      `| calls/s, steady (target ≥ 0.95×: ${holds}) | ${n(median(fixedRates))} | ${n(median(keptRates))} | ${x(ratio.median)} | ${x(ratio.low)}–${x(ratio.high)} | ${x(ratio.min)}–${x(ratio.max)} |`,
      `| CPU per call, steady | ${median(fixedCpu).toFixed(1)} µs | ${median(keptCpu).toFixed(1)} µs | ${x(cpuRatio.median)} | ${x(cpuRatio.low)}–${x(cpuRatio.high)} | ${x(cpuRatio.min)}–${x(cpuRatio.max)} |`,
      `| first call of a fresh app, wall time | ${us(median(firstFixed))} | ${us(median(firstKept))} | +${us(extraSpread.median)} (paired difference) | +${us(extraSpread.low)} to +${us(extraSpread.high)} | ${us(extraSpread.min)} to +${us(extraSpread.max)} |`,
    ].join('\n')
    console.log(table)

    const START = '<!-- client-credentials:start (generated by bench/client-credentials.ts) -->'
    const END = '<!-- client-credentials:end -->'
    if (process.env.BENCH_WRITE_DOCS !== '0') {
      const path = join(import.meta.dirname, '..', '..', 'docs', 'performance.md')
      const page = readFileSync(path, 'utf8')
      const start = page.indexOf(START)
      const end = page.indexOf(END)
      if (start === -1 || end < start) throw new Error('docs/performance.md has no client-credentials markers')
      writeFileSync(path, `${page.slice(0, start)}${START}\n${table}\n${page.slice(end)}`)
      console.log('client-credentials: wrote docs/performance.md')
    }
  } finally {
    child.removeAllListeners('exit')
    child.send('stop')
  }
}

if (process.argv[2] === 'serve') serve()
else await main()
