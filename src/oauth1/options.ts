import { createPrivateKey } from 'node:crypto'
import type { Fail } from '../errors.js'
import { type CommonSettings, endpointUrl, oneOf } from '../options/common.js'

/** An OAuth 1.0a signature method (RFC 5849 §3.4); `'HMAC-SHA256'` is the common extension. */
export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'PLAINTEXT' | 'RSA-SHA1'

/** The options of OAuth 1.0a apps (API.md §2). */
export interface OAuth1Options {
  /** OAuth 1.0a temporary-credentials endpoint. Present: OAuth 1.0a; absent or null: OAuth 2.0. */
  readonly requestTokenUrl?: string | null
  /** OAuth 1.0a: the method of the request-token call. Default `'POST'`. */
  readonly requestTokenMethod?: 'POST' | 'GET'
  /** OAuth 1.0a: how requests are signed (RFC 5849 §3.4). Default `'HMAC-SHA1'`; `'RSA-SHA1'` needs `privateKey`. */
  readonly signatureMethod?: SignatureMethod
  /** OAuth 1.0a RSA-SHA1: the PEM private key. */
  readonly privateKey?: string
  /** OAuth 1.0a: the `realm` of the Authorization header (not signed). */
  readonly realm?: string
}

/** OAuth 1.0a options after validation. */
export interface OAuth1Settings {
  /** Undefined only for OAuth 2.0 apps. */
  readonly requestTokenUrl: URL | undefined
  readonly requestTokenMethod: 'POST' | 'GET'
  readonly signatureMethod: SignatureMethod
  readonly privateKey: string | undefined
  readonly realm: string | undefined
}

/** What an OAuth 1.0a app runs on: its endpoints are known from registration. */
export type OAuth1Config = CommonSettings &
  OAuth1Settings & { readonly requestTokenUrl: URL; readonly accessTokenUrl: URL; readonly authorizeUrl: URL }

export const OAUTH1_OPTION_NAMES = {
  requestTokenUrl: true,
  requestTokenMethod: true,
  signatureMethod: true,
  privateKey: true,
  realm: true,
} as const satisfies Record<keyof OAuth1Options, true>

const signatureMethods: readonly SignatureMethod[] = ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT', 'RSA-SHA1']

/** The request-token URL alone: whether an app is OAuth 1.0a is decided by it. */
export function requestTokenUrlOf(options: OAuth1Options, baseUrl: URL | undefined, fail: Fail): URL | undefined {
  return endpointUrl(options.requestTokenUrl, 'requestTokenUrl', baseUrl, fail)
}

/** Checks the OAuth 1.0a options; an unreadable RSA key fails here, not at the first call. */
export function resolveOAuth1(options: OAuth1Options, requestTokenUrl: URL | undefined, fail: Fail): OAuth1Settings {
  const requestTokenMethod = oneOf(
    options.requestTokenMethod,
    ['POST', 'GET'] as const,
    'POST',
    'requestTokenMethod',
    fail,
  )
  const signatureMethod = oneOf(options.signatureMethod, signatureMethods, 'HMAC-SHA1', 'signatureMethod', fail)
  if (signatureMethod === 'RSA-SHA1') {
    if (typeof options.privateKey !== 'string' || !options.privateKey.includes('PRIVATE KEY')) {
      throw fail('"privateKey" must be a PEM private key when "signatureMethod" is RSA-SHA1')
    }
    try {
      createPrivateKey(options.privateKey)
    } catch {
      throw fail('"privateKey" is not a readable PEM private key')
    }
  }
  if (
    options.realm !== undefined &&
    (typeof options.realm !== 'string' || /["\\\u0000-\u001f\u007f]/.test(options.realm))
  ) {
    throw fail('"realm" must be a string without quotes, backslashes or control characters')
  }
  return { requestTokenUrl, requestTokenMethod, signatureMethod, privateKey: options.privateKey, realm: options.realm }
}
