import { type FrameworkReply, type FrameworkRequest, type HttpAdapter, requestContext } from './adapter.js'
import { ApiClient, type PaginateOptions, type RawResponse, type RequestOptions } from './api/client.js'
import { fetchProfile } from './api/profile.js'
import { BrowserLeg } from './browser/login.js'
import { invalidArgument } from './errors.js'
import type { OAuth1TokenResponse } from './oauth1/flow.js'
import type { OAuth2Token } from './oauth2/token.js'
import type { Profile, ResolvedOptions } from './options.js'
import type {
  AuthorizedResponse,
  AuthorizeOptions,
  EndSessionOptions,
  ExchangeCodeOptions,
  Protocol,
  ProviderMetadata,
  RefreshTokenOptions,
} from './protocol.js'
import type { OAuthResponse } from './response.js'
import type { TokenGetter, TokenHooks, TokenUpdater } from './token-hooks.js'
import type { OAuth2TokenInput, TokenInput } from './tokens.js'

export type { PaginateOptions, RawResponse, RequestOptions } from './api/client.js'
export type { AuthorizedResponse, AuthorizeOptions } from './protocol.js'
export type { TokenGetter, TokenUpdater } from './token-hooks.js'

/** Options of `refreshToken()`. */
export interface RefreshOptions extends RefreshTokenOptions {
  /** Whose token it is: given, the tokenupdater is told of the new token with it. */
  readonly context?: unknown
}

/** An OAuth 2.0 remote app: its handlers receive an `OAuth2Token`. */
export type OAuth2RemoteApp = RemoteApp<OAuth2Token>
/** An OAuth 1.0a remote app: its handlers receive `OAuth1TokenResponse` credentials. */
export type OAuth1RemoteApp = RemoteApp<OAuth1TokenResponse>

export type AuthorizedHandler<R = unknown, Resp extends AuthorizedResponse = AuthorizedResponse> = (
  resp: Resp | null,
  request: FrameworkRequest,
  reply: FrameworkReply,
) => R | Promise<R>

/** How the registry builds an app: the protocol it speaks and where the framework adapter is. */
export interface RemoteAppParts {
  readonly protocol: Protocol
  readonly hooks: TokenHooks
  readonly adapter: () => HttpAdapter
  /** Told when the app starts to need the request context (a tokengetter or tokenupdater). */
  readonly needsRequest: () => void
}

/**
 * A provider the app talks to: signs users in with it and calls its API for them. Made by
 * `OAuth#remoteApp`. The protocol is chosen at registration; every verb here delegates to it,
 * to the browser leg of a sign-in, or to the API client.
 */
export class RemoteApp<Resp extends AuthorizedResponse = AuthorizedResponse, Raw = unknown> {
  readonly name: string
  readonly options: ResolvedOptions
  readonly #protocol: Protocol
  readonly #hooks: TokenHooks
  readonly #login: BrowserLeg
  readonly #api: ApiClient
  readonly #adapter: () => HttpAdapter
  readonly #needsRequest: () => void

  /** @internal Use `OAuth#remoteApp`. */
  constructor(name: string, options: ResolvedOptions, parts: RemoteAppParts) {
    this.name = name
    this.options = options
    this.#protocol = parts.protocol
    this.#hooks = parts.hooks
    this.#adapter = parts.adapter
    this.#needsRequest = parts.needsRequest
    this.#login = new BrowserLeg(name, parts.adapter)
    this.#api = new ApiClient(name, options, parts.protocol, parts.hooks)
  }

  /** `'oauth1'` when the app has a `requestTokenUrl`, else `'oauth2'`. */
  get protocol(): 'oauth1' | 'oauth2' {
    return this.#protocol.kind
  }

  /** Registers the function that finds the current user's token. Returns the function, so it can decorate. */
  tokengetter<F extends TokenGetter>(fn: F): F {
    if (typeof fn !== 'function') throw invalidArgument('tokengetter(fn): "fn" must be a function')
    this.#needsRequest()
    this.#hooks.getter = fn
    return fn
  }

  /** Registers the function told of a token obtained by an automatic refresh. */
  tokenupdater<F extends TokenUpdater>(fn: F): F {
    if (typeof fn !== 'function') throw invalidArgument('tokenupdater(fn): "fn" must be a function')
    this.#needsRequest()
    this.#hooks.updater = fn
    return fn
  }

  /**
   * Sends the user to the provider (HTTP 302) and remembers the pending login in the encrypted
   * state cookie: `state`, the PKCE verifier and `next`.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
   * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
   */
  authorize(reply: FrameworkReply, options: AuthorizeOptions = {}): Promise<FrameworkReply> {
    return this.#login.start(reply, options, this.#protocol)
  }

  /**
   * A route handler for the callback: checks the state, exchanges the code, and calls
   * `handler(resp, request, reply)` with the token response, or with `null` when the user
   * denied (then `request.oauthError` says why). A missing, forged, expired or replayed state
   * is `OAUTH_STATE_MISMATCH` before anything is sent to the provider.
   */
  authorizedHandler<
    R,
    Request extends FrameworkRequest = FrameworkRequest,
    Reply extends FrameworkReply = FrameworkReply,
  >(
    handler: (resp: Resp | null, request: Request, reply: Reply) => R | Promise<R>,
  ): (request: Request, reply: Reply) => Promise<R> {
    if (typeof handler !== 'function') throw invalidArgument('authorizedHandler(handler): "handler" must be a function')
    return async (request, reply) => {
      this.#adapter().protect(reply)
      let resp: Resp | null
      try {
        resp = (await this.#login.complete(request, this.#protocol)) as Resp | null
      } finally {
        this.#login.settle(request, reply)
      }
      return handler(resp, request, reply)
    }
  }

  /**
   * The OAuth 2.0 callback step of `authorizedHandler`: the token response, or `null` with
   * `request.oauthError` set when the callback carried `error=`.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
   */
  handleOAuth2Response(request: FrameworkRequest): Promise<OAuth2Token | null> {
    this.#protocol.asOAuth2('handleOAuth2Response')
    return this.#login.complete(request, this.#protocol) as Promise<OAuth2Token | null>
  }

  /**
   * The OAuth 1.0a callback step of `authorizedHandler`: the token credentials, or `null` with
   * `request.oauthError` set when the user denied (`denied=`, or no verifier).
   *
   * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
   */
  handleOAuth1Response(request: FrameworkRequest): Promise<OAuth1TokenResponse | null> {
    this.#protocol.asOAuth1('handleOAuth1Response')
    return this.#login.complete(request, this.#protocol) as Promise<OAuth1TokenResponse | null>
  }

  /** A callback with neither a code nor an error: `null`, with `request.oauthError` set. */
  handleUnknownResponse(request: FrameworkRequest): null {
    return this.#login.unknownResponse(request)
  }

  /**
   * The `next` given to `authorize()` for the login this callback finished, if it is a
   * same-origin path; otherwise `undefined`.
   */
  nextUrl(request: FrameworkRequest): string | undefined {
    return this.#login.nextUrl(request)
  }

  /**
   * Forgets the logins of this app that the browser has started and not finished (Flask-OAuth's
   * `free_request_token`): their state, verifiers and OAuth 1.0a request-token secrets.
   */
  freeRequestToken(reply: FrameworkReply): void {
    this.#login.forget(reply)
  }

  /**
   * Exchanges OAuth 1.0a temporary credentials and the user's verifier for token credentials
   * (RFC 5849 §2.3), for verifiers obtained elsewhere (e.g. a PIN).
   */
  exchangeVerifier(
    requestToken: { readonly token: string; readonly secret: string },
    verifier: string,
  ): Promise<OAuth1TokenResponse> {
    return this.#protocol.asOAuth1('exchangeVerifier').exchangeVerifier(requestToken, verifier)
  }

  /**
   * Obtains OAuth 1.0a temporary credentials without a browser leg, for flows the plugin does
   * not run: PIN-based (`oob`, the default) or command-line apps. Show the user `authorizeUrl`,
   * then call `exchangeVerifier({ token, secret }, pin)`. Keep `secret` on the server.
   *
   * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
   */
  fetchRequestToken(
    options: { readonly callback?: string } = {},
  ): Promise<{ token: string; secret: string; authorizeUrl: string }> {
    return this.#protocol.asOAuth1('fetchRequestToken').fetchRequestToken(options.callback ?? 'oob')
  }

  /**
   * Exchanges an authorization code for a token (RFC 6749 §4.1.3), for codes obtained
   * elsewhere. Never retried: codes are single-use.
   */
  exchangeCode(code: string, options: ExchangeCodeOptions = {}): Promise<OAuth2Token> {
    return this.#protocol.asOAuth2('exchangeCode').exchangeCode(code, options)
  }

  /**
   * Obtains a new token with a refresh token (RFC 6749 §6). A response without a new
   * `refresh_token` keeps the old one. A refusal is `OAUTH_REFRESH_FAILED` with the provider's
   * `error`; network failures keep their own codes.
   *
   * Given `context` (whose token it is), the tokenupdater is told of the new token, with that
   * `context` as its third argument, before the promise resolves: a job refreshing tokens ahead of
   * their expiry stores each through the same code as automatic refreshes. Without it, storing
   * the new token is the caller's business, as before.
   *
   * @param refreshToken - the refresh token
   * @param options - `context` for the tokenupdater; OpenID Connect: the `claims` and `idToken` being replaced
   * @returns the new token
   * @throws OAuthTokenRequestError `OAUTH_REFRESH_FAILED` when the provider refuses
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
   */
  async refreshToken(refreshToken: string, options: RefreshOptions = {}): Promise<OAuth2Token> {
    const { context, ...rest } = options
    const fresh = await this.#protocol.asOAuth2('refreshToken').refreshToken(refreshToken, rest)
    if (context !== undefined) await this.#hooks.updated(fresh, requestContext.getStore(), context)
    return fresh
  }

  /**
   * Revokes a token at `revokeUrl` (RFC 7009). Revoking a token the provider does not know is
   * a success, as the RFC says. Revoking a stored token revokes its refresh token, which ends
   * the whole grant at most providers (RFC 7009 §2.1).
   */
  revokeToken(
    token: string | OAuth2TokenInput,
    options: { tokenTypeHint?: 'access_token' | 'refresh_token' } = {},
  ): Promise<void> {
    return this.#protocol.asOAuth2('revokeToken').revokeToken(token, options.tokenTypeHint)
  }

  /**
   * Calls the provider's API with the user's token (`Authorization: Bearer`, never in the
   * URL). A `url` without a scheme is joined with `baseUrl` and must stay on its origin; another
   * host takes an absolute URL or a `URL` object.
   */
  request<Data = unknown>(
    url: string | URL,
    options?: RequestOptions & { readonly raw?: false },
  ): Promise<OAuthResponse<Data>>
  request(url: string | URL, options: RequestOptions & { readonly raw: true }): Promise<RawResponse>
  request<Item = unknown>(
    url: string | URL,
    options: PaginateOptions & { readonly allPages: true },
  ): Promise<OAuthResponse<Item[]>>
  request(
    url: string | URL,
    options: PaginateOptions & { readonly raw?: boolean; readonly allPages?: boolean } = {},
  ): Promise<OAuthResponse | RawResponse> {
    if (options.allPages === true) {
      const { allPages: _, ...rest } = options
      return this.#api.allPages(url, rest)
    }
    return this.#api.send(url, options, options.method)
  }

  /**
   * The pages of a paginated list, one `OAuthResponse` each, following `Link: <…>; rel="next"`
   * (or `nextPage`), at most `maxPages`. A non-2xx page is yielded and ends the iteration. Next
   * pages on another origin are refused, so the token never leaves the API's origin.
   */
  paginate<Data = unknown>(url: string | URL, options: PaginateOptions = {}): AsyncGenerator<OAuthResponse<Data>> {
    return this.#api.pages<Data>(url, options, 'paginate()')
  }

  get<Item = unknown>(
    url: string | URL,
    options: Omit<PaginateOptions, 'method'> & { readonly allPages: true },
  ): Promise<OAuthResponse<Item[]>>
  get<Data = unknown>(url: string | URL, options?: Omit<RequestOptions, 'method'>): Promise<OAuthResponse<Data>>
  get(
    url: string | URL,
    options: Omit<PaginateOptions, 'method'> & { readonly allPages?: boolean } = {},
  ): Promise<OAuthResponse> {
    if (options.allPages === true) {
      const { allPages: _, ...rest } = options
      return this.#api.allPages(url, rest)
    }
    return this.#api.send(url, options, 'GET')
  }

  /**
   * Every page's items, joined (GitHub-Flask's `all_pages`): JSON arrays, or GitHub's search
   * answers' `items`, following `Link: <…>; rel="next"` (or `nextPage`) for at most `maxPages`. A
   * non-2xx page is `OAUTH_HTTP_ERROR`.
   */
  async getAll<Item = unknown>(url: string | URL, options: Omit<PaginateOptions, 'method'> = {}): Promise<Item[]> {
    return (await this.#api.allPages<Item>(url, options)).data
  }

  post<Data = unknown>(url: string | URL, options: Omit<RequestOptions, 'method'> = {}): Promise<OAuthResponse<Data>> {
    return this.#api.send<Data>(url, options, 'POST')
  }

  put<Data = unknown>(url: string | URL, options: Omit<RequestOptions, 'method'> = {}): Promise<OAuthResponse<Data>> {
    return this.#api.send<Data>(url, options, 'PUT')
  }

  patch<Data = unknown>(url: string | URL, options: Omit<RequestOptions, 'method'> = {}): Promise<OAuthResponse<Data>> {
    return this.#api.send<Data>(url, options, 'PATCH')
  }

  delete<Data = unknown>(
    url: string | URL,
    options: Omit<RequestOptions, 'method'> = {},
  ): Promise<OAuthResponse<Data>> {
    return this.#api.send<Data>(url, options, 'DELETE')
  }

  /**
   * The signed-in user's profile from `userInfoUrl`, mapped to `{ id, name, username, email,
   * avatarUrl, raw }` by the preset's mapping (or by common field names). `raw` is typed by the
   * mapping: a preset's documented answer (`GitHubUser` for `github()`), else a JSON object.
   *
   * @param options - `token` (else the tokengetter's), `request`, `context` for the tokenupdater
   * @returns the mapped profile
   * @throws OAuthResponseError `OAUTH_HTTP_ERROR` for a non-2xx answer; OAuthInvalidResponseError
   * `OAUTH_INVALID_RESPONSE` for an answer that is not a JSON object or names nobody
   * @example
   * ```ts
   * const gh = oauth.remoteApp('github', github())
   * const me = await gh.profile({ token })
   * me.username   // GitHub's login
   * me.raw.login  // typed from GitHub's docs
   * ```
   */
  profile(
    options: { readonly token?: TokenInput; readonly request?: FrameworkRequest; readonly context?: unknown } = {},
  ): Promise<Profile<Raw>> {
    // The mapping's own type says what `raw` is; the resolved options keep it as `unknown`.
    return fetchProfile(this.name, this.#protocol, this.#hooks, this.#api, options, this.options.profile) as Promise<
      Profile<Raw>
    >
  }

  /**
   * OpenID Connect RP-Initiated Logout: the provider's `end_session_endpoint` with
   * `id_token_hint`, `post_logout_redirect_uri`, `client_id` and `state`. Send the user there
   * after ending the app's own session.
   *
   * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
   */
  endSessionUrl(options: EndSessionOptions = {}): Promise<string> {
    return this.#protocol.endSessionUrl(options)
  }

  /**
   * The OpenID Provider's metadata, fetched once (and again after a failure, with backoff);
   * `undefined` for apps without `issuer`. Call it at startup to fail early.
   */
  serverMetadata(): Promise<ProviderMetadata | undefined> {
    return this.#protocol.serverMetadata()
  }
}
