import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Patreon (API v2). The client authenticates in the body; `identity` and `identity[email]` are
 * asked for, space-separated. The profile is the JSON:API `identity` resource, whose
 * attributes come only when listed in `fields[user]`: the preset asks for the ones sign-in
 * reads. Refresh tokens are single-use: store the newest. Patreon has no revocation endpoint,
 * so the preset has no `revokeUrl`. Patreon's docs do not mention PKCE; the S256 challenge is
 * sent, as everywhere.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { patreon } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('patreon', patreon()) // reads PATREON_CLIENT_ID and PATREON_CLIENT_SECRET
 * ```
 * @see https://docs.patreon.com/#oauth
 * @see https://docs.patreon.com/#get-api-oauth2-v2-identity
 */
export const patreon = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'patreon',
  info: {
    name: 'Patreon',
    protocol: 'oauth2',
    docsUrl: 'https://docs.patreon.com/#oauth',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://www.patreon.com/oauth2/authorize',
    accessTokenUrl: 'https://www.patreon.com/api/oauth2/token',
    baseUrl: 'https://www.patreon.com/api/oauth2/v2/',
    // "With APIv2, all properties must be individually requested."
    // https://docs.patreon.com/#apiv2-resource-endpoints
    userInfoUrl: 'identity?fields%5Buser%5D=email,full_name,image_url,vanity',
    scope: ['identity', 'identity[email]'],
    profile: profileFrom('Patreon', {
      id: 'data.id',
      name: 'data.attributes.full_name',
      username: 'data.attributes.vanity',
      email: 'data.attributes.email',
      avatarUrl: 'data.attributes.image_url',
    }),
  }),
})
