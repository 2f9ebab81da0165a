import type { OAuth2AppOptions } from '../src/index.js'
import { at, defineProvider, profileFrom } from './define.js'

/**
 * Mercado Pago, which connects a seller's account to the app. The authorize URL carries
 * `platform_id=mp`; the token request is a JSON body with the client in it, as Mercado Pago's
 * reference shows, and its answer adds the seller's `user_id`, `public_key` and `live_mode`,
 * kept on the token. Scopes (`read`, `write`, `offline_access`) are chosen on the app, so none
 * is sent; PKCE is optional until the app turns it on: the S256 challenge is always sent.
 * Refresh tokens are single-use: store the newest. The authorize host is the generic
 * `auth.mercadopago.com`; a country's (`auth.mercadopago.com.ar`) is given as `authorizeUrl`.
 * Mercado Pago has no revocation endpoint, so the preset has no `revokeUrl`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { mercadopago } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('mercadopago', mercadopago()) // reads MERCADOPAGO_CLIENT_ID and MERCADOPAGO_CLIENT_SECRET
 * ```
 * @see https://www.mercadopago.com.ar/developers/en/docs/security/oauth/creation
 * @see https://www.mercadopago.com.ar/developers/en/reference/oauth/_oauth_token/post
 */
export const mercadopago = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'mercadopago',
  info: {
    name: 'Mercado Pago',
    protocol: 'oauth2',
    docsUrl: 'https://www.mercadopago.com.ar/developers/en/docs/security/oauth/creation',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email'],
  },
  defaults: () => ({
    authorizeUrl: 'https://auth.mercadopago.com/authorization',
    accessTokenUrl: 'https://api.mercadopago.com/oauth/token',
    baseUrl: 'https://api.mercadopago.com/',
    // Mercado Pago's accounts are Mercado Libre's: the same `users/me`, on Mercado Pago's host.
    userInfoUrl: 'users/me',
    requestTokenParams: { platform_id: 'mp' },
    // "Content-Type: application/json", the client id and secret in the body.
    // https://www.mercadopago.com.ar/developers/en/reference/oauth/_oauth_token/post
    tokenRequest: { format: 'json' },
    profile: profileFrom('Mercado Pago', {
      id: 'id',
      name: (raw) => [at(raw, 'first_name'), at(raw, 'last_name')].filter(Boolean).join(' ') || undefined,
      username: 'nickname',
      email: 'email',
    }),
  }),
})
