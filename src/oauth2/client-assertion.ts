import { createHash, createPrivateKey, type JsonWebKey, type KeyObject, X509Certificate } from 'node:crypto'
import type { Fail } from '../errors.js'
import { SignJWT } from '../oidc/jose.js'
import { randomToken } from '../random.js'
import { type ClientSecretSource, clientSecretOf } from './client-secret.js'

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** How long an assertion is valid: API.md §11 allows at most 60 s between `iat` and `exp`. */
const LIFETIME = 60

/** A private key an app signs its client assertions with: PEM, a JWK, or a `KeyObject`. */
export type ClientPrivateKey = string | JsonWebKey | KeyObject

/** The key of `private_key_jwt`, read once at registration, and the algorithm it implies. */
export interface AssertionKey {
  readonly key: KeyObject
  readonly alg: 'RS256' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA'
  readonly kid: string | undefined
  /** The certificate's thumbprints (`x5t#S256`, `x5t`), when it was given. */
  readonly thumbprints: { readonly 'x5t#S256': string; readonly x5t: string } | undefined
}

// The algorithm follows from the key, so a key cannot be used with an algorithm it was not made
// for (RFC 8725 §3.1).
const EC_ALGORITHMS: Readonly<Record<string, AssertionKey['alg']>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
}

/**
 * Reads `clientPrivateKey`: a private key of a kind a JWT can be signed with (RSA, P-256,
 * P-384, P-521, Ed25519), refused here rather than at the first token request.
 */
export function assertionKey(value: unknown, kid: unknown, certificate: unknown, fail: Fail): AssertionKey {
  if (kid !== undefined && (typeof kid !== 'string' || kid === '' || /[\u0000-\u001f\u007f]/.test(kid)))
    throw fail('"clientKeyId" must be a non-empty string')
  let key: KeyObject
  try {
    key =
      typeof value === 'string'
        ? createPrivateKey(value)
        : isKeyObject(value)
          ? value
          : createPrivateKey({ key: value as JsonWebKey, format: 'jwk' })
  } catch {
    throw fail('"clientPrivateKey" must be a private key: PEM, a private JWK, or a KeyObject')
  }
  if (key.type !== 'private') throw fail('"clientPrivateKey" must be a private key, not a public one')
  const type = key.asymmetricKeyType
  const alg =
    type === 'rsa'
      ? 'RS256'
      : type === 'ed25519'
        ? 'EdDSA'
        : type === 'ec'
          ? EC_ALGORITHMS[key.asymmetricKeyDetails?.namedCurve ?? '']
          : undefined
  if (alg === undefined)
    throw fail(`"clientPrivateKey" must be an RSA, P-256, P-384, P-521 or Ed25519 key; got ${type}`)
  return { key, alg, kid: kid as string | undefined, thumbprints: thumbprintsOf(certificate, key, fail) }
}

/** RFC 7515 §4.1.7–8: the certificate's DER digests, after checking it holds the key's public half. */
function thumbprintsOf(certificate: unknown, key: KeyObject, fail: Fail): AssertionKey['thumbprints'] {
  if (certificate === undefined) return undefined
  let cert: X509Certificate
  try {
    if (typeof certificate !== 'string') throw new TypeError('not a string')
    cert = new X509Certificate(certificate)
  } catch {
    throw fail('"clientCertificate" must be an X.509 certificate in PEM')
  }
  if (!cert.checkPrivateKey(key)) throw fail('"clientCertificate" is not the certificate of "clientPrivateKey"')
  const digest = (algorithm: string) => createHash(algorithm).update(cert.raw).digest('base64url')
  return { 'x5t#S256': digest('sha256'), x5t: digest('sha1') }
}

function isKeyObject(value: unknown): value is KeyObject {
  return (
    typeof value === 'object' && value !== null && (value as { type?: unknown }).type !== undefined && 'export' in value
  )
}

/** What signing an assertion needs of the app. */
export interface AssertionSource extends ClientSecretSource {
  readonly clientId: string
  readonly tokenEndpointAuthMethod: string
  readonly clientAssertionKey: AssertionKey | undefined
}

/**
 * A fresh client assertion (RFC 7523 §3, OpenID Connect Core §9): `iss` and `sub` the client id,
 * `aud` the audience, a unique `jti`, `exp` 60 s after `iat`; HS256 with the client secret for
 * `client_secret_jwt`, the key's own algorithm for `private_key_jwt`.
 */
export async function clientAssertion(o: AssertionSource, audience: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const jwt = new SignJWT({})
    .setIssuer(o.clientId)
    .setSubject(o.clientId)
    .setAudience(audience)
    .setJti(randomToken(18))
    .setIssuedAt(now)
    .setExpirationTime(now + LIFETIME)
  const signing = o.clientAssertionKey
  if (signing === undefined) {
    const secret = await clientSecretOf(o)
    return jwt.setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret))
  }
  return jwt
    .setProtectedHeader({
      alg: signing.alg,
      ...(signing.kid === undefined ? {} : { kid: signing.kid }),
      ...signing.thumbprints,
    })
    .sign(signing.key)
}
