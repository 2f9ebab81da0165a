import { createPrivateKey, type KeyObject } from 'node:crypto'
import { invalidOptions } from '../errors.js'
import type { ClientSecretFunction } from '../options/common.js'
import { SignJWT } from './jose.js'

/**
 * The longest lifetime of a signed client secret: Apple refuses one whose `exp` is more than
 * 15777000 seconds (six months) after its `iat`.
 *
 * @see https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
 */
export const MAX_CLIENT_SECRET_LIFETIME = 15_777_000

/** Options of {@link jwtClientSecret}: the signing key and the claims the provider documents. */
export interface JwtClientSecretOptions {
  /** The P-256 private key, as a PKCS #8 PEM (Apple's `.p8` file) or a `KeyObject`. */
  readonly privateKey: string | KeyObject
  /** The key's id at the provider (Apple: the Key ID shown with the key), sent as the header's `kid`. */
  readonly keyId: string
  /** The `iss` claim (Apple: the 10-character Team ID). */
  readonly issuer: string
  /** The `sub` claim (Apple: the client id, the Services ID or App ID). */
  readonly subject: string
  /** The `aud` claim (Apple: `https://appleid.apple.com`). */
  readonly audience: string
  /**
   * Seconds from `iat` to `exp`, at most {@link MAX_CLIENT_SECRET_LIFETIME}. Default 3600: a
   * leaked secret is then worth an hour. A new one is signed once half of it has passed.
   */
  readonly lifetime?: number
}

/**
 * A client secret that the client signs itself, ES256, as Sign in with Apple requires: a
 * function to give as `clientSecret`. The key is read at once (a key that is not P-256 is
 * refused here, not at the first sign-in); the JWT carries `kid` in its header and `iss`,
 * `sub`, `aud`, `iat` and `exp` as claims, and is re-signed once half its lifetime has passed.
 *
 * @param options - the key, its id and the claims
 * @returns a {@link ClientSecretFunction} for the app's `clientSecret`
 * @throws {OAuthConfigError} `OAUTH_INVALID_OPTIONS` for a key that is not a P-256 private key, an empty claim, or a lifetime out of range
 * @example
 * ```ts
 * import { jwtClientSecret, OAuth } from 'oauth-consumer'
 *
 * const oauth = new OAuth()
 * oauth.remoteApp('apple', {
 *   issuer: 'https://appleid.apple.com',
 *   clientId: 'com.example.web',
 *   clientSecret: jwtClientSecret({
 *     privateKey: process.env.APPLE_PRIVATE_KEY ?? '',
 *     keyId: 'ABC123DEFG',
 *     issuer: 'DEF123GHIJ',
 *     subject: 'com.example.web',
 *     audience: 'https://appleid.apple.com',
 *   }),
 *   scope: 'openid name email',
 * })
 * ```
 * @see https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.4
 */
export function jwtClientSecret(options: JwtClientSecretOptions): ClientSecretFunction {
  const fail = (message: string) => invalidOptions(`jwtClientSecret(): ${message}`)
  if (typeof options !== 'object' || options === null) throw fail('options must be an object')
  const key = p256Key(options.privateKey, fail)
  for (const name of ['keyId', 'issuer', 'subject', 'audience'] as const) {
    const value: unknown = options[name]
    if (typeof value !== 'string' || value === '') throw fail(`"${name}" must be a non-empty string`)
  }
  const lifetime = options.lifetime ?? 3600
  if (!Number.isInteger(lifetime) || lifetime < 60 || lifetime > MAX_CLIENT_SECRET_LIFETIME) {
    throw fail(`"lifetime" must be a whole number of seconds from 60 to ${MAX_CLIENT_SECRET_LIFETIME}`)
  }
  const { keyId, issuer, subject, audience } = options
  let current: { readonly jwt: string; readonly renewAt: number } | undefined
  let signing: Promise<string> | undefined
  const sign = async (): Promise<string> => {
    const iat = Math.floor(Date.now() / 1000)
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: keyId })
      .setIssuer(issuer)
      .setSubject(subject)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetime)
      .sign(key)
    current = { jwt, renewAt: (iat + lifetime / 2) * 1000 }
    return jwt
  }
  return () => {
    if (current !== undefined && Date.now() < current.renewAt) return current.jwt
    // Calls that arrive while one is being signed share it.
    signing ??= sign().finally(() => {
      signing = undefined
    })
    return signing
  }
}

function p256Key(value: unknown, fail: (message: string) => Error): KeyObject {
  let key: KeyObject
  try {
    key = typeof value === 'string' ? createPrivateKey(value) : (value as KeyObject)
  } catch {
    throw fail('"privateKey" is not a readable PEM private key')
  }
  if (
    typeof key !== 'object' ||
    key === null ||
    (key as { type?: unknown }).type !== 'private' ||
    key.asymmetricKeyType !== 'ec' ||
    key.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
  ) {
    throw fail('"privateKey" must be a P-256 (ES256) private key')
  }
  return key
}
