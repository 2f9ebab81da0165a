import { OAuthErrorCode, OAuthInvalidResponseError } from '../index.js'
import { isRedirect, step } from './browser.js'
import { CookieJar } from './cookie-jar.js'
import { afterRedirect, limitsOf, type NextStep, readPage, type SignInOptions, stuckAt } from './provider-pages.js'

/** The app's final answer to a sign-in driven by {@link signIn}. */
export interface SignInResponse {
  /** The HTTP status, e.g. 200. */
  readonly status: number
  /** The response's headers. */
  readonly headers: Headers
  /** The body as text. */
  readonly body: string
  /** The URL that answered, on the app's origin. */
  readonly url: URL
}

/** What {@link signIn} resolves to. */
export interface SignInResult {
  /** The app's answer after its callback and its own redirects. */
  readonly response: SignInResponse
  /** The browser's cookies, per host: `cookies.header(appUrl)` continues as the signed-in user. */
  readonly cookies: CookieJar
}

/** Options of {@link signIn}. */
export interface SignInThroughAppOptions extends SignInOptions {
  /** A jar to start from and fill (a browser that already holds cookies); a new one by default. */
  readonly cookies?: CookieJar
}

const DEFAULT_APP_STEPS = 30

/**
 * Signs a user in through an app without a browser: requests `appUrl` (the app's route that
 * starts a login), follows every redirect, keeps cookies per host as a browser does, fills the provider's login
 * and consent pages (or cancels with `deny`), returns through the app's callback, and resolves
 * to the app's first answer on its own origin that is not a redirect, once the provider has
 * been visited. Works with the kit's providers and any provider whose pages it can read (see
 * {@link signInAt}).
 *
 * @param appUrl - The app's URL that starts the login, e.g. `http://127.0.0.1:3000/login`.
 * @param options - The login name, `deny`, the limits (`timeout` per request, default 10 000 ms;
 *   `maxSteps`, default 30), a jar to reuse.
 * @returns The app's final response and the cookies.
 * @throws {OAuthInvalidResponseError} `OAUTH_INVALID_RESPONSE` when the provider shows an error
 *   page, or the sign-in takes more than `maxSteps` requests.
 * @throws {OAuthNetworkError} When a request fails or takes longer than `timeout`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { signIn } from 'oauth-consumer/testing'
 *
 * const appUrl = 'http://127.0.0.1:3000' // the app under test, registered at one of the kit's providers
 * const { response, cookies } = await signIn(`${appUrl}/login`, { login: 'alice' })
 * assert.equal(response.status, 200)
 * assert.match(response.body, /Hello, Alice/)
 * // The signed-in user's next request:
 * const me = await fetch(`${appUrl}/me`, { headers: { cookie: cookies.header(appUrl) ?? '' } })
 * ```
 */
export async function signIn(appUrl: string | URL, options: SignInThroughAppOptions): Promise<SignInResult> {
  const limits = limitsOf({ maxSteps: DEFAULT_APP_STEPS, ...options })
  const start = new URL(appUrl)
  const cookies = options.cookies ?? new CookieJar()
  let next: NextStep = { url: start }
  let leftApp = false
  for (let count = 0; count < limits.maxSteps; count++) {
    const answer = await step(next.url, cookies, next.form, limits)
    const onApp = answer.url.origin === start.origin
    if (isRedirect(answer.status)) {
      next = afterRedirect(answer, next)
      if (next.url.origin !== start.origin) leftApp = true
      continue
    }
    // The app's own page ends the run, unless it is a form that posts elsewhere before any
    // provider was seen (an app's sign-in button that posts to the provider).
    if (onApp && (leftApp || answer.status !== 200)) return { response: answerOf(answer), cookies }
    const page = answer.status === 200 ? readPage(answer.body, answer.url, options) : undefined
    if (page === undefined) {
      if (onApp) return { response: answerOf(answer), cookies }
      throw stuckAt(answer)
    }
    if (page.url.origin !== start.origin) leftApp = true
    next = page
  }
  throw new OAuthInvalidResponseError(
    OAuthErrorCode.INVALID_RESPONSE,
    `The sign-in did not come back to ${start.origin} within ${limits.maxSteps} requests`,
  )
}

function answerOf(answer: { status: number; headers: Headers; body: string; url: URL }): SignInResponse {
  return { status: answer.status, headers: answer.headers, body: answer.body, url: answer.url }
}
