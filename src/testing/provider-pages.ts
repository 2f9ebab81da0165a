/**
 * Plays the user at a provider's pages the way a browser would: follows the provider's
 * redirects, fills its login page, confirms its consent page (or cancels), and stops at the
 * first redirect that leaves the provider's origin. Reads the kit's OAuth 2.0 pages
 * (`oidc-provider`'s development pages), its OAuth 1.0a page, and any page shaped like GitHub's:
 * a POST form with a text input named `login`.
 */
import { OAuthErrorCode, OAuthInvalidResponseError } from '../index.js'
import { isRedirect, type PageAnswer, type StepLimits, step } from './browser.js'
import { CookieJar } from './cookie-jar.js'

/** Who signs in at the provider's pages, and how. */
export interface SignInOptions {
  /**
   * The login name typed into the provider's login page (its text input named `login`,
   * `screen_name` or `username`); the kit's providers accept any.
   */
  readonly login: string
  /** Cancel at the provider instead of signing in (the consent page's cancel or abort). */
  readonly deny?: boolean
  /** Milliseconds each request may take; default 10 000. */
  readonly timeout?: number
  /** Requests before giving up; default 20. */
  readonly maxSteps?: number
}

/** A request the browser makes next. */
export interface NextStep {
  readonly url: URL
  readonly form?: URLSearchParams
}

const LOGIN_FIELDS = new Set(['login', 'screen_name', 'username'])
const CANCEL = /^(cancel|deny|abort|reject|0|false|no)$/i
const MAX_PAGE_BYTES = 1024 * 1024
const DEFAULT_TIMEOUT = 10_000
const DEFAULT_MAX_STEPS = 20

/** The limits of one run, from the caller's options. */
export function limitsOf(options: SignInOptions): StepLimits & { readonly maxSteps: number } {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS
  if (!Number.isSafeInteger(timeout) || timeout <= 0) throw new TypeError('"timeout" must be a positive whole number')
  if (!Number.isSafeInteger(maxSteps) || maxSteps <= 0)
    throw new TypeError('"maxSteps" must be a positive whole number')
  if (typeof options.login !== 'string' || options.login === '')
    throw new TypeError('"login" must be a non-empty string')
  return { timeout, maxSteps, maxBodySize: MAX_PAGE_BYTES }
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (entity, body: string) => {
    const lower = body.toLowerCase()
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16))
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10))
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
    return named[lower] ?? entity
  })
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const match of tag.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const [, name, doubleQuoted, singleQuoted, bare] = match
    if (name === undefined) continue
    found.set(name.toLowerCase(), decodeEntities(doubleQuoted ?? singleQuoted ?? bare ?? ''))
  }
  return found
}

interface Button {
  readonly name: string | undefined
  readonly value: string
  readonly label: string
}

function isCancel(button: Button): boolean {
  return (
    (button.name !== undefined && CANCEL.test(button.name)) || CANCEL.test(button.value) || CANCEL.test(button.label)
  )
}

/** The two ways on from a page: its form submitted to go on, and its cancel if it has one. */
interface PageChoices {
  readonly approve: NextStep
  readonly cancel: NextStep | undefined
}

/**
 * The request a user makes on a provider's page: the first POST form submitted (its text
 * inputs named `login`, `screen_name` or `username` filled with the login, a password input
 * with any text, the other inputs as the page set them), with its approving button or, to
 * deny, its cancelling button or cancel link. `undefined` when the page has no such form.
 */
export function readPage(html: string, pageUrl: URL, options: SignInOptions): NextStep | undefined {
  const choices = pageChoices(html, pageUrl, options.login)
  if (choices === undefined || options.deny !== true) return choices?.approve
  if (choices.cancel !== undefined) return choices.cancel
  throw new OAuthInvalidResponseError(
    OAuthErrorCode.INVALID_RESPONSE,
    `The page at ${pageUrl.href} has no way to cancel (no cancel button or link)`,
  )
}

function pageChoices(html: string, pageUrl: URL, login: string): PageChoices | undefined {
  let form: RegExpExecArray | null = null
  for (const candidate of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    if ((attributes(candidate[1] ?? '').get('method') ?? 'get').toLowerCase() === 'post') {
      form = candidate
      break
    }
  }
  if (form === null) return undefined
  const formAttributes = attributes(form[1] ?? '')
  const content = form[2] ?? ''

  const fields = new URLSearchParams()
  for (const input of content.matchAll(/<input\b([^>]*)>/gi)) {
    const field = attributes(input[1] ?? '')
    const name = field.get('name')
    if (name === undefined) continue
    const type = (field.get('type') ?? 'text').toLowerCase()
    if (type === 'submit' || type === 'button' || type === 'image' || type === 'reset') continue
    if ((type === 'checkbox' || type === 'radio') && !field.has('checked')) continue
    if (LOGIN_FIELDS.has(name) && (type === 'text' || type === 'email')) fields.set(name, login)
    // The kit's login pages ignore the password, but a person still has to type one.
    else if (type === 'password') fields.set(name, 'any-password')
    else fields.append(name, field.get('value') ?? '')
  }

  // A button belongs to the form it sits in, or to the one its `form` attribute names (as on
  // oidc-provider's device-flow pages, whose buttons follow the form).
  const formId = formAttributes.get('id')
  const buttons: Button[] = []
  for (const match of html.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
    const button = attributes(match[1] ?? '')
    const inside = match.index > form.index && match.index < form.index + form[0].length
    const owner = button.get('form')
    if (owner === undefined ? !inside : owner !== formId) continue
    if ((button.get('type') ?? 'submit').toLowerCase() !== 'submit') continue
    const label = decodeEntities((match[2] ?? '').replace(/<[^>]+>/g, '').replace(/[\s[\]]+/g, ' ')).trim()
    buttons.push({ name: button.get('name'), value: button.get('value') ?? '', label })
  }
  const action = new URL(formAttributes.get('action') ?? '', pageUrl)
  const submit = (button: Button | undefined): NextStep => {
    const sent = new URLSearchParams(fields)
    if (button?.name !== undefined) sent.append(button.name, button.value)
    return { url: action, form: sent }
  }

  const approve = submit(buttons.find((button) => !isCancel(button)))
  const cancelButton = buttons.find(isCancel)
  if (cancelButton !== undefined) return { approve, cancel: submit(cancelButton) }
  for (const link of html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)) {
    const href = attributes(link[1] ?? '').get('href')
    if (href === undefined) continue
    const target = new URL(href, pageUrl)
    const label = (link[2] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/[\s[\]]+/g, ' ')
      .trim()
    if (target.pathname.endsWith('/abort') || CANCEL.test(label)) return { approve, cancel: { url: target } }
  }
  return { approve, cancel: undefined }
}

/** A page's visible text, shortened, for an error message. */
export function pageText(html: string): string {
  const text = decodeEntities(
    html
      .replace(/<(head|script|style)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<\/?(strong|b|em|span|code)\b[^>]*>/gi, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  )
  return text.length > 500 ? `${text.slice(0, 500)}…` : text
}

/** The error of a page that is neither a redirect nor a form to fill. */
export function stuckAt(answer: PageAnswer): OAuthInvalidResponseError {
  return new OAuthInvalidResponseError(
    OAuthErrorCode.INVALID_RESPONSE,
    `The provider showed an error page instead of signing in (${answer.status} at ${answer.url.pathname}): ${pageText(answer.body)}`,
  )
}

/** The next request after a redirect: 307 and 308 repeat a POST, the others turn it into a GET. */
export function afterRedirect(answer: PageAnswer, sent: NextStep): NextStep {
  const target = answer.location
  if (target === undefined) {
    throw new OAuthInvalidResponseError(
      OAuthErrorCode.INVALID_RESPONSE,
      `${answer.url.href} answered ${answer.status} without a Location`,
    )
  }
  const keepsMethod = answer.status === 307 || answer.status === 308
  return keepsMethod && sent.form !== undefined ? { url: target, form: sent.form } : { url: target }
}

/**
 * Plays the user of the device flow (RFC 8628 §3.3) at the provider's verification page:
 * opens `verificationUriComplete` (the page with the user code filled in), confirms the code,
 * signs in as `login` and consents, or aborts with `deny`. Resolves once the provider shows its
 * last page; the device's polling then gets the token, or `access_denied`.
 *
 * @param verificationUriComplete - The device authorization's `verification_uri_complete`.
 * @param options - The login name, `deny`, the limits.
 * @throws {OAuthInvalidResponseError} `OAUTH_INVALID_RESPONSE` when the provider shows an error
 *   page or the same form twice (a refused user code), or takes more than `maxSteps` requests.
 * @throws {OAuthNetworkError} When a request fails or takes longer than `timeout`.
 * @example
 * ```ts
 * import { approveDevice, startOAuth2Provider } from 'oauth-consumer/testing'
 *
 * const provider = await startOAuth2Provider()
 * const client = { client_id: provider.clientId, client_secret: provider.clientSecret }
 * // The device asks for a user code (RFC 8628 §3.1)…
 * const started = await fetch(`${provider.url}/device/auth`, {
 *   method: 'POST',
 *   body: new URLSearchParams({ ...client, scope: 'openid' }),
 * })
 * const { device_code, verification_uri_complete } = (await started.json()) as Record<string, string>
 * // …the user approves it…
 * await approveDevice(verification_uri_complete ?? '', { login: 'alice' })
 * // …and the device's next poll gets the tokens (RFC 8628 §3.4).
 * const token = await fetch(`${provider.url}/token`, {
 *   method: 'POST',
 *   body: new URLSearchParams({
 *     ...client,
 *     grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
 *     device_code: device_code ?? '',
 *   }),
 * })
 * console.log(token.status) // 200
 * await provider.close()
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
export async function approveDevice(verificationUriComplete: string | URL, options: SignInOptions): Promise<void> {
  const limits = limitsOf(options)
  const jar = new CookieJar()
  const submitted = new Set<string>()
  let next: NextStep = { url: new URL(verificationUriComplete) }
  for (let count = 0; count < limits.maxSteps; count++) {
    const answer = await step(next.url, jar, next.form, limits)
    if (isRedirect(answer.status)) {
      next = afterRedirect(answer, next)
      continue
    }
    if (answer.status !== 200) throw stuckAt(answer)
    const choices = pageChoices(answer.body, answer.url, options.login)
    // A page without a form is the last one: the provider's success page.
    if (choices === undefined) return
    // Denying waits for the first page that offers to cancel (the code's confirmation), and
    // ends the user's part there: the provider then shows its input page again.
    if (options.deny === true && choices.cancel !== undefined) {
      await step(choices.cancel.url, jar, choices.cancel.form, limits)
      return
    }
    const page = choices.approve
    const key = `${answer.url.pathname} ${page.url.pathname} ${[...(page.form?.keys() ?? [])].join(' ')}`
    if (submitted.has(key)) throw stuckAt(answer)
    submitted.add(key)
    next = page
  }
  throw new OAuthInvalidResponseError(
    OAuthErrorCode.INVALID_RESPONSE,
    `The device approval did not finish within ${limits.maxSteps} requests`,
  )
}

/**
 * Signs in at a provider from an authorization URL (one the app built, e.g. the `Location` of
 * its login route) and resolves to the URL the provider finally sends the browser to outside
 * its own origin: the app's callback with `code` and `state` (OAuth 2.0) or `oauth_token` and
 * `oauth_verifier` (OAuth 1.0a), or its denial when `deny` is set. That URL is not requested.
 *
 * @param authorizeUrl - The provider's authorization URL with its parameters.
 * @param options - The login name, `deny`, the limits.
 * @returns The callback URL.
 * @throws {OAuthInvalidResponseError} `OAUTH_INVALID_RESPONSE` when the provider shows an error
 *   page, or the sign-in does not leave it within `maxSteps` requests.
 * @throws {OAuthNetworkError} When a request fails or takes longer than `timeout`.
 * @example
 * ```ts
 * import { signInAt } from 'oauth-consumer/testing'
 *
 * const appUrl = 'http://127.0.0.1:3000' // the app under test, registered at one of the kit's providers
 * const login = await fetch(`${appUrl}/login`, { redirect: 'manual' })
 * const callback = await signInAt(login.headers.get('location') ?? '', { login: 'alice' })
 * console.log(callback.searchParams.get('code'))
 * ```
 */
export async function signInAt(authorizeUrl: string | URL, options: SignInOptions): Promise<URL> {
  const limits = limitsOf(options)
  const start = new URL(authorizeUrl)
  const jar = new CookieJar()
  let next: NextStep = { url: start }
  for (let count = 0; count < limits.maxSteps; count++) {
    const answer = await step(next.url, jar, next.form, limits)
    if (isRedirect(answer.status)) {
      const following = afterRedirect(answer, next)
      if (following.url.origin !== start.origin) return following.url
      next = following
      continue
    }
    const page = answer.status === 200 ? readPage(answer.body, answer.url, options) : undefined
    if (page === undefined) throw stuckAt(answer)
    next = page
  }
  throw new OAuthInvalidResponseError(
    OAuthErrorCode.INVALID_RESPONSE,
    `The sign-in did not leave the provider after ${limits.maxSteps} requests`,
  )
}
