import { setTimeout as sleep } from 'node:timers/promises'
import { OAuthError, OAuthErrorCode } from '../errors.js'
import { type HttpRequest, type HttpResponse, send } from '../http.js'
import type { ResponseHeaders } from '../response.js'

/** Answers worth another try: rate limited, or a gateway that may recover. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504])

/**
 * A retryable answer: a status above, or a 403 that says it is a rate limit (GitHub answers an
 * exhausted or secondary rate limit so, with `x-ratelimit-remaining: 0` or `Retry-After`).
 */
export function isRetryable(res: HttpResponse): boolean {
  if (RETRY_STATUSES.has(res.status)) return true
  return (
    res.status === 403 &&
    (res.headers['retry-after'] !== undefined || first(res.headers['x-ratelimit-remaining']) === '0')
  )
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

/** RFC 9110 §9.2.2: only these may be repeated without asking. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method)
}

const BASE_DELAY_MS = 250
const MAX_BACKOFF_MS = 8000

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/**
 * How long to wait before attempt `attempt + 1`: what the server asked for (`Retry-After` in
 * seconds or as a date, or GitHub's `x-ratelimit-reset` when `x-ratelimit-remaining` is 0), else
 * exponential backoff with full jitter.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @see https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
export function retryDelay(attempt: number, headers: ResponseHeaders | undefined, now = Date.now()): number {
  const retryAfter = first(headers?.['retry-after'])?.trim()
  if (retryAfter !== undefined && retryAfter !== '') {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
    const date = Date.parse(retryAfter)
    if (!Number.isNaN(date)) return Math.max(0, date - now)
  }
  if (first(headers?.['x-ratelimit-remaining']) === '0') {
    const reset = Number(first(headers?.['x-ratelimit-reset']))
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - now)
  }
  return Math.random() * Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** attempt)
}

/**
 * Sends, and sends again after a retryable answer or a reset while attempts and the time budget
 * last. A wait that would pass the deadline is not made: the last answer stands.
 */
export async function sendWithRetries<Req extends HttpRequest>(
  req: Req,
  retries: number,
  deadline: number,
  /** Called before every attempt after the first (OAuth 1.0a signs each one afresh). */
  beforeRetry?: ((req: Req) => void) | undefined,
): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) beforeRetry?.(req)
    const remaining = deadline - Date.now()
    let res: HttpResponse | undefined
    let failure: OAuthError | undefined
    try {
      // The first attempt has the whole budget (the deadline was just set from it); later ones what is left.
      const timeout = attempt === 0 ? req.timeout : Math.max(1, Math.min(req.timeout, remaining))
      res = await send(timeout === req.timeout ? req : { ...req, timeout })
    } catch (error) {
      const reset = error instanceof OAuthError && error.code === OAuthErrorCode.NETWORK_ERROR
      if (!reset || attempt >= retries) throw error
      failure = error
    }
    if (res !== undefined && (!isRetryable(res) || attempt >= retries)) return res
    const wait = retryDelay(attempt, res?.headers)
    // No time left to wait: the last answer stands, or the last failure.
    if (Date.now() + wait >= deadline) {
      if (res !== undefined) return res
      throw failure
    }
    await sleep(wait)
  }
}
