import { invalidResponse, tokenRequestFailed } from './errors.js'
import type { OAuthResponse } from './response.js'

/** Credentials endpoints answer small bodies; anything larger is not a token. */
export const TOKEN_RESPONSE_LIMIT = 1024 * 1024

/**
 * The checks every credentials endpoint's answer goes through, whatever the protocol: a redirect
 * is refused (credentials are never sent on, RFC 9700 §4.12), and a non-2xx answer that named no
 * error of its own is a refusal by status.
 */
export function refuseRedirect(response: OAuthResponse, what: string): void {
  if (response.status >= 300 && response.status < 400) {
    throw invalidResponse(
      `The ${what} answered with a redirect (HTTP ${response.status}); credentials are never sent on`,
      { response },
    )
  }
}

export function refuseFailure(response: OAuthResponse, what: string): void {
  if (!response.ok) {
    throw tokenRequestFailed(`The ${what} answered HTTP ${response.status}`, { response })
  }
}
