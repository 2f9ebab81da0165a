/** Just enough of RFC 6265 for code that plays a browser in tests. */

/** A cookie as the jar keeps it. */
export interface StoredCookie {
  /** The cookie's name. */
  readonly name: string
  /** The cookie's value, as the server sent it. */
  readonly value: string
  /** The path the cookie is sent under: its `Path` attribute, else the default path of the URL that set it. */
  readonly path: string
}

/**
 * The cookies a browser would keep, one set per host. As in browsers, the port does not
 * separate them (RFC 6265 §8.5): two apps on two loopback ports see each other's cookies.
 * Honours `Path`, `Max-Age` and `Expires`; a cookie is host-only (`Domain` is ignored).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-5.3
 */
export class CookieJar {
  readonly #hosts = new Map<string, Map<string, StoredCookie>>()

  /**
   * Keeps the cookies of a response's `Set-Cookie` lines.
   *
   * @param requestUrl - The URL the response answered.
   * @param header - The `Set-Cookie` header: one line, several, or none.
   */
  store(requestUrl: URL, header: string | readonly string[] | undefined): void {
    const lines = header === undefined ? [] : typeof header === 'string' ? [header] : header
    let cookies = this.#hosts.get(requestUrl.hostname)
    for (const line of lines) {
      const [pair = '', ...attributes] = line.split(';')
      const separator = pair.indexOf('=')
      if (separator <= 0) continue
      const name = pair.slice(0, separator).trim()
      const value = pair.slice(separator + 1).trim()
      let path = defaultPath(requestUrl.pathname)
      let expired = false
      for (const attribute of attributes) {
        const [key = '', attributeValue = ''] = attribute.split('=').map((part) => part.trim())
        switch (key.toLowerCase()) {
          case 'path':
            if (attributeValue.startsWith('/')) path = attributeValue
            break
          case 'max-age':
            if (Number(attributeValue) <= 0) expired = true
            break
          case 'expires':
            if (Date.parse(attributeValue) <= Date.now()) expired = true
            break
        }
      }
      const key = `${name}\u0000${path}`
      if (expired) {
        cookies?.delete(key)
      } else {
        if (cookies === undefined) {
          cookies = new Map()
          this.#hosts.set(requestUrl.hostname, cookies)
        }
        cookies.set(key, { name, value, path })
      }
    }
  }

  /**
   * The cookies a request to `url` carries, longest path first.
   *
   * @param url - Where the request goes.
   * @returns The cookies, possibly none.
   */
  list(url: URL | string): StoredCookie[] {
    const target = new URL(url)
    return [...(this.#hosts.get(target.hostname)?.values() ?? [])]
      .filter((cookie) => pathMatches(target.pathname, cookie.path))
      .sort((a, b) => b.path.length - a.path.length)
  }

  /**
   * The value of the cookie named `name` that a request to `url` would carry.
   *
   * @param url - Where the request goes.
   * @param name - The cookie's name.
   * @returns Its value, or `undefined` when the jar has none.
   */
  get(url: URL | string, name: string): string | undefined {
    return this.list(url).find((cookie) => cookie.name === name)?.value
  }

  /**
   * The `Cookie` header of a request to `url`.
   *
   * @param url - Where the request goes.
   * @returns The header's value, or `undefined` when no cookie applies.
   */
  header(url: URL | string): string | undefined {
    const matching = this.list(url)
    if (matching.length === 0) return undefined
    return matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')
  }
}

function defaultPath(requestPath: string): string {
  const lastSlash = requestPath.lastIndexOf('/')
  return lastSlash <= 0 ? '/' : requestPath.slice(0, lastSlash)
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true
  if (!requestPath.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/'
}

/**
 * The cookie of one `Set-Cookie` line, with its attributes as given (names lower-cased), so a
 * test can check `HttpOnly`, `SameSite` or `Path`.
 *
 * @param line - One `Set-Cookie` header line.
 * @returns The cookie's name, value and attributes.
 */
export function parseSetCookie(line: string): { name: string; value: string; attributes: Map<string, string> } {
  const [pair = '', ...rest] = line.split(';')
  const separator = pair.indexOf('=')
  const attributes = new Map<string, string>()
  for (const attribute of rest) {
    const [key = '', value = ''] = attribute.split('=').map((part) => part.trim())
    attributes.set(key.toLowerCase(), value)
  }
  return { name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim(), attributes }
}
