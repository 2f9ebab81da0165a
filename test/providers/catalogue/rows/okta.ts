import { okta } from 'oauth-consumer/providers'
import { creds, janeDoe, type OAuth2Row, oidcClaims } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'okta',
  docs: [
    'https://developer.okta.com/docs/reference/api/oidc/',
    'https://developer.okta.com/docs/guides/refresh-tokens/main/',
    'https://developer.okta.com/docs/guides/revoke-tokens/main/',
  ],
  options: okta({ ...creds('okta'), domain: 'dev-123.okta.com' }),
  authorize: {
    url: 'https://dev-123.okta.com/oauth2/default/v1/authorize',
    params: { scope: 'openid profile email' },
    pkce: 'S256',
  },
  oidc: {
    issuer: 'https://dev-123.okta.com/oauth2/default',
    authorize: 'https://dev-123.okta.com/oauth2/default/v1/authorize',
    token: 'https://dev-123.okta.com/oauth2/default/v1/token',
    userinfo: 'https://dev-123.okta.com/oauth2/default/v1/userinfo',
  },
  token: {
    url: 'https://dev-123.okta.com/oauth2/default/v1/token',
    auth: 'basic',
    answer: () => ({ access_token: 'SlAV32hkKG', token_type: 'Bearer', expires_in: 3600, refresh_token: '8xLOxBtZp8' }),
  },
  userinfo: { url: 'https://dev-123.okta.com/oauth2/default/v1/userinfo', answer: oidcClaims },
  profile: janeDoe,
  // "Use a refresh token": grant_type=refresh_token at /v1/token, the client by HTTP Basic; with
  // rotation on (Okta's default for new apps), the answer carries the next refresh token.
  refresh: {
    url: 'https://dev-123.okta.com/oauth2/default/v1/token',
    auth: 'basic',
    answer: () => ({
      access_token: 'SlAV32hkKG.refreshed',
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'openid profile email offline_access',
      refresh_token: '8xLOxBtZp8.next',
    }),
    holds: () => ({ access_token: 'SlAV32hkKG.refreshed', refresh_token: '8xLOxBtZp8.next' }),
  },
  // "Revoke an access token or a refresh token": POST /v1/revoke with token (and an optional
  // token_type_hint), the client as at the token endpoint.
  revoke: {
    url: 'https://dev-123.okta.com/oauth2/default/v1/revoke',
    auth: 'basic',
    form: { token: 'SlAV32hkKG' },
  },
} satisfies OAuth2Row
