/**
 * The one importer of `jose`: JWT verification, key sets and unverified decoding, for the
 * OpenID Connect layer.
 */
export {
  createLocalJWKSet,
  decodeJwt,
  type JSONWebKeySet,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose'
