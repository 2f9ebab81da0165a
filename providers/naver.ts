import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Naver (네이버 로그인). The client authenticates in the body; the items shared (email, name,
 * picture…) are chosen on the app, so no scope is sent. Naver's token answers carry
 * `expires_in` as a string and errors with HTTP 200, both of which the library reads; refresh
 * answers carry no new refresh token, so the old one is kept. The profile is enveloped:
 * `{ resultcode, message, response: {…} }`, and its `id` is per application. Naver's token
 * deletion (`grant_type=delete` on the token endpoint) is not RFC 7009, so the preset has no
 * `revokeUrl`. Naver's docs do not mention PKCE; the S256 challenge is sent, as everywhere.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { naver } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('naver', naver()) // reads NAVER_CLIENT_ID and NAVER_CLIENT_SECRET
 * ```
 * @see https://developers.naver.com/docs/login/api/api.md
 * @see https://developers.naver.com/docs/login/profile/profile.md
 */
export const naver = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'naver',
  info: {
    name: 'Naver',
    protocol: 'oauth2',
    docsUrl: 'https://developers.naver.com/docs/login/api/api.md',
    refresh: 'reused',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://nid.naver.com/oauth2.0/authorize',
    accessTokenUrl: 'https://nid.naver.com/oauth2.0/token',
    baseUrl: 'https://openapi.naver.com/',
    userInfoUrl: 'v1/nid/me',
    profile: profileFrom('Naver', {
      id: 'response.id',
      name: ['response.name', 'response.nickname'],
      username: 'response.nickname',
      email: 'response.email',
      avatarUrl: 'response.profile_image',
    }),
  }),
})
