import assert from 'node:assert/strict'
import {
  OAuthAuthorizationError,
  OAuthConfigError,
  OAuthError,
  OAuthErrorCode,
  OAuthIdTokenError,
  OAuthInvalidResponseError,
  OAuthNetworkError,
  OAuthNoTokenError,
  OAuthResponseError,
  OAuthSealedTokenError,
  OAuthStateError,
  OAuthTokenRequestError,
} from 'oauth-consumer'

export type OAuthErrorClass = abstract new (...args: never[]) => OAuthError

/**
 * The one class of every code (API.md §6), written out here rather than read from the library,
 * so that a change to either side shows. Typed by the codes, so a new code does not compile
 * until it has a class.
 */
export const CLASS_OF_CODE: Readonly<Record<OAuthErrorCode, OAuthErrorClass>> = {
  [OAuthErrorCode.ACCESS_DENIED]: OAuthAuthorizationError,
  [OAuthErrorCode.AUTHORIZATION_ERROR]: OAuthAuthorizationError,
  [OAuthErrorCode.DEVICE_CODE_EXPIRED]: OAuthAuthorizationError,
  [OAuthErrorCode.STATE_MISMATCH]: OAuthStateError,
  [OAuthErrorCode.ISSUER_MISMATCH]: OAuthStateError,
  [OAuthErrorCode.TOKEN_REQUEST_FAILED]: OAuthTokenRequestError,
  [OAuthErrorCode.REFRESH_FAILED]: OAuthTokenRequestError,
  [OAuthErrorCode.INVALID_RESPONSE]: OAuthInvalidResponseError,
  [OAuthErrorCode.ID_TOKEN_INVALID]: OAuthIdTokenError,
  [OAuthErrorCode.TIMEOUT]: OAuthNetworkError,
  [OAuthErrorCode.NETWORK_ERROR]: OAuthNetworkError,
  [OAuthErrorCode.RESPONSE_TOO_LARGE]: OAuthNetworkError,
  [OAuthErrorCode.NO_TOKEN]: OAuthNoTokenError,
  [OAuthErrorCode.HTTP_ERROR]: OAuthResponseError,
  [OAuthErrorCode.INVALID_OPTIONS]: OAuthConfigError,
  [OAuthErrorCode.INVALID_ARGUMENT]: OAuthConfigError,
  [OAuthErrorCode.DUPLICATE_APP]: OAuthConfigError,
  [OAuthErrorCode.UNKNOWN_APP]: OAuthConfigError,
  [OAuthErrorCode.NOT_MOUNTED]: OAuthConfigError,
  [OAuthErrorCode.SEALED_TOKEN_INVALID]: OAuthSealedTokenError,
}

/**
 * Asserts that `error` is an `OAuthError` whose class is exactly the class of its code: not a
 * parent of it (a bare `OAuthError`, or an `OAuthInvalidResponseError` for an ID token).
 */
export function assertClassAgrees(error: unknown): asserts error is OAuthError {
  assert.ok(error instanceof OAuthError, `not an OAuthError: ${String(error)}`)
  const expected = CLASS_OF_CODE[error.code]
  assert.equal(error.constructor, expected, `${error.code} came as ${error.constructor.name}, not ${expected.name}`)
  assert.equal(error.name, expected.name)
}
