import {
  invalidArgument,
  invalidOptions,
  invalidResponse,
  type OAuthAuthorizationError,
  OAuthError,
  OAuthErrorCode,
  OAuthStateError,
  OAuthTokenRequestError,
} from '../errors.js'
import type { CommonSettings } from '../options/common.js'
import { callbackParamsOf, callbackValuesOf, extraParams, joinScope, storedCallbackParams } from '../params.js'
import type { PendingAuthorization } from '../pending.js'
import type {
  ApiCall,
  Endpoints,
  EndSessionOptions,
  ExchangeCodeOptions,
  LoginStart,
  OAuth1Verbs,
  OAuth2Verbs,
  Protocol,
  ProviderMetadata,
  RefreshCaller,
  RefreshTokenOptions,
  Started,
} from '../protocol.js'
import { randomToken } from '../random.js'
import type { TokenHooks } from '../token-hooks.js'
import {
  accessTokenOf,
  canRefresh,
  checkToken,
  isExpired,
  type OAuth2TokenInput,
  type RefreshableToken,
  type TokenInput,
} from '../tokens.js'
import { isSecureUrl, single } from '../url.js'
import { authorizationUrl, callbackError } from './authorize-url.js'
import { ClientCredentialsGrant, type ClientCredentialsOptions, grantParams, scopeList } from './client-credentials.js'
import { clientSecretOf } from './client-secret.js'
import {
  DEVICE_CODE_GRANT,
  type DeviceAuthorization,
  type DeviceAuthorizationOptions,
  deviceAuthorizationOf,
} from './device-flow.js'
import type { CallbackCheck, OAuth2Config, OAuth2Settings, SignInConfig } from './options.js'
import { codeChallenge, createCodeVerifier } from './pkce.js'
import { replacedParts, SharedRefresh } from './refresh.js'
import type { OAuth2Token } from './token.js'
import { deviceAuthorizationRequest, revocationRequest, type TokenTarget, tokenRequest } from './token-endpoint.js'

/**
 * What OpenID Connect adds to an OAuth 2.0 app, as a layer the protocol calls at fixed points;
 * a plain OAuth 2.0 app has the layer that adds nothing.
 */
export interface OAuth2Layer {
  /** The endpoints: configured, or discovered from the issuer. */
  config(): OAuth2Config | Promise<OAuth2Config>
  /** A nonce for a login asking for `scope`: `undefined` for none, `''` when an ID token is due without one. */
  nonce(scope: string | undefined, config: OAuth2Config): string | undefined
  /** Checks a callback before it is read (RFC 9207's `iss`). */
  checkCallback(query: Readonly<Record<string, unknown>>): void | Promise<void>
  /** The token of a code exchange, its ID token validated against `nonce`. */
  afterCode(token: OAuth2Token, nonce: string | undefined): OAuth2Token | Promise<OAuth2Token>
  /** The token of a refresh, its ID token validated against the one it replaces. */
  afterRefresh(token: OAuth2Token, replaced: RefreshTokenOptions): OAuth2Token | Promise<OAuth2Token>
  expectedSubject(token: TokenInput): string | undefined
  serverMetadata(): Promise<ProviderMetadata | undefined>
  endSessionUrl(options: EndSessionOptions): Promise<string>
}

/** The layer of an OAuth 2.0 app without OpenID Connect. */
export function plainOAuth2(config: OAuth2Config, name: string): OAuth2Layer {
  return {
    config: () => config,
    nonce: () => undefined,
    checkCallback: () => {},
    afterCode: (token) => token,
    afterRefresh: (token) => token,
    expectedSubject: () => undefined,
    serverMetadata: async () => undefined,
    endSessionUrl: async () => {
      throw invalidOptions(`Remote app "${name}" has no end_session_endpoint`)
    },
  }
}

/**
 * OAuth 2.0 (RFC 6749) with state and PKCE: the authorization code flow, bearer API calls,
 * refresh and revocation.
 */
export class OAuth2Protocol implements Protocol, OAuth2Verbs {
  readonly kind = 'oauth2'
  readonly beforeRetry = undefined
  readonly #name: string
  readonly #o: CommonSettings & OAuth2Settings
  readonly #layer: OAuth2Layer
  readonly #refresh: SharedRefresh
  readonly #appTokens: ClientCredentialsGrant

  constructor(name: string, settings: CommonSettings & OAuth2Settings, layer: OAuth2Layer, hooks: TokenHooks) {
    this.#name = name
    this.#o = settings
    this.#layer = layer
    this.#refresh = new SharedRefresh(
      (refreshToken, options) => this.#refreshNow(refreshToken, options),
      settings.refreshLock,
      async () => {
        const o = await this.#layer.config()
        return { tokenUrl: (o.refreshTokenUrl ?? o.accessTokenUrl).href, clientId: o.clientId }
      },
      hooks,
    )
    this.#appTokens = new ClientCredentialsGrant(settings.tokenCache, settings, async (grant) =>
      tokenRequest(await this.#layer.config(), grant),
    )
  }

  /**
   * RFC 8628: the device authorization request, with the app's client authentication; its
   * `poll()` exchanges the device code, and validates an OpenID Connect app's ID token without a nonce.
   */
  async deviceAuthorization(options: DeviceAuthorizationOptions): Promise<DeviceAuthorization> {
    if (typeof options !== 'object' || options === null)
      throw invalidArgument('deviceAuthorization(options): "options" must be an object')
    const o = await this.#layer.config()
    const url = o.deviceAuthorizationUrl
    if (url === undefined) {
      throw invalidOptions(
        `Remote app "${this.#name}" has no "deviceAuthorizationUrl"${(o as { issuer?: string }).issuer === undefined ? '' : ", and its issuer's metadata names no device_authorization_endpoint"}`,
      )
    }
    const params: Record<string, string> = { ...grantParams(options.params, 'deviceAuthorization') }
    const scopes = scopeList(options.scope, o, 'deviceAuthorization')
    if (scopes.length > 0) params.scope = scopes.join(o.scopeSeparator)
    const answer = await deviceAuthorizationRequest(o, url, params)
    return deviceAuthorizationOf(answer, async (deviceCode) => {
      const token = await tokenRequest(await this.#layer.config(), {
        grant_type: DEVICE_CODE_GRANT,
        device_code: deviceCode,
      })
      // No nonce was sent: an ID token is validated without one (''), and none is asked for.
      return token.id_token === undefined ? token : this.#layer.afterCode(token, '')
    })
  }

  /** A token for the app itself (RFC 6749 §4.4), kept and shared as `ClientCredentialsGrant` says. */
  clientCredentials(options: ClientCredentialsOptions): OAuth2Token | Promise<OAuth2Token> {
    const config = this.#layer.config()
    // Without an issuer there is nothing to wait for: a kept token is answered without a promise.
    return config instanceof Promise
      ? config.then((o) => this.#appTokens.get(options, o, o.accessTokenUrl.href))
      : this.#appTokens.get(options, config, config.accessTokenUrl.href)
  }

  endpoints(): Endpoints | Promise<Endpoints> {
    return this.#layer.config()
  }

  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1, https://www.rfc-editor.org/rfc/rfc7636#section-4.3 */
  begin(login: LoginStart): Started | Promise<Started> {
    const config = this.#layer.config()
    // Without an issuer there is nothing to wait for: no promise on the login path.
    return config instanceof Promise ? config.then((o) => this.#begin(o, login)) : this.#begin(config, login)
  }

  #begin(config: OAuth2Config, login: LoginStart): Started {
    if (config.authorizeUrl === undefined) {
      throw invalidOptions(
        `Remote app "${this.#name}" has no "authorizeUrl": give it to sign users in (an app without one only calls clientCredentials() or deviceAuthorization())`,
      )
    }
    const o = config as SignInConfig
    const state = randomToken()
    const verifier = o.pkce === false ? undefined : createCodeVerifier()
    const scope = login.scope === undefined ? o.scope : joinScope(login.scope, o.scopeSeparator)
    // OpenID Connect Core §3.1.2.1: a nonce binds the ID token to this login.
    const nonce = this.#layer.nonce(scope ?? o.requestTokenParams.scope, o)
    const url = authorizationUrl(o, {
      redirectUri: login.redirectUri,
      state,
      codeChallenge: verifier === undefined || o.pkce === false ? undefined : codeChallenge(verifier, o.pkce),
      scope,
      nonce: nonce === '' ? undefined : nonce,
      extra: extraParams(login.extra),
    })
    const pending: Started['pending'] = { key: state, verifier, nonce, redirectUri: login.redirectUri }
    return { url, pending }
  }

  callbackKey(query: Readonly<Record<string, unknown>>): string | undefined {
    return single(query, 'state')
  }

  /** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2 */
  async complete(
    query: Readonly<Record<string, unknown>>,
    pending: PendingAuthorization,
  ): Promise<OAuth2Token | OAuthAuthorizationError | undefined> {
    // No await of a plain OAuth 2.0 app's no-op: every microtask shows on the callback's path.
    const checked = this.#layer.checkCallback(query)
    if (checked !== undefined) await checked
    const check = this.#o.callbackCheck
    if (check !== undefined) await this.#verify(check, query)
    const error = single(query, 'error')
    if (error !== undefined) return callbackError(query, error)
    const code = single(query, 'code')
    if (code === undefined) return undefined
    const callbackParams = callbackParamsOf(query)
    const token = await this.exchangeCode(code, {
      redirectUri: pending.redirectUri,
      codeVerifier: pending.verifier,
      nonce: pending.nonce,
      callbackParams,
    })
    // Nested, so no callback value can stand in for a token field (API §9).
    return { ...token, callbackParams }
  }

  /**
   * Runs the provider's own check of the callback; anything but `undefined` refuses it as a
   * state mismatch, a throw included (a hostile callback must not become a 500).
   */
  async #verify(check: CallbackCheck, query: Readonly<Record<string, unknown>>): Promise<void> {
    let answer: unknown
    // The app's own secret failing (a vault down) is its error, not the callback's.
    let secretFailed: { readonly error: unknown } | undefined
    const secret = async (): Promise<string> => {
      try {
        return await clientSecretOf(this.#o)
      } catch (error) {
        secretFailed = { error }
        throw error
      }
    }
    try {
      answer = await check(callbackValuesOf(query), secret)
    } catch (error) {
      if (secretFailed !== undefined) throw secretFailed.error
      answer = `the check threw: ${error instanceof Error ? error.message : String(error)}`
    }
    if (answer === undefined) return
    const reason = typeof answer === 'string' && answer !== '' ? answer : `the check answered ${String(answer)}`
    throw new OAuthStateError(`The callback does not verify: ${reason}`)
  }

  /** Exchanges a code for a token (RFC 6749 §4.1.3). Never retried: codes are single-use. */
  async exchangeCode(code: string, options: ExchangeCodeOptions): Promise<OAuth2Token> {
    if (typeof code !== 'string' || code === '')
      throw invalidArgument('exchangeCode(code): "code" must be a non-empty string')
    const grant: Record<string, string> = { grant_type: 'authorization_code', code }
    if (options.redirectUri !== undefined) grant.redirect_uri = options.redirectUri
    if (options.codeVerifier !== undefined) grant.code_verifier = options.codeVerifier
    // Awaited only while discovery runs: an `await` of a plain value still costs the callback a tick.
    const config = this.#layer.config()
    const target = this.#target(options.callbackParams)
    const token = await tokenRequest(config instanceof Promise ? await config : config, grant, undefined, target)
    return this.#layer.afterCode(token, options.nonce)
  }

  /**
   * The token endpoint and extra parameters a sign-in's callback values call for, through the
   * app's `callbackTokenRequest`. What it returns is checked as an endpoint is at registration:
   * the code and the client secret go there.
   */
  #target(callbackParams: Readonly<Record<string, string>> | undefined): TokenTarget | undefined {
    const shape = this.#o.callbackTokenRequest
    if (shape === undefined || callbackParams === undefined) return undefined
    const asked = shape(callbackParams)
    if (asked === undefined) return undefined
    const fail = (why: string) => invalidResponse(`"callbackTokenRequest" ${why}; nothing was sent`)
    if (typeof asked !== 'object' || asked === null) throw fail('answered neither an object nor undefined')
    let url: URL | undefined
    if (asked.accessTokenUrl !== undefined) {
      url = URL.canParse(String(asked.accessTokenUrl)) ? new URL(String(asked.accessTokenUrl)) : undefined
      if (url === undefined || !isSecureUrl(url) || url.username !== '' || url.password !== '' || url.hash !== '')
        throw fail(`gave a token endpoint that is not an https URL (http only on loopback) without user info`)
    }
    const params: [string, string][] = []
    for (const [key, value] of Object.entries(asked.params ?? {})) {
      if (typeof value !== 'string' || /[\u0000-\u001f\u007f]/.test(value))
        throw fail(`gave parameter "${key}" a value that is not a string without control characters`)
      params.push([key, value])
    }
    return { url, params }
  }

  /**
   * A new token from a refresh token (RFC 6749 §6); an answer without a new `refresh_token`
   * keeps the old one. A refusal, or an answer that cannot be used, is `OAUTH_REFRESH_FAILED`:
   * the user must sign in again. Network failures keep their codes: trying later may work.
   */
  async refreshToken(refreshToken: string, options: RefreshTokenOptions, caller?: RefreshCaller): Promise<OAuth2Token> {
    if (typeof refreshToken !== 'string' || refreshToken === '') {
      throw invalidArgument('refreshToken(refreshToken): "refreshToken" must be a non-empty string')
    }
    // Shared with automatic refreshes of the same token and taken through `refreshLock`, so a
    // job renewing tokens and an API call never spend a rotating refresh token twice. A refresh
    // that already finished does not answer: asked again, the provider is asked again.
    return this.#refresh.run(refreshToken, options, {
      scope: caller?.scope,
      context: caller?.context,
      tell: caller !== undefined && caller.context !== undefined,
      reuseFinished: false,
      timeoutMs: this.#o.timeout,
    })
  }

  /** The refresh request itself, unshared. */
  async #refreshNow(refreshToken: string, options: RefreshTokenOptions): Promise<OAuth2Token> {
    try {
      const o = this.#o
      const target = this.#target(storedCallbackParams(options.callbackParams))
      const token = await tokenRequest(
        await this.#layer.config(),
        { ...o.refreshTokenParams, grant_type: 'refresh_token', refresh_token: refreshToken },
        undefined,
        // A callback's token endpoint (Zoho's data centre) wins over the app's refresh endpoint.
        o.refreshTokenUrl === undefined || target?.url !== undefined
          ? target
          : { url: o.refreshTokenUrl, params: target?.params ?? [] },
      )
      // The sign-in's callback values describe the grant, which a refresh continues (Intuit's realmId).
      const kept = {
        ...token,
        ...(token.refresh_token === undefined ? { refresh_token: refreshToken } : {}),
        ...callbackParamsKept(options.callbackParams),
      }
      return await this.#layer.afterRefresh(kept, options)
    } catch (error) {
      throw refreshFailure(error)
    }
  }

  /**
   * Revokes a token (RFC 7009). A stored token's refresh token is revoked when it has one, which
   * ends the whole grant at most providers (RFC 7009 §2.1).
   */
  async revokeToken(
    token: string | OAuth2TokenInput,
    hint: 'access_token' | 'refresh_token' | undefined,
  ): Promise<void> {
    if (typeof token === 'object' && token !== null) {
      const refresh = token.refresh_token
      return refresh === undefined || refresh === ''
        ? this.revokeToken(token.access_token, 'access_token')
        : this.revokeToken(refresh, 'refresh_token')
    }
    const o = await this.#layer.config()
    const url = o.revokeUrl
    if (url === undefined) throw invalidOptions(`Remote app "${this.#name}" has no "revokeUrl"`)
    if (typeof token !== 'string' || token === '')
      throw invalidArgument('revokeToken(token): "token" must be a non-empty string')
    return revocationRequest(o, url, token, hint)
  }

  serverMetadata(): Promise<ProviderMetadata | undefined> {
    return this.#layer.serverMetadata()
  }

  endSessionUrl(options: EndSessionOptions): Promise<string> {
    return this.#layer.endSessionUrl(options)
  }

  /**
   * `Authorization: Bearer`, never the URL (RFC 6750 §2.1), or the app's `tokenHeader`; an
   * expired token is refreshed first.
   */
  authorizeCall(call: ApiCall): void | Promise<void> {
    const token = checkToken(call.token)
    // An app token past its expiry is replaced, as it has no refresh token.
    if (typeof token === 'object' && this.#appTokens.issued(token) && isStale(token, this.#o.refreshSkew)) {
      return this.#replaceAppToken(call, token as OAuth2Token).then(() => undefined)
    }
    if (!isExpired(token, this.#o.refreshSkew)) {
      this.#carry(call, accessTokenOf(token))
      return
    }
    return this.#automaticRefresh(call, token).then((fresh) => {
      call.token = fresh
      this.#carry(call, fresh.access_token)
    })
  }

  async reauthorize(call: ApiCall): Promise<boolean> {
    const token = checkToken(call.token)
    if (typeof token === 'object' && this.#appTokens.issued(token))
      return this.#replaceAppToken(call, token as OAuth2Token)
    if (!canRefresh(token)) return false
    const fresh = await this.#automaticRefresh(call, token)
    call.token = fresh
    this.#carry(call, fresh.access_token)
    return true
  }

  #automaticRefresh(call: ApiCall, token: RefreshableToken): Promise<OAuth2Token> {
    return this.#refresh.run(token.refresh_token, replacedParts(token), {
      scope: call.scope,
      context: call.context,
      tell: true,
      reuseFinished: true,
      timeoutMs: call.timeout,
    })
  }

  async #replaceAppToken(call: ApiCall, token: OAuth2Token): Promise<boolean> {
    const fresh = await this.#appTokens.replace(token)
    if (fresh === undefined) return false
    call.token = fresh
    this.#carry(call, fresh.access_token)
    return true
  }

  #carry(call: ApiCall, accessToken: string): void {
    const { name, prefix } = this.#o.tokenHeader
    call.headers[name] = `${prefix}${accessToken}`
    // The API client seeds an empty Authorization for the header order; another header leaves it unsent.
    if (name !== 'authorization' && call.headers.authorization === '') delete call.headers.authorization
  }

  expectedSubject(token: TokenInput): string | undefined {
    return this.#layer.expectedSubject(token)
  }

  asOAuth1(verb: string): OAuth1Verbs {
    throw invalidArgument(`${verb}() is for OAuth 1.0a apps; "${this.#name}" is not one`)
  }

  asOAuth2(): OAuth2Verbs {
    return this
  }
}

function isStale(token: object, skew: number): boolean {
  const expiresAt = (token as { expires_at?: unknown }).expires_at
  return typeof expiresAt === 'number' && expiresAt - skew <= Date.now() / 1000
}

function callbackParamsKept(value: unknown): { callbackParams?: Readonly<Record<string, string>> } {
  const kept = storedCallbackParams(value)
  return kept === undefined ? {} : { callbackParams: kept }
}

/** Codes of a refresh that only a new sign-in can mend. */
const REFUSALS: ReadonlySet<string> = new Set([
  OAuthErrorCode.TOKEN_REQUEST_FAILED,
  OAuthErrorCode.INVALID_RESPONSE,
  OAuthErrorCode.ID_TOKEN_INVALID,
])

function refreshFailure(cause: unknown): unknown {
  if (!(cause instanceof OAuthError) || !REFUSALS.has(cause.code)) return cause
  return new OAuthTokenRequestError(OAuthErrorCode.REFRESH_FAILED, `Refreshing the token failed: ${cause.message}`, {
    ...(cause.data === undefined ? {} : { data: cause.data }),
    ...(cause.response === undefined ? {} : { response: cause.response }),
    cause,
  })
}
