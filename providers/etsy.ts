import { type OAuth2AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { defineProvider, field, profileFrom, text } from './define.js'

/**
 * Etsy (Open API v3). PKCE (S256) is required, so the preset pins it; the token request carries
 * the client id and no secret (a public client). Every API call needs `x-api-key`, which Etsy
 * now wants as `<keystring>:<shared secret>`: the preset sends the client id and, when the
 * secret is a string (given or from `ETSY_CLIENT_SECRET`), the secret. Access tokens start with
 * the user's numeric id. The profile takes two calls: `users/me` names the user, `users/{id}`
 * describes them (`email_r` for the email, which Etsy grants to some apps only). Refresh tokens
 * rotate: store the newest. No revocation endpoint.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { etsy } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('etsy', etsy()) // reads ETSY_CLIENT_ID (the keystring) and ETSY_CLIENT_SECRET (the shared secret)
 * ```
 * @see https://developers.etsy.com/documentation/essentials/authentication/
 * @see https://developers.etsy.com/documentation/essentials/requests/
 * @see https://developers.etsy.com/documentation/reference/#operation/getUser
 */
export const etsy = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'etsy',
  info: {
    name: 'Etsy',
    protocol: 'oauth2',
    docsUrl: 'https://developers.etsy.com/documentation/essentials/authentication/',
    refresh: 'rotating',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  fixed: { pkce: { value: true, alike: ['S256'], because: 'Etsy refuses sign-ins without PKCE (S256)' } },
  defaults: (_input, { clientId, clientSecret }) => ({
    authorizeUrl: 'https://www.etsy.com/oauth/connect',
    accessTokenUrl: 'https://api.etsy.com/v3/public/oauth/token',
    baseUrl: 'https://openapi.etsy.com/v3/application/',
    userInfoUrl: 'users/me',
    tokenEndpointAuthMethod: 'none',
    scope: ['shops_r', 'email_r'],
    ...(clientId === undefined
      ? {}
      : { headers: { 'x-api-key': clientSecret === undefined ? clientId : `${clientId}:${clientSecret}` } }),
    userInfo: async ({ url, request }) => {
      const id = text(field((await request<unknown>(url ?? 'users/me')).data, 'user_id'))
      if (id === undefined || !/^\d+$/.test(id)) {
        throw new OAuthInvalidResponseError(OAuthErrorCode.INVALID_RESPONSE, 'Etsy sent a user without an id')
      }
      return (await request<Record<string, unknown>>(`users/${id}`)).data
    },
    profile: profileFrom('Etsy', {
      id: 'user_id',
      name: (raw) => [text(raw.first_name), text(raw.last_name)].filter(Boolean).join(' ') || undefined,
      email: 'primary_email',
      avatarUrl: 'image_url_75x75',
    }),
  }),
})
