import { invalidArgument } from './errors.js'

/** An OAuth 1.0a token as a tokengetter returns it. */
export type OAuth1Token =
  | { readonly token: string; readonly secret: string }
  | readonly [token: string, secret: string]
  | { readonly oauth_token: string; readonly oauth_token_secret: string }
/**
 * An OAuth 2.0 token as a tokengetter returns it: the access token alone, or the stored token
 * (what `exchangeCode` gave, with any other fields it carries, such as `id_token` and `claims`).
 */
export type OAuth2TokenInput =
  | string
  | {
      /** The access token. */
      readonly access_token: string
      /** Lets an expired token be refreshed before the call. */
      readonly refresh_token?: string | undefined
      /** Seconds since the epoch; a token within `refreshSkew` of it is refreshed first. */
      readonly expires_at?: number | undefined
      readonly [field: string]: unknown
    }
/**
 * Where a token says its API is (Salesforce's `instance_url`): the base relative API URLs are
 * joined with for calls made with that token, or `undefined` for the app's `baseUrl`.
 *
 * @param token - the stored token of the call (never a bare access-token string)
 * @returns an https URL (http only on loopback), without user info
 */
export type ApiBaseFromToken = (token: Exclude<OAuth2TokenInput, string>) => string | undefined

/** A token of either protocol, as a tokengetter returns it or a call's `token` gives it. */
export type TokenInput = OAuth1Token | OAuth2TokenInput

/** An OAuth 2.0 token as API calls use it. */
export type BearerToken =
  | string
  | {
      readonly access_token: string
      readonly refresh_token?: string | undefined
      readonly expires_at?: number | undefined
    }
/** A token that carries what refreshing it takes. */
export type RefreshableToken = {
  readonly access_token: string
  readonly refresh_token: string
  readonly expires_at?: number | undefined
}

/** OAuth 1.0a token credentials from `{ token, secret }`, `[token, secret]`, or the handler's response. */
export function oauth1Credentials(token: TokenInput): { token: string; secret: string } {
  let pair: [unknown, unknown] | undefined
  if (Array.isArray(token)) pair = [token[0], token[1]]
  else if (typeof token === 'object' && token !== null) {
    const t = token as Record<string, unknown>
    pair = 'oauth_token' in t ? [t.oauth_token, t.oauth_token_secret] : [t.token, t.secret]
  }
  const [key, secret] = pair ?? []
  if (typeof key !== 'string' || key === '' || typeof secret !== 'string') {
    throw invalidArgument('An OAuth 1.0a token must be { token, secret } or [token, secret]')
  }
  return { token: key, secret }
}

export function checkToken(token: TokenInput): BearerToken {
  const value = typeof token === 'string' ? token : 'access_token' in token ? token.access_token : undefined
  // RFC 6750 §2.1: visible ASCII only; anything else would fail in the header as a network error.
  if (typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value)) {
    throw invalidArgument('The token must be an access token string or an object with a string "access_token"')
  }
  return token as BearerToken
}

export function accessTokenOf(token: BearerToken): string {
  return typeof token === 'string' ? token : token.access_token
}

export function canRefresh(token: BearerToken): token is RefreshableToken {
  return typeof token === 'object' && typeof token.refresh_token === 'string' && token.refresh_token !== ''
}

export function isExpired(token: BearerToken, skew: number): token is RefreshableToken {
  return canRefresh(token) && typeof token.expires_at === 'number' && token.expires_at - skew <= Date.now() / 1000
}
