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
  /** A POST's urlencoded body, one value per name (a `form_post` callback); empty otherwise. */
  form: Record<string, string>
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
    query: (request) => (request.method === 'POST' ? request.form : request.query),
    method: (request) => request.method ?? 'GET',
    publicUrl: () => cookies.publicUrl,
    readPending: (request, app) => cookies.open(app, readCookies(request.headers.cookie).get(cookies.name(app))),
    writePending: (reply, app, pending, { crossSite }) => {
      reply.appendHeader('set-cookie', cookies.setCookie(app, pending, crossSite))
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
  attachAdapter(oauth, adapter, { publicUrl: cookies.publicUrl })
  return (handler) => (req, res) => {
    const request = req as NodeRequest
    request.query = Object.fromEntries(new URL(req.url ?? '/', cookies.publicUrl).searchParams)
    const isOpen = () => !res.writableEnded && !res.destroyed
    readForm(req)
      .then((form) => {
        request.form = form
        return bindRequest(oauth, request, isOpen, () => handler(request, res))
      })
      .catch((error: OAuthError) => {
        if (res.headersSent) return res.destroy()
        res.writeHead(error.statusCode ?? 500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: error.code ?? 'internal_error', message: error.message }))
      })
  }
}

/** A POST's urlencoded body (64 KiB at most), the parameters of a `form_post` callback; else none. */
async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const type = req.headers['content-type'] ?? ''
  if (req.method !== 'POST' || !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) return {}
  let text = ''
  for await (const chunk of req) {
    text += String(chunk)
    if (text.length > 64 * 1024) throw Object.assign(new Error('Body too large'), { statusCode: 413 })
  }
  // First value of a repeated name, as for the query.
  const form: Record<string, string> = Object.create(null)
  for (const [key, value] of new URLSearchParams(text)) if (!Object.hasOwn(form, key)) form[key] = value
  return form
}
