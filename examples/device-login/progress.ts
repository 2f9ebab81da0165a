/** What the CLI shows while it polls: a spinner on a terminal, one plain line anywhere else. */

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
/** Erases the current line and returns to its start (ANSI "erase in line"). */
const CLEAR_LINE = '\r\x1b[2K'

/** The stream the progress is written to; `isTTY` decides between a spinner and a line. */
export interface ProgressStream {
  readonly isTTY?: boolean
  write(text: string): unknown
}

/** A progress display; `stop()` erases the spinner, so what follows starts on a clean line. */
export interface Progress {
  stop(): void
}

/**
 * Shows that the CLI is waiting until `expiresAt` (ms since the epoch). On a terminal, a spinner
 * redrawn with the time left; otherwise one line, so logs and tests read plain text.
 */
export function showProgress(stream: ProgressStream, message: string, expiresAt: number): Progress {
  if (stream.isTTY !== true) {
    stream.write(`${message}…\n`)
    return { stop: () => undefined }
  }
  let frame = 0
  const draw = () => {
    const left = Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000))
    const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`
    stream.write(`${CLEAR_LINE}${FRAMES[frame++ % FRAMES.length]} ${message} · the code expires in ${clock}`)
  }
  draw()
  const timer = setInterval(draw, 80)
  return {
    stop() {
      clearInterval(timer)
      stream.write(CLEAR_LINE)
    },
  }
}
