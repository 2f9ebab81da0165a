/**
 * An adapter for Node's own `http` module, written only with the public entry: what a fastify,
 * Express or Koa adapter does, in about sixty lines. The request is an `IncomingMessage` with
 * its parsed query; the reply is its `ServerResponse`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  attachAdapter,
  bindRequest,
  type HttpAdapter,
  type OAuth,
  type OAuthError,
  type PendingCookieOptions,
  PendingCookies,
} from 'oauth-consumer'

/** A request as this adapter hands it to handlers and tokengetters. */
export interface NodeRequest extends IncomingMessage {
  /** The query string, one value per name. */
  query: Record<string, string>
  /** Why an authorized handler got `null`. */
  oauthError?: OAuthError
}

/** The cookies of a `Cookie` header, by name; the first of a repeated name wins. */
function readCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=')
    const name = pair.slice(0, at).trim()
    if (at > 0 && !cookies.has(name)) cookies.set(name, pair.slice(at + 1).trim())
  }
  return cookies
}

/**
 * Attaches the adapter to `oauth` and returns the function that wraps each request handler:
 * it parses the query and binds the request for tokengetters while its response is open.
 */
export function nodeOAuth(
  oauth: OAuth,
  options: PendingCookieOptions,
): (
  handler: (request: NodeRequest, reply: ServerResponse) => unknown,
) => (req: IncomingMessage, res: ServerResponse) => void {
  const cookies = new PendingCookies(options, (message) => console.warn(message))
  const adapter: HttpAdapter<NodeRequest, ServerResponse> = {
    requestOf: (reply) => reply.req as NodeRequest,
    query: (request) => request.query,
    publicUrl: () => cookies.publicUrl,
    readPending: (request, app) => cookies.open(app, readCookies(request.headers.cookie).get(cookies.name(app))),
    writePending: (reply, app, pending) => {
      reply.appendHeader('set-cookie', cookies.setCookie(app, pending))
    },
    redirect(reply, url) {
      reply.writeHead(302, { location: url }).end()
      return reply
    },
    protect(reply) {
      reply.setHeader('cache-control', 'no-store')
      reply.setHeader('referrer-policy', 'no-referrer')
    },
    setOAuthError(request, error) {
      request.oauthError = error
    },
  }
  attachAdapter(oauth, adapter)
  return (handler) => (req, res) => {
    const request = req as NodeRequest
    request.query = Object.fromEntries(new URL(req.url ?? '/', cookies.publicUrl).searchParams)
    const isOpen = () => !res.writableEnded && !res.destroyed
    Promise.resolve(bindRequest(oauth, request, isOpen, () => handler(request, res))).catch((error: OAuthError) => {
      if (res.headersSent) return res.destroy()
      res.writeHead(error.statusCode ?? 500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: error.code ?? 'internal_error', message: error.message }))
    })
  }
}
