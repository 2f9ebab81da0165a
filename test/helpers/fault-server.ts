/**
 * A small node:http server that answers each path with a handler the test chooses: a
 * misbehaving token endpoint, or an API that echoes what it was sent. Every request is
 * recorded with its body, so tests can show what was (or was not) sent.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

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
  close(): Promise<void>
}

export async function startFaultServer(handlers: Readonly<Record<string, Handler>>): Promise<FaultServer> {
  const requests: RecordedRequest[] = []
  const server = createServer(async (req, res) => {
    // A client that gives up (timeouts, size limits) resets the socket mid-write; that is the point.
    res.on('error', () => {})
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    to: (path) => requests.filter((r) => r.path === path),
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
