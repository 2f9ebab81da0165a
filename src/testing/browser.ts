/**
 * One step of a browser: a GET or a form POST with the jar's cookies, no redirect followed, a
 * timeout and a size limit on the page. The one importer of `undici` in the kit.
 */
import { request } from 'undici'
import { OAuthErrorCode, OAuthNetworkError } from '../index.js'
import type { CookieJar } from './cookie-jar.js'

/** What a step brought back. */
export interface PageAnswer {
  readonly status: number
  readonly headers: Headers
  /** The URL that answered. */
  readonly url: URL
  /** The body as text (empty for a redirect). */
  readonly body: string
  /** A redirect's target, resolved against `url`. */
  readonly location: URL | undefined
}

/** Limits of every step. */
export interface StepLimits {
  /** Milliseconds for the whole step, headers and body. */
  readonly timeout: number
  /** Bytes a page may have. */
  readonly maxBodySize: number
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/** True for the statuses a browser follows. */
export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status)
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue
    for (const item of typeof value === 'string' ? [value] : value) headers.append(name, item)
  }
  return headers
}

async function readLimited(body: AsyncIterable<Buffer>, limit: number, url: URL): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > limit) {
      throw new OAuthNetworkError(OAuthErrorCode.RESPONSE_TOO_LARGE, `${url.href} sent more than ${limit} bytes`)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Requests `url` as a browser would (GET, or POST of `form`), keeping the cookies it sets.
 *
 * @throws {OAuthNetworkError} `OAUTH_TIMEOUT`, `OAUTH_NETWORK_ERROR` or `OAUTH_RESPONSE_TOO_LARGE`.
 */
export async function step(
  url: URL,
  jar: CookieJar,
  form: URLSearchParams | undefined,
  limits: StepLimits,
): Promise<PageAnswer> {
  const headers: Record<string, string> = { accept: 'text/html,application/json;q=0.9,*/*;q=0.8' }
  const cookie = jar.header(url)
  if (cookie !== undefined) headers.cookie = cookie
  if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded'
  const signal = AbortSignal.timeout(limits.timeout)
  try {
    const response = await request(url, {
      method: form === undefined ? 'GET' : 'POST',
      headers,
      signal,
      ...(form === undefined ? {} : { body: form.toString() }),
    })
    const setCookie = response.headers['set-cookie']
    jar.store(url, setCookie)
    const location = response.headers.location
    const target = typeof location === 'string' ? new URL(location, url) : undefined
    let body = ''
    if (isRedirect(response.statusCode)) await response.body.dump()
    else body = await readLimited(response.body, limits.maxBodySize, url)
    return { status: response.statusCode, headers: toHeaders(response.headers), url, body, location: target }
  } catch (cause) {
    if (cause instanceof OAuthNetworkError) throw cause
    if (signal.aborted) {
      throw new OAuthNetworkError(OAuthErrorCode.TIMEOUT, `${url.href} did not answer within ${limits.timeout} ms`, {
        cause,
      })
    }
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new OAuthNetworkError(OAuthErrorCode.NETWORK_ERROR, `${url.href} could not be reached: ${reason}`, { cause })
  }
}
