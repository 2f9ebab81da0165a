/** Small pieces of plain node:http that the local providers and the demo share. */
import type { Server, ServerResponse } from 'node:http'

/** A JSON answer that is never cached, with its length. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(payload)
}

/**
 * Closes a server and every connection it holds, keep-alive ones too, once however often it is
 * called: tests and the demo's Ctrl+C may both ask.
 */
export function closer(server: Server): () => Promise<void> {
  let closing: Promise<void> | undefined
  return () => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()))
      server.closeAllConnections()
    })
    return closing
  }
}
