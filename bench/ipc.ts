import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * How the benchmark's processes talk: every server child (mock provider, contestant) reports
 * its port once listening, answers CPU-usage probes, and exits cleanly on `stop` (a clean exit
 * is what makes `--cpu-prof` write its profile). The load driver reports its window and result.
 */
export type ChildMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'cpu'; readonly id: number; readonly micros: number }
  | { readonly type: 'window-start' }
  | { readonly type: 'window-end' }
  | { readonly type: 'result'; readonly result: LoadResult }
  | { readonly type: 'failed'; readonly message: string }

export type ParentMessage = { readonly type: 'stop' } | { readonly type: 'cpu'; readonly id: number }

/** The tokens the mock provider issues and the contestants present. */
export const ACCESS_TOKEN = 'bench-access-token-0123456789abcdef'
export const REFRESH_TOKEN = 'bench-refresh-token-0123456789abcdef'

export type Scenario = 'login' | 'flow' | 'api'
export const scenarios: readonly Scenario[] = ['login', 'flow', 'api']

export interface LoadConfig {
  readonly origin: string
  readonly scenario: Scenario
  readonly connections: number
  readonly warmupMs: number
  readonly durationMs: number
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
  if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage)
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
    } else if (m.type === 'stop') {
      exit()
    }
  })
  // An orphaned child (the parent crashed) must not linger.
  process.on('disconnect', exit)
  send({ type: 'ready', port })
}

/** The child side of a fatal start-up error: tell the parent, then exit non-zero. */
export function failToParent(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
  console.error(message)
  // Exit only once the message is out, or the parent would see a bare exit.
  if (process.send === undefined) process.exit(1)
  process.send({ type: 'failed', message } satisfies ChildMessage, () => process.exit(1))
}
