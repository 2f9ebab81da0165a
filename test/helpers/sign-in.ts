/**
 * Signs a user in at the local authorization server the way a browser would: follows the
 * provider's redirects, fills in its development login page, confirms the consent page (or
 * cancels), and stops at the first redirect that leaves the provider's origin.
 */
import { request } from 'undici'
import { CookieJar } from './cookie-jar.js'

export interface SignInOptions {
  /** Any login name; the development login page accepts every one. */
  login: string
  /** Cancel the interaction instead of signing in. */
  deny?: boolean
}

const MAX_STEPS = 20
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

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

interface InteractionPage {
  /** Where the page's form posts, with the fields a user would send. */
  submit: { url: URL; fields: URLSearchParams }
  /** The page's cancel link. */
  abort: URL | undefined
}

function readInteractionPage(html: string, pageUrl: URL, login: string): InteractionPage | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html)
  if (form === null) return undefined
  const formAttributes = attributes(form[1] ?? '')
  if ((formAttributes.get('method') ?? 'get').toLowerCase() !== 'post') return undefined

  const fields = new URLSearchParams()
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const field = attributes(input[1] ?? '')
    const name = field.get('name')
    if (name === undefined) continue
    const type = (field.get('type') ?? 'text').toLowerCase()
    if (name === 'login') fields.set(name, login)
    // The development login page ignores the password, but a person still has to type one.
    else if (type === 'password') fields.set(name, 'any-password')
    else fields.set(name, field.get('value') ?? '')
  }

  let abort: URL | undefined
  for (const link of html.matchAll(/<a\b([^>]*)>/gi)) {
    const href = attributes(link[1] ?? '').get('href')
    if (href === undefined) continue
    const target = new URL(href, pageUrl)
    if (target.pathname.endsWith('/abort')) {
      abort = target
      break
    }
  }

  return { submit: { url: new URL(formAttributes.get('action') ?? '', pageUrl), fields }, abort }
}

function pageText(html: string): string {
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

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/**
 * Resolves with the URL the provider finally redirects to outside its own origin (normally
 * the client's redirect_uri carrying `code`, `state` and `iss`, or `error=access_denied` when
 * `deny` is set). That URL is not requested. Rejects when the provider shows an error page.
 */
export async function signIn(authorizeUrl: string | URL, options: SignInOptions): Promise<URL> {
  if (options.login === '') throw new TypeError('signIn needs a non-empty login')
  const start = new URL(authorizeUrl)
  const jar = new CookieJar()
  let next: { url: URL; form?: URLSearchParams } = { url: start }

  for (let step = 0; step < MAX_STEPS; step++) {
    const { url, form } = next
    const headers: Record<string, string> = { accept: 'text/html' }
    const cookie = jar.header(url)
    if (cookie !== undefined) headers.cookie = cookie
    if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded'

    const response = await request(url, {
      method: form === undefined ? 'GET' : 'POST',
      headers,
      ...(form === undefined ? {} : { body: form.toString() }),
    })
    jar.store(url, response.headers['set-cookie'])

    if (REDIRECT_STATUSES.has(response.statusCode)) {
      await response.body.dump()
      const location = firstHeader(response.headers.location)
      if (location === undefined) {
        throw new Error(`Authorization server answered ${response.statusCode} without a Location (${url})`)
      }
      const target = new URL(location, url)
      if (target.origin !== start.origin) return target
      const keepsMethod = response.statusCode === 307 || response.statusCode === 308
      next = keepsMethod && form !== undefined ? { url: target, form } : { url: target }
      continue
    }

    const html = await response.body.text()
    const page = response.statusCode === 200 ? readInteractionPage(html, url, options.login) : undefined
    if (page === undefined) {
      throw new Error(
        `Authorization server showed an error page instead of signing in (${response.statusCode} at ${url.pathname}): ${pageText(html)}`,
      )
    }
    if (options.deny) {
      if (page.abort === undefined) throw new Error(`Interaction page at ${url.pathname} has no cancel link`)
      next = { url: page.abort }
    } else {
      next = { url: page.submit.url, form: page.submit.fields }
    }
  }

  throw new Error(`Sign-in did not leave the authorization server after ${MAX_STEPS} requests`)
}
