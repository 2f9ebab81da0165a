import { XMLParser } from 'fast-xml-parser'

/** Response headers with lower-case names, as undici gives them. */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>

/**
 * The answer to a remote call, as Flask-OAuth's `OAuthResponse`: the status, the headers
 * (lower-case names), the body as received, and the body decoded by its content type.
 *
 * @typeParam Data - what the caller expects `data` to hold; not checked
 * @example
 * ```ts
 * import type { RemoteApp } from 'oauth-consumer'
 *
 * async function starCount(gh: RemoteApp): Promise<number | undefined> {
 *   const resp = await gh.get<{ stargazers_count: number }>('repos/nodejs/node')
 *   if (!resp.ok) return undefined // resp.status, resp.headers and resp.rawData say why
 *   return resp.data.stargazers_count
 * }
 * ```
 */
export class OAuthResponse<Data = unknown> {
  /** The HTTP status code. */
  readonly status: number
  /** The response headers, lower-case names; a repeated header is an array. */
  readonly headers: ResponseHeaders
  /** The body exactly as received. */
  readonly rawData: Buffer
  #data: Data | undefined
  #decoded = false

  constructor(status: number, headers: ResponseHeaders, rawData: Buffer) {
    this.status = status
    this.headers = headers
    this.rawData = rawData
  }

  /** A response whose `data` is already known, e.g. the pages of a list joined. */
  static withData<D>(status: number, headers: ResponseHeaders, rawData: Buffer, data: D): OAuthResponse<D> {
    const response = new OAuthResponse<D>(status, headers, rawData)
    response.#data = data
    response.#decoded = true
    return response
  }

  /** `status` is 2xx. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300
  }

  /** The value of a header, the first one when it was repeated. */
  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()]
    return Array.isArray(value) ? value[0] : value
  }

  /**
   * The body decoded by its content type: JSON (`application/json`, `*+json`,
   * `text/javascript`) to a value, `application/x-www-form-urlencoded` to an object, XML
   * (`application/xml`, `text/xml`, `*+xml`) to a parsed tree, other text to a string, anything
   * else left as the `Buffer`. A body that does not parse as its declared type is kept as a
   * string. Decoded once, on first read.
   */
  get data(): Data {
    if (!this.#decoded) {
      this.#data = decodeBody(this.header('content-type'), this.rawData) as Data
      this.#decoded = true
    }
    return this.#data as Data
  }

  /** What `JSON.stringify` shows: the status, the headers and the decoded body, not the raw bytes. */
  toJSON(): { status: number; headers: ResponseHeaders; data: unknown } {
    return { status: this.status, headers: this.headers, data: this.data }
  }
}

type BodyKind = 'json' | 'form' | 'xml' | 'text' | 'binary'

/** The media type alone, lower case: `Application/JSON; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return ''
  const semicolon = contentType.indexOf(';')
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase()
}

export function bodyKind(contentType: string | undefined): BodyKind {
  const type = mediaType(contentType)
  if (type === 'application/json' || type === 'text/javascript' || type.endsWith('+json')) return 'json'
  if (type === 'application/x-www-form-urlencoded') return 'form'
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml'
  if (type.startsWith('text/')) return 'text'
  return 'binary'
}

export function decodeBody(contentType: string | undefined, body: Buffer): unknown {
  const kind = bodyKind(contentType)
  if (kind === 'binary') return body
  const text = body.toString('utf8')
  switch (kind) {
    case 'json':
      try {
        return JSON.parse(text)
      } catch {
        return text
      }
    case 'form':
      return parseForm(text)
    case 'xml':
      return parseXml(text)
    default:
      return text
  }
}

/**
 * A form body as an object; a repeated key becomes an array. The object has no prototype, so a
 * `__proto__` key is plain data.
 */
export function parseForm(text: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = Object.create(null)
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = result[key]
    if (existing === undefined) result[key] = value
    else if (Array.isArray(existing)) existing.push(value)
    else result[key] = [existing, value]
  }
  return result
}

let xmlParser: XMLParser | undefined
function parseXml(text: string): unknown {
  // Entities are decoded, with tight limits on what a DOCTYPE may declare and expand, so a
  // provider's answer cannot blow up memory.
  xmlParser ??= new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    processEntities: {
      enabled: true,
      maxEntityCount: 100,
      maxEntitySize: 1000,
      maxExpansionDepth: 4,
      maxTotalExpansions: 1000,
      maxExpandedLength: 100_000,
    },
  })
  try {
    const tree: unknown = xmlParser.parse(text, true)
    return tree
  } catch {
    return text
  }
}
