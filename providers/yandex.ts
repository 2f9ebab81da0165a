import type { OAuth2AppOptions } from '../src/index.js'
import { at, defineProvider, profileFrom } from './define.js'

/**
 * Yandex ID. The client authenticates with HTTP Basic (Yandex also takes the body); the profile
 * is `login.yandex.ru/info`, which Yandex documents with its own `Authorization: OAuth <token>`
 * scheme, so API calls carry that. Avatars are ids, built into
 * `https://avatars.yandex.net/get-yapic/{default_avatar_id}/islands-200`. Refresh tokens are
 * replaced on every refresh. Yandex's revocation (`/revoke_token`, the token as `access_token`)
 * is not RFC 7009, so the preset has no `revokeUrl`. Scopes are chosen on the app; the preset
 * asks for `login:info login:email login:avatar`, which must be among them.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { yandex } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('yandex', yandex()) // reads YANDEX_CLIENT_ID and YANDEX_CLIENT_SECRET
 * ```
 * @see https://yandex.com/dev/id/doc/en/codes/code-url
 * @see https://yandex.com/dev/id/doc/en/user-information
 */
export const yandex = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'yandex',
  info: {
    name: 'Yandex ID',
    protocol: 'oauth2',
    docsUrl: 'https://yandex.com/dev/id/doc/en/codes/code-url',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://oauth.yandex.com/authorize',
    accessTokenUrl: 'https://oauth.yandex.com/token',
    baseUrl: 'https://login.yandex.ru/',
    userInfoUrl: 'info?format=json',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['login:info', 'login:email', 'login:avatar'],
    // "Authorization: OAuth <OAuth token>" https://yandex.com/dev/id/doc/en/user-information
    tokenHeader: { name: 'Authorization', scheme: 'OAuth' },
    profile: profileFrom('Yandex', {
      id: 'id',
      name: ['display_name', 'real_name', 'login'],
      username: 'login',
      email: 'default_email',
      // https://yandex.com/dev/id/doc/en/user-information#avatar-access
      avatarUrl: (raw) => {
        const avatar = at(raw, 'default_avatar_id')
        return avatar === undefined || raw.is_avatar_empty === true
          ? undefined
          : `https://avatars.yandex.net/get-yapic/${encodeURIComponent(avatar)}/islands-200`
      },
    }),
  }),
})
