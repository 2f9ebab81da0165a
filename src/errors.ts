import type { OAuthResponse } from './response.js'

/**
 * The stable codes of every error the library raises. Codes are never renamed; new ones
 * may be added.
 */
export const OAuthErrorCode = {
  /** The callback's state (or OAuth 1.0a token) is missing, forged, expired or another app's. HTTP 400. */
  STATE_MISMATCH: 'OAUTH_STATE_MISMATCH',
  /** The user denied access at the provider (`error=access_denied`, OAuth 1.0a `denied=`). HTTP 400. */
  ACCESS_DENIED: 'OAUTH_ACCESS_DENIED',
  /** The callback carried an `error=` other than `access_denied` (RFC 6749 §4.1.2.1). HTTP 400. */
  AUTHORIZATION_ERROR: 'OAUTH_AUTHORIZATION_ERROR',
  /** A token endpoint answered with an error (RFC 6749 §5.2, `oauth_problem`, a non-2xx status). HTTP 502. */
  TOKEN_REQUEST_FAILED: 'OAUTH_TOKEN_REQUEST_FAILED',
  /** A provider's answer could not be read, lacked or had malformed required fields, or was a redirect. HTTP 502. */
  INVALID_RESPONSE: 'OAUTH_INVALID_RESPONSE',
  /** An OpenID Connect ID token failed validation (OpenID Connect Core §3.1.3.7). HTTP 401. */
  ID_TOKEN_INVALID: 'OAUTH_ID_TOKEN_INVALID',
  /** The callback's `iss` is not the app's issuer (RFC 9207). HTTP 400. */
  ISSUER_MISMATCH: 'OAUTH_ISSUER_MISMATCH',
  /** A remote call passed its `timeout`. HTTP 504. */
  TIMEOUT: 'OAUTH_TIMEOUT',
  /** Connection refused or reset, or a TLS failure. HTTP 502. */
  NETWORK_ERROR: 'OAUTH_NETWORK_ERROR',
  /** A body passed its size limit (`maxResponseSize`, 1 MiB for token endpoints). HTTP 502. */
  RESPONSE_TOO_LARGE: 'OAUTH_RESPONSE_TOO_LARGE',
  /** An API call found no token: none given and none from the tokengetter. HTTP 401. */
  NO_TOKEN: 'OAUTH_NO_TOKEN',
  /** A device flow's code expired before the user approved it (RFC 8628 `expired_token`, or `expires_in` passed). HTTP 400. */
  DEVICE_CODE_EXPIRED: 'OAUTH_DEVICE_CODE_EXPIRED',
  /** Refreshing a token failed: only a new sign-in can help. HTTP 401. */
  REFRESH_FAILED: 'OAUTH_REFRESH_FAILED',
  /** An API answered non-2xx and the app asked for `throwHttpErrors`. HTTP 502. */
  HTTP_ERROR: 'OAUTH_HTTP_ERROR',
  /** Bad options, at registration or when a feature needs one that is missing; the message names the option. */
  INVALID_OPTIONS: 'OAUTH_INVALID_OPTIONS',
  /** Misuse of a method's argument; the message quotes the parameter. */
  INVALID_ARGUMENT: 'OAUTH_INVALID_ARGUMENT',
  /** A remote app of that name is already registered. */
  DUPLICATE_APP: 'OAUTH_DUPLICATE_APP',
  /** No remote app of that name is registered. */
  UNKNOWN_APP: 'OAUTH_UNKNOWN_APP',
  /** A sign-in was started with a registry no framework adapter is attached to. */
  NOT_MOUNTED: 'OAUTH_NOT_MOUNTED',
  /** A sealed token did not open: malformed, sealed with an unknown key, or not authentic. HTTP 500. */
  SEALED_TOKEN_INVALID: 'OAUTH_SEALED_TOKEN_INVALID',
} as const

/** One of the {@link OAuthErrorCode} values: the `code` of an {@link OAuthError}. */
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
  OAUTH_DEVICE_CODE_EXPIRED: 400,
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
  /** The error code the provider sent, e.g. `invalid_grant` or `access_denied`. */
  readonly error?: string
  /** The provider's human-readable explanation, when it sent one. */
  readonly error_description?: string
  /** A page of the provider's about the error, when it sent one. */
  readonly error_uri?: string
  /** OAuth 1.0a: the problem the provider reported (the OAuth Problem Reporting extension). */
  readonly oauth_problem?: string
  readonly [field: string]: unknown
}

/** What an {@link OAuthError} carries besides its code and message: for errors an app or an adapter raises itself. */
export interface OAuthErrorOptions {
  /** The HTTP status to answer with; by default the code's (see {@link OAuthErrorCode}). */
  readonly statusCode?: number
  /** Flask-OAuth's `OAuthException.type`; by default the provider's `error` or `oauth_problem`. */
  readonly type?: string
  /** What the provider said about the error. */
  readonly data?: OAuthErrorData
  /** The provider's answer, when there was one. */
  readonly response?: OAuthResponse
  /** The error that led to this one. */
  readonly cause?: unknown
  /** The origin of the remote endpoint the error concerns. */
  readonly endpoint?: string
}

/**
 * Every error the library raises. `code` is stable; `statusCode` is what the fastify plugin
 * answers with; `type` is Flask-OAuth's `OAuthException.type`; `data` holds what the provider
 * said, `response` its answer when there was one. Each cause has its subclass, whose `code` is
 * one of that cause's; the errors reference lists every code with its class and status.
 *
 * @example
 * ```ts
 * import { OAuth, OAuthError, OAuthErrorCode } from 'oauth-consumer'
 *
 * const oauth = new OAuth()
 * try {
 *   oauth.get('github')
 * } catch (error) {
 *   if (error instanceof OAuthError && error.code === OAuthErrorCode.UNKNOWN_APP) console.log(error.message)
 * }
 * ```
 * @see https://github.com/mitsuhiko/flask-oauth (Flask-OAuth's `OAuthException`)
 */
export class OAuthError extends Error {
  /** The stable `OAUTH_*` code: what to branch on. */
  readonly code: OAuthErrorCode
  /** The HTTP status an error handler answers with (the fastify plugin does). */
  readonly statusCode: number
  /** Flask-OAuth's `OAuthException.type`: the provider's `error` or `oauth_problem` when it sent one. */
  readonly type: string | undefined
  /** What the provider said about the error (`error`, `error_description`, `error_uri`, …), when it said anything. */
  readonly data: OAuthErrorData | undefined
  /**
   * The origin of the remote endpoint a failure concerns, for logs: never in `message`, which an
   * error handler may send to the browser, since a token or JWKS endpoint may be an internal host.
   */
  readonly endpoint: string | undefined
  /** The provider's answer. Not enumerable, so loggers that copy errors never copy tokens from it. */
  declare readonly response: OAuthResponse | undefined

  /**
   * Makes an error; the library itself raises only the subclasses, whose class follows the cause.
   *
   * @param code - the stable code
   * @param message - what went wrong, safe to show (never a token or an internal host)
   * @param options - the status, the provider's answer and the cause
   */
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
type AuthorizationCode =
  | typeof OAuthErrorCode.ACCESS_DENIED
  | typeof OAuthErrorCode.AUTHORIZATION_ERROR
  | typeof OAuthErrorCode.DEVICE_CODE_EXPIRED
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

/**
 * The user's authorization did not happen: the callback carried `error=` (RFC 6749 §4.1.2.1) or
 * an OAuth 1.0a denial, or a device flow's user denied or let the code expire (RFC 8628 §3.5).
 */
export class OAuthAuthorizationError extends OAuthError {
  /** `OAUTH_ACCESS_DENIED`, `OAUTH_AUTHORIZATION_ERROR` or `OAUTH_DEVICE_CODE_EXPIRED`. */
  declare readonly code: AuthorizationCode
  /**
   * @param code - `OAUTH_ACCESS_DENIED` for a denial, `OAUTH_AUTHORIZATION_ERROR` for another
   * `error=`, `OAUTH_DEVICE_CODE_EXPIRED` for a device code that expired unapproved
   */
  constructor(code: AuthorizationCode, message: string, options?: OAuthErrorOptions) {
    super(code, message, options)
  }
}

/** A token endpoint refused (RFC 6749 §5.2, `oauth_problem`, or a non-2xx answer), refreshes included. */
export class OAuthTokenRequestError extends OAuthError {
  /**
   * `OAUTH_TOKEN_REQUEST_FAILED`, `OAUTH_REFRESH_FAILED`, or `OAUTH_ACCESS_DENIED` when a device flow's user denied.
   */
  declare readonly code: TokenRequestCode
  /** @param code - `OAUTH_TOKEN_REQUEST_FAILED`, `OAUTH_REFRESH_FAILED` or `OAUTH_ACCESS_DENIED` */
  constructor(code: TokenRequestCode, message: string, options?: OAuthErrorOptions) {
    super(code, message, options)
  }
}

/** The callback's state did not match a pending authorization of this app, or named another issuer. */
export class OAuthStateError extends OAuthError {
  /** `OAUTH_STATE_MISMATCH`, or `OAUTH_ISSUER_MISMATCH` for a callback from another issuer (RFC 9207). */
  declare readonly code: StateCode
  /** @param code - `OAUTH_STATE_MISMATCH` (the default) or `OAUTH_ISSUER_MISMATCH` */
  constructor(message: string, code: StateCode = OAuthErrorCode.STATE_MISMATCH) {
    super(code, message)
  }
}

/** A provider's answer could not be read, or lacked what the protocol requires. */
export class OAuthInvalidResponseError extends OAuthError {
  /** @param code - `OAUTH_INVALID_RESPONSE`, or `OAUTH_ID_TOKEN_INVALID` (see {@link OAuthIdTokenError}) */
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
  /** Always `OAUTH_ID_TOKEN_INVALID`. */
  declare readonly code: typeof OAuthErrorCode.ID_TOKEN_INVALID
  /** @param options - `data.reason` names the check that failed */
  constructor(message: string, options?: OAuthErrorOptions) {
    super(OAuthErrorCode.ID_TOKEN_INVALID, message, options)
  }
}

/** Connection failures, timeouts and oversized bodies. */
export class OAuthNetworkError extends OAuthError {
  /** `OAUTH_TIMEOUT`, `OAUTH_NETWORK_ERROR` or `OAUTH_RESPONSE_TOO_LARGE`. */
  declare readonly code: NetworkCode
  /** @param code - `OAUTH_TIMEOUT`, `OAUTH_NETWORK_ERROR` or `OAUTH_RESPONSE_TOO_LARGE` */
  constructor(code: NetworkCode, message: string, options?: OAuthErrorOptions) {
    super(code, message, options)
  }
}

/** An API call found no token: none given, none from the tokengetter, or no request to ask about. */
export class OAuthNoTokenError extends OAuthError {
  /** Always `OAUTH_NO_TOKEN`. */
  declare readonly code: typeof OAuthErrorCode.NO_TOKEN
  /** @param message - says where the token was looked for */
  constructor(message: string) {
    super(OAuthErrorCode.NO_TOKEN, message)
  }
}

/** What `throwHttpErrors` throws for a non-2xx API answer; `response` is that answer. */
export class OAuthResponseError extends OAuthError {
  /** Always `OAUTH_HTTP_ERROR`. */
  declare readonly code: typeof OAuthErrorCode.HTTP_ERROR
  /** The API's non-2xx answer. Not enumerable, like every `response`. */
  declare readonly response: OAuthResponse

  /**
   * @param response - the API's non-2xx answer
   * @param message - by default `The API answered HTTP <status>`
   */
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
  /** Always `OAUTH_SEALED_TOKEN_INVALID`. */
  declare readonly code: typeof OAuthErrorCode.SEALED_TOKEN_INVALID
  /** Why the token did not open, in `reason`. */
  declare readonly data: OAuthErrorData & {
    /** `malformed`, `unknown-key` or `not-authentic`. */
    readonly reason: SealedTokenFailure
  }
  /**
   * @param reason - why the token did not open
   * @param options - `cause`: the error that led to this one
   */
  constructor(reason: SealedTokenFailure, message: string, options?: { readonly cause?: unknown }) {
    super(OAuthErrorCode.SEALED_TOKEN_INVALID, message, { data: { reason }, cause: options?.cause })
  }
}

/** Misuse of the library: bad options, bad arguments, the registry. */
export class OAuthConfigError extends OAuthError {
  /**
   * `OAUTH_INVALID_OPTIONS`, `OAUTH_INVALID_ARGUMENT`, `OAUTH_DUPLICATE_APP`, `OAUTH_UNKNOWN_APP` or `OAUTH_NOT_MOUNTED`.
   */
  declare readonly code: ConfigCode
  /**
   * @param code - the misuse: `OAUTH_INVALID_OPTIONS`, `OAUTH_INVALID_ARGUMENT`, `OAUTH_DUPLICATE_APP`, `OAUTH_UNKNOWN_APP` or `OAUTH_NOT_MOUNTED`
   */
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
 *
 * @param error - anything caught
 * @returns true when the user has to sign in again
 * @example
 * ```ts
 * import { isReauthRequired, type RemoteApp } from 'oauth-consumer'
 *
 * async function login(gh: RemoteApp): Promise<string | undefined> {
 *   try {
 *     return (await gh.get<{ login: string }>('user', { throwHttpErrors: true })).data.login
 *   } catch (error) {
 *     if (isReauthRequired(error)) return undefined // send the user to /login
 *     throw error
 *   }
 * }
 * ```
 */
export function isReauthRequired(error: unknown): boolean {
  if (!(error instanceof OAuthError)) return false
  if (error.code === OAuthErrorCode.REFRESH_FAILED) return true
  return error.code === OAuthErrorCode.HTTP_ERROR && error.response?.status === 401
}

/**
 * Whether a value is an {@link OAuthError} (of any subclass): in an error handler, before reading `code`.
 *
 * @example
 * ```ts
 * import { isOAuthError } from 'oauth-consumer'
 *
 * function describe(error: unknown): string {
 *   return isOAuthError(error) ? `${error.code} (${error.statusCode})` : 'unexpected error'
 * }
 * ```
 */
export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError
}
