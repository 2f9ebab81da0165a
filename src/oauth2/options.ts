import type { Fail } from '../errors.js'
import { type CommonSettings, endpointUrl, oneOf } from '../options/common.js'

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3.1; OpenID Connect Core §9): HTTP Basic, the body, or not at all (a public client).
 */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'

/** The options of OAuth 2.0 apps (API.md §2). */
export interface OAuth2Options {
  /** RFC 7009 revocation endpoint, used by `revokeToken()`. */
  readonly revokeUrl?: string
  /**
   * OAuth 2.0 PKCE (RFC 7636): `true` or `'S256'` sends an S256 code challenge; `'plain'` sends the
   * verifier itself, only for a provider that accepts nothing else; `false` none. Default `true`.
   */
  readonly pkce?: boolean | 'S256' | 'plain'
  /** OAuth 2.0: how the client authenticates at the token and revocation endpoints. Default `'client_secret_post'`. */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod
}

/** A PKCE code challenge method (RFC 7636 §4.2). */
export type PkceMethod = 'S256' | 'plain'

/** OAuth 2.0 options after validation. */
export interface OAuth2Settings {
  readonly revokeUrl: URL | undefined
  /** The PKCE code challenge method (RFC 7636 §4.2), or `false` for none. */
  readonly pkce: 'S256' | 'plain' | false
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod
}

/** What an OAuth 2.0 app runs on, once its endpoints are known. */
export type OAuth2Config = CommonSettings &
  OAuth2Settings & { readonly accessTokenUrl: URL; readonly authorizeUrl: URL }

export const OAUTH2_OPTION_NAMES = {
  revokeUrl: true,
  pkce: true,
  tokenEndpointAuthMethod: true,
} as const satisfies Record<keyof OAuth2Options, true>

const authMethods: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none']

/** Checks the OAuth 2.0 options; `oauth2` says whether the app speaks it (then a secret is needed). */
export function resolveOAuth2(
  options: OAuth2Options,
  common: CommonSettings,
  oauth2: boolean,
  fail: Fail,
): OAuth2Settings {
  const tokenEndpointAuthMethod = oneOf(
    options.tokenEndpointAuthMethod,
    authMethods,
    'client_secret_post',
    'tokenEndpointAuthMethod',
    fail,
  )
  if (oauth2 && tokenEndpointAuthMethod !== 'none' && common.clientSecret === '') {
    throw fail(
      `"consumerSecret" (or "clientSecret") is required with "tokenEndpointAuthMethod" ${tokenEndpointAuthMethod}`,
    )
  }
  return {
    revokeUrl: endpointUrl(options.revokeUrl, 'revokeUrl', common.baseUrl, fail),
    pkce: pkceMethod(options.pkce, fail),
    tokenEndpointAuthMethod,
  }
}

/** S256 unless the app says otherwise: `plain` only when asked by name (RFC 7636 §4.2). */
function pkceMethod(value: unknown, fail: Fail): PkceMethod | false {
  if (value === undefined || value === true || value === 'S256') return 'S256'
  if (value === false) return false
  if (value === 'plain') return 'plain'
  throw fail(`"pkce" must be true, false, "S256" or "plain"; got ${JSON.stringify(value)}`)
}
