import type { Fail } from '../errors.js'
import { type CommonSettings, endpointUrl, oneOf } from '../options/common.js'
import type { TokenResponseNormaliser } from './token.js'

export type { TokenResponseNormaliser } from './token.js'

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3.1; OpenID Connect Core §9): HTTP Basic, the body, or not at all (a public client).
 */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'

/** The options of OAuth 2.0 apps (API.md §2). */
export interface OAuth2Options {
  /** RFC 7009 revocation endpoint, used by `revokeToken()`. */
  readonly revokeUrl?: string
  /** OAuth 2.0: send an S256 code challenge. Default true. */
  readonly pkce?: boolean
  /** OAuth 2.0: how the client authenticates at the token and revocation endpoints. Default `'client_secret_post'`. */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod
  /**
   * Normalises the token endpoint's answer before it is read, for providers whose answers are
   * not RFC 6749 §5.1's (a preset sets it). A throw, or anything but an object, is
   * `OAUTH_INVALID_RESPONSE`.
   */
  readonly tokenResponse?: TokenResponseNormaliser
}

/** OAuth 2.0 options after validation. */
export interface OAuth2Settings {
  readonly revokeUrl: URL | undefined
  readonly pkce: boolean
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod
  readonly tokenResponse: TokenResponseNormaliser | undefined
}

/** What an OAuth 2.0 app runs on, once its endpoints are known. */
export type OAuth2Config = CommonSettings &
  OAuth2Settings & { readonly accessTokenUrl: URL; readonly authorizeUrl: URL }

export const OAUTH2_OPTION_NAMES = {
  revokeUrl: true,
  pkce: true,
  tokenEndpointAuthMethod: true,
  tokenResponse: true,
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
  if (
    oauth2 &&
    tokenEndpointAuthMethod !== 'none' &&
    common.clientSecret === '' &&
    common.clientSecretFunction === undefined
  ) {
    throw fail(
      `"consumerSecret" (or "clientSecret") is required with "tokenEndpointAuthMethod" ${tokenEndpointAuthMethod}`,
    )
  }
  if (options.pkce !== undefined && typeof options.pkce !== 'boolean') throw fail('"pkce" must be a boolean')
  if (options.tokenResponse !== undefined && typeof options.tokenResponse !== 'function')
    throw fail('"tokenResponse" must be a function')
  return {
    revokeUrl: endpointUrl(options.revokeUrl, 'revokeUrl', common.baseUrl, fail),
    pkce: options.pkce ?? true,
    tokenEndpointAuthMethod,
    tokenResponse: options.tokenResponse,
  }
}
