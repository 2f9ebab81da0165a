import { createHash } from 'node:crypto'
import { OAuthError, OAuthIdTokenError } from '../errors.js'
import { type ClientSecretSource, clientSecretOf } from '../oauth2/client-secret.js'
import type { IdTokenClaims } from '../oauth2/token.js'
import { type JWTHeaderParameters, type JWTPayload, type JWTVerifyOptions, jwtVerify } from './jose.js'
import type { JwksCache } from './jwks.js'

/** Asymmetric algorithms accepted by default; HS* only for confidential clients, `none` never. */
export const DEFAULT_ID_TOKEN_ALGORITHMS: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]
const SYMMETRIC = ['HS256', 'HS384', 'HS512']

export interface IdTokenCheck {
  /** The issuer the token must name. */
  readonly issuer: string
  readonly clientId: string
  /** Confidential clients may accept HS* tokens, keyed with the client secret (asked for only then). */
  readonly clientSecret: ClientSecretSource | undefined
  readonly algorithms: readonly string[]
  /** Seconds of clock skew tolerated on `exp`, `iat` and `nbf`. */
  readonly leeway: number
  /** The nonce sent with the authorization request, if one was. */
  readonly nonce: string | undefined
  readonly accessToken: string | undefined
  /** The claims of the ID token a refresh replaces, which the new one must match. */
  readonly previous?: IdTokenClaims | undefined
}

/** An ID token that failed a check: `data.reason` names it. */
export function idTokenInvalid(reason: string, message: string, cause?: unknown): OAuthIdTokenError {
  return new OAuthIdTokenError(`The ID token was refused: ${message}`, {
    data: { error: 'invalid_id_token', error_description: message, reason },
    ...(cause === undefined ? {} : { cause }),
  })
}

/**
 * Validates an ID token as OpenID Connect Core §3.1.3.7 says: signature with an allowed
 * algorithm, `iss`, `aud`, `azp`, `exp`, `iat` (with `leeway`), `nonce`, and `at_hash` when
 * present. Every failure is `OAUTH_ID_TOKEN_INVALID` with `data.reason`.
 */
export async function validateIdToken(
  idToken: string,
  check: IdTokenCheck,
  jwks: JwksCache | undefined,
): Promise<IdTokenClaims> {
  const secret = check.clientSecret
  const algorithms = check.algorithms.filter(
    (alg) => alg !== 'none' && (secret !== undefined || !SYMMETRIC.includes(alg)),
  )
  const options: JWTVerifyOptions = {
    issuer: check.issuer,
    audience: check.clientId,
    algorithms,
    clockTolerance: check.leeway,
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
  }
  const verify = async (unknownKid: boolean) => {
    const keys = jwks === undefined ? undefined : await jwks.get(unknownKid)
    return jwtVerify(
      idToken,
      async (header: JWTHeaderParameters, token) => {
        if (SYMMETRIC.includes(header.alg) && secret !== undefined) {
          try {
            return new TextEncoder().encode(await clientSecretOf(secret))
          } catch (error) {
            throw new SecretFailure(error)
          }
        }
        if (keys === undefined) throw idTokenInvalid('signature', 'the provider publishes no JWKS')
        return keys(header, token)
      },
      options,
    )
  }
  let result: { payload: JWTPayload; protectedHeader: JWTHeaderParameters }
  try {
    try {
      result = await verify(false)
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') {
        // No `kid` and several candidate keys: jose hands them over to be tried in turn.
        result = await tryEach(error as unknown as AsyncIterable<VerifyKey>, idToken, options)
      } else if (code === 'ERR_JWKS_NO_MATCHING_KEY' && jwks !== undefined) {
        // Key rotation: a newer set, unless the set is itself new (the cooldown), and try again.
        result = await verify(true)
      } else {
        throw error
      }
    }
  } catch (error) {
    // The app's secret function failed, not the token: its error reaches the caller unchanged.
    if (error instanceof SecretFailure) throw error.failure
    throw asIdTokenError(error)
  }
  const claims = result.payload as IdTokenClaims
  checkClaims(claims, check, result.protectedHeader.alg)
  return claims
}

/** The checks jose does not make: `sub`, `iat` in the future, `nonce`, `azp`, `at_hash`, a refresh's user. */
function checkClaims(claims: IdTokenClaims, check: IdTokenCheck, alg: string): void {
  if (typeof claims.sub !== 'string' || claims.sub === '') throw idTokenInvalid('claims', 'it has no "sub"')
  // jose checks that `iat` is a number; a token from the future is refused here.
  if (claims.iat > Date.now() / 1000 + check.leeway) throw idTokenInvalid('iat', 'it was issued in the future')
  if (check.nonce !== undefined && claims.nonce !== check.nonce) {
    throw idTokenInvalid('nonce', 'its nonce is not the one sent with this login')
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== check.clientId) {
    throw idTokenInvalid('azp', 'its authorized party (azp) is not this client')
  }
  const atHash = claims.at_hash
  if (atHash !== undefined && check.accessToken !== undefined) {
    if (typeof atHash !== 'string' || atHash !== halfHash(check.accessToken, alg)) {
      throw idTokenInvalid('at_hash', 'its at_hash does not match the access token')
    }
  }
  const previous = check.previous
  if (previous === undefined) return
  // OpenID Connect Core §12.2: a refreshed ID token is about the same user, for the same client.
  const audienceList = (aud: string | string[]) => [...new Set(Array.isArray(aud) ? aud : [aud])].sort().join(' ')
  if (
    claims.iss !== previous.iss ||
    claims.sub !== previous.sub ||
    audienceList(claims.aud) !== audienceList(previous.aud) ||
    claims.azp !== previous.azp
  ) {
    throw idTokenInvalid('refresh', 'it names another user, issuer or audience than the ID token it replaces')
  }
}

/** Carries a secret function's failure through jose, which would otherwise be read as the token's. */
class SecretFailure extends Error {
  readonly failure: unknown
  constructor(failure: unknown) {
    super('the client secret function failed')
    this.failure = failure
  }
}

type VerifyKey = Exclude<Parameters<typeof jwtVerify>[1], (...args: never[]) => unknown>

async function tryEach(
  candidates: AsyncIterable<VerifyKey>,
  idToken: string,
  options: JWTVerifyOptions,
): Promise<{ payload: JWTPayload; protectedHeader: JWTHeaderParameters }> {
  let last: unknown
  for await (const key of candidates) {
    try {
      return await jwtVerify(idToken, key, options)
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw error
      last = error
    }
  }
  throw last
}

/** OpenID Connect Core §3.1.3.6: the left half of the token's hash under the JWS algorithm's hash. */
function halfHash(value: string, alg: string): string | undefined {
  const bits = /(256|384|512)$/.exec(alg)?.[1] ?? (alg === 'EdDSA' || alg === 'Ed25519' ? '512' : undefined)
  if (bits === undefined) return undefined
  const digest = createHash(`sha${bits}`).update(value).digest()
  return digest.subarray(0, digest.length / 2).toString('base64url')
}

function asIdTokenError(error: unknown): OAuthError {
  // A key set that could not be fetched is the provider's failure, not the token's: it keeps its code.
  if (error instanceof OAuthError) return error
  const e = error as { code?: unknown; claim?: unknown; message?: unknown }
  const message = typeof e.message === 'string' ? e.message : 'it could not be verified'
  switch (e.code) {
    case 'ERR_JWT_EXPIRED':
      return idTokenInvalid('expired', 'it has expired', error)
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return idTokenInvalid(typeof e.claim === 'string' ? e.claim : 'claims', message, error)
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return idTokenInvalid('algorithm', `its algorithm is not allowed (${message})`, error)
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return idTokenInvalid('signature', 'its signature does not verify', error)
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return idTokenInvalid('signature', 'it is signed with a key the provider does not publish', error)
    default:
      return idTokenInvalid('malformed', message, error)
  }
}
