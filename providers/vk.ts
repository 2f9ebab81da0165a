import { type OAuth2AppOptions, OAuthNoTokenError, type UserInfoObject } from '../src/index.js'
import { at, defineProvider, field, profileFrom, text } from './define.js'

/**
 * VK ID (OAuth 2.1; the legacy `oauth.vk.com` flow is deprecated). PKCE (S256) is required and
 * the client is public: the token request carries `client_id` and the code verifier, no secret.
 * The callback brings a `device_id` that VK ID wants with the code and with every refresh, with a
 * fresh random `state`; the preset sends both. Refresh tokens are single-use: store the newest.
 * The profile is a POST of `oauth2/user_info` with `client_id` and `access_token` in the form.
 * VK ID's revocation (`oauth2/revoke`) takes the token as `access_token`, not RFC 7009's
 * `token`, so the preset has no `revokeUrl`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { vk } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('vk', vk()) // reads VK_CLIENT_ID (VK_CLIENT_SECRET is not used)
 * ```
 * @see https://id.vk.com/about/business/go/docs/ru/vkid/latest/vk-id/connection/api-integration/api-description
 */
export const vk = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'vk',
  info: {
    name: 'VK ID',
    protocol: 'oauth2',
    docsUrl: 'https://id.vk.com/about/business/go/docs/ru/vkid/latest/vk-id/connection/api-integration/api-description',
    refresh: 'rotating',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  fixed: { pkce: { value: true, alike: ['S256'], because: 'VK ID refuses sign-ins without PKCE (S256)' } },
  defaults: (_input, { clientId }) => ({
    authorizeUrl: 'https://id.vk.com/authorize',
    accessTokenUrl: 'https://id.vk.com/oauth2/auth',
    baseUrl: 'https://id.vk.com/',
    userInfoUrl: 'oauth2/user_info',
    tokenEndpointAuthMethod: 'none',
    scope: ['vkid.personal_info', 'email'],
    // The callback's device_id goes with the code and every refresh, with a random state of at
    // least 32 characters (the callback's own state is not handed to this slot).
    callbackTokenRequest: ({ device_id }) =>
      device_id === undefined ? undefined : { params: { device_id, state: crypto.randomUUID().replaceAll('-', '') } },
    userInfo: async ({ url, token, request }): Promise<UserInfoObject> => {
      const accessToken = typeof token === 'string' ? token : text(field(token, 'access_token'))
      if (accessToken === undefined) throw new OAuthNoTokenError('vk: profile() needs the access token')
      const data = { client_id: clientId ?? '', access_token: accessToken }
      const { data: answer } = await request<unknown>(url ?? 'oauth2/user_info', { method: 'POST', data })
      const user = field(answer, 'user')
      return typeof user === 'object' && user !== null ? { ...user } : {}
    },
    profile: profileFrom('VK ID', {
      id: 'user_id',
      name: (raw) => [at(raw, 'first_name'), at(raw, 'last_name')].filter(Boolean).join(' ') || undefined,
      email: 'email',
      avatarUrl: 'avatar',
    }),
  }),
})
