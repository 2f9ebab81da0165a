import type { Readable } from 'node:stream'
import { Agent, type Dispatcher } from 'undici'
import { OAuthError, OAuthErrorCode, OAuthNetworkError } from './errors.js'
import type { ResponseHeaders } from './response.js'

export type { Dispatcher } from 'undici'

/** What every remote call of an app takes from its settings. */
export interface HttpSettings {
  readonly timeout: number
  readonly userAgent: string
  /** The app's dispatcher; the shared keep-alive agent when absent. */
  readonly dispatcher: Dispatcher | undefined
}

export interface HttpRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Record<string, string>
  readonly body?: string | Buffer | undefined
  /** ms for the whole call, headers and body. */
  readonly timeout: number
  /** Bytes accepted; the body is cut off past it. */
  readonly maxSize: number
  /** The shared keep-alive agent when absent. */
  readonly dispatcher?: Dispatcher | undefined
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

/** The headers every remote call starts from: what it accepts, and the app's User-Agent. */
export function defaultHeaders(settings: Pick<HttpSettings, 'userAgent'>, accept: string): Record<string, string> {
  return { accept, 'user-agent': settings.userAgent }
}

/**
 * A call to one of the provider's OAuth endpoints (token, request-token, discovery, key set,
 * revocation): the app's timeout, User-Agent and dispatcher, the endpoint's media types.
 */
export function callEndpoint(
  settings: HttpSettings,
  call: {
    readonly method: string
    readonly url: URL
    readonly accept: string
    readonly contentType?: string | undefined
    readonly headers?: Readonly<Record<string, string>>
    readonly body?: string | undefined
    readonly maxSize: number
    readonly what: string
  },
): Promise<HttpResponse> {
  const headers = defaultHeaders(settings, call.accept)
  if (call.headers !== undefined) Object.assign(headers, call.headers)
  if (call.contentType !== undefined) headers['content-type'] = call.contentType
  return send({
    method: call.method,
    url: call.url,
    headers,
    body: call.body,
    timeout: settings.timeout,
    maxSize: call.maxSize,
    dispatcher: settings.dispatcher,
    what: call.what,
  })
}

/**
 * Sends a request and buffers the answer, within `timeout` and `maxSize`. Never follows redirects.
 *
 * The answer is collected by a dispatch handler rather than through undici's `request()`, which
 * makes a readable stream per answer only for it to be read back into one buffer: on a
 * keep-alive call that stream costs more than everything else the library does around it.
 */
export function send(req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => new BufferingHandler(req, resolve, reject).start())
}

/** Collects one answer; settles once, on the answer, an error, too many bytes or the deadline. */
class BufferingHandler implements Dispatcher.DispatchHandler {
  readonly #req: HttpRequest
  readonly #resolve: (res: HttpResponse) => void
  readonly #reject: (error: OAuthError) => void
  #timer: NodeJS.Timeout | undefined
  #controller: Dispatcher.DispatchController | undefined
  #settled = false
  #status = 0
  #headers: ResponseHeaders = {}
  #chunks: Buffer[] = []
  #size = 0

  constructor(req: HttpRequest, resolve: (res: HttpResponse) => void, reject: (error: OAuthError) => void) {
    this.#req = req
    this.#resolve = resolve
    this.#reject = reject
  }

  start(): void {
    const req = this.#req
    this.#timer = setTimeout(() => this.#fail(timedOut(req)), req.timeout)
    const { origin, path } = target(req.url)
    const options = {
      origin,
      path,
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body ?? null,
    }
    try {
      ;(req.dispatcher ?? defaultDispatcher()).dispatch(options, this)
    } catch (error) {
      // undici reports its own errors to the handler; another dispatcher may throw.
      this.#fail(error)
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // A request can be started again on a fresh connection: the latest controller is the live one.
    this.#controller = controller
    if (this.#settled) controller.abort(new Error('The call was given up before it started'))
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: ResponseHeaders): void {
    // A 1xx answer (103 Early Hints) comes before the real one.
    if (status < 200) return
    if (Number(headers['content-length']) > this.#req.maxSize) {
      this.#fail(tooLarge(this.#req))
      return
    }
    this.#status = status
    this.#headers = headers
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return
    this.#size += chunk.length
    if (this.#size > this.#req.maxSize) this.#fail(tooLarge(this.#req))
    else this.#chunks.push(chunk)
  }

  onResponseEnd(): void {
    if (this.#settled) return
    this.#settled = true
    clearTimeout(this.#timer)
    const chunks = this.#chunks
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.#size)
    this.#resolve({ status: this.#status, headers: this.#headers, body })
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#fail(error)
  }

  /** Settles with an error and stops the call; what undici reports after that is no news. */
  #fail(error: unknown): void {
    if (this.#settled) return
    this.#settled = true
    clearTimeout(this.#timer)
    this.#chunks = []
    const failure = toOAuthError(error, this.#req, false)
    this.#reject(failure)
    const controller = this.#controller
    if (controller !== undefined && !controller.aborted) controller.abort(failure)
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
  return (req.dispatcher ?? defaultDispatcher()).request({
    origin,
    path,
    method: req.method as Dispatcher.HttpMethod,
    headers: req.headers,
    body: req.body ?? null,
    signal,
  })
}

function tooLarge(req: HttpRequest): OAuthError {
  return new OAuthNetworkError(
    OAuthErrorCode.RESPONSE_TOO_LARGE,
    `The ${req.what} sent more than ${req.maxSize} bytes`,
    { endpoint: req.url.origin },
  )
}

function timedOut(req: HttpRequest, cause?: unknown): OAuthError {
  return new OAuthNetworkError(OAuthErrorCode.TIMEOUT, `The ${req.what} did not answer within ${req.timeout} ms`, {
    cause,
    endpoint: req.url.origin,
  })
}

function toOAuthError(error: unknown, req: HttpRequest, deadlinePassed: boolean): OAuthError {
  if (error instanceof OAuthError) return error
  if (deadlinePassed) return timedOut(req, error)
  const code = (error as { code?: unknown } | null)?.code
  const detail = typeof code === 'string' ? ` (${code})` : ''
  return new OAuthNetworkError(OAuthErrorCode.NETWORK_ERROR, `Could not reach the ${req.what}${detail}`, {
    cause: error,
    endpoint: req.url.origin,
  })
}
