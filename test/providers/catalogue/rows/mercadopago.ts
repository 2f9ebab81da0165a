import { mercadopago } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'mercadopago',
  docs: [
    'https://www.mercadopago.com.ar/developers/en/docs/security/oauth/creation',
    'https://www.mercadopago.com.ar/developers/en/docs/split-payments/integration-configuration/create-configuration',
    'https://www.mercadopago.com.ar/developers/en/reference/oauth/_oauth_token/post',
    // Mercado Pago's accounts are Mercado Libre's; its users API documents `users/me`.
    'https://developers.mercadolibre.com.ar/en_us/services-manage-users',
  ],
  options: mercadopago(creds('mercadopago')),
  // "…/authorization?client_id=<APP_ID>&response_type=code&platform_id=mp&redirect_uri=<REDIRECT_URI>"
  authorize: {
    url: 'https://auth.mercadopago.com/authorization',
    params: { platform_id: 'mp' },
    absent: ['scope'],
    pkce: 'S256',
  },
  token: {
    url: 'https://api.mercadopago.com/oauth/token',
    // "Content-Type: application/json", client_id and client_secret in the body.
    auth: 'post',
    format: 'json',
    // The reference's 200 answer.
    answer: () => ({
      access_token: 'APP_USR-4934588586838432-XXXXXXXX-241983636',
      token_type: 'bearer',
      expires_in: 15552000,
      scope: 'read write offline_access',
      user_id: 241983636,
      refresh_token: 'TG-XXXXXXXX-241983636',
      public_key: 'APP_USR-d0a26210-XXXXXXXX-479f0400869e',
      live_mode: true,
    }),
  },
  tokenHolds: () => ({ user_id: 241983636, public_key: 'APP_USR-d0a26210-XXXXXXXX-479f0400869e', live_mode: true }),
  userinfo: {
    url: 'https://api.mercadopago.com/users/me',
    answer: {
      id: 202593498,
      nickname: 'TETE2870021',
      first_name: 'Test',
      last_name: 'Test',
      country_id: 'AR',
      email: 'test_user_50698062@testuser.com',
      site_id: 'MLA',
    },
  },
  profile: {
    id: '202593498',
    name: 'Test Test',
    username: 'TETE2870021',
    email: 'test_user_50698062@testuser.com',
    avatarUrl: null,
  },
  // The same endpoint with grant_type=refresh_token, as JSON; a new refresh token each time.
  refresh: {
    url: 'https://api.mercadopago.com/oauth/token',
    auth: 'post',
    format: 'json',
    answer: () => ({
      access_token: 'APP_USR-4934588586838432-YYYYYYYY-241983636',
      token_type: 'bearer',
      expires_in: 15552000,
      scope: 'read write offline_access',
      user_id: 241983636,
      refresh_token: 'TG-YYYYYYYY-241983636',
      public_key: 'APP_USR-d0a26210-XXXXXXXX-479f0400869e',
      live_mode: true,
    }),
    holds: () => ({ refresh_token: 'TG-YYYYYYYY-241983636' }),
  },
} satisfies OAuth2Row
