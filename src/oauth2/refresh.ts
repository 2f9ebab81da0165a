import { createHash } from 'node:crypto'
import type { RequestScope } from '../adapter.js'
import type { RefreshLock } from '../options/shared.js'
import type { RefreshTokenOptions } from '../protocol.js'
import type { TokenHooks } from '../token-hooks.js'
import type { RefreshableToken } from '../tokens.js'
import type { IdTokenClaims, OAuth2Token } from './token.js'

/** How long a spent refresh token keeps answering with its successor. */
const SPENT_REFRESH_MEMORY_MS = 60_000

/**
 * Refreshes once for every caller holding the same refresh token, so a rotated refresh token
 * is spent once, and tells the tokenupdater once. Across processes, `refreshLock` takes turns.
 */
export class SharedRefresh {
  readonly #flights = new Map<string, Promise<OAuth2Token>>()
  readonly #refresh: (refreshToken: string, options: RefreshTokenOptions) => Promise<OAuth2Token>
  readonly #lock: RefreshLock | undefined
  readonly #hooks: TokenHooks

  constructor(
    refresh: (refreshToken: string, options: RefreshTokenOptions) => Promise<OAuth2Token>,
    lock: RefreshLock | undefined,
    hooks: TokenHooks,
  ) {
    this.#refresh = refresh
    this.#lock = lock
    this.#hooks = hooks
  }

  /**
   * The token that replaces `token`; `scope` is the request context the call began in, `context`
   * the caller's. A call that joins a refresh under way gets its token without another
   * tokenupdater call: the refresh, and the telling, belong to the call that started it.
   */
  run(token: RefreshableToken, scope: RequestScope | undefined, context: unknown): Promise<OAuth2Token> {
    const key = token.refresh_token
    let flight = this.#flights.get(key)
    if (flight !== undefined) return flight
    const previous = token as { claims?: IdTokenClaims; id_token?: string; callbackParams?: Record<string, string> }
    const refresh = () =>
      this.#refresh(key, {
        claims: previous.claims,
        idToken: previous.id_token,
        callbackParams: previous.callbackParams,
      })
    const lock = this.#lock
    flight = (
      lock === undefined ? refresh() : lock(createHash('sha256').update(key).digest('base64url'), refresh)
    ).then(async (fresh) => {
      await this.#hooks.updated(fresh, scope, context)
      return fresh
    })
    // A spent refresh token keeps answering with its successor for a minute, so a call that
    // read the old token just before the tokenupdater stored the new one does not spend it again.
    flight.then(
      () => setTimeout(() => this.#flights.delete(key), SPENT_REFRESH_MEMORY_MS).unref(),
      () => this.#flights.delete(key),
    )
    this.#flights.set(key, flight)
    return flight
  }
}
