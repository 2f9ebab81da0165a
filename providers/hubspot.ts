import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, field, profileFrom, text } from './define.js'

/**
 * HubSpot (apps installed with OAuth). The client authenticates in the body of the v3 token
 * endpoint, which takes every parameter in the body. HubSpot has no userinfo endpoint: the
 * profile is the access token's metadata, `GET oauth/v1/access-tokens/{token}` (the token in
 * the path), which names the installing user (`user_id`, `user`: their e-mail) and the account
 * (`hub_id`). Access tokens last 30 minutes; the refresh token is reused. HubSpot's revocation
 * (`DELETE oauth/v1/refresh-tokens/{token}`) is not RFC 7009, so the preset has no `revokeUrl`.
 * HubSpot's token endpoints take `code_verifier`: the library's S256 challenge is sent.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { hubspot } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('hubspot', hubspot({ scope: ['oauth', 'crm.objects.contacts.read'] })) // reads HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET
 * ```
 * @see https://developers.hubspot.com/docs/api-reference/auth-oauth-v3/guide
 * @see https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/get-oauth-token-metadata
 */
export const hubspot = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'hubspot',
  info: {
    name: 'HubSpot',
    protocol: 'oauth2',
    docsUrl: 'https://developers.hubspot.com/docs/api-reference/auth-oauth-v3/guide',
    refresh: 'reused',
    profileFields: ['email'],
  },
  defaults: () => ({
    authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
    accessTokenUrl: 'https://api.hubapi.com/oauth/v3/token',
    baseUrl: 'https://api.hubapi.com/',
    tokenEndpointAuthMethod: 'client_secret_post',
    scope: ['oauth'],
    // The token's own metadata is the only "who am I": the token goes in the path.
    userInfo: async ({ token, request }) => {
      const accessToken = typeof token === 'string' ? token : text(field(token, 'access_token'))
      const { data } = await request<Record<string, unknown>>(
        `oauth/v1/access-tokens/${encodeURIComponent(accessToken ?? '')}`,
      )
      return data
    },
    profile: profileFrom('HubSpot', { id: 'user_id', email: 'user' }),
  }),
})
