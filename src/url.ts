/** Loopback hosts, where plain http is as private as https (RFC 8252 §8.3). */
export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  )
}

export function isHttp(url: URL): boolean {
  return url.protocol === 'https:' || url.protocol === 'http:'
}

export function isSecureUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))
}

/** Resolves `url` against `base` the way Flask-OAuth's `urljoin` did; absolute URLs stand alone. */
export function resolveUrl(url: string | URL, base: URL | undefined): URL | undefined {
  if (url instanceof URL) return new URL(url.href)
  try {
    return base === undefined ? new URL(url) : new URL(url, base)
  } catch {
    return undefined
  }
}

/** Appends each entry to the URL's own query, keeping what was there. */
export function appendQuery(url: URL, params: Iterable<readonly [string, string]>): void {
  for (const [key, value] of params) url.searchParams.append(key, value)
}

/**
 * A scheme at the very start (RFC 3986 §3.1). A string without one is a path, even when the URL
 * parser would skip leading spaces and control characters and find a scheme behind them.
 */
const scheme = /^[a-z][a-z\d+.-]*:/i
const control = /[\u0000-\u001f\u007f]/
const controlOrSpace = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/
const ascii = /^[\u0000-\u007f]*$/

/** A string with a scheme is absolute: it may name any host, because its writer spelled the host out. */
export function hasScheme(url: string): boolean {
  return scheme.test(url)
}

/** C0 controls and DEL: the URL parser drops or encodes them, so in a path they only hide what it does. */
export function hasControl(url: string): boolean {
  return control.test(url)
}

/**
 * `next` as a same-origin path to redirect to, or `undefined` (RFC 9700 §4.11.1). It starts with
 * exactly one `/`, and neither it, its percent-decoded form nor their compatibility forms (NFKC
 * makes `／` a `/`) holds a backslash, whitespace, a control character or a second leading `/`,
 * before or after dot segments are removed: `/..//evil.example` is `//evil.example` once
 * resolved. A `next` with other than ASCII comes back as the URL parser writes it, non-ASCII
 * percent-encoded, because a `Location` header carries ASCII only.
 */
export function safeNextPath(next: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(next)
  } catch {
    return undefined
  }
  const resolved = resolvedPath(next)
  if (resolved === undefined) return undefined
  for (const form of [decoded, next.normalize('NFKC'), decoded.normalize('NFKC')]) {
    if (form !== next && resolvedPath(form) === undefined) return undefined
  }
  return ascii.test(next) ? next : resolved.pathname + resolved.search + resolved.hash
}

const nextBase = new URL('https://next.invalid')

/** `path` resolved against the app's origin, if it is a plain path there before and after. */
function resolvedPath(path: string): URL | undefined {
  if (!path.startsWith('/') || path[1] === '/' || path.includes('\\') || controlOrSpace.test(path)) return undefined
  let url: URL
  try {
    url = new URL(path, nextBase)
  } catch {
    return undefined
  }
  return url.origin === nextBase.origin && !url.pathname.startsWith('//') ? url : undefined
}

/** One value of a query parameter; a repeated parameter counts as missing, not as a choice. */
export function single(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = query[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}
