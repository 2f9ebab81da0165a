import { createHash } from 'node:crypto'
import { decodeJwt } from 'jose'
import {
  currentRequest,
  type FrameworkReply,
  type FrameworkRequest,
  type HttpAdapter,
  requestContext,
} from './adapter.js'
import {
  invalidArgument,
  OAuthAuthorizationError,
  OAuthConfigError,
  OAuthError,
  OAuthErrorCode,
  OAuthResponseError,
  OAuthStateError,
  OAuthTokenRequestError,
} from './errors.js'
import { defaultDispatcher, type HttpStream, sendStreaming } from './http.js'
import {
  type OAuth1TokenResponse,
  requestTemporaryCredentials,
  requestTokenCredentials,
  type Signer,
} from './oauth1/flow.js'
import { bodyHash, createSigner, decodeForm, isProtocolParam } from './oauth1/sign.js'
import { authorizationUrl, callbackError, revocationRequest, tokenRequest } from './oauth2/flow.js'
import { codeChallengeS256, createCodeVerifier } from './oauth2/pkce.js'
import type { OAuth2Token } from './oauth2/token.js'
import type { ProviderMetadata } from './oidc/discovery.js'
import type { IdTokenClaims } from './oidc/id-token.js'
import { idTokenMissing, OpenIdProvider } from './oidc/provider.js'
import type { Profile, ReadyOptions, ResolvedOptions } from './options.js'
import { collectItems, DEFAULT_MAX_PAGES, linkHeaderNext, type NextPage, resolveNext } from './pagination.js'
import { defaultProfile } from './profile.js'
import { addQuery, encodeBody, type QueryValue } from './request-body.js'
import { bodyKind, OAuthResponse } from './response.js'
import { isIdempotent, sendWithRetries } from './retry.js'
import {
  findPending,
  MAX_NEXT_LENGTH,
  MAX_PENDING,
  PENDING_TTL_MS,
  type PendingAuthorization,
  randomToken,
} from './state.js'
import {
  accessTokenOf,
  type BearerToken,
  canRefresh,
  checkToken,
  isExpired,
  type OAuth2TokenInput,
  oauth1Credentials,
  type RefreshableToken,
  type TokenInput,
} from './tokens.js'
import { hasControl, hasScheme, isHttp, isSecureUrl, resolveUrl, safeNextPath, single } from './url.js'

export type TokenGetter = (
  request: FrameworkRequest,
) => TokenInput | null | undefined | Promise<TokenInput | null | undefined>
/** Told of every token obtained by an automatic refresh; `request` is absent outside a request. */
export type TokenUpdater = (token: OAuth2Token, request: FrameworkRequest | undefined) => void | Promise<void>

/** What `authorize()` takes: the callback, where to go afterwards, and extra authorize-URL params. */
export interface AuthorizeOptions {
  /** The callback URL; relative URLs are made absolute from the plugin's `publicUrl`. */
  readonly callback?: string | undefined
  /** Where to send the user after signing in; `nextUrl()` returns it if it is a same-origin path. */
  readonly next?: unknown
  readonly scope?: string | readonly string[] | undefined
  readonly [param: string]: unknown
}

/** The token response an authorized handler receives: OAuth 2.0's token, or OAuth 1.0a's credentials. */
export type AuthorizedResponse = OAuth2Token | OAuth1TokenResponse

/** An OAuth 2.0 remote app: its handlers receive an `OAuth2Token`. */
export type OAuth2RemoteApp = RemoteApp<OAuth2Token>
/** An OAuth 1.0a remote app: its handlers receive `OAuth1TokenResponse` credentials. */
export type OAuth1RemoteApp = RemoteApp<OAuth1TokenResponse>

export type AuthorizedHandler<R = unknown, Resp extends AuthorizedResponse = AuthorizedResponse> = (
  resp: Resp | null,
  request: FrameworkRequest,
  reply: FrameworkReply,
) => R | Promise<R>

export interface RequestOptions {
  readonly method?: string
  /** A plain object (sent urlencoded, or JSON with `format: 'json'`), or a string or Buffer sent as is. */
  readonly data?: unknown
  readonly query?: Readonly<Record<string, QueryValue>> | URLSearchParams
  readonly headers?: Readonly<Record<string, string>>
  readonly format?: 'urlencoded' | 'json'
  readonly contentType?: string
  /** Use this token instead of the tokengetter's. */
  readonly token?: TokenInput
  readonly timeout?: number
  readonly maxResponseSize?: number
  readonly throwHttpErrors?: boolean
  /** OAuth 1.0a: sign a JSON or raw body with `oauth_body_hash` (form bodies are signed as parameters). */
  readonly bodyHash?: boolean
  /**
   * Extra attempts after 429/502/503/504 or a reset. Defaults to the app's `retries` for
   * idempotent methods and to 0 for POST and PATCH, which retry only when given here.
   */
  readonly retries?: number
}

export interface PaginateOptions extends RequestOptions {
  /** Pages fetched at most. Default 100. */
  readonly maxPages?: number
  /** Where the next page is; by default the `Link: <…>; rel="next"` header. */
  readonly nextPage?: NextPage
}

export interface RawResponse {
  readonly status: number
  readonly headers: HttpStream['headers']
  readonly ok: boolean
  /** The undecoded body as a stream; the caller must read or destroy it. */
  readonly body: HttpStream['body']
}

const SPENT_REFRESH_MEMORY_MS = 60_000

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])

/** The headers every API call of an app starts from: defaults, then the app's own. */
function baseHeaders(o: ResolvedOptions): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json, */*;q=0.5', 'user-agent': o.userAgent }
  for (const [key, value] of Object.entries(o.headers)) headers[key.toLowerCase()] = value
  return headers
}

function hasOpenIdScope(scope: string | undefined): boolean {
  return scope?.split(/[\s,+]+/).includes('openid') === true
}

/** The subject a stored token was issued for: its verified claims, or its ID token's. */
function subjectOf(token: TokenInput): string | undefined {
  if (typeof token !== 'object' || token === null || Array.isArray(token)) return undefined
  const t = token as { claims?: { sub?: unknown }; id_token?: unknown }
  if (typeof t.claims?.sub === 'string') return t.claims.sub
  if (typeof t.id_token !== 'string') return undefined
  try {
    const sub = decodeJwt(t.id_token).sub
    return typeof sub === 'string' ? sub : undefined
  } catch {
    return undefined
  }
}

/** What a callback consumed, so the handler can ask for `nextUrl` and the reply can store the rest. */
interface Consumed {
  readonly pending: PendingAuthorization
  readonly rest: readonly PendingAuthorization[]
}

/**
 * A provider the app talks to: signs users in with it and calls its API for them. Made by
 * `OAuth#remoteApp`.
 */
export class RemoteApp<Resp extends AuthorizedResponse = AuthorizedResponse> {
  readonly name: string
  readonly options: ResolvedOptions
  readonly #adapter: () => HttpAdapter
  readonly #needsRequest: () => void
  /**
   * Where a callback request keeps the login it finished: a property keyed by a symbol of this
   * app, which costs a callback far less than a WeakMap entry.
   */
  readonly #consumedKey = Symbol('oauth-consumer.consumed')
  #tokengetter: TokenGetter | undefined
  #tokenupdater: TokenUpdater | undefined
  readonly #refreshing = new Map<string, Promise<OAuth2Token>>()
  #signer: Signer | undefined
  readonly #oidc: OpenIdProvider | undefined
  /** Absolute callback URLs by public URL (one per plugin, or none) and callback path. */
  readonly #callbacks = new WeakMap<object, Map<string, string>>()
  readonly #urls = new Map<string, URL>()
  #baseHeaders: Readonly<Record<string, string>> | undefined

  /** @internal Use `OAuth#remoteApp`. */
  constructor(name: string, options: ResolvedOptions, adapter: () => HttpAdapter, needsRequest: () => void = () => {}) {
    this.name = name
    this.options = options
    this.#adapter = adapter
    this.#needsRequest = needsRequest
    this.#oidc = options.issuer === undefined ? undefined : new OpenIdProvider(options)
    // Made now, so an unreadable RSA key fails at registration rather than at the first call.
    if (options.protocol === 'oauth1') this.#signer = this.#sign()
  }

  /** `'oauth1'` when the app has a `requestTokenUrl`, else `'oauth2'`. */
  get protocol(): 'oauth1' | 'oauth2' {
    return this.options.protocol
  }

  /** Registers the function that finds the current user's token. Returns the function, so it can decorate. */
  tokengetter<F extends TokenGetter>(fn: F): F {
    if (typeof fn !== 'function') throw invalidArgument('tokengetter(fn): "fn" must be a function')
    this.#needsRequest()
    this.#tokengetter = fn
    return fn
  }

  /** Registers the function told of a token obtained by an automatic refresh. */
  tokenupdater<F extends TokenUpdater>(fn: F): F {
    if (typeof fn !== 'function') throw invalidArgument('tokenupdater(fn): "fn" must be a function')
    this.#needsRequest()
    this.#tokenupdater = fn
    return fn
  }

  /**
   * Sends the user to the provider (HTTP 302) and remembers the pending login in the encrypted
   * state cookie: `state`, the PKCE verifier and `next`.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
   * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
   */
  async authorize(reply: FrameworkReply, options: AuthorizeOptions = {}): Promise<FrameworkReply> {
    const adapter = this.#adapter()
    const request = adapter.requestOf(reply)
    const { callback, next, scope, ...extra } = options
    const redirectUri = callback === undefined ? undefined : this.#callbackUrl(adapter, request, callback)
    const remembered = typeof next === 'string' && next.length <= MAX_NEXT_LENGTH ? { next } : {}
    let url: string
    let pending: PendingAuthorization
    if (this.options.protocol === 'oauth1') {
      // RFC 5849 §2.1: `oob` when there is no callback (PIN-based authorization).
      const o = await this.#endpoints()
      const temporary = await requestTemporaryCredentials(o, this.#sign(), redirectUri ?? 'oob')
      const target = new URL(o.authorizeUrl.href)
      for (const [key, value] of extraParams(
        scope === undefined ? extra : { ...extra, scope: joinScope(scope, this.options) },
      )) {
        target.searchParams.set(key, value)
      }
      target.searchParams.set('oauth_token', temporary.oauth_token)
      url = target.href
      pending = {
        key: temporary.oauth_token,
        secret: temporary.oauth_token_secret,
        ...remembered,
        expires: Date.now() + PENDING_TTL_MS,
      }
    } else {
      ;({ url, pending } = this.#authorization2(
        this.#oidc === undefined ? (this.options as ReadyOptions) : await this.#endpoints(),
        redirectUri,
        scope,
        extra,
        remembered,
      ))
    }
    const earlier = adapter.readPending(request, this.name)
    adapter.writePending(reply, this.name, [pending, ...earlier].slice(0, MAX_PENDING))
    adapter.protect(reply)
    return adapter.redirect(reply, url)
  }

  #authorization2(
    o: ReadyOptions,
    redirectUri: string | undefined,
    scope: AuthorizeOptions['scope'],
    extra: Readonly<Record<string, unknown>>,
    remembered: { next?: string },
  ): { url: string; pending: PendingAuthorization } {
    const state = randomToken()
    const verifier = o.pkce ? createCodeVerifier() : undefined
    const scopes = scope === undefined ? o.scope : joinScope(scope, o)
    // OpenID Connect Core §3.1.2.1: a nonce binds the ID token to this login.
    // With nonce: false (a provider that drops it) an empty nonce still records that an ID token is due.
    const openid = o.issuer !== undefined && hasOpenIdScope(scopes ?? o.requestTokenParams.scope)
    const nonce = openid ? (o.nonce ? randomToken() : '') : undefined
    const url = authorizationUrl(o, {
      redirectUri,
      state,
      codeChallenge: verifier === undefined ? undefined : codeChallengeS256(verifier),
      scope: scopes,
      nonce: nonce === '' ? undefined : nonce,
      extra: extraParams(extra),
    })
    const pending: PendingAuthorization = {
      key: state,
      ...(verifier === undefined ? {} : { verifier }),
      ...(nonce === undefined ? {} : { nonce }),
      ...(redirectUri === undefined ? {} : { redirectUri }),
      ...remembered,
      expires: Date.now() + PENDING_TTL_MS,
    }
    return { url, pending }
  }

  /**
   * A route handler for the callback: checks the state, exchanges the code, and calls
   * `handler(resp, request, reply)` with the token response, or with `null` when the user
   * denied (then `request.oauthError` says why). A missing, forged, expired or replayed state
   * is `OAUTH_STATE_MISMATCH` before anything is sent to the provider.
   */
  authorizedHandler<R>(
    handler: AuthorizedHandler<R, Resp>,
  ): (request: FrameworkRequest, reply: FrameworkReply) => Promise<R> {
    if (typeof handler !== 'function') throw invalidArgument('authorizedHandler(handler): "handler" must be a function')
    return async (request, reply) => {
      const adapter = this.#adapter()
      adapter.protect(reply)
      let resp: Resp | null
      try {
        resp = (await (this.options.protocol === 'oauth1'
          ? this.handleOAuth1Response(request)
          : this.handleOAuth2Response(request))) as Resp | null
      } finally {
        const consumed = this.#consumedOf(request)
        if (consumed !== undefined) adapter.writePending(reply, this.name, consumed.rest)
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
  async handleOAuth2Response(request: FrameworkRequest): Promise<OAuth2Token | null> {
    const adapter = this.#adapter()
    const query = adapter.query(request)
    const pending = this.#consume(request, single(query, 'state'))
    if (this.#oidc !== undefined) await this.#oidc.checkResponseIssuer(query)
    const error = single(query, 'error')
    if (error !== undefined) {
      adapter.setOAuthError(request, callbackError(query, error))
      return null
    }
    const code = single(query, 'code')
    if (code === undefined) return this.handleUnknownResponse(request)
    return this.exchangeCode(code, {
      redirectUri: pending.redirectUri,
      codeVerifier: pending.verifier,
      nonce: pending.nonce,
    })
  }

  /**
   * The OAuth 1.0a callback step of `authorizedHandler`: the token credentials, or `null` with
   * `request.oauthError` set when the user denied (`denied=`, or no verifier).
   *
   * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
   */
  async handleOAuth1Response(request: FrameworkRequest): Promise<OAuth1TokenResponse | null> {
    const adapter = this.#adapter()
    const query = adapter.query(request)
    const denied = single(query, 'denied')
    const pending = this.#consume(request, single(query, 'oauth_token') ?? denied)
    const verifier = single(query, 'oauth_verifier')
    if (denied !== undefined || verifier === undefined) {
      adapter.setOAuthError(
        request,
        new OAuthAuthorizationError(
          OAuthErrorCode.ACCESS_DENIED,
          denied === undefined
            ? 'The callback carried no oauth_verifier: access was not granted'
            : 'The user denied access',
          { data: { error: 'access_denied' } },
        ),
      )
      return null
    }
    return this.exchangeVerifier({ token: pending.key, secret: pending.secret ?? '' }, verifier)
  }

  /** A callback with neither a code nor an error: `null`, with `request.oauthError` set. */
  handleUnknownResponse(request: FrameworkRequest): null {
    this.#adapter().setOAuthError(
      request,
      new OAuthAuthorizationError(
        OAuthErrorCode.AUTHORIZATION_ERROR,
        'The callback carried neither a code nor an error',
      ),
    )
    return null
  }

  /**
   * The `next` given to `authorize()` for the login this callback finished, if it is a
   * same-origin path (non-ASCII characters percent-encoded, so it fits a `Location` header);
   * otherwise `undefined`.
   */
  nextUrl(request: FrameworkRequest): string | undefined {
    const next = this.#consumedOf(request)?.pending.next
    return next === undefined ? undefined : safeNextPath(next)
  }

  /**
   * Exchanges OAuth 1.0a temporary credentials and the user's verifier for token credentials
   * (RFC 5849 §2.3), for verifiers obtained elsewhere (e.g. a PIN).
   */
  async exchangeVerifier(
    requestToken: { readonly token: string; readonly secret: string },
    verifier: string,
  ): Promise<OAuth1TokenResponse> {
    this.#require('oauth1', 'exchangeVerifier')
    if (typeof requestToken?.token !== 'string' || typeof requestToken.secret !== 'string') {
      throw invalidArgument('exchangeVerifier(requestToken, verifier): "requestToken" must be { token, secret }')
    }
    if (typeof verifier !== 'string' || verifier === '') {
      throw invalidArgument('exchangeVerifier(requestToken, verifier): "verifier" must be a non-empty string')
    }
    return requestTokenCredentials(await this.#endpoints(), this.#sign(), requestToken, verifier)
  }

  /**
   * Obtains OAuth 1.0a temporary credentials without a browser leg, for flows the plugin does
   * not run: PIN-based (`oob`, the default) or command-line apps. Show the user `authorizeUrl`,
   * then call `exchangeVerifier({ token, secret }, pin)`. Keep `secret` on the server.
   *
   * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
   */
  async fetchRequestToken(
    options: { readonly callback?: string } = {},
  ): Promise<{ token: string; secret: string; authorizeUrl: string }> {
    this.#require('oauth1', 'fetchRequestToken')
    const callback = options.callback ?? 'oob'
    if (typeof callback !== 'string' || (callback !== 'oob' && resolveUrl(callback, undefined) === undefined)) {
      throw invalidArgument('fetchRequestToken(): "callback" must be an absolute URL or "oob"')
    }
    const o = await this.#endpoints()
    const temporary = await requestTemporaryCredentials(o, this.#sign(), callback)
    const url = new URL(o.authorizeUrl.href)
    url.searchParams.set('oauth_token', temporary.oauth_token)
    return { token: temporary.oauth_token, secret: temporary.oauth_token_secret, authorizeUrl: url.href }
  }

  /**
   * Forgets the logins of this app that the browser has started and not finished (Flask-OAuth's
   * `free_request_token`): their state, verifiers and OAuth 1.0a request-token secrets.
   */
  freeRequestToken(reply: FrameworkReply): void {
    this.#adapter().writePending(reply, this.name, [])
  }

  /**
   * Exchanges an authorization code for a token (RFC 6749 §4.1.3), for codes obtained
   * elsewhere. Never retried: codes are single-use.
   */
  async exchangeCode(
    code: string,
    options: {
      redirectUri?: string | undefined
      codeVerifier?: string | undefined
      /**
       * OpenID Connect: the nonce sent with the authorization request, checked in the ID token;
       * any string, even empty, means an ID token is required.
       */
      nonce?: string | undefined
    } = {},
  ): Promise<OAuth2Token> {
    this.#require('oauth2', 'exchangeCode')
    if (typeof code !== 'string' || code === '')
      throw invalidArgument('exchangeCode(code): "code" must be a non-empty string')
    const grant: Record<string, string> = { grant_type: 'authorization_code', code }
    if (options.redirectUri !== undefined) grant.redirect_uri = options.redirectUri
    if (options.codeVerifier !== undefined) grant.code_verifier = options.codeVerifier
    const o = this.#oidc === undefined ? (this.options as ReadyOptions) : await this.#endpoints()
    const token = await tokenRequest(o, grant)
    if (this.#oidc === undefined) return token
    if (token.id_token === undefined) {
      // An openid login must yield an ID token (OpenID Connect Core §3.1.3.3).
      if (options.nonce !== undefined) throw idTokenMissing()
      return token
    }
    return { ...token, claims: await this.#oidc.validate(token, options.nonce === '' ? undefined : options.nonce) }
  }

  /**
   * Obtains a new token with a refresh token (RFC 6749 §6). A response without a new
   * `refresh_token` keeps the old one. A refusal is `OAUTH_REFRESH_FAILED` with the provider's
   * `error`; network failures keep their own codes.
   */
  async refreshToken(
    refreshToken: string,
    options: {
      /**
       * OpenID Connect: the ID token and claims being replaced. A new ID token must name the same
       * user; an answer without one keeps them, as it keeps the refresh token.
       */
      readonly claims?: IdTokenClaims | undefined
      readonly idToken?: string | undefined
    } = {},
  ): Promise<OAuth2Token> {
    this.#require('oauth2', 'refreshToken')
    if (typeof refreshToken !== 'string' || refreshToken === '') {
      throw invalidArgument('refreshToken(refreshToken): "refreshToken" must be a non-empty string')
    }
    try {
      const o = await this.#endpoints()
      const token = await tokenRequest(o, { grant_type: 'refresh_token', refresh_token: refreshToken })
      const kept = token.refresh_token === undefined ? { ...token, refresh_token: refreshToken } : token
      if (this.#oidc === undefined) return kept
      if (kept.id_token === undefined) {
        return {
          ...kept,
          ...(options.idToken === undefined ? {} : { id_token: options.idToken }),
          ...(options.claims === undefined ? {} : { claims: options.claims }),
        }
      }
      // OpenID Connect Core §12.2: an ID token in a refresh response is validated, without a nonce.
      return { ...kept, claims: await this.#oidc.validate(kept, undefined, options.claims) }
    } catch (error) {
      // The provider refused, or sent what cannot be used: the user must sign in again. Network
      // failures keep their codes: trying again later may work.
      if (
        error instanceof OAuthError &&
        (error.code === 'OAUTH_TOKEN_REQUEST_FAILED' ||
          error.code === 'OAUTH_INVALID_RESPONSE' ||
          error.code === 'OAUTH_ID_TOKEN_INVALID')
      ) {
        throw new OAuthTokenRequestError(
          OAuthErrorCode.REFRESH_FAILED,
          `Refreshing the token failed: ${error.message}`,
          {
            ...(error.data === undefined ? {} : { data: error.data }),
            ...(error.response === undefined ? {} : { response: error.response }),
            cause: error,
          },
        )
      }
      throw error
    }
  }

  /**
   * Revokes a token at `revokeUrl` (RFC 7009). Revoking a token the provider does not know is
   * a success, as the RFC says.
   */
  async revokeToken(
    token: string | OAuth2TokenInput,
    options: { tokenTypeHint?: 'access_token' | 'refresh_token' } = {},
  ): Promise<void> {
    if (typeof token === 'object' && token !== null) {
      // Revoking the refresh token ends the whole grant at most providers (RFC 7009 §2.1).
      const refresh = token.refresh_token
      return refresh === undefined || refresh === ''
        ? this.revokeToken(token.access_token, { tokenTypeHint: 'access_token' })
        : this.revokeToken(refresh, { tokenTypeHint: 'refresh_token' })
    }
    this.#require('oauth2', 'revokeToken')
    const o = await this.#endpoints()
    const url = o.revokeUrl
    if (url === undefined)
      throw new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, `Remote app "${this.name}" has no "revokeUrl"`)
    if (typeof token !== 'string' || token === '')
      throw invalidArgument('revokeToken(token): "token" must be a non-empty string')
    return revocationRequest(o, url, token, options.tokenTypeHint)
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
      return this.#allPages(url, rest)
    }
    return this.#send(url, options, options.method)
  }

  /** `request` itself; the verb shortcuts pass their method here rather than copying the options. */
  async #send(
    url: string | URL,
    options: RequestOptions & { readonly raw?: boolean },
    givenMethod: string | undefined,
  ): Promise<OAuthResponse | RawResponse> {
    const o = this.options
    const method = givenMethod === undefined ? 'GET' : givenMethod.toUpperCase()
    if (!METHODS.has(method) && !/^[A-Z]+$/.test(method)) {
      throw invalidArgument(`request(): "method" is not an HTTP method: ${JSON.stringify(givenMethod)}`)
    }
    // A URL the call leaves as it is (no query to add, no GET data) is shared, not copied.
    const mutable =
      options.query !== undefined || (options.data !== undefined && (method === 'GET' || method === 'HEAD'))
    const checked = this.#checkedUrl(url)
    const target = mutable ? new URL(checked.href) : checked
    addQuery(target, options.query)
    this.#baseHeaders ??= baseHeaders(o)
    // `authorization` first: V8 adds a property to a spread copy ten times slower than it copies.
    const headers: Record<string, string> = { authorization: '', ...this.#baseHeaders }
    if (options.headers !== undefined) {
      for (const [key, value] of Object.entries(options.headers)) headers[key.toLowerCase()] = value
    }
    const body = encodeBody(method, target, options, headers)

    const given = options.token ?? (await this.#currentToken())
    if (given === undefined || given === null) {
      throw new OAuthError(
        OAuthErrorCode.NO_TOKEN,
        `No token for "${this.name}": give "token" or register a tokengetter that returns one`,
      )
    }
    const timeout = options.timeout ?? o.timeout
    const req = {
      method,
      url: target,
      headers,
      body,
      timeout,
      maxSize: options.maxResponseSize ?? o.maxResponseSize,
      dispatcher: o.dispatcher ?? defaultDispatcher(),
      what: 'API',
    }
    let token: BearerToken | undefined
    // OAuth 1.0a: every attempt is signed afresh, so a retry never repeats a nonce (RFC 5849 §3.3).
    const sign =
      o.protocol === 'oauth1'
        ? () => {
            headers.authorization = this.#signRequest(method, target, body, headers, given, options.bodyHash === true)
          }
        : undefined
    if (sign !== undefined) {
      sign()
    } else {
      token = checkToken(given)
      if (isExpired(token, o.refreshSkew)) token = await this.#refreshShared(token)
      headers.authorization = `Bearer ${accessTokenOf(token)}`
    }
    if (options.raw === true) {
      const res = await sendStreaming(req)
      return { status: res.status, headers: res.headers, ok: res.status >= 200 && res.status < 300, body: res.body }
    }
    const retries = options.retries ?? (isIdempotent(method) ? o.retries : 0)
    if (!(Number.isInteger(retries) && retries >= 0 && retries <= 10))
      throw invalidArgument('request(): "retries" must be 0 to 10')
    const deadline = Date.now() + timeout
    let res = await sendWithRetries(req, retries, deadline, sign)
    if (res.status === 401 && token !== undefined && canRefresh(token)) {
      // One refresh and one retry, never more: a token refused twice is refused.
      token = await this.#refreshShared(token)
      headers.authorization = `Bearer ${accessTokenOf(token)}`
      res = await sendWithRetries(req, retries, Date.now() + timeout)
    }
    const response = new OAuthResponse(res.status, res.headers, res.body)
    if (!response.ok && (options.throwHttpErrors ?? o.throwHttpErrors)) throw new OAuthResponseError(response)
    return response
  }

  /** An API URL resolved against `baseUrl` and checked once per distinct string. */
  #checkedUrl(url: string | URL, caller = 'request()'): URL {
    const known = typeof url === 'string' ? this.#urls.get(url) : undefined
    if (known !== undefined) return known
    const o = this.options
    const target = resolveUrl(url, o.baseUrl)
    if (typeof url === 'string' && !hasScheme(url)) this.#assertOnBase(url, target, caller)
    if (target === undefined || !isHttp(target)) {
      throw invalidArgument(
        `${caller}: "url" is not an http(s) URL${o.baseUrl ? '' : ' and the app has no baseUrl'}: ${JSON.stringify(String(url))}`,
      )
    }
    if (!isSecureUrl(target)) {
      throw invalidArgument(`${caller}: credentials are only sent over https (or to loopback): ${target.origin}`)
    }
    // Paths an app calls are few; the bound keeps ids in paths from growing the map forever.
    if (typeof url === 'string' && this.#urls.size < 256) this.#urls.set(url, target)
    return target
  }

  /**
   * A string without a scheme is a path on `baseUrl`'s origin. The URL parser would let
   * `//host`, `\\host` or `/<TAB>/host` name another host, and the credentials would go there;
   * the check is on where the string lands, not on how it starts.
   */
  #assertOnBase(url: string, target: URL | undefined, caller: string): void {
    const base = this.options.baseUrl
    if (base === undefined) {
      throw invalidArgument(`${caller}: "url" is not an http(s) URL and the app has no baseUrl: ${JSON.stringify(url)}`)
    }
    if (target !== undefined && isHttp(target) && target.origin !== base.origin) {
      throw invalidArgument(
        `${caller}: "url" ${JSON.stringify(url)} has no scheme, so it is a path on baseUrl's origin (${base.origin}), ` +
          `but it resolves to ${target.origin}: give an absolute URL or a URL object to reach another host`,
      )
    }
    // Checked after the origin, which is the graver news; the parser drops tabs and line breaks,
    // so `user\r\nx:1` would otherwise be refused as the scheme `userx:`.
    if (hasControl(url)) throw invalidArgument(`${caller}: "url" ${JSON.stringify(url)} holds a control character`)
  }

  /** The `Authorization` header of an OAuth 1.0a API call; form bodies and the query are signed. */
  #signRequest(
    method: string,
    url: URL,
    body: string | Buffer | undefined,
    headers: Readonly<Record<string, string>>,
    given: TokenInput,
    withBodyHash: boolean,
  ): string {
    const credentials = oauth1Credentials(given)
    const form = body !== undefined && bodyKind(headers['content-type']) === 'form'
    const bodyParams = form ? decodeForm(body.toString()) : []
    for (const [key] of [...decodeForm(url.search.slice(1)), ...bodyParams]) {
      if (isProtocolParam(key))
        throw invalidArgument(`request(): "${key}" is an OAuth protocol parameter and is set by the library`)
    }
    const extra =
      withBodyHash && !form ? { oauth_body_hash: bodyHash(body ?? '', this.options.signatureMethod) } : undefined
    return this.#sign()({
      method,
      url,
      bodyParams,
      ...(extra === undefined ? {} : { extra }),
      token: credentials.token,
      tokenSecret: credentials.secret,
    }).header
  }

  #sign(): Signer {
    this.#signer ??= createSigner({
      consumerKey: this.options.clientId,
      consumerSecret: this.options.clientSecret,
      signatureMethod: this.options.signatureMethod,
      privateKey: this.options.privateKey,
      realm: this.options.realm,
    })
    return this.#signer
  }

  /**
   * The pages of a paginated list, one `OAuthResponse` each, following `Link: <…>; rel="next"`
   * (or `nextPage`), at most `maxPages`. A non-2xx page is yielded and ends the iteration. Next
   * pages on another origin are refused, so the token never leaves the API's origin.
   */
  paginate<Data = unknown>(url: string | URL, options: PaginateOptions = {}): AsyncGenerator<OAuthResponse<Data>> {
    return this.#pages<Data>(url, options, 'paginate()')
  }

  /** `paginate` itself; `caller` names the method the user called in its errors. */
  async *#pages<Data>(
    url: string | URL,
    options: PaginateOptions,
    caller: string,
  ): AsyncGenerator<OAuthResponse<Data>> {
    const { maxPages = DEFAULT_MAX_PAGES, nextPage = linkHeaderNext, ...first } = options
    if (!(Number.isInteger(maxPages) && maxPages >= 1))
      throw invalidArgument(`${caller}: "maxPages" must be a whole number, 1 or more`)
    if (typeof nextPage !== 'function') throw invalidArgument(`${caller}: "nextPage" must be a function`)
    // The next pages' URLs carry their own query: `query` and GET `data` shape the first only,
    // and `nextPage` sees the first URL with its query. The first URL is checked as any API URL
    // is; the later ones may not leave its origin (`resolveNext`).
    const { query, data, ...later } = first
    let current: URL | undefined = new URL(this.#checkedUrl(url, caller).href)
    addQuery(current, query)
    for (let page = 0; current !== undefined && page < maxPages; page++) {
      const response = await this.request<Data>(
        current,
        page === 0 ? { ...later, ...(data === undefined ? {} : { data }) } : later,
      )
      yield response
      if (!response.ok) return
      current = resolveNext(nextPage(response, current), current)
    }
  }

  /** Every page's items joined, with the last page's status and headers (GitHub-Flask's `all_pages`). */
  async #allPages(url: string | URL, options: PaginateOptions): Promise<OAuthResponse<unknown[]>> {
    const items: unknown[] = []
    let last: OAuthResponse | undefined
    for await (const page of this.#pages(url, options, 'request()')) {
      if (!page.ok) throw new OAuthResponseError(page)
      collectItems(page, items)
      last = page
    }
    if (last === undefined)
      throw invalidArgument(`request(): "url" is not an http(s) URL: ${JSON.stringify(String(url))}`)
    return OAuthResponse.withData(last.status, last.headers, last.rawData, items)
  }

  get<Data = unknown>(url: string | URL, options: Omit<RequestOptions, 'method'> = {}): Promise<OAuthResponse<Data>> {
    return this.#send(url, options, 'GET') as Promise<OAuthResponse<Data>>
  }

  post<Data = unknown>(url: string | URL, options: Omit<RequestOptions, 'method'> = {}): Promise<OAuthResponse<Data>> {
    return this.#send(url, options, 'POST') as Promise<OAuthResponse<Data>>
  }

  put<Data = unknown>(url: string | URL, options: Omit<RequestOptions, 'method'> = {}): Promise<OAuthResponse<Data>> {
    return this.#send(url, options, 'PUT') as Promise<OAuthResponse<Data>>
  }

  patch<Data = unknown>(url: string | URL, options: Omit<RequestOptions, 'method'> = {}): Promise<OAuthResponse<Data>> {
    return this.#send(url, options, 'PATCH') as Promise<OAuthResponse<Data>>
  }

  delete<Data = unknown>(
    url: string | URL,
    options: Omit<RequestOptions, 'method'> = {},
  ): Promise<OAuthResponse<Data>> {
    return this.#send(url, options, 'DELETE') as Promise<OAuthResponse<Data>>
  }

  /**
   * The signed-in user's profile from `userInfoUrl`, mapped to `{ id, name, email, avatarUrl, raw }`
   * by the preset's mapping (or by common field names).
   */
  async profile(options: { readonly token?: TokenInput } = {}): Promise<Profile> {
    const url = (await this.#endpoints()).userInfoUrl
    if (url === undefined)
      throw new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, `Remote app "${this.name}" has no "userInfoUrl"`)
    const token = options.token ?? (await this.#currentToken()) ?? undefined
    const response = await this.request(url, { ...(token === undefined ? {} : { token }), throwHttpErrors: true })
    const raw = response.data
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || Buffer.isBuffer(raw)) {
      throw new OAuthError(
        OAuthErrorCode.INVALID_RESPONSE,
        'The user-info endpoint did not answer with a JSON object',
        { response },
      )
    }
    // OpenID Connect Core §5.3.4: userinfo about another subject must not be used.
    const expected = token === undefined ? undefined : subjectOf(token)
    if (expected !== undefined && (raw as { sub?: unknown }).sub !== expected) {
      throw new OAuthError(
        OAuthErrorCode.INVALID_RESPONSE,
        'The user-info answer is about another subject than the ID token',
        { response },
      )
    }
    return (this.options.profile ?? defaultProfile)(raw)
  }

  /**
   * OpenID Connect RP-Initiated Logout: the provider's `end_session_endpoint` with
   * `id_token_hint`, `post_logout_redirect_uri`, `client_id` and `state`. Send the user there
   * after ending the app's own session.
   *
   * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
   */
  async endSessionUrl(
    options: { readonly idTokenHint?: string; readonly postLogoutRedirectUri?: string; readonly state?: string } = {},
  ): Promise<string> {
    const metadata = await this.serverMetadata()
    const endpoint = metadata?.end_session_endpoint
    if (endpoint === undefined) {
      throw new OAuthConfigError(
        OAuthErrorCode.INVALID_OPTIONS,
        `Remote app "${this.name}" has no end_session_endpoint`,
      )
    }
    const url = new URL(endpoint)
    url.searchParams.set('client_id', this.options.clientId)
    if (options.idTokenHint !== undefined) url.searchParams.set('id_token_hint', options.idTokenHint)
    if (options.postLogoutRedirectUri !== undefined) {
      url.searchParams.set('post_logout_redirect_uri', options.postLogoutRedirectUri)
    }
    if (options.state !== undefined) url.searchParams.set('state', options.state)
    return url.href
  }

  /**
   * The OpenID Provider's metadata, fetched once (and again after a failure, with backoff);
   * `undefined` for apps without `issuer`. Call it at startup to fail early.
   */
  async serverMetadata(): Promise<ProviderMetadata | undefined> {
    return this.#oidc === undefined ? undefined : (await this.#oidc.discover()).metadata
  }

  /** The options with every endpoint known: discovery's for OpenID Connect apps. */
  #endpoints(): ReadyOptions | Promise<ReadyOptions> {
    // Without an issuer there is nothing to wait for: no promise on the login path.
    return this.#oidc === undefined ? (this.options as ReadyOptions) : this.#oidc.discover().then((d) => d.options)
  }

  /**
   * Refreshes once for every caller holding the same refresh token, so a rotated refresh token
   * is spent once, and tells the tokenupdater once.
   */
  #refreshShared(token: RefreshableToken): Promise<OAuth2Token> {
    const key = token.refresh_token
    let flight = this.#refreshing.get(key)
    if (flight === undefined) {
      const scope = requestContext.getStore()
      const lock = this.options.refreshLock
      const previous = token as { claims?: IdTokenClaims; id_token?: string }
      const refresh = () => this.refreshToken(key, { claims: previous.claims, idToken: previous.id_token })
      flight = (
        lock === undefined ? refresh() : lock(createHash('sha256').update(key).digest('base64url'), refresh)
      ).then(async (fresh) => {
        // The request that started the refresh, only while it is still being served.
        await this.#tokenupdater?.(fresh, scope?.isOpen() ? scope.request : undefined)
        return fresh
      })
      // A spent refresh token keeps answering with its successor for a minute, so a call that
      // read the old token just before the tokenupdater stored the new one does not spend it again.
      flight.then(
        () => setTimeout(() => this.#refreshing.delete(key), SPENT_REFRESH_MEMORY_MS).unref(),
        () => this.#refreshing.delete(key),
      )
      this.#refreshing.set(key, flight)
    }
    return flight
  }

  async #currentToken(): Promise<TokenInput | null | undefined> {
    if (this.#tokengetter === undefined) return undefined
    const request = currentRequest()
    if (request === undefined) {
      throw new OAuthError(
        OAuthErrorCode.NO_TOKEN,
        `"${this.name}" was called outside a request, or after its response was sent, so its tokengetter cannot find the user: give "token"`,
      )
    }
    return this.#tokengetter(request)
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
      throw new OAuthConfigError(
        OAuthErrorCode.INVALID_OPTIONS,
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

  /** Finds and removes the pending login a callback names; every failure is the same 400. */
  #consume(request: FrameworkRequest, key: string | undefined): PendingAuthorization {
    const all = this.#adapter().readPending(request, this.name)
    const pending = key === undefined ? undefined : findPending(all, key)
    if (pending === undefined) {
      throw new OAuthStateError(
        all.length === 0
          ? `No pending login of "${this.name}" in this browser: it expired, finished already, or was started elsewhere`
          : `The callback's state does not match a login of "${this.name}" started in this browser`,
      )
    }
    const consumed: Consumed = { pending, rest: all.filter((p) => p !== pending) }
    ;(request as unknown as Record<symbol, Consumed | undefined>)[this.#consumedKey] = consumed
    return pending
  }

  #consumedOf(request: FrameworkRequest): Consumed | undefined {
    return (request as unknown as Record<symbol, Consumed | undefined>)[this.#consumedKey]
  }

  #require(protocol: 'oauth1' | 'oauth2', method: string): void {
    if (this.options.protocol !== protocol) {
      throw new OAuthConfigError(
        OAuthErrorCode.INVALID_ARGUMENT,
        `${method}() is for ${protocol === 'oauth2' ? 'OAuth 2.0' : 'OAuth 1.0a'} apps; "${this.name}" is not one`,
      )
    }
  }
}

/** The key of callback URLs resolved without a public URL (absolute callbacks). */
const WITHOUT_PUBLIC_URL = {}

function joinScope(scope: string | readonly string[], o: ResolvedOptions): string {
  if (typeof scope === 'string') return scope
  if (Array.isArray(scope) && scope.every((s) => typeof s === 'string')) return scope.join(o.scopeSeparator)
  throw invalidArgument('authorize(): "scope" must be a string or an array of strings')
}

function extraParams(extra: Readonly<Record<string, unknown>>): [string, string][] {
  const result: [string, string][] = []
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined || value === null) continue
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw invalidArgument(`authorize(): "${key}" must be a string, number or boolean`)
    }
    result.push([key, String(value)])
  }
  return result
}
