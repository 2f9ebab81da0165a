import { invalidOptions } from '../errors.js'
import type { PendingAuthorization } from '../pending.js'
import { readSecrets } from '../secrets.js'
import { isLoopback } from '../url.js'
import { otherHost, otherHostWarning } from './host.js'
import { StateSealer } from './state.js'

/** What every framework adapter takes to keep pending logins in the browser (API.md §7). */
export interface PendingCookieOptions {
  /**
   * Keys the state cookie's encryption: 32 characters at least, or a list (newest first) so a
   * secret can be rotated. Required unless NODE_ENV is `development` or `test`.
   */
  readonly secret?: string | readonly string[] | undefined
  /**
   * The app's external origin as browsers reach it (e.g. `https://app.example.com`): callback
   * URLs are made absolute from it, and an https one makes the state cookie `Secure` and
   * `__Host-`. Required.
   */
  readonly publicUrl: string
  /** The pending-login cookie's settings. */
  readonly cookie?: {
    /** The state cookies are named `{name}-{app}` (with `__Host-` before it over https). Default `oauth`. */
    readonly name?: string
  }
}

const CLEARED = '; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT'

/**
 * The pending-login cookies of an adapter: one per app, sealed with AES-256-GCM under keys
 * bound to the public origin, HttpOnly, SameSite=Lax, Path=/, and over https `Secure` with the
 * `__Host-` prefix. Frameworks differ only in how a cookie is read from a request and a
 * `Set-Cookie` header added to a reply; this holds everything else.
 */
export class PendingCookies {
  /** The app's external origin, for absolute callback URLs. */
  readonly publicUrl: URL
  readonly #sealer: StateSealer
  readonly #prefix: string
  /** `; Path=/; HttpOnly; SameSite=Lax`, and `; Secure` over https. */
  readonly #attributes: string
  /**
   * A `form_post` app's: a cross-site POST carries no `Lax` cookie (OAuth 2.0 Form Post Response
   * Mode), so `None`, which browsers take only with `Secure` (on http only at loopback).
   */
  readonly #crossSiteAttributes = '; Path=/; HttpOnly; SameSite=None; Secure'
  readonly #names = new Map<string, string>()
  /** The other hosts sign-ins were opened at, warned of once each. */
  readonly #warnedHosts = new Set<string>()

  /** Checks the options once, at startup; `warn` hears of a secret drawn for development. */
  constructor(options: PendingCookieOptions, warn: (message: string) => void) {
    this.publicUrl = readPublicUrl(options.publicUrl, warn)
    const secure = this.publicUrl.protocol === 'https:'
    const name = options.cookie?.name ?? 'oauth'
    if (typeof name !== 'string' || !/^[\w.-]{1,32}$/.test(name)) {
      throw invalidOptions('oauth-consumer: "cookie.name" must be 1 to 32 letters, digits, ".", "_" or "-"')
    }
    this.#sealer = new StateSealer(readSecrets(options.secret, warn), this.publicUrl.origin)
    this.#prefix = secure ? `__Host-${name}` : name
    this.#attributes = `; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`
  }

  /**
   * The warning for a sign-in of `app` opened at `host`, when that is not `publicUrl`'s host and
   * was not warned of yet. A few hosts at most: `Host` is the client's to choose.
   */
  hostWarning(app: string, host: string | undefined): string | undefined {
    const other = otherHost(host, this.publicUrl)
    if (other === undefined || this.#warnedHosts.has(other) || this.#warnedHosts.size >= 8) return undefined
    this.#warnedHosts.add(other)
    return otherHostWarning(app, other, this.publicUrl)
  }

  /** The cookie an app's pending logins live in. */
  name(app: string): string {
    let name = this.#names.get(app)
    if (name === undefined) {
      name = `${this.#prefix}-${app}`
      // Apps are registered names, a handful: every login and callback asks two or three times.
      if (this.#names.size < 256) this.#names.set(app, name)
    }
    return name
  }

  /** The pending logins of `app` in that cookie's value; none for anything forged, tampered or expired. */
  open(app: string, value: string | undefined): PendingAuthorization[] {
    const name = this.name(app)
    return this.#sealer.open(value, name)
  }

  /**
   * The `Set-Cookie` header value that stores `pending` (none clears the cookie). The value is
   * base64url and the name plain, so the header needs no further encoding. `crossSite`: the
   * app's callback is a cross-site POST (`form_post`), so the cookie is `SameSite=None; Secure`.
   */
  setCookie(app: string, pending: readonly PendingAuthorization[], crossSite = false): string {
    const name = this.name(app)
    const attributes = crossSite ? this.#crossSiteAttributes : this.#attributes
    if (pending.length === 0) return `${name}=${CLEARED}${attributes}`
    let latest = 0
    for (const p of pending) latest = Math.max(latest, p.expires)
    const maxAge = Math.max(1, Math.ceil((latest - Date.now()) / 1000))
    return `${name}=${this.#sealer.seal(pending, name)}; Max-Age=${maxAge}${attributes}`
  }
}

/**
 * The public origin: an http(s) URL without user, query or fragment. Over plain http outside
 * loopback the state cookie cannot be `Secure`, which `warn` is told.
 */
export function readPublicUrl(publicUrl: unknown, warn: (message: string) => void): URL {
  if (publicUrl === undefined || publicUrl === null || publicUrl === '') {
    // The cookie's attributes follow from it: without it, an https app's state cookie would be
    // neither Secure nor __Host-, and a sibling subdomain could plant one.
    throw invalidOptions(
      'oauth-consumer: the plugin needs "publicUrl", the app\'s external origin as browsers reach it (e.g. https://app.example.com, or http://localhost:3000 in development): callback URLs and the state cookie\'s attributes are made from it',
    )
  }
  let url: URL | undefined
  try {
    url = new URL(String(publicUrl))
  } catch {
    url = undefined
  }
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.username !== '' || url.password !== '') {
    throw invalidOptions(
      `oauth-consumer: "publicUrl" must be the app's external http(s) origin, e.g. https://app.example.com; got ${JSON.stringify(publicUrl)}`,
    )
  }
  url.search = ''
  url.hash = ''
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    warn(
      `oauth-consumer: "publicUrl" ${url.origin} is plain http: the state cookie cannot be Secure, and codes travel in the clear. Use https outside development.`,
    )
  }
  return url
}
