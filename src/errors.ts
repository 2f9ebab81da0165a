import type { OAuthResponse } from './response.js'

/**
 * The stable codes of every error the library raises. Codes are never renamed; new ones
 * may be added.
 */
export const OAuthErrorCode = {
  STATE_MISMATCH: 'OAUTH_STATE_MISMATCH',
  ACCESS_DENIED: 'OAUTH_ACCESS_DENIED',
  AUTHORIZATION_ERROR: 'OAUTH_AUTHORIZATION_ERROR',
  TOKEN_REQUEST_FAILED: 'OAUTH_TOKEN_REQUEST_FAILED',
  INVALID_RESPONSE: 'OAUTH_INVALID_RESPONSE',
  ID_TOKEN_INVALID: 'OAUTH_ID_TOKEN_INVALID',
  ISSUER_MISMATCH: 'OAUTH_ISSUER_MISMATCH',
  TIMEOUT: 'OAUTH_TIMEOUT',
  NETWORK_ERROR: 'OAUTH_NETWORK_ERROR',
  RESPONSE_TOO_LARGE: 'OAUTH_RESPONSE_TOO_LARGE',
  NO_TOKEN: 'OAUTH_NO_TOKEN',
  REFRESH_FAILED: 'OAUTH_REFRESH_FAILED',
  HTTP_ERROR: 'OAUTH_HTTP_ERROR',
  INVALID_OPTIONS: 'OAUTH_INVALID_OPTIONS',
  INVALID_ARGUMENT: 'OAUTH_INVALID_ARGUMENT',
  DUPLICATE_APP: 'OAUTH_DUPLICATE_APP',
  UNKNOWN_APP: 'OAUTH_UNKNOWN_APP',
  NOT_MOUNTED: 'OAUTH_NOT_MOUNTED',
  SEALED_TOKEN_INVALID: 'OAUTH_SEALED_TOKEN_INVALID',
} as const

export type OAuthErrorCode = (typeof OAuthErrorCode)[keyof typeof OAuthErrorCode]

/**
 * The HTTP status a web framework answers with when an error reaches its error handler.
 * Misuse of the API (options, arguments, registry) is a programming error: 500.
 */
const statusByCode: Record<OAuthErrorCode, number> = {
  OAUTH_STATE_MISMATCH: 400,
  OAUTH_ACCESS_DENIED: 400,
  OAUTH_AUTHORIZATION_ERROR: 400,
  OAUTH_TOKEN_REQUEST_FAILED: 502,
  OAUTH_INVALID_RESPONSE: 502,
  OAUTH_ID_TOKEN_INVALID: 401,
  OAUTH_ISSUER_MISMATCH: 400,
  OAUTH_TIMEOUT: 504,
  OAUTH_NETWORK_ERROR: 502,
  OAUTH_RESPONSE_TOO_LARGE: 502,
  OAUTH_NO_TOKEN: 401,
  OAUTH_REFRESH_FAILED: 401,
  OAUTH_HTTP_ERROR: 502,
  OAUTH_INVALID_OPTIONS: 500,
  OAUTH_INVALID_ARGUMENT: 500,
  OAUTH_DUPLICATE_APP: 500,
  OAUTH_UNKNOWN_APP: 404,
  OAUTH_NOT_MOUNTED: 500,
  // A stored token that does not open is the server's data or keys at fault, not the visitor.
  OAUTH_SEALED_TOKEN_INVALID: 500,
}

/** What a provider said about an error: RFC 6749 §4.1.2.1 / §5.2 fields, or OAuth 1.0a's `oauth_problem`. */
export interface OAuthErrorData {
  readonly error?: string
  readonly error_description?: string
  readonly error_uri?: string
  readonly oauth_problem?: string
  readonly [field: string]: unknown
}

export interface OAuthErrorOptions {
  readonly statusCode?: number
  readonly type?: string
  readonly data?: OAuthErrorData
  readonly response?: OAuthResponse
  readonly cause?: unknown
  /** The origin of the remote endpoint the error concerns. */
  readonly endpoint?: string
}

/**
 * Every error the library raises. `code` is stable; `statusCode` is what the fastify plugin
 * answers with; `type` is Flask-OAuth's `OAuthException.type`; `data` holds what the provider
 * said, `response` its answer when there was one.
 */
export class OAuthError extends Error {
  readonly code: OAuthErrorCode
  readonly statusCode: number
  readonly type: string | undefined
  readonly data: OAuthErrorData | undefined
  /**
   * The origin of the remote endpoint a failure concerns, for logs: never in `message`, which an
   * error handler may send to the browser, since a token or JWKS endpoint may be an internal host.
   */
  readonly endpoint: string | undefined
  /** The provider's answer. Not enumerable, so loggers that copy errors never copy tokens from it. */
  declare readonly response: OAuthResponse | undefined

  constructor(code: OAuthErrorCode, message: string, options: OAuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.statusCode = options.statusCode ?? statusByCode[code]
    this.type = options.type ?? options.data?.error ?? options.data?.oauth_problem
    this.data = options.data
    this.endpoint = options.endpoint
    Object.defineProperty(this, 'response', { value: options.response, enumerable: false })
  }
}

/** The codes each class may carry: a class follows its cause, and its code agrees with it. */
type AuthorizationCode = typeof OAuthErrorCode.ACCESS_DENIED | typeof OAuthErrorCode.AUTHORIZATION_ERROR
type TokenRequestCode =
  | typeof OAuthErrorCode.TOKEN_REQUEST_FAILED
  | typeof OAuthErrorCode.REFRESH_FAILED
  | typeof OAuthErrorCode.ACCESS_DENIED
type StateCode = typeof OAuthErrorCode.STATE_MISMATCH | typeof OAuthErrorCode.ISSUER_MISMATCH
type NetworkCode =
  | typeof OAuthErrorCode.TIMEOUT
  | typeof OAuthErrorCode.NETWORK_ERROR
  | typeof OAuthErrorCode.RESPONSE_TOO_LARGE
type ConfigCode =
  | typeof OAuthErrorCode.INVALID_OPTIONS
  | typeof OAuthErrorCode.INVALID_ARGUMENT
  | typeof OAuthErrorCode.DUPLICATE_APP
  | typeof OAuthErrorCode.UNKNOWN_APP
  | typeof OAuthErrorCode.NOT_MOUNTED

/** The callback carried `error=` (RFC 6749 §4.1.2.1) or an OAuth 1.0a denial. */
export class OAuthAuthorizationError extends OAuthError {
  declare readonly code: AuthorizationCode
  constructor(code: AuthorizationCode, message: string, options?: OAuthErrorOptions) {
    super(code, message, options)
  }
}

/** A token endpoint refused (RFC 6749 §5.2, `oauth_problem`, or a non-2xx answer), refreshes included. */
export class OAuthTokenRequestError extends OAuthError {
  declare readonly code: TokenRequestCode
  constructor(code: TokenRequestCode, message: string, options?: OAuthErrorOptions) {
    super(code, message, options)
  }
}

/** The callback's state did not match a pending authorization of this app, or named another issuer. */
export class OAuthStateError extends OAuthError {
  declare readonly code: StateCode
  constructor(message: string, code: StateCode = OAuthErrorCode.STATE_MISMATCH) {
    super(code, message)
  }
}

/** A provider's answer could not be read, or lacked what the protocol requires. */
export class OAuthInvalidResponseError extends OAuthError {
  constructor(
    code: typeof OAuthErrorCode.INVALID_RESPONSE | typeof OAuthErrorCode.ID_TOKEN_INVALID,
    message: string,
    options?: OAuthErrorOptions,
  ) {
    super(code, message, options)
  }
}

/** An OpenID Connect ID token failed validation: `data.reason` names the check. */
export class OAuthIdTokenError extends OAuthInvalidResponseError {
  declare readonly code: typeof OAuthErrorCode.ID_TOKEN_INVALID
  constructor(message: string, options?: OAuthErrorOptions) {
    super(OAuthErrorCode.ID_TOKEN_INVALID, message, options)
  }
}

/** Connection failures, timeouts and oversized bodies. */
export class OAuthNetworkError extends OAuthError {
  declare readonly code: NetworkCode
  constructor(code: NetworkCode, message: string, options?: OAuthErrorOptions) {
    super(code, message, options)
  }
}

/** An API call found no token: none given, none from the tokengetter, or no request to ask about. */
export class OAuthNoTokenError extends OAuthError {
  declare readonly code: typeof OAuthErrorCode.NO_TOKEN
  constructor(message: string) {
    super(OAuthErrorCode.NO_TOKEN, message)
  }
}

/** What `throwHttpErrors` throws for a non-2xx API answer; `response` is that answer. */
export class OAuthResponseError extends OAuthError {
  declare readonly code: typeof OAuthErrorCode.HTTP_ERROR
  declare readonly response: OAuthResponse

  constructor(response: OAuthResponse, message = `The API answered HTTP ${response.status}`) {
    super(OAuthErrorCode.HTTP_ERROR, message, { response, statusCode: 502 })
  }
}

/** Why a sealed token did not open: see {@link OAuthSealedTokenError}. */
export type SealedTokenFailure = 'malformed' | 'unknown-key' | 'not-authentic'

/**
 * A sealed token that `createTokenSealer().open()` refused: `data.reason` is `malformed` (not
 * a value the sealer made), `unknown-key` (sealed with a key no longer in `keys`) or
 * `not-authentic` (altered, sealed for another `context`, or with another secret under the same id).
 */
export class OAuthSealedTokenError extends OAuthError {
  declare readonly code: typeof OAuthErrorCode.SEALED_TOKEN_INVALID
  declare readonly data: OAuthErrorData & { readonly reason: SealedTokenFailure }
  constructor(reason: SealedTokenFailure, message: string, options?: { readonly cause?: unknown }) {
    super(OAuthErrorCode.SEALED_TOKEN_INVALID, message, { data: { reason }, cause: options?.cause })
  }
}

/** Misuse of the library: bad options, bad arguments, the registry. */
export class OAuthConfigError extends OAuthError {
  declare readonly code: ConfigCode
  constructor(code: ConfigCode, message: string, options?: OAuthErrorOptions) {
    super(code, message, options)
  }
}

/** Builds the error of a misuse, given its message: the validators of options take one. */
export type Fail = (message: string) => OAuthConfigError

/** Misuse of an argument: `OAUTH_INVALID_ARGUMENT`, with a message that quotes the parameter. */
export function invalidArgument(message: string): OAuthConfigError {
  return new OAuthConfigError(OAuthErrorCode.INVALID_ARGUMENT, message)
}

/** Bad options, at registration or when a feature needs one that is missing: `OAUTH_INVALID_OPTIONS`. */
export function invalidOptions(message: string, options?: OAuthErrorOptions): OAuthConfigError {
  return new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, message, options)
}

/** An answer that cannot be used: `OAUTH_INVALID_RESPONSE`. */
export function invalidResponse(message: string, options?: OAuthErrorOptions): OAuthInvalidResponseError {
  return new OAuthInvalidResponseError(OAuthErrorCode.INVALID_RESPONSE, message, options)
}

/** A token endpoint's refusal: `OAUTH_TOKEN_REQUEST_FAILED`. */
export function tokenRequestFailed(message: string, options?: OAuthErrorOptions): OAuthTokenRequestError {
  return new OAuthTokenRequestError(OAuthErrorCode.TOKEN_REQUEST_FAILED, message, options)
}

/**
 * Whether only a new sign-in can help: a refresh the provider refused (`OAUTH_REFRESH_FAILED`),
 * or an API answer of 401 with `throwHttpErrors` (`OAUTH_HTTP_ERROR`), the token the library
 * could not renew being refused. Network failures and timeouts are not: trying again may work.
 */
export function isReauthRequired(error: unknown): boolean {
  if (!(error instanceof OAuthError)) return false
  if (error.code === OAuthErrorCode.REFRESH_FAILED) return true
  return error.code === OAuthErrorCode.HTTP_ERROR && error.response?.status === 401
}

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError
}
