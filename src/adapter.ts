import { AsyncLocalStorage } from 'node:async_hooks'
import type { OAuthError } from './errors.js'
import type { PendingAuthorization } from './pending.js'

/**
 * The request and reply types of the web frameworks in use, one entry per adapter. Empty in the
 * core; an adapter adds its own by declaration merging (`oauth-consumer/fastify` adds
 * `fastify: { request: FastifyRequest; reply: FastifyReply }`), so `authorize(reply)` and
 * handlers are typed with the framework's own objects, and a program that loads two adapters
 * accepts either's.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface FrameworkTypes {}

type Registered = FrameworkTypes[keyof FrameworkTypes]
/** The request of any framework adapter loaded; `unknown` when none is. */
export type FrameworkRequest = [keyof FrameworkTypes] extends [never]
  ? unknown
  : Registered extends { request: infer R }
    ? R
    : never
/** The reply of any framework adapter loaded; `unknown` when none is. */
export type FrameworkReply = [keyof FrameworkTypes] extends [never]
  ? unknown
  : Registered extends { reply: infer R }
    ? R
    : never

/**
 * What the core needs from a web framework to run the browser legs of a sign-in. An adapter
 * implements it for its framework's request and reply, and attaches it to a registry with
 * `attachAdapter`.
 */
export interface HttpAdapter<Request = FrameworkRequest, Reply = FrameworkReply> {
  /** The request a reply answers. */
  requestOf(reply: Reply): Request
  /**
   * The callback's parameters: the query of a GET, the urlencoded body of a POST (none for a
   * POST whose body is not `application/x-www-form-urlencoded`).
   */
  query(request: Request): Readonly<Record<string, unknown>>
  /** The request's method, upper-case: a `form_post` app's callback must be a POST, any other app's a GET. */
  method(request: Request): string
  /** The app's external origin, from configuration only (never from `Host`). */
  publicUrl(request: Request): URL | undefined
  /**
   * The host and port the request was sent to (its `Host`), if the framework tells it: only
   * compared with `publicUrl`'s, to explain a callback that finds no pending login.
   */
  host?(request: Request): string | undefined
  /** The pending logins of one app this browser carries (`PendingCookies#open`). */
  readPending(request: Request, app: string): PendingAuthorization[]
  /**
   * Stores the pending logins of one app in the browser; none clears them (`PendingCookies#setCookie`,
   * given `crossSite`: a `form_post` app's cookie must reach a cross-site POST, so it is
   * `SameSite=None; Secure`).
   */
  writePending(reply: Reply, app: string, pending: readonly PendingAuthorization[], options: PendingWrite): void
  /** Answers with a 302 to `url`. */
  redirect(reply: Reply, url: string): Reply
  /** Marks a response that carries or follows credentials: `Cache-Control: no-store`, `Referrer-Policy: no-referrer`. */
  protect(reply: Reply): void
  /** Where a handler that got `null` finds why: the callback's denial or error. */
  setOAuthError(request: Request, error: OAuthError): void
}

/** How a pending-login cookie is written. */
export interface PendingWrite {
  /** The app's callback comes by a cross-site POST (`form_post`): `SameSite=None; Secure` instead of `Lax`. */
  readonly crossSite: boolean
}

/**
 * The request a tokengetter is asked about, and whether it is still being served: a timer or a
 * queue started during a request keeps that request as its context for ever, so the context
 * counts only until the response is sent or the client goes away.
 */
export interface RequestScope {
  /** The request being served: what a tokengetter is called with. */
  readonly request: FrameworkRequest
  /** False once the response was sent or the connection closed. */
  isOpen(): boolean
}

/** The framework request being served, so tokengetters need no argument. */
export const requestContext = new AsyncLocalStorage<RequestScope>()

const alwaysOpen = () => true

/**
 * Runs `fn` with `request` as the current request of tokengetters, for as long as `fn` and what
 * it starts run: an explicit binding, for work that is to act for that request.
 */
export function runWithRequest<T>(request: FrameworkRequest, fn: () => T): T {
  return requestContext.run({ request, isOpen: alwaysOpen }, fn)
}

/** The request of the current context while it is being served, else `undefined`. */
export function currentRequest(): FrameworkRequest | undefined {
  const scope = requestContext.getStore()
  return scope?.isOpen() ? scope.request : undefined
}
