import type { ChildProcess } from 'node:child_process'
import { availableParallelism } from 'node:os'
import {
  type ChildMessage,
  cpuOf,
  forkChild,
  type LoadConfig,
  type LoadResult,
  type Scenario,
  scenarios,
  stopChild,
  waitReady,
} from './ipc.js'

/**
 * Runs the benchmark: a mock provider, then for every scenario the contestants one after the
 * other (floor, library, floor, library, …), each in a fresh process under a fresh load driver,
 * and prints a markdown table. On a shared, noisy machine only ratios within one run mean
 * anything, so the contestants alternate and the median run of each is compared.
 *
 * Environment: BENCH_DURATION (s, 5), BENCH_WARMUP (s, 1), BENCH_CONNECTIONS (32),
 * BENCH_ROUNDS (3), BENCH_SCENARIOS (login,flow,api), BENCH_CONTESTANTS (floor,library),
 * BENCH_CPU_PROF_DIR (write a CPU profile of every contestant process there).
 */

type Contestant = 'floor' | 'library'
const contestants: readonly Contestant[] = ['floor', 'library']

const describe: Record<Scenario, { label: string; unit: string; target: number }> = {
  login: { label: '(a) GET /login', unit: 'req/s', target: 0.9 },
  flow: { label: '(b) full login', unit: 'logins/s', target: 0.85 },
  api: { label: '(c) GET /api', unit: 'req/s', target: 0.9 },
}

interface Settings {
  readonly durationMs: number
  readonly warmupMs: number
  readonly connections: number
  readonly rounds: number
  readonly scenarios: readonly Scenario[]
  readonly contestants: readonly Contestant[]
  readonly profileDir: string | undefined
}

interface Run {
  readonly scenario: Scenario
  readonly contestant: Contestant
  readonly round: number
  readonly load: LoadResult
  /** The contestant's CPU time per iteration, µs: less noisy than throughput on a shared machine. */
  readonly cpuPerIteration: number
  readonly contestantCores: number
  readonly providerCores: number
}

function numberEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}; got ${JSON.stringify(raw)}`)
  }
  return value
}

function listEnv<T extends string>(name: string, allowed: readonly T[]): readonly T[] {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return allowed
  const list = raw.split(',').map((s) => s.trim())
  const bad = list.filter((s) => !allowed.includes(s as T))
  if (bad.length > 0 || list.length === 0) throw new Error(`${name}: unknown ${bad.join(', ')}; use ${allowed}`)
  return list as T[]
}

function readSettings(): Settings {
  return {
    durationMs: numberEnv('BENCH_DURATION', 5, 0.5, 600) * 1000,
    warmupMs: numberEnv('BENCH_WARMUP', 1, 0, 600) * 1000,
    connections: Math.round(numberEnv('BENCH_CONNECTIONS', 32, 1, 1024)),
    rounds: Math.round(numberEnv('BENCH_ROUNDS', 3, 1, 50)),
    scenarios: listEnv('BENCH_SCENARIOS', scenarios),
    contestants: listEnv('BENCH_CONTESTANTS', contestants),
    profileDir: process.env.BENCH_CPU_PROF_DIR || undefined,
  }
}

async function startProcess(file: string, args: readonly string[], execArgv: readonly string[] = []) {
  const child = forkChild(file, args, execArgv)
  try {
    return { child, port: await waitReady(child) }
  } catch (error) {
    await stopChild(child)
    throw error
  }
}

/** One load run against a started contestant, sampling its and the provider's CPU over the window. */
function measure(config: LoadConfig, contestant: ChildProcess, provider: ChildProcess) {
  const load = forkChild('load.js', [JSON.stringify(config)])
  const sample = () => Promise.all([cpuOf(contestant), cpuOf(provider)])
  let atStart: Promise<number[]> | undefined
  let atEnd: Promise<number[]> | undefined
  const limit = config.warmupMs + config.durationMs + 30_000
  const result = new Promise<LoadResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      load.kill('SIGKILL')
      reject(new Error(`the load driver did not finish within ${limit} ms`))
    }, limit)
    load.on('message', (message: ChildMessage) => {
      if (message.type === 'window-start') atStart = sample()
      else if (message.type === 'window-end') atEnd = sample()
      else if (message.type === 'result') resolve(message.result)
      else if (message.type === 'failed') reject(new Error(`load driver: ${message.message}`))
    })
    load.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the load driver exited (${code}) without a result`))
    })
  })
  return result.then(async (load) => {
    if (atStart === undefined || atEnd === undefined) throw new Error('the load driver sent no window marks')
    const [[c0 = 0, p0 = 0], [c1 = 0, p1 = 0]] = await Promise.all([atStart, atEnd])
    const windowMicros = config.durationMs * 1000
    return {
      load,
      cpuPerIteration: load.completed === 0 ? Number.NaN : (c1 - c0) / load.completed,
      contestantCores: (c1 - c0) / windowMicros,
      providerCores: (p1 - p0) / windowMicros,
    }
  })
}

/** The median run by throughput; with an even count the lower of the two middle ones. */
function median(runs: readonly Run[]): Run | undefined {
  const sorted = [...runs].sort((a, b) => a.load.perSecond - b.load.perSecond)
  return sorted[Math.floor((sorted.length - 1) / 2)]
}

function middle(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN
}

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a')
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a')
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a')

function runLine(run: Run, settings: Settings): string {
  const l = run.load
  return (
    `${run.scenario.padEnd(5)} ${run.contestant.padEnd(7)} round ${run.round}: ` +
    `${f0(l.perSecond).padStart(7)} ${describe[run.scenario].unit}, p50 ${f2(l.p50)} ms, p99 ${f2(l.p99)} ms, ` +
    `${f0(run.cpuPerIteration)} µs CPU/iteration; cores: contestant ${f2(run.contestantCores)}, ` +
    `provider ${f2(run.providerCores)}, driver ${f2(l.driverCores)}` +
    (settings.profileDir === undefined ? '' : `; ${l.total} iterations in the whole run`) +
    (l.errors > 0 ? `; ${l.errors} ERRORS, first: ${l.firstError}` : '')
  )
}

function table(runs: readonly Run[], settings: Settings): string {
  const rows = [
    '| scenario | floor | library | library/floor | target | holds | per-round ratios | CPU µs/iteration floor / library | floor p50 / p99 (ms) | library p50 / p99 (ms) |',
    '| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: |',
  ]
  for (const scenario of settings.scenarios) {
    const { label, unit, target } = describe[scenario]
    const of = (c: Contestant) => runs.filter((r) => r.scenario === scenario && r.contestant === c)
    const floor = median(of('floor'))
    const lib = median(of('library'))
    const ratio = floor !== undefined && lib !== undefined ? lib.load.perSecond / floor.load.perSecond : Number.NaN
    // Floor and library of one round ran back to back, under much the same noise.
    const paired = of('library').flatMap((l) => {
      const f = of('floor').find((r) => r.round === l.round)
      return f === undefined ? [] : [l.load.perSecond / f.load.perSecond]
    })
    const cpu = (c: Contestant) => f0(middle(of(c).map((r) => r.cpuPerIteration)))
    const latency = (r: Run | undefined) => (r === undefined ? 'n/a' : `${f2(r.load.p50)} / ${f2(r.load.p99)}`)
    const rate = (r: Run | undefined) => (r === undefined ? 'n/a' : `${f0(r.load.perSecond)} ${unit}`)
    const holds = Number.isFinite(ratio) ? (ratio >= target ? 'yes' : '**no**') : 'n/a'
    rows.push(
      `| ${label} | ${rate(floor)} | ${rate(lib)} | ${f2(ratio)}× | ≥ ${target}× | ${holds} | ` +
        `${paired.map(f2).join(', ') || 'n/a'} | ${cpu('floor')} / ${cpu('library')} | ${latency(floor)} | ${latency(lib)} |`,
    )
  }
  return rows.join('\n')
}

function command(): string {
  const set = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_'))
    .sort()
    .map((k) => `${k}=${process.env[k]}`)
  return [...set, 'npm run bench'].join(' ')
}

async function main(): Promise<void> {
  const settings = readSettings()
  const started = Date.now()
  console.log(`# oauth-consumer benchmark\n`)
  console.log(`- date: ${new Date().toISOString()}`)
  console.log(`- nproc: ${availableParallelism()}`)
  console.log(`- node: ${process.version} (${process.platform} ${process.arch})`)
  console.log(`- command: \`${command()}\``)
  console.log(
    `- load: ${settings.connections} connections, closed loop, ${settings.warmupMs / 1000} s warm-up + ` +
      `${settings.durationMs / 1000} s measured, ${settings.rounds} round(s) per contestant, alternating; ` +
      'the median run of each contestant is compared\n',
  )

  const provider = await startProcess('mock-provider.js', [])
  const providerOrigin = `http://127.0.0.1:${provider.port}`
  const runs: Run[] = []
  try {
    for (const scenario of settings.scenarios) {
      for (let round = 1; round <= settings.rounds; round++) {
        for (const contestant of settings.contestants) {
          const execArgv =
            settings.profileDir === undefined
              ? []
              : [
                  '--cpu-prof',
                  `--cpu-prof-dir=${settings.profileDir}`,
                  `--cpu-prof-name=${contestant}-${scenario}-${round}.cpuprofile`,
                ]
          const app = await startProcess('contestants.js', [contestant, providerOrigin], execArgv)
          try {
            const config: LoadConfig = {
              origin: `http://127.0.0.1:${app.port}`,
              scenario,
              connections: settings.connections,
              warmupMs: settings.warmupMs,
              durationMs: settings.durationMs,
            }
            const run: Run = { scenario, contestant, round, ...(await measure(config, app.child, provider.child)) }
            runs.push(run)
            console.log(runLine(run, settings))
          } finally {
            await stopChild(app.child)
          }
        }
      }
    }
  } finally {
    await stopChild(provider.child)
  }

  console.log(`\n${table(runs, settings)}\n`)
  console.log(
    `Rates, ratio and latencies: the median run of each contestant (of ${settings.rounds}). Per-round ratios: ` +
      'library/floor of the two back-to-back runs of each round. CPU: user + system time of the contestant ' +
      'process per iteration over the measured window, median over rounds; one full login is two requests.\n',
  )
  console.log(`Total time: ${f1((Date.now() - started) / 1000)} s`)
  if (settings.profileDir !== undefined) console.log(`CPU profiles: ${settings.profileDir}`)
  const failed = runs.filter((r) => r.load.errors > 0)
  if (failed.length > 0) {
    console.error(`${failed.length} run(s) had errors: their figures are not comparable`)
    process.exitCode = 1
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
