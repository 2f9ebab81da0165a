import type { Fail } from '../errors.js'
import { type CommonSettings, endpointUrl } from '../options/common.js'
import { isSecureUrl, resolveUrl } from '../url.js'

/** The OpenID Connect options of OAuth 2.0 apps (API.md §2, §3a). */
export interface OidcOptions {
  /**
   * OpenID Connect: the issuer whose metadata (`/.well-known/openid-configuration`) fills the
   * endpoints not given, and against which ID tokens are validated.
   */
  readonly issuer?: string
  /** OpenID Connect: where the metadata is, when not at the issuer's well-known path. */
  readonly serverMetadataUrl?: string
  /** OpenID Connect: ID-token algorithms accepted. Default: asymmetric ones; HS* for confidential clients. */
  readonly idTokenAlgorithms?: readonly string[]
  /** OpenID Connect: seconds of clock skew tolerated on ID tokens' `exp` and `iat`. Default 30. */
  readonly clockTolerance?: number
  /** OpenID Connect: send and check a `nonce`. Default true; only for providers that drop it. */
  readonly nonce?: boolean
  /**
   * OpenID Connect: the issuer an ID token must name, from its (not yet verified) claims. By
   * default the metadata's `issuer`; multi-tenant providers derive it from a tenant claim.
   */
  readonly idTokenIssuer?: (claims: Readonly<Record<string, unknown>>, metadataIssuer: string) => string
}

/** OpenID Connect options after validation; `issuer` undefined for plain OAuth 2.0 apps. */
export interface OidcSettings {
  readonly issuer: string | undefined
  readonly serverMetadataUrl: URL | undefined
  readonly idTokenAlgorithms: readonly string[] | undefined
  readonly clockTolerance: number
  readonly nonce: boolean
  readonly idTokenIssuer: ((claims: Readonly<Record<string, unknown>>, metadataIssuer: string) => string) | undefined
}

export const OIDC_OPTION_NAMES = {
  issuer: true,
  serverMetadataUrl: true,
  idTokenAlgorithms: true,
  clockTolerance: true,
  nonce: true,
  idTokenIssuer: true,
} as const satisfies Record<keyof OidcOptions, true>

/** Whether a scope string asks for OpenID Connect. */
export function hasOpenIdScope(scope: string | undefined): boolean {
  return scope?.split(/[\s,+]+/).includes('openid') === true
}

/**
 * Checks the OpenID Connect options. `oauth1` says whether the app has a request-token URL:
 * OpenID Connect is a layer of OAuth 2.0, and an OAuth 2.0 app that asks for `openid` needs it.
 */
export function resolveOidc(options: OidcOptions, common: CommonSettings, oauth1: boolean, fail: Fail): OidcSettings {
  const issuer = options.issuer
  const requested = `${common.scope ?? ''} ${common.requestTokenParams.scope ?? ''}`
  if (issuer === undefined && !oauth1 && hasOpenIdScope(requested)) {
    throw fail('the "openid" scope needs "issuer": ID tokens are validated against the issuer\'s metadata and keys')
  }
  if (issuer !== undefined) {
    const parsed = typeof issuer === 'string' ? resolveUrl(issuer, undefined) : undefined
    if (parsed === undefined || !isSecureUrl(parsed) || parsed.search !== '' || parsed.hash !== '') {
      throw fail(
        `"issuer" must be an https URL (http on loopback) without query or fragment: ${JSON.stringify(issuer)}`,
      )
    }
    if (oauth1) throw fail('"issuer" (OpenID Connect) and "requestTokenUrl" (OAuth 1.0a) do not mix')
  } else if (options.serverMetadataUrl !== undefined) {
    throw fail('"serverMetadataUrl" needs "issuer", the issuer its document must name')
  }
  if (common.accessTokenUrl === undefined && issuer === undefined) throw fail('"accessTokenUrl" is required')
  // An OAuth 2.0 app without one only uses grants without a browser; its sign-in says what is missing.
  if (common.authorizeUrl === undefined && issuer === undefined && oauth1) throw fail('"authorizeUrl" is required')
  const algorithms = options.idTokenAlgorithms
  if (
    algorithms !== undefined &&
    !(Array.isArray(algorithms) && algorithms.every((a) => typeof a === 'string' && a !== 'none'))
  ) {
    throw fail('"idTokenAlgorithms" must be an array of JWS algorithm names, and never "none"')
  }
  const tolerance = options.clockTolerance
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw fail('"clockTolerance" must be a number of seconds, 0 or more')
  }
  if (options.nonce !== undefined && typeof options.nonce !== 'boolean') throw fail('"nonce" must be a boolean')
  if (options.idTokenIssuer !== undefined && typeof options.idTokenIssuer !== 'function') {
    throw fail('"idTokenIssuer" must be a function')
  }
  return {
    issuer,
    serverMetadataUrl: endpointUrl(options.serverMetadataUrl, 'serverMetadataUrl', common.baseUrl, fail),
    idTokenAlgorithms: algorithms === undefined ? undefined : [...algorithms],
    clockTolerance: tolerance ?? 30,
    nonce: options.nonce ?? true,
    idTokenIssuer: options.idTokenIssuer,
  }
}
