import { type OAuth2AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { defineProvider, field, profileFrom, text } from './define.js'

/**
 * Kick. PKCE (S256) is required of every client, confidential ones included, so the preset pins
 * it; the client authenticates in the body. The profile is `GET /public/v1/users`, whose
 * `data` holds one user. Refresh tokens rotate: store the newest. Kick's revocation takes the
 * token in the query string and names its hint `token_hint_type`, not RFC 7009's form body, so
 * the preset has no `revokeUrl`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { kick } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('kick', kick()) // reads KICK_CLIENT_ID and KICK_CLIENT_SECRET
 * ```
 * @see https://docs.kick.com/getting-started/generating-tokens-oauth2-flow
 * @see https://docs.kick.com/apis/users
 */
export const kick = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'kick',
  info: {
    name: 'Kick',
    protocol: 'oauth2',
    docsUrl: 'https://docs.kick.com/getting-started/generating-tokens-oauth2-flow',
    refresh: 'rotating',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  // "code_challenge_method: Yes, S256" on the authorize endpoint.
  fixed: { pkce: { value: true, alike: ['S256'], because: 'Kick refuses sign-ins without PKCE (S256)' } },
  defaults: () => ({
    authorizeUrl: 'https://id.kick.com/oauth/authorize',
    accessTokenUrl: 'https://id.kick.com/oauth/token',
    baseUrl: 'https://api.kick.com/public/v1/',
    tokenEndpointAuthMethod: 'client_secret_post',
    scope: ['user:read'],
    // Without `id`, the users endpoint answers for the token's own user, as `data[0]`.
    userInfo: async ({ url, request }) => {
      const { data } = await request<unknown>(url ?? 'users')
      const user = field(field(data, 'data'), '0')
      if (typeof user !== 'object' || user === null || text(field(user, 'user_id')) === undefined) {
        throw new OAuthInvalidResponseError(OAuthErrorCode.INVALID_RESPONSE, 'Kick sent no user in "data"')
      }
      return { ...user }
    },
    userInfoUrl: 'users',
    profile: profileFrom('Kick', { id: 'user_id', name: 'name', email: 'email', avatarUrl: 'profile_picture' }),
  }),
})
