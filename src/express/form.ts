import type { Request } from 'express'

/** The size a form-post callback's body may have: a code, a state, an ID token, Apple's `user`. */
export const FORM_BODY_LIMIT = 64 * 1024

/**
 * The error of a body over the limit, shaped as Express's own body parsers shape it (`status`,
 * `statusCode`, `type`, `expose`), so Express's final handler answers 413 as it would for them.
 * It is the framework's limit, not an OAuth failure.
 */
function tooLarge(): Error {
  return Object.assign(new Error('request entity too large'), {
    status: 413,
    statusCode: 413,
    type: 'entity.too.large',
    expose: true,
  })
}

/** A urlencoded body as a null-prototype object; a repeated name becomes an array, as in a query. */
function parseForm(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null)
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = fields[key]
    fields[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return fields
}

/**
 * Reads a urlencoded POST body into `req.body` (64 KiB at most), then calls `done`, with an
 * error for a body over the limit or a broken stream. A body an earlier parser read (the app's
 * `express.urlencoded()`) is kept as it parsed it; Express 4's body-parser is told by `_body`
 * that this one is read, Express 5's sees the stream ended.
 */
export function readForm(req: Request, done: (error?: unknown) => void): void {
  const state = req as Request & { _body?: boolean }
  if (state._body === true || req.readableEnded) {
    done()
    return
  }
  const declared = Number(req.headers['content-length'])
  if (declared > FORM_BODY_LIMIT) {
    // Not read: the response ends the exchange, and Node closes a connection whose body is unread.
    done(tooLarge())
    return
  }
  const chunks: Buffer[] = []
  let size = 0
  let settled = false
  const finish = (error?: unknown) => {
    if (settled) return
    settled = true
    req.off('data', onData)
    req.off('end', onEnd)
    req.off('error', finish)
    if (error !== undefined) {
      req.pause()
      return done(error)
    }
    req.body = parseForm(new TextDecoder().decode(Buffer.concat(chunks, size)))
    state._body = true
    done()
  }
  const onData = (chunk: Buffer) => {
    size += chunk.length
    if (size > FORM_BODY_LIMIT) return finish(tooLarge())
    chunks.push(chunk)
  }
  const onEnd = () => finish()
  req.on('data', onData)
  req.on('end', onEnd)
  req.on('error', finish)
}
