import { invalidResponse, OAuthErrorCode, type OAuthIdTokenError, OAuthStateError } from '../errors.js'
import type { OAuth2Config, OAuth2Settings } from '../oauth2/options.js'
import type { IdTokenClaims, OAuth2Token } from '../oauth2/token.js'
import type { CommonSettings } from '../options/common.js'
import { single } from '../url.js'
import { fetchMetadata, metadataUrl, type ProviderMetadata } from './discovery.js'
import { DEFAULT_ID_TOKEN_ALGORITHMS, idTokenInvalid, validateIdToken } from './id-token.js'
import { decodeJwt } from './jose.js'
import { JwksCache } from './jwks.js'
import type { OidcSettings } from './options.js'

/** What an OpenID Connect app is configured with: an OAuth 2.0 app with an issuer. */
export type OidcConfig = CommonSettings & OAuth2Settings & OidcSettings & { readonly issuer: string }

/** An OpenID Connect app's configuration with the discovered endpoints filled in. */
export type DiscoveredConfig = OidcConfig & OAuth2Config

export interface Discovered {
  readonly metadata: ProviderMetadata
  /** The app's options with the discovered endpoints filled in where none were given. */
  readonly options: DiscoveredConfig
  readonly jwks: JwksCache | undefined
}

const MAX_BACKOFF_MS = 5 * 60_000

/**
 * One app's OpenID Provider: its metadata and keys, fetched on first use and kept; ID tokens
 * and authorization responses checked against them.
 */
export class OpenIdProvider {
  readonly #options: OidcConfig
  readonly #issuer: string
  #result: Promise<Discovered> | undefined
  #failedAt: number | undefined
  #backoff = 0

  constructor(options: OidcConfig) {
    this.#options = options
    this.#issuer = options.issuer
  }

  /**
   * The metadata, fetched once. A failure is remembered for a while, doubling up to five
   * minutes, so a provider that is down is not asked again by every request.
   */
  discover(): Promise<Discovered> {
    if (this.#result !== undefined && (this.#failedAt === undefined || Date.now() - this.#failedAt < this.#backoff)) {
      return this.#result
    }
    const o = this.#options
    const result = fetchMetadata(o, o.serverMetadataUrl ?? metadataUrl(this.#issuer), this.#issuer).then((metadata) =>
      this.#discovered(metadata),
    )
    this.#result = result
    this.#failedAt = undefined
    result.then(
      () => {
        this.#backoff = 0
      },
      () => {
        if (this.#result !== result) return
        this.#backoff = Math.min(MAX_BACKOFF_MS, Math.max(1000, this.#backoff * 2))
        this.#failedAt = Date.now()
      },
    )
    return result
  }

  #discovered(metadata: ProviderMetadata): Discovered {
    const o = this.#options
    const endpoint = (given: URL | undefined, found: string | undefined) =>
      given ?? (found === undefined ? undefined : new URL(found))
    const accessTokenUrl = endpoint(o.accessTokenUrl, metadata.token_endpoint)
    const authorizeUrl = endpoint(o.authorizeUrl, metadata.authorization_endpoint)
    if (accessTokenUrl === undefined || authorizeUrl === undefined) {
      throw invalidResponse(
        `The provider's metadata names no ${accessTokenUrl === undefined ? 'token_endpoint' : 'authorization_endpoint'}`,
      )
    }
    const options: DiscoveredConfig = {
      ...o,
      authorizeUrl,
      accessTokenUrl,
      userInfoUrl: endpoint(o.userInfoUrl, metadata.userinfo_endpoint),
      revokeUrl: endpoint(o.revokeUrl, metadata.revocation_endpoint),
      deviceAuthorizationUrl: endpoint(o.deviceAuthorizationUrl, metadata.device_authorization_endpoint),
    }
    const jwks = metadata.jwks_uri === undefined ? undefined : new JwksCache(new URL(metadata.jwks_uri), o)
    return { metadata, options, jwks }
  }

  /** Validates a token response's ID token (OpenID Connect Core §3.1.3.7) and returns its claims. */
  async validate(token: OAuth2Token, nonce: string | undefined, previous?: IdTokenClaims): Promise<IdTokenClaims> {
    const { metadata, jwks, options: o } = await this.discover()
    const idToken = token.id_token
    if (typeof idToken !== 'string' || idToken === '') throw idTokenMissing()
    let issuer = metadata.issuer
    if (o.idTokenIssuer !== undefined) {
      let unverified: Record<string, unknown>
      try {
        unverified = decodeJwt(idToken)
      } catch (cause) {
        throw idTokenInvalid('malformed', 'it is not a JWT', cause)
      }
      issuer = o.idTokenIssuer(unverified, metadata.issuer)
    }
    const supported = metadata.id_token_signing_alg_values_supported
    return validateIdToken(
      idToken,
      {
        issuer,
        clientId: o.clientId,
        clientSecret:
          o.tokenEndpointAuthMethod === 'none' || (o.clientSecret === '' && o.clientSecretFunction === undefined)
            ? undefined
            : o,
        algorithms:
          o.idTokenAlgorithms ?? DEFAULT_ID_TOKEN_ALGORITHMS.concat(supported?.filter((a) => a.startsWith('HS')) ?? []),
        leeway: o.clockTolerance,
        nonce,
        accessToken: token.access_token,
        previous,
      },
      jwks,
    )
  }

  /**
   * RFC 9207: an authorization response names its issuer; a different one is a mix-up attack.
   * Checked before anything is sent to the token endpoint.
   */
  async checkResponseIssuer(query: Readonly<Record<string, unknown>>): Promise<void> {
    const { metadata } = await this.discover()
    const present = query.iss !== undefined
    const iss = single(query, 'iss')
    if (
      present ? !issuerMatches(metadata.issuer, iss) : metadata.authorization_response_iss_parameter_supported === true
    ) {
      throw new OAuthStateError(
        present
          ? `The authorization response comes from ${JSON.stringify(iss ?? query.iss)}, not from ${metadata.issuer}`
          : `The authorization response does not name its issuer, which ${metadata.issuer} always does`,
        OAuthErrorCode.ISSUER_MISMATCH,
      )
    }
  }
}

/**
 * Whether `actual` is the issuer `expected` names. Multi-tenant providers publish a template
 * (`https://login.microsoftonline.com/{tenantid}/v2.0`) whose placeholder stands for one path
 * segment.
 */
export function issuerMatches(expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false
  if (!expected.includes('{')) return actual === expected
  const parts = expected.split(/\{[^}/]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${parts.join('[^/]+')}$`).test(actual)
}

export function idTokenMissing(): OAuthIdTokenError {
  return idTokenInvalid('missing', 'the token response has none')
}
