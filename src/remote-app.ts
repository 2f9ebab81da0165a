import { type FrameworkReply, type FrameworkRequest, type HttpAdapter, requestContext } from './adapter.js'
import { ApiClient, type PaginateOptions, type RawResponse, type RequestOptions } from './api/client.js'
import { fetchProfile } from './api/profile.js'
import { BrowserLeg } from './browser/login.js'
import { invalidArgument } from './errors.js'
import type { OAuth1TokenResponse } from './oauth1/flow.js'
import type { ClientCredentialsOptions } from './oauth2/client-credentials.js'
import type { DeviceAuthorization, DeviceAuthorizationOptions } from './oauth2/device-flow.js'
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

/**
 * The function `authorizedHandler()` wraps: called with the token response once the callback is
 * checked and the code exchanged, or with `null` when the user denied (the request's
 * `oauthError` then says why).
 */
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
  /** The name it was registered under: `oauth.get(name)` finds it, and it names the app in errors and cookies. */
  readonly name: string
  /** Its options as validated at registration: URLs parsed, aliases and defaults applied. */
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
    this.#login = new BrowserLeg(name, parts.adapter, options.responseMode === 'form_post')
    this.#api = new ApiClient(name, options, parts.protocol, parts.hooks)
  }

  /** `'oauth1'` when the app has a `requestTokenUrl`, else `'oauth2'`. */
  get protocol(): 'oauth1' | 'oauth2' {
    return this.#protocol.kind
  }

  /**
   * Registers the function that finds the current user's token: API calls without a `token`
   * call it with the request being served (found through the framework adapter's request
   * context). It may be async. Returns the function, so it can decorate. In a program that
   * loads two framework adapters, annotate its parameter with the request of the framework
   * this registry serves.
   *
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_ARGUMENT` when `fn` is not a function
   * @example
   * ```ts
   * import { OAuth, type OAuth2Token } from 'oauth-consumer'
   * import { github } from 'oauth-consumer/providers'
   *
   * const sessions = new Map<string, OAuth2Token>()
   * const gh = new OAuth().remoteApp('github', github())
   * gh.tokengetter((request) => sessions.get(request.cookies.sid ?? ''))
   * ```
   */
  tokengetter<Request extends FrameworkRequest = FrameworkRequest>(fn: TokenGetter<Request>): TokenGetter<Request> {
    if (typeof fn !== 'function') throw invalidArgument('tokengetter(fn): "fn" must be a function')
    this.#needsRequest()
    // The adapter attached to this registry hands over its own framework's requests only.
    this.#hooks.getter = fn as TokenGetter
    return fn
  }

  /**
   * Registers the function told of a token obtained by an automatic refresh, once per refresh
   * however many calls shared it, with the request being served when there is one: store the
   * new token there, since a rotated refresh token cannot be used twice.
   *
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_ARGUMENT` when `fn` is not a function
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
   */
  tokenupdater<Request extends FrameworkRequest = FrameworkRequest>(fn: TokenUpdater<Request>): TokenUpdater<Request> {
    if (typeof fn !== 'function') throw invalidArgument('tokenupdater(fn): "fn" must be a function')
    this.#needsRequest()
    this.#hooks.updater = fn as TokenUpdater
    return fn
  }

  /**
   * Sends the user to the provider (HTTP 302) and remembers the pending login in the encrypted
   * state cookie: `state`, the PKCE verifier and `next`. OAuth 1.0a apps first obtain a request
   * token signed with `oauth_callback`. A relative `callback` is made absolute on the adapter's
   * `publicUrl`.
   *
   * @param reply - the framework's reply of the current request
   * @param options - `callback`, `next`, `scope`, and extra authorize-URL parameters
   * @returns the reply, redirected
   * @throws {@link OAuthConfigError} `OAUTH_NOT_MOUNTED` when no framework adapter is attached to the registry
   * @throws {@link OAuthTokenRequestError} `OAUTH_TOKEN_REQUEST_FAILED` when an OAuth 1.0a request-token call is refused
   * @throws {@link OAuthNetworkError} when the request-token call or OpenID Connect discovery fails
   * @example
   * ```ts
   * import Fastify from 'fastify'
   * import { OAuth } from 'oauth-consumer'
   * import fastifyOAuth from 'oauth-consumer/fastify'
   * import { github } from 'oauth-consumer/providers'
   *
   * const oauth = new OAuth()
   * const gh = oauth.remoteApp('github', github({ scope: ['read:user'] }))
   * const app = Fastify()
   * await app.register(fastifyOAuth, { oauth, secret: process.env.OAUTH_SECRET, publicUrl: 'http://localhost:3000' })
   * app.get<{ Querystring: { next?: string } }>('/login', (request, reply) =>
   *   gh.authorize(reply, { callback: '/callback', next: request.query.next }),
   * )
   * ```
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
   * is `OAUTH_STATE_MISMATCH` before anything is sent to the provider. With OpenID Connect the
   * ID token is validated before the handler runs.
   *
   * @param handler - called with the token response, or `null`, and the framework's request and reply
   * @returns a route handler for the framework
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_ARGUMENT` when `handler` is not a function
   * @throws {@link OAuthStateError} (from the route) `OAUTH_STATE_MISMATCH`, or `OAUTH_ISSUER_MISMATCH` (RFC 9207)
   * @throws {@link OAuthTokenRequestError} (from the route) `OAUTH_TOKEN_REQUEST_FAILED` when the token endpoint refuses
   * @throws {@link OAuthIdTokenError} (from the route) `OAUTH_ID_TOKEN_INVALID` when the ID token fails a check
   * @example
   * ```ts
   * import Fastify from 'fastify'
   * import { OAuth } from 'oauth-consumer'
   * import fastifyOAuth from 'oauth-consumer/fastify'
   * import { github } from 'oauth-consumer/providers'
   *
   * const oauth = new OAuth()
   * const gh = oauth.remoteApp('github', github())
   * const app = Fastify()
   * await app.register(fastifyOAuth, { oauth, secret: process.env.OAUTH_SECRET, publicUrl: 'http://localhost:3000' })
   * app.get('/callback', gh.authorizedHandler((token, request, reply) => {
   *   if (token === null) return reply.code(403).send(request.oauthError?.message) // the user said no
   *   // keep token.access_token (and token.refresh_token) in the user's session here
   *   return reply.redirect(gh.nextUrl(request) ?? '/')
   * }))
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
   * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
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
   *
   * @param requestToken - the temporary credentials from `fetchRequestToken()`
   * @param verifier - the `oauth_verifier`, or the PIN the user copied
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_ARGUMENT` for an OAuth 2.0 app
   * @throws {@link OAuthTokenRequestError} `OAUTH_TOKEN_REQUEST_FAILED` when the provider refuses
   * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.3
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
   * @param options - `callback`: the `oauth_callback`; default `oob`
   * @returns the temporary credentials and the URL to send the user to
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_ARGUMENT` for an OAuth 2.0 app
   * @throws {@link OAuthTokenRequestError} `OAUTH_TOKEN_REQUEST_FAILED` when the provider refuses
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
   *
   * @param code - the authorization code
   * @param options - the `redirectUri` and PKCE `codeVerifier` the authorize URL used, the OpenID Connect `nonce`
   * @returns the token, with `expires_at` and, for OpenID Connect, verified `claims`
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_ARGUMENT` for an OAuth 1.0a app
   * @throws {@link OAuthTokenRequestError} `OAUTH_TOKEN_REQUEST_FAILED` when the token endpoint refuses (RFC 6749 §5.2)
   * @throws {@link OAuthInvalidResponseError} `OAUTH_INVALID_RESPONSE`, or `OAUTH_ID_TOKEN_INVALID`, for an answer that cannot be used
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
   */
  exchangeCode(code: string, options: ExchangeCodeOptions = {}): Promise<OAuth2Token> {
    return this.#protocol.asOAuth2('exchangeCode').exchangeCode(code, options)
  }

  /**
   * Obtains a new token with a refresh token (RFC 6749 §6). A response without a new
   * `refresh_token` keeps the old one. A refusal is `OAUTH_REFRESH_FAILED` with the provider's
   * `error`; network failures keep their own codes.
   *
   * It is shared with the automatic refreshes of the app: made while one of the same refresh
   * token is under way, it resolves to that refresh's token, and it goes through `refreshLock`
   * (API.md §13), so a job and an API call never spend a rotating refresh token twice. Once a
   * refresh has finished, calling it again asks the provider again.
   *
   * Given `context` (whose token it is), the tokenupdater is told of the new token, with that
   * `context` as its third argument, before the promise resolves: a job refreshing tokens ahead of
   * their expiry stores each through the same code as automatic refreshes. Without it, storing
   * the new token is the caller's business, as before.
   *
   * @param refreshToken - the token's `refresh_token`
   * @param options - `context` for the tokenupdater; the `callbackParams` of the token being replaced, which the new one keeps; OpenID Connect: the `claims` and `idToken` being replaced
   * @returns the new token, `expires_at` computed at receipt
   * @throws {@link OAuthTokenRequestError} `OAUTH_REFRESH_FAILED` when the provider refuses: only a new sign-in helps
   * @throws {@link OAuthNetworkError} `OAUTH_TIMEOUT` or `OAUTH_NETWORK_ERROR`: trying again later may work
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_ARGUMENT` for an OAuth 1.0a app
   * @example
   * ```ts
   * import { isReauthRequired, type OAuth2Token, type RemoteApp } from 'oauth-consumer'
   *
   * async function renew(app: RemoteApp, token: OAuth2Token): Promise<OAuth2Token | undefined> {
   *   if (token.refresh_token === undefined) return undefined
   *   try {
   *     return await app.refreshToken(token.refresh_token)
   *   } catch (error) {
   *     if (isReauthRequired(error)) return undefined // sign the user in again
   *     throw error
   *   }
   * }
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
   */
  async refreshToken(refreshToken: string, options: RefreshOptions = {}): Promise<OAuth2Token> {
    const { context, ...rest } = options
    return this.#protocol
      .asOAuth2('refreshToken')
      .refreshToken(refreshToken, rest, { scope: requestContext.getStore(), context })
  }

  /**
   * A token for the app itself, not for a user (client credentials, RFC 6749 §4.4), with the
   * app's client authentication. It is kept until `refreshSkew` before it expires and reused:
   * calls with the same scope (in any order) and params share one request, and with a
   * `tokenCache` registries and processes share it too. A token without `expires_in` is not
   * kept, nor is a failure. An API call answered 401 with a kept token drops it and asks once more.
   *
   * @param options - `scope` (the app's by default) and other `params` of the token request
   * @returns the token (§3's shape), to pass as `token` to API calls
   * @throws {@link OAuthTokenRequestError} `OAUTH_TOKEN_REQUEST_FAILED` with the provider's `error` when it refuses
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_ARGUMENT` for an OAuth 1.0a app or a malformed option
   * @example
   * ```ts
   * import { OAuth } from 'oauth-consumer'
   *
   * const api = new OAuth().remoteApp('reports', {
   *   issuer: 'https://id.example.com',
   *   clientId: 'reports-job',
   *   clientSecret: process.env.REPORTS_CLIENT_SECRET ?? '',
   *   baseUrl: 'https://api.example.com/',
   * })
   * const appToken = await api.clientCredentials({ scope: ['reports:read'] })
   * const reports = await api.get('reports', { token: appToken })
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
   */
  async clientCredentials(options: ClientCredentialsOptions = {}): Promise<OAuth2Token> {
    return this.#protocol.asOAuth2('clientCredentials').clientCredentials(options)
  }

  /**
   * Starts a sign-in on another device (the device flow, RFC 8628), for a CLI or a TV: the
   * device authorization request, with the app's client authentication, at
   * `deviceAuthorizationUrl` (or the issuer's `device_authorization_endpoint`). Show the user
   * `verificationUri` and `userCode`, then `poll()` for the token.
   *
   * @param options - `scope` (the app's by default) and other `params` of the request
   * @returns the codes to show and `poll()`
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_OPTIONS` when the app has no device authorization endpoint
   * @throws {@link OAuthTokenRequestError} `OAUTH_TOKEN_REQUEST_FAILED` when the provider refuses
   * @example
   * ```ts
   * import { OAuth } from 'oauth-consumer'
   * import { github } from 'oauth-consumer/providers'
   *
   * const cli = new OAuth().remoteApp('github', github({ tokenEndpointAuthMethod: 'none' }))
   * const device = await cli.deviceAuthorization({ scope: 'read:user' })
   * console.log(`Open ${device.verificationUri} and enter ${device.userCode}`)
   * const token = await device.poll({ signal: AbortSignal.timeout(device.expiresIn * 1000) })
   * const me = await cli.get('user', { token })
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc8628
   */
  async deviceAuthorization(options: DeviceAuthorizationOptions = {}): Promise<DeviceAuthorization> {
    return this.#protocol.asOAuth2('deviceAuthorization').deviceAuthorization(options)
  }

  /**
   * Revokes a token at `revokeUrl` (RFC 7009). Revoking a token the provider does not know is
   * a success, as the RFC says. Revoking a stored token revokes its refresh token, which ends
   * the whole grant at most providers (RFC 7009 §2.1).
   *
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_OPTIONS` when the app has no `revokeUrl`, `OAUTH_INVALID_ARGUMENT` for an OAuth 1.0a app
   * @throws {@link OAuthTokenRequestError} `OAUTH_TOKEN_REQUEST_FAILED` when the provider refuses
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
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
   * host takes an absolute URL or a `URL` object. OAuth 1.0a calls are signed (RFC 5849 §3.4).
   * An expired OAuth 2.0 token with a refresh token is refreshed first, and a 401 answer leads
   * to one refresh and one retry. With `raw: true` it resolves to a {@link RawResponse} as soon
   * as the headers arrive; with `allPages: true`, to every page's JSON array joined.
   *
   * @throws {@link OAuthNoTokenError} `OAUTH_NO_TOKEN` when no `token` is given and the tokengetter has none
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_ARGUMENT` for a URL that would leave `baseUrl`'s origin
   * @throws {@link OAuthNetworkError} `OAUTH_TIMEOUT`, `OAUTH_NETWORK_ERROR` or `OAUTH_RESPONSE_TOO_LARGE`
   * @throws {@link OAuthResponseError} `OAUTH_HTTP_ERROR` on a non-2xx answer with `throwHttpErrors`
   * @throws {@link OAuthTokenRequestError} `OAUTH_REFRESH_FAILED` when a needed refresh is refused
   * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
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
   *
   * @throws the errors of {@link RemoteApp.request}, from the page that met them
   * @example
   * ```ts
   * import type { RemoteApp } from 'oauth-consumer'
   *
   * async function repoNames(gh: RemoteApp): Promise<string[]> {
   *   const names: string[] = []
   *   for await (const page of gh.paginate<{ full_name: string }[]>('user/repos', { query: { per_page: 100 } })) {
   *     if (!page.ok) break
   *     names.push(...page.data.map((repo) => repo.full_name))
   *   }
   *   return names
   * }
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc8288
   */
  paginate<Data = unknown>(url: string | URL, options: PaginateOptions = {}): AsyncGenerator<OAuthResponse<Data>> {
    return this.#api.pages<Data>(url, options, 'paginate()')
  }

  /**
   * A GET {@link RemoteApp.request}: the user's token, `baseUrl` joined, retries of 429 and
   * gateway errors. With `allPages: true`, every page's JSON array joined (GitHub-Flask's `all_pages`).
   *
   * @throws the errors of {@link RemoteApp.request}
   * @example
   * ```ts
   * import { OAuth } from 'oauth-consumer'
   * import { github } from 'oauth-consumer/providers'
   *
   * const gh = new OAuth().remoteApp('github', github())
   * const me = await gh.get<{ login: string }>('user', { token: process.env.GITHUB_TOKEN ?? '' })
   * if (me.ok) console.log(me.data.login) // calls https://api.github.com/user
   * ```
   */
  get<Item = unknown>(
    url: string | URL,
    options: Omit<PaginateOptions, 'method'> & { readonly allPages: true },
  ): Promise<OAuthResponse<Item[]>>
  /**
   * A GET {@link RemoteApp.request}: the user's token, `baseUrl` joined, retries of 429 and
   * gateway errors.
   *
   * @throws the errors of {@link RemoteApp.request}
   * @example
   * ```ts
   * import { OAuth } from 'oauth-consumer'
   * import { github } from 'oauth-consumer/providers'
   *
   * const gh = new OAuth().remoteApp('github', github())
   * const me = await gh.get<{ login: string }>('user', { token: process.env.GITHUB_TOKEN ?? '' })
   * if (me.ok) console.log(me.data.login) // calls https://api.github.com/user
   * ```
   */
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
   *
   * @throws {@link OAuthResponseError} `OAUTH_HTTP_ERROR` for a non-2xx page, and the errors of {@link RemoteApp.request}
   */
  async getAll<Item = unknown>(url: string | URL, options: Omit<PaginateOptions, 'method'> = {}): Promise<Item[]> {
    return (await this.#api.allPages<Item>(url, options)).data
  }

  /**
   * A POST {@link RemoteApp.request}: a plain-object `data` is sent urlencoded (signed with OAuth
   * 1.0a) or, with `format: 'json'`, as JSON. Not retried unless `retries` is given.
   *
   * @throws the errors of {@link RemoteApp.request}
   * @example
   * ```ts
   * import { OAuth } from 'oauth-consumer'
   * import { twitter } from 'oauth-consumer/providers'
   *
   * const x = new OAuth().remoteApp('twitter', twitter())
   * const token = { token: process.env.X_TOKEN ?? '', secret: process.env.X_TOKEN_SECRET ?? '' }
   * const resp = await x.post<{ id_str: string }>('statuses/update.json', { data: { status: 'Hello' }, token })
   * if (resp.status === 403) console.log('Your post was too long.')
   * ```
   */
  post<Data = unknown>(url: string | URL, options: Omit<RequestOptions, 'method'> = {}): Promise<OAuthResponse<Data>> {
    return this.#api.send<Data>(url, options, 'POST')
  }

  /**
   * A PUT {@link RemoteApp.request}.
   *
   * @throws the errors of {@link RemoteApp.request}
   */
  put<Data = unknown>(url: string | URL, options: Omit<RequestOptions, 'method'> = {}): Promise<OAuthResponse<Data>> {
    return this.#api.send<Data>(url, options, 'PUT')
  }

  /**
   * A PATCH {@link RemoteApp.request}; not retried unless `retries` is given.
   *
   * @throws the errors of {@link RemoteApp.request}
   */
  patch<Data = unknown>(url: string | URL, options: Omit<RequestOptions, 'method'> = {}): Promise<OAuthResponse<Data>> {
    return this.#api.send<Data>(url, options, 'PATCH')
  }

  /**
   * A DELETE {@link RemoteApp.request}.
   *
   * @throws the errors of {@link RemoteApp.request}
   */
  delete<Data = unknown>(
    url: string | URL,
    options: Omit<RequestOptions, 'method'> = {},
  ): Promise<OAuthResponse<Data>> {
    return this.#api.send<Data>(url, options, 'DELETE')
  }

  /**
   * The signed-in user's profile from `userInfoUrl`, mapped to `{ id, name, username, email,
   * avatarUrl, raw }` by the preset's mapping (or by common field names). `raw` is typed by the
   * mapping: a preset's documented answer (`GitHubUser` for `github()`), else a JSON object. With
   * OpenID Connect it is the userinfo endpoint, whose `sub` must be the ID token's.
   *
   * @param options - `token` (else the tokengetter's), `request` to ask it about, `context` for the tokenupdater
   * @returns the mapped profile
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_OPTIONS` when the app has no `userInfoUrl` (and no issuer's userinfo endpoint)
   * @throws {@link OAuthInvalidResponseError} `OAUTH_INVALID_RESPONSE` when the answer is not a JSON object or names no user
   * @throws the errors of {@link RemoteApp.request}
   * @example
   * ```ts
   * import { OAuth } from 'oauth-consumer'
   * import { github } from 'oauth-consumer/providers'
   *
   * const gh = new OAuth().remoteApp('github', github({ scope: ['read:user'] }))
   * const me = await gh.profile({ token: process.env.GITHUB_TOKEN ?? '' })
   * console.log(me.id, me.username, me.raw.login, me.email, me.avatarUrl) // raw typed from GitHub's docs
   * ```
   * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
   */
  profile(
    options: { readonly token?: TokenInput; readonly request?: FrameworkRequest; readonly context?: unknown } = {},
  ): Promise<Profile<Raw>> {
    // The mapping's own type says what `raw` is; the resolved options keep it as `unknown`.
    return fetchProfile(
      this.name,
      this.#protocol,
      this.#hooks,
      this.#api,
      options,
      this.options.profile,
      this.options.userInfo,
    ) as Promise<Profile<Raw>>
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
