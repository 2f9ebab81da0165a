/**
 * Debian's `redis-server` for the Redis tests, started on a free loopback port with persistence
 * off and stopped by the test that started it. On a machine without it the Redis tests skip,
 * saying how to install it; in CI (`CI=true`, or OAUTH_CONSUMER_REQUIRE_REDIS=1, which .ci/run
 * sets and which installs it) a missing server fails the test instead.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import type { TestContext } from 'node:test'
import { freePort } from 'oauth-consumer/testing'

// Debian's package puts the server here.
const REDIS_SERVER = '/usr/bin/redis-server'

/** Whether the Redis tests can run here. */
export const redisServerInstalled = existsSync(REDIS_SERVER)

/**
 * True when the test can start Redis. Otherwise it fails the test where Redis is required (CI),
 * and skips it with the install command elsewhere.
 */
export function needRedis(t: TestContext): boolean {
  if (redisServerInstalled) return true
  if (process.env.CI === 'true' || process.env.OAUTH_CONSUMER_REQUIRE_REDIS === '1') {
    assert.fail(`redis-server is required in CI but ${REDIS_SERVER} does not exist (apt-get install -y redis-server)`)
  }
  t.skip('redis-server is not installed: apt-get install -y redis-server')
  return false
}

/** A Redis server of the test's own. */
export interface RedisServer {
  readonly port: number
  /** Stops the server (SIGTERM), waiting for it to exit; the port stays the test's for `start()`. */
  stop(): Promise<void>
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
}

/** Starts `redis-server` on a free 127.0.0.1 port, no persistence, stopped in `t.after`. */
export async function startRedis(t: TestContext): Promise<RedisServer> {
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async () => {
    const started = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = started
    let output = ''
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    await waitForPort(port, started, () => output)
  }
  const stop = async () => {
    const running = child
    child = undefined
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGTERM')
    await exited
  }
  await start()
  t.after(stop)
  return { port, stop, start }
}

/** Resolves once Redis answers PING on `port`; rejects if the server exits first or takes 10 s. */
async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const { connect } = await import('node:net')
  const until = Date.now() + 10_000
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${output()}`)
    const answered = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.setTimeout(500)
      socket.once('connect', () => socket.write('PING\r\n'))
      socket.once('data', (data) => {
        socket.destroy()
        resolve(data.toString('utf8').startsWith('+PONG'))
      })
      socket.once('error', () => resolve(false))
      socket.once('timeout', () => {
        socket.destroy()
        resolve(false)
      })
    })
    if (answered) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`redis-server did not answer on port ${port} within 10 s: ${output()}`)
}
