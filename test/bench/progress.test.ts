import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatDuration, Progress, type ProgressStream } from '../../bench/progress.js'

/** A stand-in for stderr that keeps what is written, and a clock the test moves. */
function setup(tty: { isTTY: true; columns: number } | Record<string, never>) {
  const written: string[] = []
  const out: ProgressStream = { ...tty, write: (text: string) => written.push(text) }
  let now = 10_000
  return {
    written,
    out,
    clock: () => now,
    advance(ms: number) {
      now += ms
    },
  }
}

test('durations read as seconds, minutes and seconds, or hours and minutes', () => {
  assert.equal(formatDuration(0), '0s')
  assert.equal(formatDuration(41_600), '42s')
  assert.equal(formatDuration(185_000), '3m 05s')
  assert.equal(formatDuration(3_720_000), '1h 02m')
  assert.equal(formatDuration(-5), '0s')
})

test('off a terminal, each step is one plain line, its time left scaled by the pace so far', () => {
  const { written, out, clock, advance } = setup({})
  const progress = new Progress(out, 3000, clock)
  progress.begin('login · floor · round 1/2, slice 1/4', 1000)
  advance(2000)
  // The first step took twice its plan: the 2 s planned that are left should take 4 s.
  progress.begin('login · oauth-consumer · round 1/2, slice 1/4', 1000)
  advance(500)
  const results: string[] = []
  progress.around(() => results.push('login oauth-consumer round 1.1: 14,000 req/s'))
  progress.begin('sign · library · round 1/5', 1000)
  progress.end()
  assert.deepEqual(written, [
    'login · floor · round 1/2, slice 1/4 · 0s elapsed, about 3s left\n',
    'login · oauth-consumer · round 1/2, slice 1/4 · 2s elapsed, about 4s left\n',
    'sign · library · round 1/5 · 3s elapsed, about 1s left\n',
  ])
  assert.deepEqual(results, ['login oauth-consumer round 1.1: 14,000 req/s'])
})

test('on a terminal, one line is redrawn in place, cut to its width, and steps aside for results', () => {
  const { written, out, clock, advance } = setup({ isTTY: true, columns: 40 })
  const progress = new Progress(out, 2000, clock)
  progress.begin('api · floor · round 2/2', 1000)
  advance(1000)
  progress.begin('api · openid-client · round 2/2, slice 4/4', 1000)
  const order: string[] = []
  progress.around(() => order.push(`results after ${written.length} writes`))
  progress.end()
  // 39 characters: a line as wide as the terminal would wrap on some.
  assert.deepEqual(written, [
    '\r\x1b[2Kapi · floor · round 2/2 · 0s elapsed, …',
    '\r\x1b[2Kapi · openid-client · round 2/2, slice…',
    '\r\x1b[2K',
    '\r\x1b[2Kapi · openid-client · round 2/2, slice…',
    '\r\x1b[2K',
  ])
  for (const w of written) assert.ok(w.length - '\r\x1b[2K'.length <= 39, w)
  assert.deepEqual(order, ['results after 3 writes'])
  assert.ok(written.every((w) => !w.includes('\n')))
})

test('a terminal that gives no width gets lines of up to 119 characters', () => {
  const { written, out, clock } = setup({ isTTY: true, columns: 0 })
  const progress = new Progress(out, 1000, clock)
  const long = `flow · ${'openid-client '.repeat(10)}· round 1/2, slice 1/4`
  progress.begin(long, 1000)
  progress.end()
  assert.equal(written[0], `\r\x1b[2K${`${long} · 0s elapsed, about 1s left`.slice(0, 118)}…`)
})

test('the line says done and nothing is left once every step has ended', () => {
  const { out, clock, advance } = setup({})
  const progress = new Progress(out, 1000, clock)
  progress.begin('memory · floor · contestant 1/1', 1000)
  advance(1500)
  progress.end()
  assert.equal(progress.line(), 'done · 2s elapsed, about 0s left')
})
