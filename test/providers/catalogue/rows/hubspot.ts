import { hubspot } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const ACCESS_TOKEN = 'CIrToaiiMhIHgAEAAAABAhixooQDIOSJCyjb'

export default {
  protocol: 'oauth2',
  id: 'hubspot',
  docs: [
    // The authorize URL (client_id, scope, redirect_uri, state) and the v3 token endpoint, every
    // parameter in the body.
    'https://developers.hubspot.com/docs/api-reference/auth-oauth-v3/guide',
    // The token metadata: GET /oauth/v1/access-tokens/{token} and its fields.
    'https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/get-oauth-token-metadata',
  ],
  options: hubspot(creds('hubspot')),
  authorize: { url: 'https://app.hubspot.com/oauth/authorize', params: { scope: 'oauth' }, pkce: 'S256' },
  token: {
    url: 'https://api.hubapi.com/oauth/v3/token',
    auth: 'post',
    // The guide's token answer: access tokens last 30 minutes.
    answer: () => ({
      token_type: 'bearer',
      refresh_token: '1e8fbfb1-8e96-4826-8b8d-c8af73715',
      access_token: ACCESS_TOKEN,
      expires_in: 1800,
    }),
  },
  userinfo: {
    url: `https://api.hubapi.com/oauth/v1/access-tokens/${ACCESS_TOKEN}`,
    // The metadata answer's documented fields.
    answer: {
      token: ACCESS_TOKEN,
      user: 'test@hubspot.com',
      hub_domain: 'demo.hubapi.com',
      scopes: ['oauth', 'crm.objects.contacts.read'],
      hub_id: 62515,
      app_id: 456789,
      expires_in: 1754,
      user_id: 123,
      token_type: 'access',
    },
  },
  profile: { id: '123', name: null, username: null, email: 'test@hubspot.com', avatarUrl: null },
  // "Refresh an access token": grant_type=refresh_token at the same endpoint, the client in the
  // body; the refresh token stays valid.
  refresh: {
    url: 'https://api.hubapi.com/oauth/v3/token',
    auth: 'post',
    answer: () => ({
      token_type: 'bearer',
      refresh_token: '1e8fbfb1-8e96-4826-8b8d-c8af73715',
      access_token: 'CN2zlYnmLBICAQIYgZXFLyCWp1Yoy_9GMhkAgddk-zDc',
      expires_in: 1800,
    }),
    holds: () => ({
      access_token: 'CN2zlYnmLBICAQIYgZXFLyCWp1Yoy_9GMhkAgddk-zDc',
      refresh_token: '1e8fbfb1-8e96-4826-8b8d-c8af73715',
    }),
  },
} satisfies OAuth2Row
