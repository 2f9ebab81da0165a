import { type FrameworkRequest, type RequestScope, requestContext } from './adapter.js'
import { OAuthNoTokenError } from './errors.js'
import type { OAuth2Token } from './oauth2/token.js'
import type { TokenInput } from './tokens.js'

/**
 * Where API calls find the signed-in user's token: called with the request being served, it returns the token (or a promise of it), or nothing when the user has none (`OAUTH_NO_TOKEN`).
 * `Request` is one framework's request, in a program that loads two adapters.
 *
 * @see {@link RemoteApp.tokengetter}
 */
export type TokenGetter<Request = FrameworkRequest> = (
  request: Request,
) => TokenInput | null | undefined | Promise<TokenInput | null | undefined>
/**
 * Told of every token obtained by an automatic refresh (and by `refreshToken()` given a
 * `context`). `request` is the request the call was made in while it is being served, else
 * `undefined`; `context` is the `context` the call was given (e.g. the user a background job
 * acts for), else `undefined`. Calls that share one refresh tell it once, with the request and
 * context of the call that started the refresh.
 *
 * @param token - the new token, `expires_at` included
 * @param request - the framework's request being served, if any
 * @param context - the calling code's `context` option, if given
 */
export type TokenUpdater<Request = FrameworkRequest> = (
  token: OAuth2Token,
  request: Request | undefined,
  context: unknown,
) => void | Promise<void>

/**
 * An app's tokengetter and tokenupdater: where API calls find the user's token, and whom a
 * refresh tells. Both see a request only while it is being served.
 */
export class TokenHooks {
  getter: TokenGetter | undefined
  updater: TokenUpdater | undefined

  /**
   * The token the tokengetter finds for `request`, or for the request being served; `undefined`
   * without a tokengetter. Outside a request, or once its response was sent, there is no user to
   * ask about.
   */
  current(
    app: string,
    request?: FrameworkRequest,
  ): TokenInput | null | undefined | Promise<TokenInput | null | undefined> {
    if (this.getter === undefined) return undefined
    if (request !== undefined) return this.getter(request)
    const scope = requestContext.getStore()
    if (scope === undefined || !scope.isOpen()) {
      throw new OAuthNoTokenError(
        `"${app}" was called outside a request, or after its response was sent, so its tokengetter cannot find the user: give "token" (or "request")`,
      )
    }
    return this.getter(scope.request)
  }

  /**
   * The error of a call that found no token: a tokengetter that answered nothing (usually a user
   * not signed in) and an app without one are different mistakes, so the message says which.
   */
  noToken(app: string, found: null | undefined): OAuthNoTokenError {
    if (this.getter === undefined) {
      return new OAuthNoTokenError(
        `No token for "${app}": no tokengetter is registered; give "token" or register one with tokengetter()`,
      )
    }
    return new OAuthNoTokenError(`No token for "${app}": its tokengetter returned ${String(found)} for this request`)
  }

  /**
   * Tells the tokenupdater of a refreshed token, with the request that asked while it is served
   * and the caller's `context`.
   */
  updated(token: OAuth2Token, scope: RequestScope | undefined, context: unknown): void | Promise<void> {
    return this.updater?.(token, scope?.isOpen() ? scope.request : undefined, context)
  }
}
