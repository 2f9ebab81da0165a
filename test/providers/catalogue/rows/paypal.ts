import { paypal } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'paypal',
  docs: [
    // The authorize URL's template, space-separated scopes with openid.
    'https://developer.paypal.com/docs/log-in-with-paypal/integrate/build-button',
    // The code and refresh exchanges at v1/oauth2/token with HTTP Basic, then userinfo.
    'https://developer.paypal.com/docs/log-in-with-paypal/integrate/',
    // The userinfo answer's fields (user_id, name, emails, payer_id, verified_account).
    'https://developer.paypal.com/docs/api/identity/v1/',
    'https://www.paypal.com/.well-known/openid-configuration',
  ],
  options: paypal(creds('paypal')),
  // PayPal's discovery document names the issuer and its key set (api.paypal.com/v1/oauth2/certs).
  oidc: {
    issuer: 'https://www.paypal.com',
    authorize: 'https://www.paypal.com/signin/authorize',
    token: 'https://api-m.paypal.com/v1/oauth2/token',
    jwks: 'https://api.paypal.com/v1/oauth2/certs',
  },
  authorize: {
    url: 'https://www.paypal.com/signin/authorize',
    params: { scope: 'openid profile email' },
    pkce: 'S256',
  },
  token: {
    url: 'https://api-m.paypal.com/v1/oauth2/token',
    auth: 'basic',
    // The token answer of PayPal's OpenID Connect sample (the runner adds the signed id_token).
    answer: () => ({
      access_token: 'ElAV32hkKGlMT4H86HJK94f54HKDLZdf',
      token_type: 'Bearer',
      refresh_token: 'ExLOxBtZp8JJHDHD9495HDHHDHFHFJHF',
      expires_in: 900,
    }),
  },
  userinfo: {
    url: 'https://api-m.paypal.com/v1/identity/oauth2/userinfo?schema=paypalv1.1',
    // The paypalv1.1 sample of the Identity API; its user_id is the ID token's subject.
    answer: {
      user_id: 'https://www.paypal.com/webapps/auth/identity/user/mWq6_1sU85v5EG9yHdPxJRrhGHrnMJ-1PQKtX6pcsmA',
      name: 'identity test',
      given_name: 'identity',
      family_name: 'test',
      payer_id: 'WDJJHEBZ4X2LY',
      address: {
        street_address: '1 Main St',
        locality: 'San Jose',
        region: 'CA',
        postal_code: '95131',
        country: 'US',
      },
      verified_account: 'true',
      emails: [{ value: 'user1@example.com', primary: true }],
    },
  },
  profile: {
    id: 'https://www.paypal.com/webapps/auth/identity/user/mWq6_1sU85v5EG9yHdPxJRrhGHrnMJ-1PQKtX6pcsmA',
    name: 'identity test',
    username: null,
    email: 'user1@example.com',
    avatarUrl: null,
  },
  // "Exchange refresh token for access token": the same endpoint and HTTP Basic; the answer
  // carries a new access token only, so the refresh token is kept.
  refresh: {
    url: 'https://api-m.paypal.com/v1/oauth2/token',
    auth: 'basic',
    answer: () => ({ access_token: 'A21AAF.refreshed', token_type: 'Bearer', expires_in: 900 }),
    holds: () => ({ access_token: 'A21AAF.refreshed', refresh_token: 'ExLOxBtZp8JJHDHD9495HDHHDHFHFJHF' }),
  },
} satisfies OAuth2Row
