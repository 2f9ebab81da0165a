/** Loopback hosts, where plain http is as private as https (RFC 8252 §8.3). */
export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  )
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

const controlOrSpace = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/

/**
 * A `next` target is safe only as a same-origin path: exactly one leading `/`, and neither it
 * nor its percent-decoded form holds a backslash, whitespace, a control character or a second
 * leading `/` (which browsers read as another host).
 */
export function isSafeNextPath(next: string): boolean {
  if (!isSafePath(next)) return false
  let decoded: string
  try {
    decoded = decodeURIComponent(next)
  } catch {
    return false
  }
  return decoded === next || isSafePath(decoded)
}

function isSafePath(path: string): boolean {
  return path.startsWith('/') && path[1] !== '/' && !path.includes('\\') && !controlOrSpace.test(path)
}

/** One value of a query parameter; a repeated parameter counts as missing, not as a choice. */
export function single(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = query[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}
