import { mercadolibre } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'mercadolibre',
  docs: [
    'https://developers.mercadolibre.com.ar/en_us/authentication-and-authorization',
    'https://developers.mercadolibre.com.ar/devsite/authorization-and-token-best-practices',
    'https://developers.mercadolibre.com.ar/en_us/services-manage-users',
  ],
  options: mercadolibre(creds('mercadolibre')),
  // Scopes are set on the app: the authorize URL carries none.
  authorize: { url: 'https://auth.mercadolibre.com/authorization', absent: ['scope'], pkce: 'S256' },
  token: {
    url: 'https://api.mercadolibre.com/oauth/token',
    // "send the parameters in the body": grant_type, client_id, client_secret, code, redirect_uri.
    auth: 'post',
    // The access token answer of "Authentication and Authorization".
    answer: () => ({
      access_token: 'APP_USR-123456-090515-8cc4448aac10d5105474e1351-1234567',
      token_type: 'bearer',
      expires_in: 21600,
      scope: 'offline_access read write',
      user_id: 1234567,
      refresh_token: 'TG-5b9032b4e23464aed1f959f-1234567',
    }),
  },
  userinfo: {
    url: 'https://api.mercadolibre.com/users/me',
    // "Get my personal data", the sign-in's fields of its sample.
    answer: {
      id: 202593498,
      nickname: 'TETE2870021',
      registration_date: '2016-01-06T11:31:42.000-04:00',
      first_name: 'Test',
      last_name: 'Test',
      country_id: 'AR',
      email: 'test_user_50698062@testuser.com',
      user_type: 'real_estate_agency',
      logo: null,
      points: 100,
      site_id: 'MLA',
      permalink: 'http://perfil.mercadolibre.com.ar/TETE2870021',
    },
  },
  profile: {
    id: '202593498',
    name: 'Test Test',
    username: 'TETE2870021',
    email: 'test_user_50698062@testuser.com',
    avatarUrl: null,
  },
  // "Refresh token": the same endpoint and body credentials; the refresh token is single-use.
  refresh: {
    url: 'https://api.mercadolibre.com/oauth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'APP_USR-123456-090515-8cc4448aac10d5105474e1351-1234567.next',
      token_type: 'bearer',
      expires_in: 21600,
      scope: 'offline_access read write',
      user_id: 1234567,
      refresh_token: 'TG-5b9032b4e23464aed1f959f-1234567.next',
    }),
    holds: () => ({ refresh_token: 'TG-5b9032b4e23464aed1f959f-1234567.next' }),
  },
} satisfies OAuth2Row
