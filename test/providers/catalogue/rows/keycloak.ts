import { keycloak } from 'oauth-consumer/providers'
import { creds, janeDoe, type OAuth2Row, oidcClaims } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'keycloak',
  docs: [
    'https://www.keycloak.org/securing-apps/oidc-layers',
    'https://www.keycloak.org/docs/latest/server_admin/#_oidc-endpoints',
  ],
  options: keycloak({ ...creds('keycloak'), realmUrl: 'https://sso.example.com/realms/acme/' }),
  authorize: {
    url: 'https://sso.example.com/realms/acme/protocol/openid-connect/auth',
    params: { scope: 'openid profile email' },
    pkce: 'S256',
  },
  oidc: {
    issuer: 'https://sso.example.com/realms/acme',
    authorize: 'https://sso.example.com/realms/acme/protocol/openid-connect/auth',
    token: 'https://sso.example.com/realms/acme/protocol/openid-connect/token',
    userinfo: 'https://sso.example.com/realms/acme/protocol/openid-connect/userinfo',
  },
  token: {
    url: 'https://sso.example.com/realms/acme/protocol/openid-connect/token',
    auth: 'basic',
    answer: () => ({
      access_token: 'SlAV32hkKG',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: '8xLOxBtZp8',
      refresh_expires_in: 1800,
      'not-before-policy': 0,
      session_state: 'a2c1',
      scope: 'openid email profile',
    }),
  },
  userinfo: { url: 'https://sso.example.com/realms/acme/protocol/openid-connect/userinfo', answer: oidcClaims },
  profile: janeDoe,
  // The token endpoint's refresh_token grant, the client as for the code; Keycloak answers with a
  // refresh token, which the client keeps using.
  refresh: {
    url: 'https://sso.example.com/realms/acme/protocol/openid-connect/token',
    auth: 'basic',
    answer: () => ({
      access_token: 'SlAV32hkKG.refreshed',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: '8xLOxBtZp8.refreshed',
      refresh_expires_in: 1800,
      'not-before-policy': 0,
      session_state: 'a2c1',
      scope: 'openid email profile',
    }),
    holds: () => ({ access_token: 'SlAV32hkKG.refreshed', refresh_token: '8xLOxBtZp8.refreshed' }),
  },
  // The revocation endpoint (RFC 7009): token, the client by HTTP Basic.
  revoke: {
    url: 'https://sso.example.com/realms/acme/protocol/openid-connect/revoke',
    auth: 'basic',
    form: { token: 'SlAV32hkKG' },
  },
} satisfies OAuth2Row
