import { AsyncLocalStorage } from 'node:async_hooks'
import type { OAuthError } from './errors.js'
import type { PendingAuthorization } from './state.js'

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

/** The framework request being served, so tokengetters need no argument. */
export const requestContext = new AsyncLocalStorage<FrameworkRequest>()

/** Runs `fn` with `request` as the current request of tokengetters. */
export function runWithRequest<T>(request: FrameworkRequest, fn: () => T): T {
  return requestContext.run(request, fn)
}
