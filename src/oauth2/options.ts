import type { Fail } from '../errors.js'
import { type CommonSettings, endpointUrl, oneOf } from '../options/common.js'

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3.1; OpenID Connect Core §9): HTTP Basic, the body, or not at all (a public client).
 */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'

/**
 * A provider's own check of its authorization callback, run once the callback's state has
 * matched and before anything else of it is used, the token request included: a signature over
 * the callback (Shopify's `hmac`), a value only the provider's own hosts may have.
 *
 * @param params - every parameter of the callback, as strings (a repeated one keeps its first value)
 * @param clientSecret - the app's client secret, for a check signed with it
 * @returns `undefined` when the callback verifies; otherwise why it does not, which becomes the
 *   `OAUTH_STATE_MISMATCH` error's message. A throw, or any other answer, refuses the callback too.
 * @see https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
 */
export type CallbackCheck = (
  params: Readonly<Record<string, string>>,
  clientSecret: () => Promise<string>,
) => string | undefined | Promise<string | undefined>

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
  /** OAuth 2.0: the provider's check of its callback, before the token request (a preset's slot). */
  readonly callbackCheck?: CallbackCheck
  /**
   * OAuth 2.0: `'form_post'` asks the provider to POST the callback as a form (OAuth 2.0 Form Post
   * Response Mode), so the callback route is mounted with `app.post`; its state cookie is then
   * `SameSite=None; Secure`. Default `'query'`: the callback is a GET.
   */
  readonly responseMode?: 'query' | 'form_post'
}

/** A PKCE code challenge method (RFC 7636 §4.2). */
export type PkceMethod = 'S256' | 'plain'

/** OAuth 2.0 options after validation. */
export interface OAuth2Settings {
  readonly revokeUrl: URL | undefined
  /** The PKCE code challenge method (RFC 7636 §4.2), or `false` for none. */
  readonly pkce: 'S256' | 'plain' | false
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod
  /** The provider's check of its callback, if it has one. */
  readonly callbackCheck: CallbackCheck | undefined
  /** How the provider returns the callback: in the query of a GET, or the form body of a POST. */
  readonly responseMode: 'query' | 'form_post'
}

/** What an OAuth 2.0 app runs on, once its endpoints are known. */
export type OAuth2Config = CommonSettings &
  OAuth2Settings & { readonly accessTokenUrl: URL; readonly authorizeUrl: URL }

export const OAUTH2_OPTION_NAMES = {
  revokeUrl: true,
  pkce: true,
  tokenEndpointAuthMethod: true,
  callbackCheck: true,
  responseMode: true,
} as const satisfies Record<keyof OAuth2Options, true>

const responseModes: readonly ('query' | 'form_post')[] = ['query', 'form_post']

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
  const callbackCheck = options.callbackCheck
  if (callbackCheck !== undefined) {
    if (typeof callbackCheck !== 'function') throw fail('"callbackCheck" must be a function')
    // An OAuth 1.0a callback has no such check: left unrun, it would look like protection.
    if (!oauth2) throw fail('"callbackCheck" is for OAuth 2.0 apps')
  }
  const responseMode = oneOf(options.responseMode, responseModes, 'query', 'responseMode', fail)
  if (!oauth2 && responseMode !== 'query') throw fail('"responseMode" is for OAuth 2.0 apps')
  return {
    revokeUrl: endpointUrl(options.revokeUrl, 'revokeUrl', common.baseUrl, fail),
    pkce: pkceMethod(options.pkce, fail),
    tokenEndpointAuthMethod,
    callbackCheck,
    responseMode,
  }
}

/** S256 unless the app says otherwise: `plain` only when asked by name (RFC 7636 §4.2). */
function pkceMethod(value: unknown, fail: Fail): PkceMethod | false {
  if (value === undefined || value === true || value === 'S256') return 'S256'
  if (value === false) return false
  if (value === 'plain') return 'plain'
  throw fail(`"pkce" must be true, false, "S256" or "plain"; got ${JSON.stringify(value)}`)
}
