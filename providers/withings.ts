import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * Who signed in, as Withings tells it: the `userid` of its token answer. Withings has no
 * "who am I" endpoint for the public API, so this is all sign-in learns.
 *
 * @see https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-getaccesstoken
 */
export interface WithingsUser {
  /** The Withings user id the token was issued for (a number in some answers, a string in others). */
  readonly userid: string | number
}

/**
 * Withings' answers are always HTTP 200 with `{ status, body, error }`: `status` 0 carries the
 * token under `body`; any other status is a failure, whose `error` text becomes the error's
 * description (its codes are not RFC 6749's).
 */
function unwrap(answer: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const status = answer.status
  const body = answer.body
  if (status === 0 && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    return { ...(body as Record<string, unknown>) }
  }
  return {
    error: `withings_status_${text(status) ?? 'missing'}`,
    ...(typeof answer.error === 'string' ? { error_description: answer.error } : {}),
  }
}

/**
 * Withings (public health data API). The token request goes to `wbsapi.withings.net/v2/oauth2`
 * with `action=requesttoken` and the client's id and secret in the body; the answer is the
 * token wrapped in Withings' `{ status, body }` envelope, which the preset unwraps (a non-zero
 * status fails the sign-in with `OAUTH_TOKEN_REQUEST_FAILED`). Scopes are comma-separated.
 * There is no user-info endpoint: `profile()` returns the token answer's `userid` and nothing
 * else, and needs the token as the sign-in returned it. Withings' docs do not describe PKCE,
 * so none is sent.
 *
 * Checked against Withings' docs: the default scope is `user.metrics`, not `user.info`, which
 * Withings reserves for SDK partners under contract
 * (https://developer.withings.com/developer-guide/v3/integration-guide/public-health-data-api/get-access/oauth-authorization-url/);
 * `client_secret_post` and `action=requesttoken`, as the token call's reference lists them
 * (https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-getaccesstoken).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { withings } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('withings', withings({ scope: ['user.metrics', 'user.activity'] })) // reads WITHINGS_CLIENT_ID and WITHINGS_CLIENT_SECRET
 * ```
 * @see https://developer.withings.com/developer-guide/v3/integration-guide/public-health-data-api/get-access/oauth-web-flow/
 * @see https://developer.withings.com/api-reference/#tag/oauth2
 */
export const withings = defineProvider<Record<never, never>, OAuth2AppOptions<WithingsUser>>({
  name: 'withings',
  info: {
    name: 'Withings',
    protocol: 'oauth2',
    docsUrl:
      'https://developer.withings.com/developer-guide/v3/integration-guide/public-health-data-api/get-access/oauth-web-flow/',
    refresh: 'rotating',
    profileFields: [],
  },
  defaults: () => ({
    authorizeUrl: 'https://account.withings.com/oauth2_user/authorize2',
    accessTokenUrl: 'https://wbsapi.withings.net/v2/oauth2',
    baseUrl: 'https://wbsapi.withings.net/',
    tokenEndpointAuthMethod: 'client_secret_post',
    accessTokenParams: { action: 'requesttoken' },
    tokenResponse: unwrap,
    pkce: false,
    scope: ['user.metrics'],
    scopeSeparator: ',',
    userInfo: ({ token }) => ({ userid: field(token, 'userid') }),
    profile: (raw) => ({
      id: requireId(text(field(raw, 'userid')), 'Withings'),
      name: undefined,
      username: undefined,
      email: undefined,
      avatarUrl: undefined,
      raw: documented<WithingsUser>(raw),
    }),
  }),
})
