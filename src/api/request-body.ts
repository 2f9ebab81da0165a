import { invalidArgument } from '../errors.js'

/** A value of `query`: arrays repeat the key; `null` and `undefined` leave the key out. */
export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | null | undefined

/** How a request body is given: a plain object (urlencoded, or JSON), or a string or Buffer sent as is. */
export interface BodyOptions {
  readonly data?: unknown
  readonly format?: 'urlencoded' | 'json'
  readonly contentType?: string
}

/** Appends `query` to the URL's own query; arrays repeat the key. */
export function addQuery(url: URL, query: Readonly<Record<string, QueryValue>> | URLSearchParams | undefined): void {
  if (query === undefined) return
  const entries = query instanceof URLSearchParams ? query.entries() : Object.entries(query)
  for (const [key, value] of entries) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item))
    else url.searchParams.append(key, String(value))
  }
}

/**
 * Encodes `data` and sets its content type in `headers` unless one is given. For GET and HEAD an
 * object is the query, as Flask-OAuth did.
 */
export function encodeBody(
  method: string,
  url: URL,
  options: BodyOptions,
  headers: Record<string, string>,
): string | Buffer | undefined {
  const { data } = options
  if (data === undefined || data === null) return undefined
  if (typeof data === 'string' || Buffer.isBuffer(data)) {
    headers['content-type'] ??=
      options.contentType ?? (typeof data === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream')
    return data
  }
  if (data instanceof Uint8Array) {
    headers['content-type'] ??= options.contentType ?? 'application/octet-stream'
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  }
  if (options.format === 'json') {
    headers['content-type'] ??= options.contentType ?? 'application/json'
    return JSON.stringify(data)
  }
  if (typeof data !== 'object') throw invalidArgument('request(): "data" must be an object, a string or a Buffer')
  const form = formEntries(data as Record<string, unknown>)
  if (method === 'GET' || method === 'HEAD') {
    // As Flask-OAuth did: GET data is the query.
    for (const [key, value] of form) url.searchParams.append(key, value)
    return undefined
  }
  headers['content-type'] ??= options.contentType ?? 'application/x-www-form-urlencoded'
  return new URLSearchParams(form).toString()
}

function formEntries(data: Record<string, unknown>): [string, string][] {
  const entries: [string, string][] = []
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || value === null) continue
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'object' && item !== null) {
        throw invalidArgument(`request(): "data.${key}" is nested; send nested data with format: 'json'`)
      }
      entries.push([key, String(item)])
    }
  }
  return entries
}
