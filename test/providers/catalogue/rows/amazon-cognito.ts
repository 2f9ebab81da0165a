import { amazonCognito } from 'oauth-consumer/providers'
import { creds, janeDoe, type OAuth2Row, oidcClaims } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'amazonCognito',
  docs: [
    'https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html',
    'https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html',
    'https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html',
    'https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html',
  ],
  options: amazonCognito({
    ...creds('amazonCognito'),
    domain: 'acme.auth.eu-west-1.amazoncognito.com',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbC123',
  }),
  authorize: {
    url: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    params: { scope: 'openid profile email' },
    pkce: 'S256',
  },
  oidc: {
    issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
    authorize: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    token: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token',
    userinfo: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/userInfo',
  },
  token: {
    url: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token',
    auth: 'basic',
    answer: () => ({ access_token: 'SlAV32hkKG', token_type: 'Bearer', expires_in: 3600, refresh_token: '8xLOxBtZp8' }),
  },
  userinfo: {
    url: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/userInfo',
    answer: { ...oidcClaims, username: 'j.doe', email_verified: 'true' },
  },
  profile: janeDoe,
  // The token endpoint's refresh_token grant, HTTP Basic; without refresh token rotation the
  // answer has new access and ID tokens only, and the refresh token stays.
  refresh: {
    url: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token',
    auth: 'basic',
    answer: () => ({ access_token: 'SlAV32hkKG.refreshed', token_type: 'Bearer', expires_in: 3600 }),
    holds: () => ({ access_token: 'SlAV32hkKG.refreshed', refresh_token: '8xLOxBtZp8' }),
  },
  // The revocation endpoint takes refresh tokens: token, the client by HTTP Basic.
  revoke: {
    url: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/revoke',
    auth: 'basic',
    revokes: 'refresh_token',
    form: { token: '8xLOxBtZp8', token_type_hint: 'refresh_token' },
  },
} satisfies OAuth2Row
