import type { RequestScope } from './adapter.js'
import type { OAuthAuthorizationError } from './errors.js'
import type { HttpRequest } from './http.js'
import type { OAuth1TokenResponse } from './oauth1/flow.js'
import type { ClientCredentialsOptions } from './oauth2/client-credentials.js'
import type { DeviceAuthorization, DeviceAuthorizationOptions } from './oauth2/device-flow.js'
import type { IdTokenClaims, OAuth2Token } from './oauth2/token.js'
import type { PendingAuthorization } from './pending.js'
import type { OAuth2TokenInput, TokenInput } from './tokens.js'

/** What `authorize()` takes: the callback, where to go afterwards, and extra authorize-URL params. */
export interface AuthorizeOptions {
  /** The callback URL; relative URLs are made absolute from the plugin's `publicUrl`. */
  readonly callback?: string | undefined
  /** Where to send the user after signing in; `nextUrl()` returns it if it is a same-origin path. */
  readonly next?: unknown
  /** The scope of this sign-in, instead of the app's `scope`. */
  readonly scope?: string | readonly string[] | undefined
  readonly [param: string]: unknown
}

/** The token response an authorized handler receives: OAuth 2.0's token, or OAuth 1.0a's credentials. */
export type AuthorizedResponse = OAuth2Token | OAuth1TokenResponse

/** A login about to start: where the provider sends the user back, and what the app asks for. */
export interface LoginStart {
  readonly redirectUri: string | undefined
  readonly scope: AuthorizeOptions['scope']
  /** Extra authorize-URL parameters given to `authorize()`. */
  readonly extra: Readonly<Record<string, unknown>>
}

/** Where to send the user, and what the callback will need (the browser leg adds `next` and expiry). */
export interface Started {
  readonly url: string
  readonly pending: Omit<PendingAuthorization, 'expires' | 'next'>
}

/** The endpoints every protocol has once known (an OpenID Connect app's after discovery). */
export interface Endpoints {
  /** None for an OAuth 2.0 app that only uses grants without a browser. */
  readonly authorizeUrl: URL | undefined
  readonly accessTokenUrl: URL
  readonly userInfoUrl: URL | undefined
}

/** An outgoing API call: the HTTP request, and the token its authorization comes from. */
export interface ApiCall extends HttpRequest {
  readonly body: string | Buffer | undefined
  /** OAuth 1.0a: sign a JSON or raw body with `oauth_body_hash`. */
  readonly bodyHash: boolean
  /** The token in use; an OAuth 2.0 refresh replaces it. */
  token: TokenInput
  /** The request context the call started in, if any: the tokenupdater is told of it while it is open. */
  readonly scope: RequestScope | undefined
  /** The caller's `context` option, handed to the tokenupdater. */
  readonly context: unknown
}

/**
 * What differs between OAuth 1.0a and OAuth 2.0 (OpenID Connect being a layer of the latter):
 * chosen once, at registration, so nothing downstream asks which one an app speaks.
 */
export interface Protocol {
  readonly kind: 'oauth1' | 'oauth2'
  /** The provider's endpoints; a promise only while an OpenID Connect app discovers them. */
  endpoints(): Endpoints | Promise<Endpoints>
  /** Where to send the user, and the pending login to remember (RFC 6749 §4.1.1, RFC 5849 §2.1–2.2). */
  begin(login: LoginStart): Started | Promise<Started>
  /** The callback parameter a pending login is found by: `state`, or OAuth 1.0a's token. */
  callbackKey(query: Readonly<Record<string, unknown>>): string | undefined
  /** Completes a callback: the credentials, or the denial the handler is told of with `null`. */
  complete(
    query: Readonly<Record<string, unknown>>,
    pending: PendingAuthorization,
  ): Promise<AuthorizedResponse | OAuthAuthorizationError | undefined>
  /** Sets the call's `Authorization` header from its token (refreshing an expired one first). */
  authorizeCall(call: ApiCall): void | Promise<void>
  /** Before each retry of a call: OAuth 1.0a signs every attempt afresh (RFC 5849 §3.3). */
  readonly beforeRetry: ((call: ApiCall) => void) | undefined
  /** After a 401: new credentials on the call (true), or nothing more to try (false). */
  reauthorize(call: ApiCall): Promise<boolean>
  /** The OpenID Provider's metadata; `undefined` for apps without `issuer`. */
  serverMetadata(): Promise<ProviderMetadata | undefined>
  /** OpenID Connect RP-Initiated Logout's URL; `OAUTH_INVALID_OPTIONS` where the provider has none. */
  endSessionUrl(options: EndSessionOptions): Promise<string>
  /** The subject the user-info answer must be about, when the token says (OpenID Connect). */
  expectedSubject(token: TokenInput): string | undefined
  /** This protocol's own verbs, or `OAUTH_INVALID_ARGUMENT` naming the verb for the other one. */
  asOAuth1(verb: string): OAuth1Verbs
  asOAuth2(verb: string): OAuth2Verbs
}

/** Verbs of OAuth 1.0a apps only. */
export interface OAuth1Verbs {
  exchangeVerifier(
    requestToken: { readonly token: string; readonly secret: string },
    verifier: string,
  ): Promise<OAuth1TokenResponse>
  fetchRequestToken(callback: string): Promise<{ token: string; secret: string; authorizeUrl: string }>
}

export interface ExchangeCodeOptions {
  redirectUri?: string | undefined
  codeVerifier?: string | undefined
  /**
   * OpenID Connect: the nonce sent with the authorization request, checked in the ID token;
   * any string, even empty, means an ID token is required.
   */
  nonce?: string | undefined
  /** The callback's values, for an app whose `callbackTokenRequest` reads them (a code obtained elsewhere). */
  callbackParams?: Readonly<Record<string, string>> | undefined
}

export interface RefreshTokenOptions {
  /**
   * OpenID Connect: the ID token and claims being replaced. A new ID token must name the same
   * user; an answer without one keeps them, as it keeps the refresh token.
   */
  readonly claims?: IdTokenClaims | undefined
  /** OpenID Connect: the ID token being replaced, kept when the answer carries no new one. */
  readonly idToken?: string | undefined
  /** The callback values of the sign-in that began the grant, carried into the new token. */
  readonly callbackParams?: Readonly<Record<string, string>> | undefined
}

/** Whom the tokenupdater is told of a manual refresh with: the request being served and the caller's `context`. */
export interface RefreshCaller {
  readonly scope: RequestScope | undefined
  readonly context: unknown
}

export interface EndSessionOptions {
  readonly idTokenHint?: string
  readonly postLogoutRedirectUri?: string
  readonly state?: string
}

/** Verbs of OAuth 2.0 apps only. */
export interface OAuth2Verbs {
  exchangeCode(code: string, options: ExchangeCodeOptions): Promise<OAuth2Token>
  /** A refresh shared with the automatic ones; `caller` given, the tokenupdater hears of it. */
  refreshToken(refreshToken: string, options: RefreshTokenOptions, caller?: RefreshCaller): Promise<OAuth2Token>
  revokeToken(token: string | OAuth2TokenInput, hint: 'access_token' | 'refresh_token' | undefined): Promise<void>
  clientCredentials(options: ClientCredentialsOptions): OAuth2Token | Promise<OAuth2Token>
  deviceAuthorization(options: DeviceAuthorizationOptions): Promise<DeviceAuthorization>
}

/** The fields of an OpenID Provider's metadata the library uses (OpenID Connect Discovery §3). */
export interface ProviderMetadata {
  readonly issuer: string
  readonly authorization_endpoint: string
  readonly token_endpoint?: string
  readonly userinfo_endpoint?: string
  readonly jwks_uri?: string
  readonly revocation_endpoint?: string
  /** RFC 8628 §4: where device authorization requests go. */
  readonly device_authorization_endpoint?: string
  readonly end_session_endpoint?: string
  readonly id_token_signing_alg_values_supported?: readonly string[]
  /** RFC 9207: the provider sends `iss` with every authorization response. */
  readonly authorization_response_iss_parameter_supported?: boolean
  readonly [field: string]: unknown
}
