import { etsy } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'etsy',
  docs: [
    'https://developers.etsy.com/documentation/essentials/authentication/',
    'https://developers.etsy.com/documentation/essentials/requests/',
    'https://developers.etsy.com/documentation/reference/#operation/getMe',
    'https://developers.etsy.com/documentation/reference/#operation/getUser',
    'https://github.com/etsy/open-api/discussions/1529',
  ],
  options: etsy(creds('etsy')),
  // Step 1: a space-separated scope, state, and an S256 code challenge, all required.
  authorize: { url: 'https://www.etsy.com/oauth/connect', params: { scope: 'shops_r email_r' }, pkce: 'S256' },
  token: {
    // Step 2: grant_type, client_id, redirect_uri, code, code_verifier; no secret.
    url: 'https://api.etsy.com/v3/public/oauth/token',
    auth: 'none',
    // The guide's answer: the access and refresh tokens start with the user's numeric id.
    answer: () => ({
      access_token:
        '12345678.O1zLuwveeKjpIqCQFfmR-PaMMpBmagH6DljRAkK9qt05OtRKiANJOyZlMx3WQ_o2FdComQGuoiAWy3dxyGI4Ke_76PR',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token:
        '12345678.JNGIJtvLmwfDMhlYoOJl8aLR1BWottyHC6yhNcET-eC7RogSR5e1GTIXGrgrelWZalvh3YvvyLfKYYqvymd-u37Sjtx',
    }),
  },
  userinfo: {
    // getMe, then getUser; every call carries x-api-key "<keystring>:<shared secret>".
    url: 'https://openapi.etsy.com/v3/application/users/me',
    headers: { 'x-api-key': 'etsy-client:etsy-secret' },
    answer: { user_id: 12345678, shop_id: 23456789 },
    also: [
      {
        url: 'https://openapi.etsy.com/v3/application/users/12345678',
        headers: { 'x-api-key': 'etsy-client:etsy-secret' },
        answer: {
          user_id: 12345678,
          primary_email: 'seller@example.com',
          first_name: 'Jane',
          last_name: 'Doe',
          image_url_75x75: 'https://i.etsystatic.com/iusa/abc123/12345678/iusa_75x75.12345678_abcd.jpg',
        },
      },
    ],
  },
  profile: {
    id: '12345678',
    name: 'Jane Doe',
    username: null,
    email: 'seller@example.com',
    avatarUrl: 'https://i.etsystatic.com/iusa/abc123/12345678/iusa_75x75.12345678_abcd.jpg',
  },
  // "Requesting a Refresh OAuth Token": grant_type=refresh_token, client_id, refresh_token.
  refresh: {
    url: 'https://api.etsy.com/v3/public/oauth/token',
    auth: 'none',
    answer: () => ({
      access_token: '12345678.refreshed-access-token',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: '12345678.rotated-refresh-token',
    }),
    holds: () => ({ access_token: '12345678.refreshed-access-token', refresh_token: '12345678.rotated-refresh-token' }),
  },
} satisfies OAuth2Row
