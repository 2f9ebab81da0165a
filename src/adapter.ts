import { AsyncLocalStorage } from 'node:async_hooks'
import type { OAuthError } from './errors.js'
import type { PendingAuthorization } from './pending.js'

/**
 * The request and reply types of the web framework in use. Empty in the core; a framework
 * adapter fills it in by declaration merging (`oauth-consumer/fastify` sets fastify's), so
 * `authorize(reply)` and handlers are typed with the framework's own objects.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface FrameworkTypes {}

export type FrameworkRequest = FrameworkTypes extends { request: infer R } ? R : unknown
export type FrameworkReply = FrameworkTypes extends { reply: infer R } ? R : unknown

/** What the core needs from a web framework to run the browser legs of a flow. */
export interface HttpAdapter {
  requestOf(reply: FrameworkReply): FrameworkRequest
  /** The callback's query string, as the framework parsed it. */
  query(request: FrameworkRequest): Readonly<Record<string, unknown>>
  /** The app's external origin, from configuration only. */
  publicUrl(request: FrameworkRequest): URL | undefined
  /** The pending logins of one app this browser carries. */
  readPending(request: FrameworkRequest, app: string): PendingAuthorization[]
  /** Stores the pending logins of one app in the browser; none clears them. */
  writePending(reply: FrameworkReply, app: string, pending: readonly PendingAuthorization[]): void
  redirect(reply: FrameworkReply, url: string): FrameworkReply
  /** Marks a response that carries or follows credentials: no caching, no Referer. */
  protect(reply: FrameworkReply): void
  setOAuthError(request: FrameworkRequest, error: OAuthError): void
}

/**
 * The request a tokengetter is asked about, and whether it is still being served: a timer or a
 * queue started during a request keeps that request as its context for ever, so the context
 * counts only until the response is sent or the client goes away.
 */
export interface RequestScope {
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
