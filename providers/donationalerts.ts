import { type OAuth2AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { defineProvider, field, profileFrom } from './define.js'

/**
 * DonationAlerts. The client authenticates in the body; a refresh must name the scope the
 * sign-in asked for again, which the preset resends (from the `scope` it was given). API answers
 * are wrapped in `data`: the profile is `GET /api/v1/user/oauth`'s `data`. No revocation
 * endpoint. DonationAlerts' docs do not mention PKCE; the library's S256 challenge is sent, as
 * everywhere.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { donationalerts } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('donationalerts', donationalerts()) // reads DONATIONALERTS_CLIENT_ID and DONATIONALERTS_CLIENT_SECRET
 * ```
 * @see https://www.donationalerts.com/apidoc#authorization
 * @see https://www.donationalerts.com/apidoc#api_v1__users__user_profile_information
 */
export const donationalerts = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'donationalerts',
  info: {
    name: 'DonationAlerts',
    protocol: 'oauth2',
    docsUrl: 'https://www.donationalerts.com/apidoc#authorization',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: ({ scope = ['oauth-user-show'] }) => ({
    authorizeUrl: 'https://www.donationalerts.com/oauth/authorize',
    accessTokenUrl: 'https://www.donationalerts.com/oauth/token',
    baseUrl: 'https://www.donationalerts.com/api/v1/',
    userInfoUrl: 'user/oauth',
    tokenEndpointAuthMethod: 'client_secret_post',
    scope,
    // "scope: the same scopes that were requested for the access token".
    refreshTokenParams: { scope: typeof scope === 'string' ? scope : scope.join(' ') },
    userInfo: async ({ url, request }) => {
      const user = field((await request<unknown>(url ?? 'user/oauth')).data, 'data')
      if (typeof user !== 'object' || user === null) {
        throw new OAuthInvalidResponseError(OAuthErrorCode.INVALID_RESPONSE, 'DonationAlerts sent no user in "data"')
      }
      return { ...user }
    },
    // `code` is the user's unique handle, `name` their display name.
    profile: profileFrom('DonationAlerts', {
      id: 'id',
      name: 'name',
      username: 'code',
      email: 'email',
      avatarUrl: 'avatar',
    }),
  }),
})
