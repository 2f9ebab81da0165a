/**
 * The one importer of `jose`: JWT verification, key sets and unverified decoding, for the
 * OpenID Connect layer; JWT signing, for client secrets signed by the client.
 */
export {
  createLocalJWKSet,
  decodeJwt,
  type JSONWebKeySet,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
  SignJWT,
} from 'jose'
