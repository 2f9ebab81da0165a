import { auth0 } from 'oauth-consumer/providers'
import { creds, janeDoe, type OAuth2Row, oidcClaims } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'auth0',
  docs: [
    'https://auth0.com/docs/api/authentication',
    'https://auth0.com/docs/get-started/apis/enable-api-authorization',
    'https://auth0.com/docs/secure/tokens/refresh-tokens/use-refresh-tokens',
    'https://auth0.com/docs/secure/tokens/refresh-tokens/revoke-refresh-tokens',
  ],
  options: auth0({ ...creds('auth0'), domain: 'dev-abc.us.auth0.com', audience: 'https://api.example.com' }),
  authorize: {
    url: 'https://dev-abc.us.auth0.com/authorize',
    params: { scope: 'openid profile email', audience: 'https://api.example.com' },
    pkce: 'S256',
  },
  oidc: {
    issuer: 'https://dev-abc.us.auth0.com/',
    authorize: 'https://dev-abc.us.auth0.com/authorize',
    token: 'https://dev-abc.us.auth0.com/oauth/token',
    userinfo: 'https://dev-abc.us.auth0.com/userinfo',
  },
  token: {
    url: 'https://dev-abc.us.auth0.com/oauth/token',
    auth: 'post',
    answer: () => ({ access_token: 'SlAV32hkKG', token_type: 'Bearer', expires_in: 3600, refresh_token: '8xLOxBtZp8' }),
  },
  userinfo: { url: 'https://dev-abc.us.auth0.com/userinfo', answer: oidcClaims },
  profile: janeDoe,
  // "Use refresh tokens": grant_type=refresh_token with client_id and client_secret at
  // /oauth/token; without rotation the answer has no refresh token and the old one stays.
  refresh: {
    url: 'https://dev-abc.us.auth0.com/oauth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'SlAV32hkKG.refreshed',
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid profile email',
    }),
    holds: () => ({ access_token: 'SlAV32hkKG.refreshed', refresh_token: '8xLOxBtZp8' }),
  },
  // "Revoke refresh tokens": POST /oauth/revoke with client_id, client_secret and the refresh
  // token; Auth0 revokes refresh tokens only.
  revoke: {
    url: 'https://dev-abc.us.auth0.com/oauth/revoke',
    auth: 'post',
    revokes: 'refresh_token',
    form: { token: '8xLOxBtZp8', token_type_hint: 'refresh_token' },
  },
} satisfies OAuth2Row
