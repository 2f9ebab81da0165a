import type { OAuth2AppOptions } from '../src/index.js'
import { at, defineProvider, profileFrom } from './define.js'

/**
 * Mercado Libre. The client authenticates in the body; scopes (`read`, `write`,
 * `offline_access` for refresh tokens) are chosen on the app, not asked for, so none is sent.
 * PKCE is optional until the app turns it on, then required: the S256 challenge is always sent.
 * Refresh tokens are single-use: store the newest. The authorize host is the generic
 * `auth.mercadolibre.com`; a country site's (`auth.mercadolibre.com.ar`,
 * `auth.mercadolivre.com.br`) is given as `authorizeUrl`. Mercado Libre has no revocation
 * endpoint, so the preset has no `revokeUrl`. The users API has no avatar.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { mercadolibre } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('mercadolibre', mercadolibre()) // reads MERCADOLIBRE_CLIENT_ID and MERCADOLIBRE_CLIENT_SECRET
 * ```
 * @see https://developers.mercadolibre.com.ar/en_us/authentication-and-authorization
 * @see https://developers.mercadolibre.com.ar/en_us/services-manage-users
 */
export const mercadolibre = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'mercadolibre',
  info: {
    name: 'Mercado Libre',
    protocol: 'oauth2',
    docsUrl: 'https://developers.mercadolibre.com.ar/en_us/authentication-and-authorization',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email'],
  },
  defaults: () => ({
    authorizeUrl: 'https://auth.mercadolibre.com/authorization',
    accessTokenUrl: 'https://api.mercadolibre.com/oauth/token',
    baseUrl: 'https://api.mercadolibre.com/',
    userInfoUrl: 'users/me',
    profile: profileFrom('Mercado Libre', {
      id: 'id',
      name: (raw) => [at(raw, 'first_name'), at(raw, 'last_name')].filter(Boolean).join(' ') || undefined,
      username: 'nickname',
      email: 'email',
    }),
  }),
})
