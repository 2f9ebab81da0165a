import { invalidResponse } from '../errors.js'
import type { OAuthResponse } from '../response.js'

/**
 * Finds where the next page is. Return nothing to stop. The default follows
 * `Link: <…>; rel="next"` (RFC 8288), as GitHub sends; cursor-style APIs build the URL from the
 * answer instead.
 */
export type NextPage = (response: OAuthResponse, url: URL) => string | URL | null | undefined

/** Pages fetched at most, unless `maxPages` says otherwise. */
export const DEFAULT_MAX_PAGES = 100

/** The links of a `Link` header by relation type (RFC 8288 §3). */
export function parseLinkHeader(header: string | undefined): Map<string, string> {
  const links = new Map<string, string>()
  if (header === undefined) return links
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const [, target = '', params = ''] = match
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params)
    for (const type of (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/)) {
      if (type !== '' && !links.has(type)) links.set(type, target)
    }
  }
  return links
}

export const linkHeaderNext: NextPage = (response) => parseLinkHeader(response.header('link')).get('next')

/**
 * The next page's URL, resolved against the current one. A next page on another origin is
 * refused: following it would hand the user's token to whoever the answer named.
 */
export function resolveNext(next: string | URL | null | undefined, current: URL): URL | undefined {
  if (next === undefined || next === null || next === '') return undefined
  let url: URL
  try {
    url = new URL(next, current)
  } catch {
    throw invalidResponse(`The next page is not a URL: ${JSON.stringify(String(next))}`)
  }
  if (url.origin !== current.origin) {
    throw invalidResponse(
      `The next page is on another origin (${url.origin}); the token is only sent to ${current.origin}`,
    )
  }
  return url
}

/**
 * Adds a page's items to `into`: a JSON array, or the `items` of GitHub's search answers
 * (`{ total_count, incomplete_results, items }`).
 */
export function collectItems(response: OAuthResponse, into: unknown[]): 'array' | 'items' {
  const data = response.data
  if (Array.isArray(data)) {
    into.push(...data)
    return 'array'
  }
  const items = typeof data === 'object' && data !== null ? (data as { items?: unknown }).items : undefined
  if (Array.isArray(items)) {
    into.push(...items)
    return 'items'
  }
  throw invalidResponse('allPages needs every page to be a JSON array or an object with an "items" array', { response })
}
