import { invalidArgument, invalidOptions, OAuthAuthorizationError, OAuthErrorCode } from '../errors.js'
import { callbackParamsOf, extraParams, joinScope } from '../params.js'
import type { PendingAuthorization } from '../pending.js'
import type { ApiCall, Endpoints, LoginStart, OAuth1Verbs, OAuth2Verbs, Protocol, Started } from '../protocol.js'
import { bodyKind } from '../response.js'
import { oauth1Credentials, type TokenInput } from '../tokens.js'
import { resolveUrl, single } from '../url.js'
import { type OAuth1TokenResponse, requestTemporaryCredentials, requestTokenCredentials, type Signer } from './flow.js'
import type { OAuth1Config } from './options.js'
import { bodyHash, createSigner, decodeForm, isProtocolParam } from './sign.js'

/**
 * OAuth 1.0a (RFC 5849): temporary credentials, the user's authorization, token credentials,
 * and signed API calls.
 */
export class OAuth1Protocol implements Protocol, OAuth1Verbs {
  readonly kind = 'oauth1'
  readonly #name: string
  readonly #o: OAuth1Config
  readonly #sign: Signer

  constructor(name: string, o: OAuth1Config) {
    this.#name = name
    this.#o = o
    // Made now, so an unreadable RSA key fails at registration rather than at the first call.
    this.#sign = createSigner({
      consumerKey: o.clientId,
      consumerSecret: o.clientSecret,
      signatureMethod: o.signatureMethod,
      privateKey: o.privateKey,
      realm: o.realm,
    })
  }

  endpoints(): Endpoints {
    return this.#o
  }

  /** RFC 5849 §2.1–2.2: `oob` when there is no callback (PIN-based authorization). */
  async begin(login: LoginStart): Promise<Started> {
    const temporary = await requestTemporaryCredentials(this.#o, this.#sign, login.redirectUri ?? 'oob')
    const target = new URL(this.#o.authorizeUrl.href)
    const extra =
      login.scope === undefined
        ? login.extra
        : { ...login.extra, scope: joinScope(login.scope, this.#o.scopeSeparator) }
    for (const [key, value] of extraParams(extra)) target.searchParams.set(key, value)
    target.searchParams.set('oauth_token', temporary.oauth_token)
    return { url: target.href, pending: { key: temporary.oauth_token, secret: temporary.oauth_token_secret } }
  }

  callbackKey(query: Readonly<Record<string, unknown>>): string | undefined {
    return single(query, 'oauth_token') ?? single(query, 'denied')
  }

  /** @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2 */
  async complete(
    query: Readonly<Record<string, unknown>>,
    pending: PendingAuthorization,
  ): Promise<OAuth1TokenResponse | OAuthAuthorizationError> {
    const denied = single(query, 'denied')
    const verifier = single(query, 'oauth_verifier')
    if (denied !== undefined || verifier === undefined) {
      return new OAuthAuthorizationError(
        OAuthErrorCode.ACCESS_DENIED,
        denied === undefined
          ? 'The callback carried no oauth_verifier: access was not granted'
          : 'The user denied access',
        { data: { error: 'access_denied' } },
      )
    }
    const credentials = await this.exchangeVerifier({ token: pending.key, secret: pending.secret ?? '' }, verifier)
    return { ...credentials, callbackParams: callbackParamsOf(query) }
  }

  /** Token credentials for temporary ones and the user's verifier (RFC 5849 §2.3). */
  exchangeVerifier(
    requestToken: { readonly token: string; readonly secret: string },
    verifier: string,
  ): Promise<OAuth1TokenResponse> {
    if (typeof requestToken?.token !== 'string' || typeof requestToken.secret !== 'string') {
      throw invalidArgument('exchangeVerifier(requestToken, verifier): "requestToken" must be { token, secret }')
    }
    if (typeof verifier !== 'string' || verifier === '') {
      throw invalidArgument('exchangeVerifier(requestToken, verifier): "verifier" must be a non-empty string')
    }
    return requestTokenCredentials(this.#o, this.#sign, requestToken, verifier)
  }

  /** Temporary credentials without a browser leg (RFC 5849 §2.1), for PIN and command-line flows. */
  async fetchRequestToken(callback: string): Promise<{ token: string; secret: string; authorizeUrl: string }> {
    if (typeof callback !== 'string' || (callback !== 'oob' && resolveUrl(callback, undefined) === undefined)) {
      throw invalidArgument('fetchRequestToken(): "callback" must be an absolute URL or "oob"')
    }
    const temporary = await requestTemporaryCredentials(this.#o, this.#sign, callback)
    const url = new URL(this.#o.authorizeUrl.href)
    url.searchParams.set('oauth_token', temporary.oauth_token)
    return { token: temporary.oauth_token, secret: temporary.oauth_token_secret, authorizeUrl: url.href }
  }

  /** The signed `Authorization` header (RFC 5849 §3.5.1); form bodies and the query are signed. */
  authorizeCall(call: ApiCall): void {
    const credentials = oauth1Credentials(call.token)
    const form = call.body !== undefined && bodyKind(call.headers['content-type']) === 'form'
    const bodyParams = form ? decodeForm(String(call.body)) : []
    for (const [key] of [...decodeForm(call.url.search.slice(1)), ...bodyParams]) {
      if (isProtocolParam(key))
        throw invalidArgument(`request(): "${key}" is an OAuth protocol parameter and is set by the library`)
    }
    const extra =
      call.bodyHash && !form ? { oauth_body_hash: bodyHash(call.body ?? '', this.#o.signatureMethod) } : undefined
    call.headers.authorization = this.#sign({
      method: call.method,
      url: call.url,
      bodyParams,
      ...(extra === undefined ? {} : { extra }),
      token: credentials.token,
      tokenSecret: credentials.secret,
    }).header
  }

  /** Every attempt is signed afresh, so a retry never repeats a nonce (RFC 5849 §3.3). */
  readonly beforeRetry = (call: ApiCall): void => this.authorizeCall(call)

  /** OAuth 1.0a credentials do not expire: a 401 stands. */
  async reauthorize(): Promise<boolean> {
    return false
  }

  async serverMetadata(): Promise<undefined> {
    return undefined
  }

  async endSessionUrl(): Promise<string> {
    throw invalidOptions(`Remote app "${this.#name}" has no end_session_endpoint`)
  }

  expectedSubject(_token: TokenInput): undefined {
    return undefined
  }

  asOAuth1(): OAuth1Verbs {
    return this
  }

  asOAuth2(verb: string): OAuth2Verbs {
    throw invalidArgument(`${verb}() is for OAuth 2.0 apps; "${this.#name}" is not one`)
  }
}
