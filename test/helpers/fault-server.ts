/**
 * A small node:http server that answers each path with a handler the test chooses: a
 * misbehaving token endpoint, or an API that echoes what it was sent. Every request is
 * recorded with its body, so tests can show what was (or was not) sent.
 */
import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createGunzip, createGzip } from 'node:zlib'

export interface RecordedRequest {
  readonly method: string
  /** The request target as received: path and query. */
  readonly url: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
  /** The urlencoded body as parameters. */
  readonly form: URLSearchParams
}

export type Handler = (req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest) => void | Promise<void>

export interface FaultServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string
  readonly requests: RecordedRequest[]
  /** The requests received on one path. */
  to(path: string): RecordedRequest[]
  /**
   * The connections open now, and how many of them are busy: carrying a request whose answer
   * the server has not finished sending. An idle keep-alive connection is open but not busy.
   */
  connections(): { readonly open: number; readonly busy: number }
  close(): Promise<void>
}

export async function startFaultServer(handlers: Readonly<Record<string, Handler>>): Promise<FaultServer> {
  const requests: RecordedRequest[] = []
  const open = new Set<Socket>()
  const busy = new Set<Socket>()
  const server = createServer(async (req, res) => {
    // A client that gives up (timeouts, size limits) resets the socket mid-write; that is the point.
    res.on('error', () => {})
    const socket = req.socket
    // A socket already gone can never be answered, so it is not counted as waiting for one.
    if (!socket.destroyed) busy.add(socket)
    res.on('finish', () => busy.delete(socket))
    const chunks: Buffer[] = []
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
    const body = Buffer.concat(chunks)
    const target = new URL(req.url ?? '/', 'http://127.0.0.1')
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      path: target.pathname,
      query: target.searchParams,
      headers: req.headers,
      body,
      form: new URLSearchParams(body.toString('utf8')),
    }
    requests.push(recorded)
    const handler = handlers[target.pathname]
    if (handler === undefined) {
      send(res, 404, 'text/plain', `no handler for ${target.pathname}`)
      return
    }
    try {
      await handler(req, res, recorded)
    } catch (error) {
      if (!res.headersSent) send(res, 500, 'text/plain', String(error))
      else res.destroy()
    }
  })
  server.on('clientError', (_error, socket) => socket.destroy())
  server.on('connection', (socket: Socket) => {
    open.add(socket)
    socket.on('close', () => {
      open.delete(socket)
      busy.delete(socket)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    to: (path) => requests.filter((r) => r.path === path),
    connections: () => ({ open: open.size, busy: busy.size }),
    close: () =>
      new Promise<void>((resolve) => {
        // Handlers that never answer keep their connections open; close() would wait for them.
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string | undefined,
  body: string | Buffer,
  headers: Record<string, string | string[]> = {},
): void {
  const all: Record<string, string | string[] | number> = { ...headers, 'content-length': Buffer.byteLength(body) }
  if (contentType !== undefined) all['content-type'] = contentType
  res.writeHead(status, all)
  res.end(body)
}

export function sendJson(res: ServerResponse, status: number, value: unknown, contentType = 'application/json'): void {
  send(res, status, contentType, JSON.stringify(value))
}

/** Writes `total` bytes in chunks without a Content-Length, stopping when the client goes away. */
export async function sendChunked(res: ServerResponse, contentType: string, total: number): Promise<void> {
  res.writeHead(200, { 'content-type': contentType })
  const chunk = Buffer.alloc(64 * 1024, 'a')
  for (let sent = 0; sent < total && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done)
          res.off('close', done)
          resolve()
        }
        res.on('drain', done)
        res.on('close', done)
      })
    }
  }
  if (!res.destroyed) res.end()
}

/** A token the happy-path handlers hand out. */
export const GOOD_TOKEN = {
  access_token: 'at-0123456789',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'rt-0123456789',
  scope: 'read write',
}

/** Just over the 1 MiB every token-endpoint answer is capped at. */
export const OVER_TOKEN_LIMIT = 1024 * 1024 + 1

/**
 * One misbehaving token endpoint per path. `redirectTo` is where `/redirect` sends the
 * client, a server that must never be reached.
 */
export function tokenFaultHandlers(redirectTo: string): Record<string, Handler> {
  return {
    '/html-500': (_req, res) =>
      send(res, 500, 'text/html; charset=utf-8', '<!doctype html><h1>Internal Server Error</h1><p>Sorry.</p>'),
    '/html-200': (_req, res) => send(res, 200, 'text/html', '<html><body>Sign in to continue</body></html>'),
    '/invalid-json': (_req, res) => send(res, 200, 'application/json', '{"access_token": "abc", '),
    '/no-access-token': (_req, res) => sendJson(res, 200, { token_type: 'bearer', expires_in: 3600 }),
    '/error-in-200': (_req, res) =>
      sendJson(res, 200, {
        error: 'invalid_grant',
        error_description: 'The authorization code has expired',
        error_uri: 'https://provider.example/docs/errors#invalid_grant',
      }),
    '/error-400': (_req, res) => sendJson(res, 400, { error: 'invalid_client', error_description: 'Unknown client' }),
    '/github-error': (_req, res) =>
      send(
        res,
        200,
        'text/plain; charset=utf-8',
        'error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps',
      ),
    '/no-answer': () => {
      // Never answers: the client's timeout has to end the call.
    },
    '/reset': (req) => {
      req.socket.destroy()
    },
    '/too-large-declared': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(OVER_TOKEN_LIMIT) })
      res.write('{"access_token":"')
      // The declared length alone is enough to refuse; the body never has to arrive.
    },
    '/too-large-declared-sent': (_req, res) =>
      send(res, 200, 'application/json', `{"access_token":"${'a'.repeat(OVER_TOKEN_LIMIT)}"}`),
    '/too-large-chunked': (_req, res) => sendChunked(res, 'application/json', 2 * 1024 * 1024),
    '/redirect': (_req, res) => send(res, 307, 'text/plain', 'moved', { location: `${redirectTo}/token` }),
    '/crlf-token': (_req, res) =>
      sendJson(res, 200, { access_token: 'abc\r\nSet-Cookie: session=stolen', token_type: 'bearer' }),
    '/mac-token': (_req, res) => sendJson(res, 200, { access_token: 'abc', token_type: 'mac', mac_key: 'k' }),
    '/bad-expires-in': (_req, res) =>
      sendJson(res, 200, { access_token: 'abc', token_type: 'bearer', expires_in: 'tomorrow' }),
    '/proto': (_req, res) =>
      send(
        res,
        200,
        'application/json',
        '{"access_token":"abc","token_type":"bearer","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
      ),
    '/github-success': (_req, res) =>
      send(
        res,
        200,
        'application/x-www-form-urlencoded; charset=utf-8',
        'access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer',
      ),
    '/json-success': (_req, res) => sendJson(res, 200, GOOD_TOKEN),
  }
}

/**
 * The ways a provider fails at any remote step, one handler each. Most mangle, cut or mislabel
 * the answer the step should get (`ProperAnswer`).
 */
export const PROVIDER_FAULTS = [
  'html-500',
  'invalid-json',
  'wrong-type',
  'empty-200',
  'empty-500',
  'slow-drip',
  'stalled-body',
  'no-answer',
  'reset-headers',
  'reset-body',
  'endless-body',
  'gzip-bomb',
] as const

export type ProviderFault = (typeof PROVIDER_FAULTS)[number]

/** What an endpoint answers when it works: the body and its content type. */
export interface ProperAnswer {
  readonly contentType: string
  readonly body: string | Buffer
}

/** How often the slow drip sends its next byte. */
const DRIP_INTERVAL_MS = 50
/** A drip that nobody stops ends here, so a leaked client cannot keep the server busy forever. */
const DRIP_LIMIT_MS = 20_000

/**
 * The handler of one fault. `bomb` is the gzip bomb (`gzipBomb()`), served as is with
 * `content-encoding: gzip` whatever the client asked for.
 */
export function providerFaultHandler(fault: ProviderFault, proper: ProperAnswer, bomb: Buffer): Handler {
  const body = Buffer.from(proper.body)
  switch (fault) {
    case 'html-500':
      return (_req, res) =>
        send(
          res,
          500,
          'text/html; charset=utf-8',
          '<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>' +
            '<body><h1>Internal Server Error</h1><p>The server encountered an unexpected condition.</p></body></html>',
        )
    case 'invalid-json':
      return (_req, res) => send(res, 200, 'application/json', '{"access_token": "abc", ')
    case 'wrong-type':
      return (_req, res) => send(res, 200, 'image/png', body)
    case 'empty-200':
      return (_req, res) => send(res, 200, proper.contentType, '')
    case 'empty-500':
      return (_req, res) => send(res, 500, undefined, '')
    case 'slow-drip':
      // One byte at a time, chunked, for longer than any client timeout of these tests.
      return (_req, res) => {
        res.writeHead(200, { 'content-type': proper.contentType })
        // The headers go out now; only the body drips.
        res.flushHeaders()
        const started = Date.now()
        let sent = 0
        const timer = setInterval(() => {
          if (Date.now() - started > DRIP_LIMIT_MS) {
            clearInterval(timer)
            res.end()
            return
          }
          res.write(body.subarray(sent % body.length, (sent % body.length) + 1))
          sent++
        }, DRIP_INTERVAL_MS)
        res.on('close', () => clearInterval(timer))
      }
    case 'stalled-body':
      // The headers promise more than is ever sent.
      return (_req, res) => {
        res.writeHead(200, { 'content-type': proper.contentType, 'content-length': body.length + 4096 })
        res.write(body.subarray(0, 8))
      }
    case 'no-answer':
      return () => {}
    case 'reset-headers':
      // Half a status line and header block, then the connection is torn down.
      return (req) => {
        const socket = req.socket
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: ${proper.contentType.slice(0, 6)}`, () => socket.destroy())
      }
    case 'reset-body':
      return (_req, res) => {
        res.writeHead(200, { 'content-type': proper.contentType, 'content-length': body.length + 4096 })
        res.write(body.subarray(0, 8), () => res.socket?.destroy())
      }
    case 'endless-body':
      return (_req, res) => sendChunked(res, proper.contentType, Number.POSITIVE_INFINITY)
    case 'gzip-bomb':
      return (_req, res) => send(res, 200, proper.contentType, bomb, { 'content-encoding': 'gzip' })
  }
}

/** A gzip body of `inflated` zero bytes: a few hundred KB that inflate to `inflated`. */
export async function gzipBomb(inflated: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 })
  const out: Buffer[] = []
  gzip.on('data', (chunk: Buffer) => out.push(chunk))
  const zeros = Buffer.alloc(1024 * 1024)
  for (let written = 0; written < inflated; written += zeros.length) {
    if (!gzip.write(zeros.subarray(0, Math.min(zeros.length, inflated - written)))) await once(gzip, 'drain')
  }
  gzip.end()
  await once(gzip, 'end')
  return Buffer.concat(out)
}

/** How many bytes a gzip body inflates to, counted as it streams, so memory stays flat. */
export async function inflatedSize(gzipped: Buffer): Promise<number> {
  const gunzip = createGunzip()
  let size = 0
  gunzip.on('data', (chunk: Buffer) => {
    size += chunk.length
  })
  gunzip.end(gzipped)
  await once(gunzip, 'end')
  return size
}
