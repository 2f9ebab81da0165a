import type { Readable } from 'node:stream'
import { Agent, type Dispatcher } from 'undici'
import { OAuthError, OAuthErrorCode, OAuthNetworkError } from './errors.js'

/** Response headers with lower-case names, as undici gives them. */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>

export interface HttpRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Record<string, string>
  readonly body?: string | Buffer | undefined
  /** ms for the whole call, headers and body. */
  readonly timeout: number
  /** Bytes accepted; the body is cut off past it. */
  readonly maxSize: number
  readonly dispatcher: Dispatcher
  /** What the error message calls the endpoint ("token endpoint", "API"). */
  readonly what: string
}

export interface HttpResponse {
  readonly status: number
  readonly headers: ResponseHeaders
  readonly body: Buffer
}

export interface HttpStream {
  readonly status: number
  readonly headers: ResponseHeaders
  readonly body: Readable
}

/**
 * One agent for the process keeps one keep-alive pool per origin, so every app that talks to
 * api.github.com shares its connections.
 */
let sharedAgent: Agent | undefined
export function defaultDispatcher(): Dispatcher {
  sharedAgent ??= new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 128 })
  return sharedAgent
}

/** Sends a request and buffers the answer, within `timeout` and `maxSize`. Never follows redirects. */
export async function send(req: HttpRequest): Promise<HttpResponse> {
  const deadline = new Deadline(req.timeout)
  try {
    const res = await dispatch(req, deadline)
    const declared = Number(res.headers['content-length'])
    if (declared > req.maxSize) {
      discard(res.body)
      throw tooLarge(req)
    }
    const body = await readBody(res.body, req)
    return { status: res.statusCode, headers: res.headers, body }
  } catch (error) {
    throw toOAuthError(error, req, deadline.aborted)
  } finally {
    deadline.clear()
  }
}

/**
 * Sends a request and resolves as soon as the headers arrive; the body is the caller's to read
 * and is not size-limited. The timeout covers the wait for the headers only.
 */
export async function sendStreaming(req: HttpRequest): Promise<HttpStream> {
  const deadline = new Deadline(req.timeout)
  try {
    const res = await dispatch(req, deadline)
    // The stream is the caller's from here: the deadline covered the wait for the headers.
    deadline.release()
    return { status: res.statusCode, headers: res.headers, body: res.body }
  } catch (error) {
    throw toOAuthError(error, req, deadline.aborted)
  } finally {
    deadline.clear()
  }
}

/**
 * The abort signal of one call, as the minimal emitter undici accepts. An AbortController costs
 * more than the rest of a keep-alive call's own work; this is a timer and one listener.
 */
class Deadline {
  aborted = false
  reason: Error | undefined
  #listener: (() => void) | undefined
  #timer: NodeJS.Timeout

  constructor(ms: number) {
    this.#timer = setTimeout(() => {
      this.aborted = true
      this.reason = new Error('deadline passed')
      this.#listener?.()
    }, ms)
  }

  on(_event: 'abort', listener: () => void): this {
    this.#listener = listener
    return this
  }

  once(event: 'abort', listener: () => void): this {
    return this.on(event, listener)
  }

  removeListener(): this {
    this.#listener = undefined
    return this
  }

  /** Lets the body outlive the deadline (streaming): the listener is dropped, so nothing fires. */
  release(): void {
    this.#listener = undefined
  }

  clear(): void {
    clearTimeout(this.#timer)
  }
}

/** Origin and path of the URLs an app calls again and again (they are resolved once and shared). */
const targets = new WeakMap<URL, { readonly origin: string; readonly path: string; readonly href: string }>()

function target(url: URL): { origin: string; path: string } {
  let known = targets.get(url)
  // A URL object can be changed after it was seen: the href says whether it was.
  if (known === undefined || known.href !== url.href) {
    known = { origin: url.origin, path: `${url.pathname}${url.search}`, href: url.href }
    targets.set(url, known)
  }
  return known
}

function dispatch(req: HttpRequest, signal: Deadline) {
  // The dispatcher itself, not undici's top-level request(): the URL is parsed once, here.
  const { origin, path } = target(req.url)
  return req.dispatcher.request({
    origin,
    path,
    method: req.method as Dispatcher.HttpMethod,
    headers: req.headers,
    body: req.body ?? null,
    signal,
  })
}

function readBody(stream: Readable, req: HttpRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > req.maxSize) {
        discard(stream)
        reject(tooLarge(req))
        return
      }
      chunks.push(chunk)
    })
    stream.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)))
    stream.on('error', reject)
  })
}

/** Drops a body unread. The stream may still report its abort: that must not become an uncaught error. */
function discard(stream: Readable): void {
  stream.on('error', () => {})
  stream.destroy()
}

function tooLarge(req: HttpRequest): OAuthError {
  return new OAuthNetworkError(
    OAuthErrorCode.RESPONSE_TOO_LARGE,
    `The ${req.what} at ${req.url.origin} sent more than ${req.maxSize} bytes`,
  )
}

function toOAuthError(error: unknown, req: HttpRequest, timedOut: boolean): OAuthError {
  if (error instanceof OAuthError) return error
  const where = `${req.what} at ${req.url.origin}`
  if (timedOut) {
    return new OAuthNetworkError(OAuthErrorCode.TIMEOUT, `The ${where} did not answer within ${req.timeout} ms`, {
      cause: error,
    })
  }
  const code = (error as { code?: unknown } | null)?.code
  const detail = typeof code === 'string' ? ` (${code})` : ''
  return new OAuthNetworkError(OAuthErrorCode.NETWORK_ERROR, `Could not reach the ${where}${detail}`, {
    cause: error,
  })
}
