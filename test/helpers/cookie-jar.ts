/** Just enough of RFC 6265 for tests that play a browser: one jar per origin. */

interface Cookie {
  name: string
  value: string
  path: string
}

export class CookieJar {
  readonly #cookies = new Map<string, Cookie>()

  store(requestUrl: URL, header: string | string[] | undefined): void {
    const lines = header === undefined ? [] : Array.isArray(header) ? header : [header]
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
      if (expired) this.#cookies.delete(key)
      else this.#cookies.set(key, { name, value, path })
    }
  }

  header(url: URL): string | undefined {
    const matching = [...this.#cookies.values()]
      .filter((cookie) => pathMatches(url.pathname, cookie.path))
      .sort((a, b) => b.path.length - a.path.length)
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

/** The cookie of a Set-Cookie header line, with its attributes as given. */
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
