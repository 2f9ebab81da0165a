import { type FrameworkRequest, type RequestScope, requestContext } from '../adapter.js'
import { invalidArgument, invalidOptions, invalidResponse } from '../errors.js'
import { defaultHeaders, type HttpStream, sendStreaming } from '../http.js'
import type { CommonSettings } from '../options/common.js'
import type { ApiCall, Protocol } from '../protocol.js'
import { OAuthResponse } from '../response.js'
import type { TokenHooks } from '../token-hooks.js'
import type { ApiBaseFromToken, TokenInput } from '../tokens.js'
import { hasControl, hasScheme, isHttp, isSecureUrl, resolveUrl } from '../url.js'
import { httpError } from './http-error.js'
import { collectItems, DEFAULT_MAX_PAGES, linkHeaderNext, type NextPage, resolveNext } from './pagination.js'
import { addQuery, encodeBody, type QueryValue } from './request-body.js'
import { isIdempotent, sendWithRetries } from './retry.js'

/**
 * The options of an API call: `request`, `get`, `post`, `put`, `patch`, `delete`, `paginate`.
 *
 * @see RFC 6750 §2.1 (OAuth 2.0 tokens go in the `Authorization` header, never the URL), RFC 5849 §3.4.1.3 (OAuth 1.0a signs query and form parameters)
 */
export interface RequestOptions {
  /** The HTTP method; `request()` defaults to GET, the shortcuts set it. */
  readonly method?: string
  /** A plain object (sent urlencoded, or JSON with `format: 'json'`), or a string or Buffer sent as is. */
  readonly data?: unknown
  /** Appended to the URL's own query; an array repeats the key, `null` and `undefined` are left out. */
  readonly query?: Readonly<Record<string, QueryValue>> | URLSearchParams
  /** Headers of this call, over the app's `headers`. */
  readonly headers?: Readonly<Record<string, string>>
  /** How a plain-object `data` is sent: `'urlencoded'` (the default) or `'json'`. */
  readonly format?: 'urlencoded' | 'json'
  /** The `Content-Type` of a string or Buffer `data`. */
  readonly contentType?: string
  /** Use this token instead of the tokengetter's. */
  readonly token?: TokenInput
  /**
   * The request this call acts for: the tokengetter is asked about it, and the tokenupdater told
   * of it, without the implicit request context (for apps that turn it off: the fastify plugin's
   * `requestContext: false`).
   */
  readonly request?: FrameworkRequest
  /**
   * Whose token this is, for the tokenupdater (its third argument) when the call refreshes it:
   * what a background job, which has no request, says to have the new token stored in the
   * right place. Any value; the library only passes it on.
   */
  readonly context?: unknown
  /** Milliseconds for each attempt; by default the app's `timeout`. */
  readonly timeout?: number
  /**
   * Bytes accepted from the answer; by default the app's `maxResponseSize`. A larger body is `OAUTH_RESPONSE_TOO_LARGE`.
   */
  readonly maxResponseSize?: number
  /**
   * Throw an {@link OAuthResponseError} (`OAUTH_HTTP_ERROR`) on a non-2xx answer instead of resolving to it; by default the app's `throwHttpErrors`.
   */
  readonly throwHttpErrors?: boolean
  /** OAuth 1.0a: sign a JSON or raw body with `oauth_body_hash` (form bodies are signed as parameters). */
  readonly bodyHash?: boolean
  /**
   * Extra attempts after 429/502/503/504 or a reset. Defaults to the app's `retries` for
   * idempotent methods and to 0 for POST and PATCH, which retry only when given here.
   */
  readonly retries?: number
}

/**
 * The options of `paginate()`, `getAll()` and `{ allPages: true }`: those of every call, and how pages follow each other.
 *
 * @see RFC 8288 (the `Link` header)
 */
export interface PaginateOptions extends RequestOptions {
  /** Pages fetched at most. Default 100. */
  readonly maxPages?: number
  /** Where the next page is; by default the `Link: <…>; rel="next"` header. */
  readonly nextPage?: NextPage
}

/**
 * The answer of `request(url, { raw: true })`: resolved as soon as the headers arrive, the body left unread and undecoded (GitHub-Flask's `raw_request`); `maxResponseSize` does not apply.
 */
export interface RawResponse {
  /** The HTTP status code. */
  readonly status: number
  /** The answer's headers, lower-case names. */
  readonly headers: HttpStream['headers']
  /** Whether `status` is 2xx. */
  readonly ok: boolean
  /** The undecoded body as a stream; the caller must read or destroy it. */
  readonly body: HttpStream['body']
}

/** A request given to the call: the caller vouches that it is being served. */
function explicitScope(request: FrameworkRequest): RequestScope {
  return { request, isOpen: () => true }
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])

/**
 * An app's calls to its provider's API: URLs kept on `baseUrl`'s origin, the token from the
 * call or the tokengetter, authorization by the app's protocol, retries, pages and bodies.
 */
export class ApiClient {
  readonly #name: string
  readonly #o: CommonSettings
  readonly #baseFromToken: ApiBaseFromToken | undefined
  /** The bases tokens named, parsed and checked once each. */
  readonly #tokenBases = new Map<string, URL>()
  readonly #protocol: Protocol
  readonly #hooks: TokenHooks
  readonly #urls = new Map<string, URL>()
  /** The headers every call starts from: defaults, then the app's own. */
  readonly #baseHeaders: Readonly<Record<string, string>>

  constructor(
    name: string,
    o: CommonSettings & { readonly baseUrlFromToken?: ApiBaseFromToken | undefined },
    protocol: Protocol,
    hooks: TokenHooks,
  ) {
    this.#name = name
    this.#o = o
    this.#baseFromToken = o.baseUrlFromToken
    this.#protocol = protocol
    this.#hooks = hooks
    const headers = defaultHeaders(o, 'application/json, */*;q=0.5')
    for (const [key, value] of Object.entries(o.headers)) headers[key.toLowerCase()] = value
    this.#baseHeaders = headers
  }

  /** One call; the verb shortcuts pass their method here rather than copying the options. */
  send<Data = unknown>(
    url: string | URL,
    options: RequestOptions & { readonly raw?: false },
    method: string | undefined,
  ): Promise<OAuthResponse<Data>>
  send(
    url: string | URL,
    options: RequestOptions & { readonly raw?: boolean },
    method: string | undefined,
  ): Promise<OAuthResponse | RawResponse>
  async send(
    url: string | URL,
    options: RequestOptions & { readonly raw?: boolean },
    givenMethod: string | undefined,
  ): Promise<OAuthResponse | RawResponse> {
    const o = this.#o
    const method = givenMethod === undefined ? 'GET' : givenMethod.toUpperCase()
    if (!METHODS.has(method) && !/^[A-Z]+$/.test(method)) {
      throw invalidArgument(`request(): "method" is not an HTTP method: ${JSON.stringify(givenMethod)}`)
    }
    // With a base from the token, the token is needed before the URL can be resolved.
    let early: TokenInput | null | undefined
    let base = o.baseUrl
    const fromToken = this.#baseFromToken
    if (fromToken !== undefined) {
      const got = options.token ?? this.#hooks.current(this.#name, options.request)
      early = got instanceof Promise ? await got : got
      base = this.#tokenBase(fromToken, early) ?? base
    }
    // A URL the call leaves as it is (no query to add, no GET data) is shared, not copied.
    const mutable =
      options.query !== undefined || (options.data !== undefined && (method === 'GET' || method === 'HEAD'))
    const checked = this.checkedUrl(url, 'request()', base)
    const target = mutable ? new URL(checked.href) : checked
    addQuery(target, options.query)
    // `authorization` first: V8 adds a property to a spread copy ten times slower than it copies.
    const headers: Record<string, string> = { authorization: '', ...this.#baseHeaders }
    if (options.headers !== undefined) {
      for (const [key, value] of Object.entries(options.headers)) headers[key.toLowerCase()] = value
    }
    const body = encodeBody(method, target, options, headers)
    let token = early
    if (fromToken === undefined) {
      const found = options.token ?? this.#hooks.current(this.#name, options.request)
      token = found instanceof Promise ? await found : found
    }
    if (token === undefined || token === null) throw this.#hooks.noToken(this.#name, token)
    const timeout = options.timeout ?? o.timeout
    const call: ApiCall = {
      method,
      url: target,
      headers,
      body,
      timeout,
      maxSize: options.maxResponseSize ?? o.maxResponseSize,
      dispatcher: o.dispatcher,
      what: 'API',
      bodyHash: options.bodyHash === true,
      token,
      scope: options.request === undefined ? requestContext.getStore() : explicitScope(options.request),
      context: options.context,
    }
    const authorized = this.#protocol.authorizeCall(call)
    if (authorized !== undefined) await authorized
    if (options.raw === true) {
      const res = await sendStreaming(call)
      return { status: res.status, headers: res.headers, ok: res.status >= 200 && res.status < 300, body: res.body }
    }
    const retries = options.retries ?? (isIdempotent(method) ? o.retries : 0)
    if (!(Number.isInteger(retries) && retries >= 0 && retries <= 10))
      throw invalidArgument('request(): "retries" must be 0 to 10')
    const beforeRetry = this.#protocol.beforeRetry
    let res = await sendWithRetries(call, retries, Date.now() + timeout, beforeRetry)
    // One new authorization and one retry, never more: a token refused twice is refused.
    if (res.status === 401 && (await this.#protocol.reauthorize(call))) {
      res = await sendWithRetries(call, retries, Date.now() + timeout, beforeRetry)
    }
    const response = new OAuthResponse(res.status, res.headers, res.body)
    if (!response.ok && (options.throwHttpErrors ?? o.throwHttpErrors)) throw httpError(method, target, response)
    return response
  }

  /**
   * The base a call's token names through `baseUrlFromToken`, or `undefined` for the app's. The
   * token goes wherever the base points, so a base that is not https (outside loopback) or
   * that carries user info is refused before anything is sent.
   */
  #tokenBase(fromToken: ApiBaseFromToken, token: TokenInput | null | undefined): URL | undefined {
    if (typeof token !== 'object' || token === null || !('access_token' in token)) return undefined
    const value: unknown = fromToken(token)
    if (value === undefined) return undefined
    if (typeof value !== 'string')
      throw invalidOptions(`Remote app "${this.#name}": "baseUrlFromToken" must return a string or undefined`)
    const known = this.#tokenBases.get(value)
    if (known !== undefined) return known
    const parsed = resolveUrl(value, undefined)
    if (
      parsed === undefined ||
      !isHttp(parsed) ||
      !isSecureUrl(parsed) ||
      parsed.username !== '' ||
      parsed.password !== ''
    ) {
      throw invalidResponse(
        `The token names an API base the token may not be sent to (https, or http on loopback, without user info): ${JSON.stringify(value)}`,
      )
    }
    parsed.hash = ''
    // Instances are few per app; the bound keeps a stream of odd tokens from growing it forever.
    if (this.#tokenBases.size < 64) this.#tokenBases.set(value, parsed)
    return parsed
  }

  /** An API URL resolved against `base` (the app's `baseUrl` by default); checked once per distinct string against that one. */
  checkedUrl(url: string | URL, caller = 'request()', base = this.#o.baseUrl): URL {
    const cached = base === this.#o.baseUrl
    const known = cached && typeof url === 'string' ? this.#urls.get(url) : undefined
    if (known !== undefined) return known
    const target = resolveUrl(url, base)
    if (typeof url === 'string' && !hasScheme(url)) this.#assertOnBase(url, target, caller, base)
    if (target === undefined || !isHttp(target)) {
      throw invalidArgument(
        `${caller}: "url" is not an http(s) URL${base ? '' : ' and the app has no baseUrl'}: ${JSON.stringify(String(url))}`,
      )
    }
    if (!isSecureUrl(target)) {
      throw invalidArgument(`${caller}: credentials are only sent over https (or to loopback): ${target.origin}`)
    }
    // Paths an app calls are few; the bound keeps ids in paths from growing the map forever.
    if (cached && typeof url === 'string' && this.#urls.size < 256) this.#urls.set(url, target)
    return target
  }

  /**
   * A string without a scheme is a path on `baseUrl`'s origin. The URL parser would let
   * `//host`, `\\host` or `/<TAB>/host` name another host, and the credentials would go there;
   * the check is on where the string lands, not on how it starts.
   */
  #assertOnBase(url: string, target: URL | undefined, caller: string, base: URL | undefined): void {
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

  /**
   * The pages of a list, following `nextPage` (the `Link` header by default), at most
   * `maxPages`; `caller` names the method the user called in its errors. A non-2xx page is
   * yielded and ends the iteration.
   */
  async *pages<Data>(url: string | URL, options: PaginateOptions, caller: string): AsyncGenerator<OAuthResponse<Data>> {
    const { maxPages = DEFAULT_MAX_PAGES, nextPage = linkHeaderNext, ...first } = options
    if (!(Number.isInteger(maxPages) && maxPages >= 1))
      throw invalidArgument(`${caller}: "maxPages" must be a whole number, 1 or more`)
    if (typeof nextPage !== 'function') throw invalidArgument(`${caller}: "nextPage" must be a function`)
    // The next pages' URLs carry their own query: `query` and GET `data` shape the first only,
    // and `nextPage` sees the first URL with its query. The first URL is checked as any API URL
    // is; the later ones may not leave its origin (`resolveNext`).
    const { query, data, ...later } = first
    // A relative first URL is joined with the base the call's token names, as request() does.
    let base = this.#o.baseUrl
    const fromToken = this.#baseFromToken
    if (fromToken !== undefined && typeof url === 'string' && !hasScheme(url)) {
      const got = later.token ?? this.#hooks.current(this.#name, later.request)
      base = this.#tokenBase(fromToken, got instanceof Promise ? await got : got) ?? base
    }
    let current: URL | undefined = new URL(this.checkedUrl(url, caller, base).href)
    addQuery(current, query)
    for (let page = 0; current !== undefined && page < maxPages; page++) {
      const response = await this.send<Data>(
        current,
        page === 0 ? { ...later, ...(data === undefined ? {} : { data }) } : later,
        later.method,
      )
      yield response
      if (!response.ok) return
      current = resolveNext(nextPage(response, current), current)
    }
  }

  /** Every page's items joined, with the last page's status and headers (GitHub-Flask's `all_pages`). */
  async allPages<Item = unknown>(url: string | URL, options: PaginateOptions): Promise<OAuthResponse<Item[]>> {
    const items: Item[] = []
    let last: OAuthResponse | undefined
    // A page that fails throws, naming its own URL, from send().
    for await (const page of this.pages(url, { ...options, throwHttpErrors: true }, 'request()')) {
      collectItems(page, items)
      last = page
    }
    if (last === undefined)
      throw invalidArgument(`request(): "url" is not an http(s) URL: ${JSON.stringify(String(url))}`)
    return OAuthResponse.withData(last.status, last.headers, last.rawData, items)
  }
}
