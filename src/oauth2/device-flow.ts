import {
  invalidResponse,
  OAuthAuthorizationError,
  OAuthErrorCode,
  OAuthNetworkError,
  OAuthTokenRequestError,
} from '../errors.js'
import type { Params } from '../options/common.js'
import type { OAuth2Token } from './token.js'

/** RFC 8628 §3.4: the grant type of the device flow's token requests. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

/** RFC 8628 §3.2: how long to wait between polls when the provider does not say. */
const DEFAULT_INTERVAL = 5
/** RFC 8628 §3.5: what a `slow_down` adds to the interval, in seconds. */
const SLOW_DOWN = 5
/** The longest wait after failed connections (exponential backoff, RFC 8628 §3.5). */
const MAX_BACKOFF = 60

/** Options of `deviceAuthorization()`. */
export interface DeviceAuthorizationOptions {
  /** The scope asked for; the app's `scope` by default. */
  readonly scope?: string | readonly string[]
  /** Other parameters of the device authorization request. */
  readonly params?: Params
}

/** Options of {@link DeviceAuthorization.poll}. */
export interface PollOptions {
  /** Stops polling: `poll()` then rejects with the signal's reason. */
  readonly signal?: AbortSignal
}

/**
 * A device authorization (RFC 8628 §3.2): what to show the user, and `poll()` for the token
 * once they have approved on another device.
 */
export interface DeviceAuthorization {
  /** The code the user types at `verificationUri`. */
  readonly userCode: string
  /** Where the user goes to approve (Google's `verification_url` is read as this). */
  readonly verificationUri: string
  /** The same page with the code filled in, for a QR code or a link, when the provider gives one. */
  readonly verificationUriComplete: string | undefined
  /** Seconds until the codes expire. */
  readonly expiresIn: number
  /** Seconds to wait between polls, as the provider asked (5 when it did not). */
  readonly interval: number
  /**
   * Polls the token endpoint until the user approves (RFC 8628 §3.4–3.5): `interval` seconds
   * before each request, 5 s more after each `slow_down`, on through `authorization_pending`, with
   * exponential backoff after timeouts and resets. Resolves to the token; an OpenID Connect app's
   * ID token is validated (without a nonce) and its claims are in `claims`.
   *
   * @throws {OAuthAuthorizationError} `OAUTH_ACCESS_DENIED` when the user denied,
   * `OAUTH_DEVICE_CODE_EXPIRED` when the code expired first
   * @throws {OAuthTokenRequestError} `OAUTH_TOKEN_REQUEST_FAILED` for any other refusal; and the
   * signal's reason when `options.signal` aborts
   */
  poll(options?: PollOptions): Promise<OAuth2Token>
}

/** What a device authorization's poll asks of the app: one token request with the device code. */
export type DeviceCodeExchange = (deviceCode: string) => Promise<OAuth2Token>

/** Reads the device authorization answer (RFC 8628 §3.2) and makes the authorization of it. */
export function deviceAuthorizationOf(
  answer: Readonly<Record<string, unknown>>,
  exchange: DeviceCodeExchange,
): DeviceAuthorization {
  const what = 'device authorization endpoint'
  const text = (key: string): string | undefined => {
    const value = answer[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string' || value === '') throw invalidResponse(`The ${what} sent a malformed ${key}`)
    return value
  }
  const seconds = (key: string): number | undefined => {
    const value = answer[key]
    if (value === undefined || value === null) return undefined
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
    if (typeof number !== 'number' || !Number.isFinite(number) || number < 0)
      throw invalidResponse(`The ${what} sent a malformed ${key}`)
    return number
  }
  const deviceCode = text('device_code')
  const userCode = text('user_code')
  const verificationUri = text('verification_uri') ?? text('verification_url')
  const expiresIn = seconds('expires_in')
  if (deviceCode === undefined || userCode === undefined || verificationUri === undefined || !expiresIn) {
    const missing = [
      deviceCode === undefined && 'device_code',
      userCode === undefined && 'user_code',
      verificationUri === undefined && 'verification_uri',
      !expiresIn && 'expires_in',
    ].filter(Boolean)
    throw invalidResponse(`The ${what} sent no ${missing.join(', ')}`)
  }
  const interval = Math.max(1, seconds('interval') ?? DEFAULT_INTERVAL)
  const issuedAt = Date.now()
  return {
    userCode,
    verificationUri,
    verificationUriComplete: text('verification_uri_complete'),
    expiresIn,
    interval,
    poll: (options = {}) => poll(deviceCode, exchange, issuedAt + expiresIn * 1000, interval, options.signal),
  }
}

async function poll(
  deviceCode: string,
  exchange: DeviceCodeExchange,
  expiresAt: number,
  interval: number,
  signal: AbortSignal | undefined,
): Promise<OAuth2Token> {
  let wait = interval
  let failures = 0
  for (;;) {
    await delay(Math.min(wait, Math.max(0, (expiresAt - Date.now()) / 1000)), signal)
    if (Date.now() >= expiresAt) throw expired('the code expired before the user approved it')
    let token: OAuth2Token
    try {
      token = await exchange(deviceCode)
    } catch (error) {
      signal?.throwIfAborted()
      if (error instanceof OAuthNetworkError && error.code !== OAuthErrorCode.RESPONSE_TOO_LARGE) {
        // RFC 8628 §3.5: a timeout or a reset doubles the wait, up to a minute.
        failures++
        wait = Math.min(MAX_BACKOFF, interval * 2 ** failures)
        continue
      }
      failures = 0
      wait = interval
      const code = error instanceof OAuthTokenRequestError ? error.data?.error : undefined
      if (code === 'authorization_pending') continue
      if (code === 'slow_down') {
        interval += SLOW_DOWN
        wait = interval
        continue
      }
      if (code === 'access_denied') {
        throw new OAuthAuthorizationError(OAuthErrorCode.ACCESS_DENIED, 'The user denied the device authorization', {
          ...(error instanceof OAuthTokenRequestError && error.data !== undefined ? { data: error.data } : {}),
          cause: error,
        })
      }
      if (code === 'expired_token') throw expired('the provider says the code expired', error)
      throw error
    }
    signal?.throwIfAborted()
    return token
  }
}

function expired(why: string, cause?: unknown): OAuthAuthorizationError {
  return new OAuthAuthorizationError(
    OAuthErrorCode.DEVICE_CODE_EXPIRED,
    `The device authorization expired: ${why}; start a new one`,
    cause === undefined
      ? {}
      : { cause, ...(cause instanceof OAuthTokenRequestError && cause.data ? { data: cause.data } : {}) },
  )
}

/** Waits `seconds`, or rejects with the signal's reason as soon as it aborts. */
function delay(seconds: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, seconds * 1000)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
