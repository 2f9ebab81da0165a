/**
 * A login that was started and not finished: what the callback needs to check and complete
 * it. It travels in an encrypted cookie, so the server keeps nothing per pending login.
 */
export interface PendingAuthorization {
  /** OAuth 2.0 `state`, or the OAuth 1.0a request token: what the callback is matched by. */
  readonly key: string
  /** OAuth 1.0a request-token secret. */
  readonly secret?: string | undefined
  /** PKCE code verifier. */
  readonly verifier?: string | undefined
  /** OpenID Connect nonce. */
  readonly nonce?: string | undefined
  /** The `redirect_uri` sent in the first leg, repeated in the token request. */
  readonly redirectUri?: string | undefined
  /** Where the app wanted to go after signing in (checked again by `nextUrl`). */
  readonly next?: string | undefined
  /** Expiry, ms since the epoch. */
  readonly expires: number
}
