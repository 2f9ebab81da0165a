/**
 * Where a benchmark run has got to, on stderr so it never mixes into the results on stdout. On a
 * terminal it is one line redrawn in place (and every second, so the clock moves during a long
 * step); elsewhere, as in a CI log, one plain line per step.
 *
 * The time left is the planned time of the steps not yet done, scaled by how the steps done so
 * far compared with their plan: process starts and slow spells the plan cannot know stretch it.
 */

/** A stream the progress goes to: `process.stderr`, or a test's stand-in. */
export interface ProgressStream {
  write(text: string): unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

/**
 * Minutes and seconds, or hours and minutes past an hour.
 *
 * @param ms - a duration
 * @returns `42s`, `3m 05s`, `1h 02m`
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`
}

/**
 * A run's progress: `begin` each step with its planned time, print results through `around`,
 * and `end` once.
 *
 * @example
 * ```ts
 * const progress = new Progress(process.stderr, 60_000)
 * progress.begin('login · floor · round 1/2, slice 1/4', 3_900)
 * progress.around(() => console.log('login floor round 1.1: 14,871 req/s'))
 * progress.end()
 * ```
 */
export class Progress {
  readonly #out: ProgressStream
  readonly #now: () => number
  readonly #plannedMs: number
  readonly #started: number
  /** The planned time of the steps finished. */
  #doneMs = 0
  #step: { text: string; plannedMs: number; began: number } | undefined
  #timer: ReturnType<typeof setInterval> | undefined
  #shown = false

  /**
   * @param out - where to write: stderr
   * @param plannedMs - the planned time of all the steps together
   * @param now - the clock, in ms
   */
  constructor(out: ProgressStream, plannedMs: number, now: () => number = Date.now) {
    this.#out = out
    this.#plannedMs = plannedMs
    this.#now = now
    this.#started = now()
  }

  /**
   * Ends the current step and starts the next.
   *
   * @param text - what runs now: scenario, contestant, round
   * @param plannedMs - how long it should take
   */
  begin(text: string, plannedMs: number): void {
    this.#finishStep()
    this.#step = { text, plannedMs, began: this.#now() }
    if (this.#out.isTTY === true) {
      this.#draw()
      if (this.#timer === undefined) {
        this.#timer = setInterval(() => this.#draw(), 1000)
        this.#timer.unref()
      }
    } else {
      this.#out.write(`${this.line()}\n`)
    }
  }

  /**
   * Runs `write` (which prints results to stdout) with the progress line out of its way.
   *
   * @param write - what prints
   */
  around(write: () => void): void {
    const shown = this.#shown
    if (shown) this.#clear()
    write()
    if (shown) this.#draw()
  }

  /** Ends the last step and takes the line off the terminal. */
  end(): void {
    this.#finishStep()
    this.#step = undefined
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    if (this.#shown) this.#clear()
  }

  /**
   * The progress as one line.
   *
   * @returns `login · oauth-consumer · round 1/2 · 1m 12s elapsed, about 9m 40s left`
   */
  line(): string {
    const now = this.#now()
    const elapsed = now - this.#started
    const step = this.#step
    const inStep = step === undefined ? 0 : Math.min(now - step.began, step.plannedMs)
    // Steps done took `elapsed - (now - began)` for `doneMs` planned: the pace so far.
    const spent = step === undefined ? elapsed : elapsed - (now - step.began)
    const pace = this.#doneMs > 0 && spent > 0 ? spent / this.#doneMs : 1
    const left = Math.max(0, (this.#plannedMs - this.#doneMs - inStep) * pace)
    const what = step === undefined ? 'done' : step.text
    return `${what} · ${formatDuration(elapsed)} elapsed, about ${formatDuration(left)} left`
  }

  #finishStep(): void {
    if (this.#step !== undefined) this.#doneMs += this.#step.plannedMs
  }

  #draw(): void {
    if (this.#step === undefined) return
    // A pseudo-terminal without a size says 0 columns: take a common width then.
    const columns = this.#out.columns !== undefined && this.#out.columns > 0 ? this.#out.columns : 120
    const width = Math.max(20, columns - 1)
    const text = this.line()
    this.#out.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`)
    this.#shown = true
  }

  #clear(): void {
    this.#out.write('\r\x1b[2K')
    this.#shown = false
  }
}
