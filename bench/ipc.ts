import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { getHeapSpaceStatistics } from 'node:v8'

/**
 * How the benchmark's processes talk: every server child (mock provider, contestant) reports
 * its port once listening, answers CPU-usage and memory probes, and exits cleanly on `stop` (a
 * clean exit is what makes `--cpu-prof` write its profile). The load driver reports its window
 * and result; a signing loop reports its result.
 */
export type ChildMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'cpu'; readonly id: number; readonly micros: number }
  | { readonly type: 'memory'; readonly id: number; readonly usage: MemoryUsage }
  | { readonly type: 'window-start' }
  | { readonly type: 'window-end' }
  | { readonly type: 'result'; readonly result: LoadResult }
  | { readonly type: 'signed'; readonly result: SignResult }
  | { readonly type: 'failed'; readonly message: string }

export type ParentMessage =
  | { readonly type: 'stop' }
  | { readonly type: 'cpu'; readonly id: number }
  | { readonly type: 'memory'; readonly id: number }

/** Bytes, after full garbage collections when the child runs with `--expose-gc`. */
export interface MemoryUsage {
  readonly rss: number
  readonly heapUsed: number
  /** C++ objects bound to JS and array buffers (Buffers live here). */
  readonly external: number
  /** V8's young generation as committed: RSS that V8 resizes by its own heuristics, not by what is kept. */
  readonly youngGeneration: number
  /** False when the child could not collect first: its figures then include garbage. */
  readonly collected: boolean
}

/** One signing loop's outcome: signatures made in the measured window, and the CPU they took. */
export interface SignResult {
  readonly signatures: number
  readonly seconds: number
  readonly perSecond: number
  /** User + system CPU of the process over the window, µs. */
  readonly cpuMicros: number
}

/** The tokens the mock provider issues and the contestants present. */
export const ACCESS_TOKEN = 'bench-access-token-0123456789abcdef'
export const REFRESH_TOKEN = 'bench-refresh-token-0123456789abcdef'

/**
 * The apps under load. `floor` and the library's three (`library` passes the token to each API
 * call; `library-getter` registers a tokengetter, as most apps do, and calls without one, the
 * request bound implicitly; `library-request` registers one too, turns the implicit binding off
 * and passes `{ request }`) are in contestants.ts; `express-floor` and `express-library`, the
 * same floor and library on Express, in express/; the peers in peers/. The last two are built by
 * bench/tsconfig.json against the packages of bench/package.json.
 */
export const contestants = [
  'floor',
  'library',
  'library-getter',
  'library-request',
  'express-floor',
  'express-library',
  'grant',
  'fastify-oauth2',
  'simple-oauth2',
  'passport',
  'openid-client',
] as const
export type Contestant = (typeof contestants)[number]
const own: readonly Contestant[] = [
  'floor',
  'library',
  'library-getter',
  'library-request',
  'express-floor',
  'express-library',
]
export type Peer = Exclude<
  Contestant,
  'floor' | 'library' | 'library-getter' | 'library-request' | 'express-floor' | 'express-library'
>

export function isPeer(name: string): name is Peer {
  return contestants.includes(name as Contestant) && !own.includes(name as Contestant)
}

/** The library's contestants: on fastify with and without a tokengetter registered, and on Express. */
export function isLibrary(
  name: Contestant,
): name is 'library' | 'library-getter' | 'library-request' | 'express-library' {
  return name === 'library' || name === 'library-getter' || name === 'library-request' || name === 'express-library'
}

/** The contestants that serve on Express rather than fastify, measured against their own floor. */
export const onExpress: readonly Contestant[] = ['express-floor', 'express-library']

/**
 * The floor a contestant's ratios are over: the Express floor for the library on Express, the
 * fastify floor for every other (passport-oauth2 included, as the published tables have it).
 */
export function floorOf(name: Contestant): 'floor' | 'express-floor' {
  return onExpress.includes(name) ? 'express-floor' : 'floor'
}

/** Whether a contestant's module is built by bench/tsconfig.json and needs bench/node_modules at run time. */
export function needsBenchPackages(name: Contestant): boolean {
  return isPeer(name) || onExpress.includes(name)
}

/** Where a login starts: every contestant serves `/login` but grant, whose routes are its own. */
export const loginPaths: Readonly<Record<Contestant, string>> = {
  floor: '/login',
  library: '/login',
  'library-getter': '/login',
  'library-request': '/login',
  'express-floor': '/login',
  'express-library': '/login',
  grant: '/connect/bench',
  'fastify-oauth2': '/login',
  'simple-oauth2': '/login',
  passport: '/login',
  'openid-client': '/login',
}

/**
 * What the load driver does. `login`, `flow` and `api` are closed loops bounded by time;
 * `pending` starts `count` logins from as many fresh browsers and finishes none of them.
 */
export type Scenario = 'login' | 'flow' | 'api' | 'pending'
export const scenarios: readonly Scenario[] = ['login', 'flow', 'api', 'pending']

export interface LoadConfig {
  readonly origin: string
  readonly scenario: Scenario
  readonly loginPath: string
  readonly connections: number
  readonly warmupMs: number
  /** For `pending`, the longest the run may take; it ends as soon as `count` logins are started. */
  readonly durationMs: number
  /** `pending` only: how many logins to start. */
  readonly count?: number
}

export interface LoadResult {
  /** Iterations completed inside the measured window (one iteration of `flow` is two requests). */
  readonly completed: number
  /** Iterations completed over the whole run, warm-up included (what a profile of the run covers). */
  readonly total: number
  readonly seconds: number
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  readonly firstError: string | undefined
  /** The driver's own CPU use over the window, in cores: near 1 means the driver is the bottleneck. */
  readonly driverCores: number
}

function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

/** A compiled sibling of this file, so the children run the same build as the parent. */
export function sibling(file: string): string {
  return fileURLToPath(new URL(file, import.meta.url))
}

export function forkChild(file: string, args: readonly string[], execArgv: readonly string[] = []): ChildProcess {
  // No inherited stdin; stdout and stderr stay visible so a crashing child explains itself.
  return fork(sibling(file), [...args], { execArgv: [...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
}

/** The next message of `child` that `pick` accepts, or a rejection after `timeoutMs` or if the child exits. */
export function nextMessage<T extends ChildMessage>(
  child: ChildProcess,
  pick: (message: ChildMessage) => message is T,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isChildMessage(message)) return
      if (message.type === 'failed') {
        done()
        reject(new Error(`child ${child.pid} failed: ${message.message}`))
      } else if (pick(message)) {
        done()
        resolve(message)
      }
    }
    const onExit = (code: number | null) => {
      done()
      reject(new Error(`child ${child.pid} exited (${code}) before answering`))
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`child ${child.pid} did not answer within ${timeoutMs} ms`))
    }, timeoutMs)
    const done = () => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
  })
}

export async function waitReady(child: ChildProcess): Promise<number> {
  const ready = await nextMessage(
    child,
    (m): m is Extract<ChildMessage, { type: 'ready' }> => m.type === 'ready',
    15_000,
  )
  return ready.port
}

let probes = 0

/** The child's memory after full garbage collections (it must run with `--expose-gc` for those). */
export async function memoryOf(child: ChildProcess): Promise<MemoryUsage> {
  const id = ++probes
  const answer = nextMessage(
    child,
    (m): m is Extract<ChildMessage, { type: 'memory' }> => m.type === 'memory' && m.id === id,
    30_000,
  )
  child.send({ type: 'memory', id } satisfies ParentMessage)
  return (await answer).usage
}

/** CPU time (user + system, µs) the child has used so far. */
export async function cpuOf(child: ChildProcess): Promise<number> {
  const id = ++probes
  const answer = nextMessage(
    child,
    (m): m is Extract<ChildMessage, { type: 'cpu' }> => m.type === 'cpu' && m.id === id,
    5_000,
  )
  child.send({ type: 'cpu', id } satisfies ParentMessage)
  return (await answer).micros
}

/** Asks the child to exit and waits; kills it (by its own handle) if it does not within 10 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // The child may be exiting on its own: a stop it can no longer receive is not an error.
  if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage, () => {})
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** The child side: reports the port, answers CPU probes, and runs `close` then exits on `stop`. */
export function serveParent(port: number, close: () => Promise<void>): void {
  const send = (message: ChildMessage) => process.send?.(message)
  let closing = false
  const exit = () => {
    if (closing) return
    closing = true
    close().finally(() => process.exit(0))
  }
  process.on('message', (message: unknown) => {
    const m = message as ParentMessage
    if (m.type === 'cpu') {
      const usage = process.cpuUsage()
      send({ type: 'cpu', id: m.id, micros: usage.user + usage.system })
    } else if (m.type === 'memory') {
      collectGarbage().then((collected) => {
        const usage = process.memoryUsage()
        const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0
        send({
          type: 'memory',
          id: m.id,
          usage: {
            rss: usage.rss,
            heapUsed: usage.heapUsed,
            external: usage.external,
            youngGeneration: young,
            collected,
          },
        })
      })
    } else if (m.type === 'stop') {
      exit()
    }
  })
  // An orphaned child (the parent crashed) must not linger.
  process.on('disconnect', exit)
  send({ type: 'ready', port })
}

/**
 * Full collections with pauses between them, so sockets closed by the last requests are freed
 * and their finalizers run before memory is read. False without `--expose-gc`.
 */
async function collectGarbage(): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) return false
  for (let i = 0; i < 4; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return true
}

/** The child side of a fatal start-up error: tell the parent, then exit non-zero. */
export function failToParent(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
  console.error(message)
  // Exit only once the message is out, or the parent would see a bare exit.
  if (process.send === undefined) process.exit(1)
  process.send({ type: 'failed', message } satisfies ChildMessage, () => process.exit(1))
}
