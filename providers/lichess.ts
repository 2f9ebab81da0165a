import { type OAuth2AppOptions, OAuthResponseError } from '../src/index.js'
import { defineProvider, field, profileFrom, text } from './define.js'

/**
 * Lichess. No app registration and no client secret: any `client_id` names the app (its URL, by
 * convention), the client is public (`tokenEndpointAuthMethod: 'none'`) and PKCE (S256) is
 * required, so the preset pins it. Access tokens last about a year and there is no refresh
 * token. The profile is `GET /api/account`; with the `email:read` scope (the default) the
 * preset also reads `GET /api/account/email`, and leaves the email out when the token may not
 * read it. Revocation is `DELETE /api/token` with the token as Bearer, not RFC 7009, so the
 * preset has no `revokeUrl`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { lichess } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('lichess', lichess({ clientId: 'app.example.com' })) // or LICHESS_CLIENT_ID
 * ```
 * @see https://lichess.org/api#tag/OAuth
 * @see https://lichess.org/api#tag/Account/operation/accountMe
 */
export const lichess = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'lichess',
  info: {
    name: 'Lichess',
    protocol: 'oauth2',
    docsUrl: 'https://lichess.org/api#tag/OAuth',
    refresh: 'none',
    profileFields: ['name', 'username', 'email'],
  },
  // "code_challenge_method: Must be S256", required.
  fixed: { pkce: { value: true, alike: ['S256'], because: 'Lichess refuses sign-ins without PKCE (S256)' } },
  defaults: () => ({
    authorizeUrl: 'https://lichess.org/oauth',
    accessTokenUrl: 'https://lichess.org/api/token',
    baseUrl: 'https://lichess.org/api/',
    userInfoUrl: 'account',
    tokenEndpointAuthMethod: 'none',
    scope: ['email:read'],
    userInfo: async ({ url, request }) => {
      const { data } = await request<Record<string, unknown>>(url ?? 'account')
      try {
        const email = text(field((await request<unknown>('account/email')).data, 'email'))
        return email === undefined ? data : { ...data, email }
      } catch (error) {
        // A token without `email:read` is refused the address; the profile goes on without it.
        if (error instanceof OAuthResponseError && (error.response.status === 401 || error.response.status === 403)) {
          return data
        }
        throw error
      }
    },
    // Lichess shows the username; `profile.realName` only when the user set one.
    profile: profileFrom('Lichess', {
      id: 'id',
      name: ['profile.realName', 'username'],
      username: 'username',
      email: 'email',
    }),
  }),
})
