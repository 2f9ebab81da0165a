import type { OAuth2AppOptions, UserInfoCall } from '../src/index.js'
import { defineProvider, field, type OidcUserInfo, userInfoProfile } from './define.js'

// LINE's userinfo has no email: the address is a claim of the ID token alone, which the
// library verified at sign-in and keeps on the token as `claims`.
// https://developers.line.biz/en/docs/line-login/integrate-line-login/#get-profile-information-from-id-token
async function lineUser({ url, token, request }: UserInfoCall): Promise<Record<string, unknown>> {
  const { data } = await request<Record<string, unknown>>(url ?? 'https://api.line.me/oauth2/v2.1/userinfo')
  const email = field(field(token, 'claims'), 'email')
  return typeof email === 'string' && data.email === undefined ? { ...data, email } : data
}

/**
 * LINE Login v2.1, through OpenID Connect discovery at `https://access.line.me`. The client
 * (a LINE Login channel) authenticates in the body. ID tokens of web logins are signed HS256
 * with the channel secret (native apps' with ES256), so both are accepted. The userinfo answer
 * has no email: with the `email` scope (which LINE must approve for the channel) the address is
 * read from the ID token. Revocation (`/oauth2/v2.1/revoke`) takes `access_token=` rather than
 * RFC 7009's `token=`, so the preset has no `revokeUrl`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { line } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('line', line()) // reads LINE_CLIENT_ID and LINE_CLIENT_SECRET
 * ```
 * @see https://developers.line.biz/en/docs/line-login/integrate-line-login/
 * @see https://developers.line.biz/en/reference/line-login/
 */
export const line = defineProvider<Record<never, never>, OAuth2AppOptions<OidcUserInfo>>({
  name: 'line',
  info: {
    name: 'LINE',
    protocol: 'oidc',
    docsUrl: 'https://developers.line.biz/en/docs/line-login/integrate-line-login/',
    refresh: 'rotating',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    issuer: 'https://access.line.me',
    baseUrl: 'https://api.line.me/',
    tokenEndpointAuthMethod: 'client_secret_post',
    // https://developers.line.biz/en/docs/line-login/verify-id-token/
    idTokenAlgorithms: ['HS256', 'ES256'],
    scope: ['openid', 'profile', 'email'],
    userInfo: lineUser,
    profile: userInfoProfile('LINE'),
  }),
})
