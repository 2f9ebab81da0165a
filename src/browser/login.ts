import type { FrameworkReply, FrameworkRequest, HttpAdapter, PendingWrite } from '../adapter.js'
import { invalidArgument, invalidOptions, OAuthAuthorizationError, OAuthErrorCode, OAuthStateError } from '../errors.js'
import type { PendingAuthorization } from '../pending.js'
import type { AuthorizedResponse, AuthorizeOptions, Protocol } from '../protocol.js'
import { resolveUrl, safeNextPath } from '../url.js'
import { otherHost, otherHostHint } from './host.js'
import { findPending, MAX_NEXT_LENGTH, MAX_PENDING, PENDING_TTL_MS } from './state.js'

/** What a callback consumed, so the handler can ask for `nextUrl` and the reply can store the rest. */
interface Consumed {
  readonly pending: PendingAuthorization
  readonly rest: readonly PendingAuthorization[]
}

/** The key of callback URLs resolved without a public URL (absolute callbacks). */
const WITHOUT_PUBLIC_URL = {}

/**
 * The browser's part of a sign-in for one app: the callback URL, the pending login kept in the
 * browser's sealed cookie, finding and consuming it at the callback, and `next`.
 */
export class BrowserLeg {
  readonly #app: string
  readonly #adapter: () => HttpAdapter
  /** How this app's pending-login cookie is written: cross-site for a `form_post` app. */
  readonly #write: PendingWrite
  /** The method its callback comes by: POST for `form_post`, else GET. */
  readonly #callbackMethod: 'GET' | 'POST'
  /**
   * Where a callback request keeps the login it finished: a property keyed by a symbol of this
   * app, which costs a callback far less than a WeakMap entry.
   */
  readonly #consumedKey = Symbol('oauth-consumer.consumed')
  /** Absolute callback URLs by public URL (one per plugin, or none) and callback path. */
  readonly #callbacks = new WeakMap<object, Map<string, string>>()

  constructor(app: string, adapter: () => HttpAdapter, formPost = false) {
    this.#app = app
    this.#adapter = adapter
    this.#write = { crossSite: formPost }
    this.#callbackMethod = formPost ? 'POST' : 'GET'
  }

  /** Sends the user to the provider (302), remembering the pending login in the browser. */
  async start(reply: FrameworkReply, options: AuthorizeOptions, protocol: Protocol): Promise<FrameworkReply> {
    const adapter = this.#adapter()
    const request = adapter.requestOf(reply)
    const { callback, next, scope, ...extra } = options
    const redirectUri = callback === undefined ? undefined : this.#callbackUrl(adapter, request, callback)
    const begun = protocol.begin({ redirectUri, scope, extra })
    const { url, pending } = begun instanceof Promise ? await begun : begun
    // Every field, in one order: the sealing code then sees one shape of object, not one per protocol.
    const remembered: PendingAuthorization = {
      key: pending.key,
      secret: pending.secret,
      verifier: pending.verifier,
      nonce: pending.nonce,
      redirectUri: pending.redirectUri,
      next: typeof next === 'string' && next.length <= MAX_NEXT_LENGTH ? next : undefined,
      expires: Date.now() + PENDING_TTL_MS,
    }
    const earlier = adapter.readPending(request, this.#app)
    adapter.writePending(reply, this.#app, [remembered, ...earlier].slice(0, MAX_PENDING), this.#write)
    adapter.protect(reply)
    return adapter.redirect(reply, url)
  }

  /**
   * A callback: the pending login it names found and consumed, then completed by the protocol.
   * A denial or another `error=` is `null`, with the error in the request's error slot.
   */
  async complete(request: FrameworkRequest, protocol: Protocol): Promise<AuthorizedResponse | null> {
    const adapter = this.#adapter()
    // A form_post cookie is SameSite=None: only the POST it exists for may use it, and a GET
    // callback of such an app (or a POST to another app's) is no answer of its provider.
    const method = adapter.method(request)
    if (method !== this.#callbackMethod) {
      throw new OAuthStateError(
        `The callback of "${this.#app}" must come by ${this.#callbackMethod}${this.#callbackMethod === 'POST' ? ' (responseMode form_post)' : ''}; this one came by ${method}`,
      )
    }
    const query = adapter.query(request)
    const pending = this.consume(request, protocol.callbackKey(query))
    const result = await protocol.complete(query, pending)
    if (result === undefined) return this.unknownResponse(request)
    if (!(result instanceof OAuthAuthorizationError)) return result
    adapter.setOAuthError(request, result)
    return null
  }

  /** A callback with neither a code nor an error: `null`, with the request's error slot set. */
  unknownResponse(request: FrameworkRequest): null {
    this.#adapter().setOAuthError(
      request,
      new OAuthAuthorizationError(
        OAuthErrorCode.AUTHORIZATION_ERROR,
        'The callback carried neither a code nor an error',
      ),
    )
    return null
  }

  /** Finds and removes the pending login a callback names; every failure is the same 400. */
  consume(request: FrameworkRequest, key: string | undefined): PendingAuthorization {
    const adapter = this.#adapter()
    const all = adapter.readPending(request, this.#app)
    const pending = key === undefined ? undefined : findPending(all, key)
    if (pending === undefined) {
      throw new OAuthStateError(
        all.length === 0
          ? this.#noPendingMessage(adapter, request)
          : `The callback's state does not match a login of "${this.#app}" started in this browser`,
      )
    }
    const consumed: Consumed = { pending, rest: all.filter((p) => p !== pending) }
    ;(request as unknown as Record<symbol, Consumed | undefined>)[this.#consumedKey] = consumed
    return pending
  }

  // No cookie at a host other than publicUrl's is the usual development mistake: say so.
  #noPendingMessage(adapter: HttpAdapter, request: FrameworkRequest): string {
    const message = `No pending login of "${this.#app}" in this browser: it expired, finished already, or was started elsewhere`
    const publicUrl = adapter.publicUrl(request)
    const host = otherHost(adapter.host?.(request), publicUrl)
    return host === undefined || publicUrl === undefined ? message : `${message}; ${otherHostHint(host, publicUrl)}`
  }

  /** Rewrites the browser's pending logins without the one this callback consumed, if it consumed one. */
  settle(request: FrameworkRequest, reply: FrameworkReply): void {
    const consumed = this.#consumedOf(request)
    if (consumed !== undefined) this.#adapter().writePending(reply, this.#app, consumed.rest, this.#write)
  }

  /** The `next` of the login this callback finished, if it is a safe same-origin path. */
  nextUrl(request: FrameworkRequest): string | undefined {
    const next = this.#consumedOf(request)?.pending.next
    return next === undefined ? undefined : safeNextPath(next)
  }

  /** Forgets every pending login of this app in the browser. */
  forget(reply: FrameworkReply): void {
    this.#adapter().writePending(reply, this.#app, [], this.#write)
  }

  #consumedOf(request: FrameworkRequest): Consumed | undefined {
    return (request as unknown as Record<symbol, Consumed | undefined>)[this.#consumedKey]
  }

  #callbackUrl(adapter: HttpAdapter, request: FrameworkRequest, callback: string): string {
    if (typeof callback !== 'string') throw invalidArgument('authorize(): "callback" must be a string')
    const publicUrl = adapter.publicUrl(request)
    const scope = publicUrl ?? WITHOUT_PUBLIC_URL
    let known = this.#callbacks.get(scope)
    if (known === undefined) {
      known = new Map()
      this.#callbacks.set(scope, known)
    }
    const href = known.get(callback)
    if (href !== undefined) return href
    const url = resolveUrl(callback, publicUrl)
    if (url === undefined) {
      throw invalidOptions(
        `authorize(): the callback ${JSON.stringify(callback)} is relative, so the plugin needs "publicUrl" (the app's external origin)`,
      )
    }
    // The state cookie lives on the public origin: a callback elsewhere could never be matched,
    // and one on http beside an https origin would carry the code in the clear.
    if (publicUrl !== undefined && url.origin !== publicUrl.origin) {
      throw invalidArgument(
        `authorize(): the callback ${JSON.stringify(callback)} is not on the app's public origin ${publicUrl.origin}; give a path, or a URL on that origin`,
      )
    }
    // An app has a callback or two; the bound only stops a misuse from growing the map.
    if (known.size < 64) known.set(callback, url.href)
    return url.href
  }
}
