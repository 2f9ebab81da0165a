import { createHash } from 'node:crypto'
import type { RequestScope } from '../adapter.js'
import type { RefreshLock } from '../options/shared.js'
import type { RefreshTokenOptions } from '../protocol.js'
import type { TokenHooks } from '../token-hooks.js'
import type { IdTokenClaims, OAuth2Token } from './token.js'

/** How long a spent refresh token keeps answering with its successor. */
const SPENT_REFRESH_MEMORY_MS = 60_000

/** Who asks for a refresh, and what it may share. */
export interface RefreshCall {
  /** The request context the call began in, if any. */
  readonly scope: RequestScope | undefined
  /** The caller's `context`, for the tokenupdater. */
  readonly context: unknown
  /** Whether the tokenupdater hears of the new token if this call starts the refresh. */
  readonly tell: boolean
  /**
   * Whether a refresh that already finished may answer: true for automatic refreshes, false for
   * `refreshToken()`, which asks the provider again once the previous refresh is over.
   */
  readonly reuseFinished: boolean
  /** How long `refreshLock` may wait: the call's time. */
  readonly timeoutMs: number
}

/** Whose refresh a lock key names: the token endpoint and client, resolved when needed. */
export type RefreshIdentity = () =>
  | { readonly tokenUrl: string; readonly clientId: string }
  | Promise<{
      readonly tokenUrl: string
      readonly clientId: string
    }>

interface Flight {
  readonly promise: Promise<OAuth2Token>
  settled: boolean
}

/**
 * The key a `refreshLock` is given: SHA-256 over the token endpoint, the client id and the
 * refresh token, base64url. Never the token itself (lock services log their keys), and never
 * the same for two apps, so a lock shared by several apps keeps their hand-overs apart.
 */
export function refreshLockKey(tokenUrl: string, clientId: string, refreshToken: string): string {
  return createHash('sha256')
    .update(JSON.stringify([tokenUrl, clientId, refreshToken]))
    .digest('base64url')
}

/**
 * Refreshes once for every caller holding the same refresh token, so a rotated refresh token
 * is spent once, and tells the tokenupdater once. Across processes, `refreshLock` takes turns.
 */
export class SharedRefresh {
  readonly #flights = new Map<string, Flight>()
  readonly #refresh: (refreshToken: string, options: RefreshTokenOptions) => Promise<OAuth2Token>
  readonly #lock: RefreshLock | undefined
  readonly #identity: RefreshIdentity
  readonly #hooks: TokenHooks

  constructor(
    refresh: (refreshToken: string, options: RefreshTokenOptions) => Promise<OAuth2Token>,
    lock: RefreshLock | undefined,
    identity: RefreshIdentity,
    hooks: TokenHooks,
  ) {
    this.#refresh = refresh
    this.#lock = lock
    this.#identity = identity
    this.#hooks = hooks
  }

  /**
   * The token that replaces the one holding `refreshToken`. A call that joins a refresh under
   * way gets its token without another tokenupdater call: the refresh, and the telling, belong
   * to the call that started it.
   */
  run(refreshToken: string, previous: RefreshTokenOptions, call: RefreshCall): Promise<OAuth2Token> {
    const joined = this.#flights.get(refreshToken)
    if (joined !== undefined && (call.reuseFinished || !joined.settled)) return joined.promise
    const refresh = () => this.#refresh(refreshToken, previous)
    const lock = this.#lock
    const promise = (lock === undefined ? refresh() : this.#locked(lock, refreshToken, refresh, call.timeoutMs)).then(
      async (fresh) => {
        if (call.tell) await this.#hooks.updated(fresh, call.scope, call.context)
        return fresh
      },
    )
    const flight: Flight = { promise, settled: false }
    // A spent refresh token keeps answering with its successor for a minute, so a call that
    // read the old token just before the tokenupdater stored the new one does not spend it again.
    promise.then(
      () => {
        flight.settled = true
        setTimeout(() => {
          if (this.#flights.get(refreshToken) === flight) this.#flights.delete(refreshToken)
        }, SPENT_REFRESH_MEMORY_MS).unref()
      },
      () => {
        if (this.#flights.get(refreshToken) === flight) this.#flights.delete(refreshToken)
      },
    )
    this.#flights.set(refreshToken, flight)
    return promise
  }

  async #locked(
    lock: RefreshLock,
    refreshToken: string,
    refresh: () => Promise<OAuth2Token>,
    timeoutMs: number,
  ): Promise<OAuth2Token> {
    const { tokenUrl, clientId } = await this.#identity()
    return lock(refreshLockKey(tokenUrl, clientId, refreshToken), refresh, { timeoutMs })
  }
}

/** The parts of a stored token a refresh carries into its successor. */
export function replacedParts(token: object): RefreshTokenOptions {
  const previous = token as { claims?: IdTokenClaims; id_token?: string; callbackParams?: Record<string, string> }
  return { claims: previous.claims, idToken: previous.id_token, callbackParams: previous.callbackParams }
}
