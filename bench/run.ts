import type { ChildProcess } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ChartBar, type ChartData, type ChartPanel, performanceChart } from './chart.js'
import {
  type ChildMessage,
  type Contestant,
  contestants,
  cpuOf,
  floorOf,
  forkChild,
  isLibrary,
  isPeer,
  type LoadConfig,
  type LoadResult,
  loginPaths,
  type MemoryUsage,
  memoryOf,
  needsBenchPackages,
  nextMessage,
  onExpress,
  type SignResult,
  stopChild,
  waitReady,
} from './ipc.js'
import { Progress } from './progress.js'

/**
 * Runs the benchmark: a mock provider, then for each of (a) `login`, (b) `flow` and (c) `api`
 * rounds of fresh contestant processes (floor, library, the peers), each round measured in
 * short slices, one contestant after the other under a fresh load driver; then (e) `memory`,
 * each contestant once; then (d) `sign`, the signers in turn. It prints one line per run and
 * markdown tables to stdout, and its progress (step, elapsed, time left) to stderr. When it
 * writes the docs, it writes the tables into docs/performance.md between its markers, their
 * ratios as a chart into docs/images/performance.svg, and every run's raw figures into
 * bench/results.json, from which `BENCH_FROM_RESULTS=1` draws the tables and chart again
 * without measuring (after a change to how they are drawn).
 *
 * On a shared machine the CPU's own speed comes and goes within seconds, so only ratios between
 * runs made close together mean anything: within a slice the contestants run back to back (in
 * reverse order every other slice, so none always goes first), and every ratio is the median
 * over slices of a ratio between two runs of the same slice.
 *
 * Environment (all optional): BENCH_DURATION (s per slice, 1.5), BENCH_WARMUP (s, 2),
 * BENCH_CONNECTIONS (32), BENCH_ROUNDS (2), BENCH_SLICES (4), BENCH_SIGN_ROUNDS (5),
 * BENCH_SCENARIOS (login,flow,api,memory,sign), BENCH_CONTESTANTS (all), BENCH_MEMORY_LOGINS
 * (100000), BENCH_MEMORY_WARMUP (2000), BENCH_SIGN_DURATION (s, 2), BENCH_SIGNERS (all),
 * BENCH_CPU_PROF_DIR (a CPU profile of every contestant and signer process),
 * BENCH_WRITE_DOCS (1 or 0; by default the docs are written only by a complete, unprofiled run),
 * BENCH_FROM_RESULTS (1: no measuring; the report of bench/results.json, written as a run's).
 */

const steps = ['login', 'flow', 'api', 'memory', 'sign'] as const
type Step = (typeof steps)[number]
type Throughput = 'login' | 'flow' | 'api'
const throughputSteps: readonly Throughput[] = ['login', 'flow', 'api']

// The same list as peers/sign.ts, which the root build does not compile and so cannot be imported here.
const signers = ['library', 'oauth-1.0a', 'oauth-1.0a-csprng', 'oauth'] as const
type Signer = (typeof signers)[number]

/**
 * `target`: the library's least ratio to the floor; `getterTarget`: the same with a tokengetter
 * registered; `expressTarget`: the library on Express over the Express floor (issue 18).
 */
const describe: Record<
  Throughput,
  { label: string; unit: string; target: number; getterTarget: number; expressTarget: number }
> = {
  login: { label: '(a) GET /login', unit: 'req/s', target: 0.9, getterTarget: 0.95, expressTarget: 0.9 },
  flow: { label: '(b) full login', unit: 'logins/s', target: 0.85, getterTarget: 0.9, expressTarget: 0.9 },
  api: { label: '(c) protected API call', unit: 'req/s', target: 0.9, getterTarget: 0.95, expressTarget: 0.9 },
}

/** The peer the library on Express is held against: the one that runs on Express too. */
const EXPRESS_PEER = 'passport'

/** What each contestant is, for the tables. */
const labels: Record<Contestant, string> = {
  floor: 'floor',
  library: 'oauth-consumer',
  'library-getter': 'oauth-consumer, tokengetter',
  'library-request': 'oauth-consumer, tokengetter, { request }',
  'express-floor': 'Express floor',
  'express-library': 'oauth-consumer on Express',
  grant: 'grant',
  'fastify-oauth2': '@fastify/oauth2',
  'simple-oauth2': 'simple-oauth2',
  passport: 'passport-oauth2',
  'openid-client': 'openid-client',
}

/** Where each contestant keeps a login it started and has not finished. */
const pendingStore: Record<Contestant, string> = {
  floor: 'sealed cookie',
  library: 'sealed cookie',
  'library-getter': 'sealed cookie',
  'library-request': 'sealed cookie',
  'express-floor': 'sealed cookie',
  'express-library': 'sealed cookie',
  grant: 'server: @fastify/session MemoryStore',
  'fastify-oauth2': 'two plain cookies',
  'simple-oauth2': 'sealed cookie (by hand)',
  passport: 'server: express-session MemoryStore',
  'openid-client': 'sealed cookie (by hand)',
}

const signerLabels: Record<Signer, { label: string; nonce: string }> = {
  library: { label: 'oauth-consumer `createSigner`', nonce: 'CSPRNG, 18 bytes' },
  'oauth-1.0a': { label: 'oauth-1.0a `authorize` + `toHeader`', nonce: 'Math.random (its default)' },
  'oauth-1.0a-csprng': { label: 'oauth-1.0a, CSPRNG nonce', nonce: 'CSPRNG, 18 bytes' },
  oauth: { label: 'oauth `_prepareParameters` + header', nonce: 'Math.random (its only one)' },
}

/** Packages whose versions the report names. */
const versioned = [
  ['fastify', 'root'],
  ['undici', 'root'],
  ['oauth-1.0a', 'root'],
  ['grant', 'bench'],
  ['@fastify/session', 'bench'],
  ['@fastify/oauth2', 'bench'],
  ['simple-oauth2', 'bench'],
  ['passport', 'bench'],
  ['passport-oauth2', 'bench'],
  ['express', 'bench'],
  ['express-session', 'bench'],
  ['openid-client', 'bench'],
  ['oauth', 'bench'],
] as const

const SIGN_HEADING = '(d) OAuth 1.0a signing, in-process loop'
const START_MARK = '<!-- bench:results:start -->'
const END_MARK = '<!-- bench:results:end -->'

interface Settings {
  readonly durationMs: number
  readonly warmupMs: number
  readonly connections: number
  readonly rounds: number
  readonly slices: number
  readonly signRounds: number
  readonly steps: readonly Step[]
  readonly contestants: readonly Contestant[]
  readonly memoryLogins: number
  readonly memoryWarmup: number
  readonly signMs: number
  readonly signers: readonly Signer[]
  readonly profileDir: string | undefined
  readonly writeDocs: boolean
}

interface Run {
  readonly scenario: Throughput
  readonly contestant: Contestant
  readonly round: number
  readonly slice: number
  /** Which runs are compared with each other: those of the same round and slice. */
  readonly pair: number
  readonly load: LoadResult
  /** The contestant's CPU time per iteration, µs: less noisy than throughput on a shared machine. */
  readonly cpuPerIteration: number
  readonly contestantCores: number
  readonly providerCores: number
}

interface MemoryRun {
  readonly contestant: Contestant
  readonly before: MemoryUsage
  readonly after: MemoryUsage
  readonly load: LoadResult
}

interface SignRun {
  readonly signer: Signer
  readonly round: number
  readonly result: SignResult
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
  const profileDir = process.env.BENCH_CPU_PROF_DIR || undefined
  const chosen = {
    steps: listEnv('BENCH_SCENARIOS', steps),
    contestants: listEnv('BENCH_CONTESTANTS', contestants),
    signers: listEnv('BENCH_SIGNERS', signers),
  }
  const complete =
    chosen.steps.length === steps.length &&
    chosen.contestants.length === contestants.length &&
    chosen.signers.length === signers.length
  const write = process.env.BENCH_WRITE_DOCS
  return {
    durationMs: numberEnv('BENCH_DURATION', 1.5, 0.25, 600) * 1000,
    warmupMs: numberEnv('BENCH_WARMUP', 2, 0, 600) * 1000,
    connections: Math.round(numberEnv('BENCH_CONNECTIONS', 32, 1, 1024)),
    rounds: Math.round(numberEnv('BENCH_ROUNDS', 2, 1, 50)),
    slices: Math.round(numberEnv('BENCH_SLICES', 4, 1, 50)),
    signRounds: Math.round(numberEnv('BENCH_SIGN_ROUNDS', 5, 1, 50)),
    memoryLogins: Math.round(numberEnv('BENCH_MEMORY_LOGINS', 100_000, 100, 10_000_000)),
    memoryWarmup: Math.round(numberEnv('BENCH_MEMORY_WARMUP', 2000, 0, 1_000_000)),
    signMs: numberEnv('BENCH_SIGN_DURATION', 2, 0.1, 600) * 1000,
    profileDir,
    // A partial or profiled run must not replace the published table unless asked to.
    writeDocs: write === undefined || write === '' ? complete && profileDir === undefined : write === '1',
    ...chosen,
  }
}

const here = dirname(fileURLToPath(import.meta.url))
/** The repository: this file runs as dist/bench/run.js. */
const root = resolve(here, '..', '..')

/**
 * The peers are compiled into dist/bench/peers/ but installed in bench/node_modules/, which
 * Node's resolution does not look in from there: a link beside the compiled files points it there.
 */
function linkPeers(): void {
  const installed = join(root, 'bench', 'node_modules')
  if (!existsSync(installed)) throw new Error('the peers are not installed: run `npm --prefix bench install`')
  if (!existsSync(join(here, 'peers', 'sign.js'))) throw new Error('the peers are not built: run `tsc -p bench`')
  const link = join(here, 'node_modules')
  const present = (() => {
    try {
      return lstatSync(link).isSymbolicLink() || existsSync(link)
    } catch {
      return false
    }
  })()
  if (!present) symlinkSync(relative(here, installed), link, 'dir')
}

function versionOf(name: string, where: 'root' | 'bench'): string {
  const base = where === 'root' ? join(root, 'node_modules') : join(root, 'bench', 'node_modules')
  try {
    return (JSON.parse(readFileSync(join(base, name, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'not installed'
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

function profileArgs(settings: Settings, name: string): string[] {
  if (settings.profileDir === undefined) return []
  return ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
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
    const windowMicros = load.seconds * 1_000_000
    return {
      load,
      cpuPerIteration: load.completed === 0 ? Number.NaN : (c1 - c0) / load.completed,
      contestantCores: (c1 - c0) / windowMicros,
      providerCores: (p1 - p0) / windowMicros,
    }
  })
}

/** The median of `runs` by `key`; with an even count the lower of the two middle ones. */
function medianBy<T>(runs: readonly T[], key: (run: T) => number): T | undefined {
  const sorted = [...runs].sort((a, b) => key(a) - key(b))
  return sorted[Math.floor((sorted.length - 1) / 2)]
}

/** `lowest–highest`, or n/a. */
function range(values: readonly number[]): string {
  if (values.length === 0) return 'n/a'
  return `${f2(Math.min(...values))}–${f2(Math.max(...values))}`
}

/** The median; with an even count the mean of the two middle values. */
function middle(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const low = sorted[Math.floor((sorted.length - 1) / 2)]
  const high = sorted[Math.floor(sorted.length / 2)]
  return low === undefined || high === undefined ? Number.NaN : (low + high) / 2
}

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a')
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a')
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a')
const mb = (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1024 / 1024).toFixed(1) : 'n/a')

function runLine(run: Run): string {
  const l = run.load
  return (
    `${run.scenario.padEnd(5)} ${run.contestant.padEnd(15)} round ${run.round}.${run.slice}: ` +
    `${f0(l.perSecond).padStart(7)} ${describe[run.scenario].unit}, p50 ${f2(l.p50)} ms, p99 ${f2(l.p99)} ms, ` +
    `${f0(run.cpuPerIteration)} µs CPU/iteration; cores: contestant ${f2(run.contestantCores)}, ` +
    `provider ${f2(run.providerCores)}, driver ${f2(l.driverCores)}; ${l.total} iterations in the whole run` +
    (l.errors > 0 ? `; ${l.errors} ERRORS, first: ${l.firstError}` : '')
  )
}

/** Odd turns run the contestants in their order, even turns in reverse: no one always goes first. */
function inTurn<T>(items: readonly T[], turn: number): readonly T[] {
  return turn % 2 === 1 ? items : [...items].reverse()
}

interface Summary {
  readonly rate: number
  /** The median over slices of this contestant's run over the floor's run of the same slice. */
  readonly ratio: number
  readonly paired: readonly number[]
  readonly cpu: number
  readonly cpuRatio: number
  readonly run: Run | undefined
}

function runsOf(runs: readonly Run[], scenario: Throughput, contestant: Contestant): Run[] {
  return runs.filter((r) => r.scenario === scenario && r.contestant === contestant)
}

/** Each of `mine` over the run of `theirs` of the same slice, by `key`, in order. */
function pairedRatios(mine: readonly Run[], theirs: readonly Run[], key: (run: Run) => number): number[] {
  return mine.flatMap((r) => {
    const other = theirs.find((x) => x.pair === r.pair)
    return other === undefined ? [] : [key(r) / key(other)]
  })
}

/** `contestant`'s rate and CPU, and their ratios to `base`'s (by default its own framework's floor). */
function summarize(
  runs: readonly Run[],
  scenario: Throughput,
  contestant: Contestant,
  base: Contestant = floorOf(contestant),
): Summary {
  const mine = runsOf(runs, scenario, contestant)
  const floor = runsOf(runs, scenario, base)
  const run = medianBy(mine, (r) => r.load.perSecond)
  // A contestant's run and the floor's of the same slice ran seconds apart, under much the same
  // noise; runs of different slices may not have.
  const paired = pairedRatios(mine, floor, (r) => r.load.perSecond)
  return {
    rate: run?.load.perSecond ?? Number.NaN,
    ratio: middle(paired),
    paired,
    cpu: middle(mine.map((r) => r.cpuPerIteration)),
    cpuRatio: middle(pairedRatios(mine, floor, (r) => r.cpuPerIteration)),
    run,
  }
}

/** How far oauth-consumer (`library`) is ahead of a peer: the median over slices of its rate over the peer's. */
function aheadOf(
  runs: readonly Run[],
  scenario: Throughput,
  peer: Contestant,
  library: Contestant = 'library',
): { ratio: number; paired: number[] } {
  const paired = pairedRatios(runsOf(runs, scenario, library), runsOf(runs, scenario, peer), (r) => r.load.perSecond)
  return { ratio: middle(paired), paired }
}

/** One table of (a)–(c): its heading, the contestant its ratios are over and that one's name, its rows. */
interface Table {
  readonly scenario: Throughput
  readonly title: string
  readonly base: Contestant
  readonly baseline: string
  readonly rows: readonly Contestant[]
}

/**
 * The tables of a run: each scenario over the fastify floor, with every contestant but those on
 * Express; then, when the run has any, each scenario over the Express floor, with the Express
 * contestants and passport-oauth2, the peer that runs on Express (in both, over each floor). A
 * run of the Express contestants and passport alone has only the Express tables.
 */
function tablesOf(settings: Settings): Table[] {
  const throughputs = throughputSteps.filter((s) => settings.steps.includes(s))
  const hasExpress = settings.contestants.some((c) => onExpress.includes(c))
  const fastify = settings.contestants.filter((c) => !onExpress.includes(c))
  const express = settings.contestants.filter((c) => onExpress.includes(c) || c === EXPRESS_PEER)
  const fastifyTables = fastify.some((c) => c !== EXPRESS_PEER) || (!hasExpress && fastify.length > 0)
  return [
    ...(fastifyTables ? throughputs : []).map(
      (scenario): Table => ({
        scenario,
        title: describe[scenario].label,
        base: 'floor',
        baseline: labels.floor,
        rows: fastify,
      }),
    ),
    ...(hasExpress ? throughputs : []).map(
      (scenario): Table => ({
        scenario,
        title: `${describe[scenario].label} on Express`,
        base: 'express-floor',
        baseline: labels['express-floor'],
        rows: express,
      }),
    ),
  ]
}

function throughputTables(runs: readonly Run[], settings: Settings): string[] {
  const out: string[] = []
  for (const { scenario, title, baseline, base, rows } of tablesOf(settings)) {
    const { unit } = describe[scenario]
    out.push(
      `#### ${title}\n`,
      `| contestant | ${unit} | × ${baseline} | range over slices | CPU µs/iteration | CPU × ${baseline} | p50 / p99 (ms) |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    )
    for (const c of rows) {
      const s = summarize(runs, scenario, c, base)
      const latency = s.run === undefined ? 'n/a' : `${f2(s.run.load.p50)} / ${f2(s.run.load.p99)}`
      const name = isLibrary(c) ? `**${labels[c]}**` : labels[c]
      out.push(
        `| ${name} | ${f0(s.rate)} | ${f2(s.ratio)}× | ${range(s.paired)} | ${f0(s.cpu)} | ` +
          `${f2(s.cpuRatio)}× | ${latency} |`,
      )
    }
    out.push('')
  }
  return out
}

function memoryTable(runs: readonly MemoryRun[], settings: Settings): string[] {
  if (runs.length === 0) return []
  const out = [
    `#### (e) memory: ${f0(settings.memoryLogins)} logins started, none finished\n`,
    '| contestant | pending logins kept in | RSS growth (MB) | bytes/login (RSS) | heap + external growth (MB) | bytes/login (heap) | young generation (MB) | logins/s while filling |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const r of runs) {
    const logins = r.load.total
    const rss = r.after.rss - r.before.rss
    const heap = r.after.heapUsed + r.after.external - (r.before.heapUsed + r.before.external)
    const name = isLibrary(r.contestant) ? `**${labels[r.contestant]}**` : labels[r.contestant]
    out.push(
      `| ${name} | ${pendingStore[r.contestant]} | ${mb(rss)} | ${f0(rss / logins)} | ${mb(heap)} | ` +
        `${f0(heap / logins)} | ${mb(r.before.youngGeneration)} → ${mb(r.after.youngGeneration)} | ${f0(r.load.perSecond)} |`,
    )
  }
  out.push('')
  return out
}

interface SignSummary {
  readonly rate: number
  readonly ratio: number
  readonly cpu: number
  readonly paired: readonly number[]
}

/** `signer`'s rate, and its ratio to `base` round by round (median and each). */
function summarizeSign(runs: readonly SignRun[], signer: Signer, base: Signer = 'oauth-1.0a'): SignSummary {
  const mine = runs.filter((r) => r.signer === signer)
  const theirs = runs.filter((r) => r.signer === base)
  const run = medianBy(mine, (r) => r.result.perSecond)
  const paired = mine.flatMap((r) => {
    const b = theirs.find((x) => x.round === r.round)
    return b === undefined ? [] : [r.result.perSecond / b.result.perSecond]
  })
  return {
    rate: run?.result.perSecond ?? Number.NaN,
    ratio: middle(paired),
    cpu: middle(mine.map((r) => r.result.cpuMicros / r.result.signatures)),
    paired,
  }
}

function signTable(runs: readonly SignRun[], settings: Settings): string[] {
  if (runs.length === 0) return []
  const out = [
    `#### ${SIGN_HEADING}\n`,
    '| signer | nonce | signatures/s | × bare oauth-1.0a | range over rounds | CPU µs/signature |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ]
  for (const signer of settings.signers) {
    const s = summarizeSign(runs, signer)
    const { label, nonce } = signerLabels[signer]
    const name = signer === 'library' ? `**${label}**` : label
    out.push(`| ${name} | ${nonce} | ${f0(s.rate)} | ${f2(s.ratio)}× | ${range(s.paired)} | ${f2(s.cpu)} |`)
  }
  out.push('')
  return out
}

function floorRow(target: string, s: Summary, least: number, floor = 'floor'): string {
  const holds = Number.isFinite(s.ratio) ? (s.ratio >= least ? 'yes' : '**no**') : 'n/a'
  return (
    `| ${target} | ${f2(s.ratio)}× (${range(s.paired)} over ${s.paired.length} slices; ` +
    `CPU ${f2(s.cpuRatio)}× the ${floor}'s) | ${holds} |`
  )
}

function targetsTable(
  runs: readonly Run[],
  memory: readonly MemoryRun[],
  signs: readonly SignRun[],
  settings: Settings,
): string[] {
  const rows: string[] = ['#### Targets\n', '| target | measured | holds |', '| --- | --- | :---: |']
  const yes = (ok: boolean | undefined) => (ok === undefined ? 'n/a' : ok ? 'yes' : '**no**')
  const peers = settings.contestants.filter((c) => isPeer(c))
  for (const scenario of throughputSteps.filter((s) => settings.steps.includes(s))) {
    // The closest peer is the one oauth-consumer is least far ahead of, slice by slice.
    let closest: { c: Contestant; ahead: { ratio: number; paired: number[] } } | undefined
    for (const c of peers) {
      const ahead = aheadOf(runs, scenario, c)
      if (closest === undefined || ahead.ratio < closest.ahead.ratio) closest = { c, ahead }
    }
    if (closest !== undefined && settings.contestants.includes('library')) {
      const { ratio, paired } = closest.ahead
      rows.push(
        `| ${describe[scenario].label}: oauth-consumer ahead of every peer | ${f2(ratio)}× the closest peer, ` +
          `${labels[closest.c]} (${range(paired)} over ${paired.length} slices) | ${yes(Number.isFinite(ratio) ? ratio > 1 : undefined)} |`,
      )
    }
    if (settings.contestants.includes('library')) {
      const { label, target } = describe[scenario]
      rows.push(floorRow(`${label}: ≥ ${target}× the floor`, summarize(runs, scenario, 'library'), target))
    }
    if (settings.contestants.includes('library-getter')) {
      const { label, getterTarget } = describe[scenario]
      const getter = summarize(runs, scenario, 'library-getter')
      rows.push(floorRow(`${label}, tokengetter registered: ≥ ${getterTarget}× the floor`, getter, getterTarget))
    }
    if (settings.contestants.includes('library-request')) {
      const { label, getterTarget } = describe[scenario]
      const explicit = summarize(runs, scenario, 'library-request')
      rows.push(
        floorRow(
          `${label}, tokengetter registered, requestContext: false: ≥ ${getterTarget}× the floor`,
          explicit,
          getterTarget,
        ),
      )
    }
    if (settings.contestants.includes('express-library')) {
      const { label, expressTarget } = describe[scenario]
      if (settings.contestants.includes(EXPRESS_PEER)) {
        const { ratio, paired } = aheadOf(runs, scenario, EXPRESS_PEER, 'express-library')
        rows.push(
          `| ${label}, on Express: oauth-consumer ahead of ${labels[EXPRESS_PEER]} | ${f2(ratio)}× ` +
            `(${range(paired)} over ${paired.length} slices) | ${yes(Number.isFinite(ratio) ? ratio > 1 : undefined)} |`,
        )
      }
      const express = summarize(runs, scenario, 'express-library')
      rows.push(
        floorRow(
          `${label}, on Express: ≥ ${expressTarget}× the Express floor`,
          express,
          expressTarget,
          'Express floor',
        ),
      )
    }
  }
  if (signs.length > 0) {
    const bare = summarizeSign(signs, 'library').ratio
    const fair = summarizeSign(signs, 'library', 'oauth-1.0a-csprng').ratio
    rows.push(
      `| (d) signing ≥ 1.0× bare oauth-1.0a (its default nonce) | ${f2(bare)}× (${f2(fair)}× with a CSPRNG nonce) | ` +
        `${yes(Number.isFinite(bare) ? bare >= 1 : undefined)} |`,
    )
  }
  const libMemory = memory.find((m) => m.contestant === 'library')
  if (libMemory !== undefined) {
    const growth = libMemory.after.rss - libMemory.before.rss
    rows.push(
      `| (e) < 10 MB RSS growth for ${f0(libMemory.load.total)} pending logins | ${mb(growth)} MB | ` +
        `${yes(growth < 10 * 1024 * 1024)} |`,
    )
  }
  rows.push('')
  return rows
}

function command(): string {
  const set = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_'))
    .sort()
    .map((k) => `${k}=${process.env[k]}`)
  return [...set, 'npm run bench'].join(' ')
}

/** Where and how a run was made, taken as it starts and ends. */
interface Context {
  readonly date: string
  readonly seconds: number
  readonly loadBefore: readonly number[]
  readonly loadAfter: readonly number[]
  readonly cpus: number
  /** `v20.20.2 (linux x64)` */
  readonly node: string
  readonly command: string
  readonly versions: string
}

/** Everything a run measured, and where: what bench/results.json holds. */
interface Results {
  readonly format: typeof RESULTS_FORMAT
  readonly settings: Settings
  readonly context: Context
  readonly runs: readonly Run[]
  readonly memory: readonly MemoryRun[]
  readonly signs: readonly SignRun[]
}

const RESULTS_FORMAT = 1

function report({ settings, context, runs, memory, signs }: Results): string {
  const load = (l: readonly number[]) => l.map(f2).join(', ')
  return [
    `- date: ${context.date}`,
    `- machine: ${context.cpus} CPUs (nproc), Node ${context.node}; ` +
      `load average (1, 5, 15 min) ${load(context.loadBefore)} at the start, ${load(context.loadAfter)} at the end`,
    `- command: \`${context.command}\``,
    `- versions: ${context.versions}`,
    `- load: ${settings.connections} connections, closed loop; ${settings.rounds} round(s) of fresh processes, ` +
      `each measured in ${settings.slices} slices of ${settings.durationMs / 1000} s, contestants back to back in ` +
      `each slice, after ${settings.warmupMs / 1000} s of warm-up in the first slice and ` +
      `${SLICE_WARMUP_MS / 1000} s in the others; ` +
      `memory: ${f0(settings.memoryWarmup)} logins to warm up, then ${f0(settings.memoryLogins)}; signing: ` +
      `${settings.signMs / 1000} s per signer and round, ${settings.signRounds} rounds`,
    `- total time: ${f1(context.seconds)} s`,
    '',
    ...targetsTable(runs, memory, signs, settings),
    ...throughputTables(runs, settings),
    ...signTable(signs, settings),
    ...memoryTable(memory, settings),
    `Rates and latencies: the median run of each contestant (of ${settings.rounds * settings.slices}). × floor: ` +
      "the median over slices of the contestant's run over the floor's run of the same slice (the Express " +
      "floor's in the tables on Express); the range gives " +
      'the lowest and highest of those. CPU: user + system time of the contestant process per iteration over the ' +
      'measured window (median over runs; × floor likewise paired by slice). Ahead of a peer: the median over ' +
      "slices of oauth-consumer's rate over the peer's in the same slice. Signing: the median over rounds of each " +
      "signer's rate over bare oauth-1.0a's in the same round. One " +
      'full login is two requests to the app (three for grant, whose callback redirects to the route that reads ' +
      'its session) and one to the token endpoint. Memory: after full garbage collections, before and after the ' +
      'logins; bytes/login divides the growth by the logins started.',
  ].join('\n')
}

/** The chart's panels: the ratio column of every table that has one, row by row, from the same summaries. */
function chartData({ settings, context, runs, signs }: Results): ChartData {
  const panels: ChartPanel[] = tablesOf(settings).map(({ scenario, title, base, baseline, rows }) => ({
    title,
    baseline,
    bars: rows.map(
      (c): ChartBar => ({
        label: labels[c],
        ratio: summarize(runs, scenario, c, base).ratio,
        kind: c === base ? 'baseline' : isLibrary(c) ? 'library' : 'peer',
      }),
    ),
  }))
  if (signs.length > 0) {
    panels.push({
      title: SIGN_HEADING,
      baseline: 'bare oauth-1.0a',
      bars: settings.signers.map(
        (signer): ChartBar => ({
          label: signerLabels[signer].label.replaceAll('`', ''),
          ratio: summarizeSign(signs, signer).ratio,
          kind: signer === 'oauth-1.0a' ? 'baseline' : signer === 'library' ? 'library' : 'peer',
        }),
      ),
    })
  }
  return {
    title: 'oauth-consumer beside the hand-written floor and its peers',
    // The load average tells a reader how far to trust the run: a busy machine widens every ratio's spread.
    subtitle:
      `Measured ${context.date.slice(0, 10)} by npm run bench: ${context.cpus} CPUs, Node ${context.node}, ` +
      `load average ${f2(context.loadBefore[0] ?? Number.NaN)} at the start, ${f2(context.loadAfter[0] ?? Number.NaN)} at the end`,
    panels,
  }
}

/** One run per line: the file diffs by run, not by figure. */
function resultsJson(results: Results): string {
  const list = (items: readonly unknown[]) =>
    items.length === 0 ? '[]' : `[\n${items.map((i) => `    ${JSON.stringify(i)}`).join(',\n')}\n  ]`
  return [
    '{',
    `  "format": ${results.format},`,
    `  "settings": ${JSON.stringify(results.settings)},`,
    `  "context": ${JSON.stringify(results.context)},`,
    `  "runs": ${list(results.runs)},`,
    `  "memory": ${list(results.memory)},`,
    `  "signs": ${list(results.signs)}`,
    '}',
    '',
  ].join('\n')
}

function readResults(file: string): Results {
  // JSON writes NaN, a figure not measured, as null; no field of a run is null otherwise.
  const results = JSON.parse(readFileSync(file, 'utf8'), (_key, value) =>
    value === null ? Number.NaN : value,
  ) as Results
  if (results.format !== RESULTS_FORMAT) {
    throw new Error(`${file}: format ${results.format}, expected ${RESULTS_FORMAT}`)
  }
  return results
}

const RESULTS_FILE = join(root, 'bench', 'results.json')
const CHART_FILE = join(root, 'docs', 'images', 'performance.svg')

/** The tables into docs/performance.md, the chart beside it, and the raw figures into bench/results.json. */
function writeDocs(results: Results, section: string, chart: string): void {
  const file = join(root, 'docs', 'performance.md')
  const text = readFileSync(file, 'utf8')
  const start = text.indexOf(START_MARK)
  const end = text.indexOf(END_MARK)
  if (start === -1 || end < start) throw new Error(`docs/performance.md has no ${START_MARK} … ${END_MARK} section`)
  writeFileSync(file, `${text.slice(0, start + START_MARK.length)}\n${section}\n${text.slice(end)}`)
  mkdirSync(dirname(CHART_FILE), { recursive: true })
  writeFileSync(CHART_FILE, chart)
  writeFileSync(RESULTS_FILE, resultsJson(results))
}

/** Load before each later slice of a round: new connections, the contestant already warm. */
const SLICE_WARMUP_MS = 250

/** Planned time of a step the progress cannot see inside: a process started and stopped. */
const PROCESS_MS = 400
/** Logins per second a memory run is planned at: the peers' pace, most of the run's time. */
const MEMORY_PLAN_RATE = 8000

/** How long each part of a run should take, for the progress's time left. */
function planned(settings: Settings) {
  const slice = (first: boolean) => (first ? settings.warmupMs : SLICE_WARMUP_MS) + settings.durationMs + PROCESS_MS
  const signWarmupMs = Math.min(1000, settings.signMs / 4)
  return {
    slice,
    start: settings.contestants.length * PROCESS_MS,
    memory: PROCESS_MS * 3 + ((settings.memoryWarmup + settings.memoryLogins) / MEMORY_PLAN_RATE) * 1000,
    sign: signWarmupMs + settings.signMs + PROCESS_MS,
    total: (() => {
      const throughputs = throughputSteps.filter((s) => settings.steps.includes(s)).length
      const perRound =
        settings.contestants.length * PROCESS_MS +
        settings.contestants.length * (slice(true) + (settings.slices - 1) * slice(false))
      const memory = settings.steps.includes('memory')
        ? settings.contestants.length *
          (PROCESS_MS * 3 + ((settings.memoryWarmup + settings.memoryLogins) / MEMORY_PLAN_RATE) * 1000)
        : 0
      const sign = settings.steps.includes('sign')
        ? settings.signRounds * settings.signers.length * (signWarmupMs + settings.signMs + PROCESS_MS)
        : 0
      return throughputs * settings.rounds * perRound + memory + sign
    })(),
  }
}

async function throughput(
  settings: Settings,
  providerOrigin: string,
  provider: ChildProcess,
  progress: Progress,
): Promise<Run[]> {
  const runs: Run[] = []
  const plan = planned(settings)
  for (const scenario of throughputSteps.filter((s) => settings.steps.includes(s))) {
    for (let round = 1; round <= settings.rounds; round++) {
      const roundText = `round ${round}/${settings.rounds}`
      progress.begin(`${scenario} · starting ${settings.contestants.length} contestants · ${roundText}`, plan.start)
      // Every contestant of the round is started before the first slice; an idle one costs nothing.
      const apps = new Map<Contestant, Awaited<ReturnType<typeof startProcess>>>()
      try {
        for (const contestant of settings.contestants) {
          const execArgv = profileArgs(settings, `${contestant}-${scenario}-${round}`)
          apps.set(contestant, await startProcess('contestants.js', [contestant, providerOrigin], execArgv))
        }
        for (let slice = 1; slice <= settings.slices; slice++) {
          const pair = (round - 1) * settings.slices + slice
          for (const contestant of inTurn(settings.contestants, pair)) {
            const app = apps.get(contestant)
            if (app === undefined) continue
            progress.begin(
              `${scenario} · ${contestant} · ${roundText}, slice ${slice}/${settings.slices}`,
              plan.slice(slice === 1),
            )
            const config: LoadConfig = {
              origin: `http://127.0.0.1:${app.port}`,
              scenario,
              loginPath: loginPaths[contestant],
              connections: settings.connections,
              warmupMs: slice === 1 ? settings.warmupMs : SLICE_WARMUP_MS,
              durationMs: settings.durationMs,
            }
            const run: Run = {
              scenario,
              contestant,
              round,
              slice,
              pair,
              ...(await measure(config, app.child, provider)),
            }
            runs.push(run)
            progress.around(() => console.log(runLine(run)))
          }
        }
      } finally {
        await Promise.all([...apps.values()].map((app) => stopChild(app.child)))
      }
    }
  }
  return runs
}

/**
 * `--expose-gc` to collect before reading memory. The young generation is fixed at V8's default
 * maximum: left free, V8 doubles it (16 to 32 MB committed) at a moment of its own choosing in some
 * runs and not others, which moves RSS by some 14 MB that no pending login is kept in.
 */
const MEMORY_FLAGS = ['--expose-gc', '--min-semi-space-size=16', '--max-semi-space-size=16']

async function memory(
  settings: Settings,
  providerOrigin: string,
  provider: ChildProcess,
  progress: Progress,
): Promise<MemoryRun[]> {
  const runs: MemoryRun[] = []
  const plan = planned(settings)
  for (const [i, contestant] of settings.contestants.entries()) {
    progress.begin(`memory · ${contestant} · contestant ${i + 1}/${settings.contestants.length}`, plan.memory)
    const app = await startProcess('contestants.js', [contestant, providerOrigin], MEMORY_FLAGS)
    try {
      const base = {
        origin: `http://127.0.0.1:${app.port}`,
        scenario: 'pending',
        loginPath: loginPaths[contestant],
        connections: settings.connections,
        warmupMs: 0,
        // A bound, not a target: the run ends when its logins are started.
        durationMs: 600_000,
      } as const
      if (settings.memoryWarmup > 0) await measure({ ...base, count: settings.memoryWarmup }, app.child, provider)
      const before = await memoryOf(app.child)
      const { load } = await measure({ ...base, count: settings.memoryLogins }, app.child, provider)
      const after = await memoryOf(app.child)
      const run: MemoryRun = { contestant, before, after, load }
      runs.push(run)
      progress.around(() =>
        console.log(
          `memory ${contestant.padEnd(14)}: ${load.total} logins at ${f0(load.perSecond)}/s; RSS ${mb(before.rss)} → ` +
            `${mb(after.rss)} MB, heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB, external ` +
            `${mb(before.external)} → ${mb(after.external)} MB, young generation ${mb(before.youngGeneration)} → ` +
            `${mb(after.youngGeneration)} MB` +
            (after.collected ? '' : ' (NOT collected first)') +
            (load.errors > 0 ? `; ${load.errors} ERRORS, first: ${load.firstError}` : ''),
        ),
      )
    } finally {
      await stopChild(app.child)
    }
  }
  return runs
}

async function signing(settings: Settings, progress: Progress): Promise<SignRun[]> {
  const runs: SignRun[] = []
  const warmupMs = Math.min(1000, settings.signMs / 4)
  const plan = planned(settings)
  for (let round = 1; round <= settings.signRounds; round++) {
    for (const signer of inTurn(settings.signers, round)) {
      progress.begin(`sign · ${signer} · round ${round}/${settings.signRounds}`, plan.sign)
      const execArgv = profileArgs(settings, `sign-${signer}-${round}`)
      const child = forkChild('peers/sign.js', [signer, String(warmupMs), String(settings.signMs)], execArgv)
      try {
        const message = await nextMessage(
          child,
          (m): m is Extract<ChildMessage, { type: 'signed' }> => m.type === 'signed',
          warmupMs + settings.signMs + 30_000,
        )
        runs.push({ signer, round, result: message.result })
        const r = message.result
        progress.around(() =>
          console.log(
            `sign  ${signer.padEnd(17)} round ${round}: ${f0(r.perSecond)} signatures/s, ` +
              `${f2(r.cpuMicros / r.signatures)} µs CPU/signature`,
          ),
        )
      } finally {
        await stopChild(child)
      }
    }
  }
  return runs
}

async function measureAll(settings: Settings): Promise<Results> {
  const started = Date.now()
  const date = new Date().toISOString()
  const loadBefore = loadavg()
  console.log('# oauth-consumer benchmark\n')
  console.log(`- date: ${date}; nproc ${availableParallelism()}; node ${process.version}`)
  console.log(`- load average: ${loadBefore.map(f2).join(', ')}`)
  console.log(`- command: \`${command()}\`\n`)
  if (settings.contestants.some(needsBenchPackages) || settings.steps.includes('sign')) linkPeers()

  const progress = new Progress(process.stderr, planned(settings).total)
  let runs: Run[] = []
  let memoryRuns: MemoryRun[] = []
  let signs: SignRun[] = []
  try {
    const provider = await startProcess('mock-provider.js', [])
    const providerOrigin = `http://127.0.0.1:${provider.port}`
    try {
      runs = await throughput(settings, providerOrigin, provider.child, progress)
      if (settings.steps.includes('memory')) {
        memoryRuns = await memory(settings, providerOrigin, provider.child, progress)
      }
    } finally {
      await stopChild(provider.child)
    }
    if (settings.steps.includes('sign')) signs = await signing(settings, progress)
  } finally {
    progress.end()
  }
  const context: Context = {
    date,
    seconds: (Date.now() - started) / 1000,
    loadBefore,
    loadAfter: loadavg(),
    cpus: availableParallelism(),
    node: `${process.version} (${process.platform} ${process.arch})`,
    command: command(),
    versions: versioned.map(([name, where]) => `${name} ${versionOf(name, where)}`).join(', '),
  }
  return { format: RESULTS_FORMAT, settings, context, runs, memory: memoryRuns, signs }
}

async function main(): Promise<void> {
  const again = process.env.BENCH_FROM_RESULTS === '1'
  const results = again ? readResults(RESULTS_FILE) : await measureAll(readSettings())
  const section = report(results)
  console.log(`\n${section}\n`)
  if (results.settings.profileDir !== undefined) console.log(`CPU profiles: ${results.settings.profileDir}`)
  const failed = [...results.runs.map((r) => r.load), ...results.memory.map((r) => r.load)].filter((l) => l.errors > 0)
  if (failed.length > 0) {
    console.error(`${failed.length} run(s) had errors: their figures are not comparable; docs not written`)
    process.exitCode = 1
  } else if (again || results.settings.writeDocs) {
    writeDocs(results, section, performanceChart(chartData(results)))
    console.log('Results written to docs/performance.md, docs/images/performance.svg and bench/results.json')
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
