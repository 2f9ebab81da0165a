import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * osu!. The client authenticates in the body; `identify` (which `GET /me` needs) is the
 * default scope, and scopes are space-separated. Every refresh answers with a new refresh
 * token: store the newest. osu! shares no email. Its revocation (`DELETE
 * /api/v2/oauth/tokens/current` with the token itself) is not RFC 7009, so the preset has no
 * `revokeUrl`. osu!'s docs do not mention PKCE; the S256 challenge is sent, as everywhere.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { osu } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('osu', osu({ scope: ['identify', 'public'] })) // reads OSU_CLIENT_ID and OSU_CLIENT_SECRET
 * ```
 * @see https://osu.ppy.sh/docs/#authorization-code-grant
 * @see https://osu.ppy.sh/docs/#get-own-data
 */
export const osu = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'osu',
  info: {
    name: 'osu!',
    protocol: 'oauth2',
    docsUrl: 'https://osu.ppy.sh/docs/#authentication',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://osu.ppy.sh/oauth/authorize',
    accessTokenUrl: 'https://osu.ppy.sh/oauth/token',
    baseUrl: 'https://osu.ppy.sh/api/v2/',
    userInfoUrl: 'me',
    scope: ['identify'],
    profile: profileFrom('osu!', { id: 'id', name: 'username', username: 'username', avatarUrl: 'avatar_url' }),
  }),
})
