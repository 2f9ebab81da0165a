import { xero } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'xero',
  docs: [
    // The authorize URL, the code exchange with HTTP Basic, its answer, the refresh (a new
    // refresh token each time) and the revocation.
    'https://developer.xero.com/documentation/guides/oauth2/auth-flow/',
    // The scopes and the ID token's claims (xero_userid, given_name, family_name, email).
    'https://developer.xero.com/documentation/guides/oauth2/scopes/',
    'https://identity.xero.com/.well-known/openid-configuration',
  ],
  options: xero(creds('xero')),
  oidc: {
    issuer: 'https://identity.xero.com',
    authorize: 'https://login.xero.com/identity/connect/authorize',
    token: 'https://identity.xero.com/connect/token',
    userinfo: 'https://identity.xero.com/connect/userinfo',
    revocation: 'https://identity.xero.com/connect/revocation',
    jwks: 'https://identity.xero.com/.well-known/openid-configuration/jwks',
    claims: { xero_userid: '1945393b-6eb7-4143-b083-7ab26cd7690b', email: 'john.smith@gmail.com' },
  },
  authorize: {
    url: 'https://login.xero.com/identity/connect/authorize',
    params: { scope: 'openid profile email offline_access' },
    pkce: 'S256',
  },
  token: {
    url: 'https://identity.xero.com/connect/token',
    auth: 'basic',
    // The guide's token answer (the runner adds the signed id_token).
    answer: () => ({
      access_token:
        'eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2NzI2RkQwMjYxNTgxNTcwRUZDMTkiLCJ0eXAiOiJKV1QifQ',
      expires_in: 1800,
      token_type: 'Bearer',
      refresh_token: 'de9a6e6c0e1b4ffc8fdb6ff1e7b3f3d0a4d1b1b5a8a3c1e4f0e2d6c7b8a9f0e1',
      scope: 'openid profile email offline_access',
    }),
  },
  userinfo: {
    url: 'https://identity.xero.com/connect/userinfo',
    // The claims of the scopes openid, profile and email.
    answer: {
      sub: '6a1b3c5d7e9f4a2b8c0d1e3f5a7b9c1d',
      xero_userid: '1945393b-6eb7-4143-b083-7ab26cd7690b',
      preferred_username: 'john.smith@gmail.com',
      email: 'john.smith@gmail.com',
      given_name: 'John',
      family_name: 'Smith',
    },
  },
  profile: {
    id: '6a1b3c5d7e9f4a2b8c0d1e3f5a7b9c1d',
    name: 'John Smith',
    username: 'john.smith@gmail.com',
    email: 'john.smith@gmail.com',
    avatarUrl: null,
  },
  // "Refreshing access tokens": grant_type=refresh_token with HTTP Basic; the answer carries a
  // new refresh token, and the old one stops working.
  refresh: {
    url: 'https://identity.xero.com/connect/token',
    auth: 'basic',
    answer: () => ({
      access_token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2.refreshed',
      expires_in: 1800,
      token_type: 'Bearer',
      refresh_token: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
      scope: 'openid profile email offline_access',
    }),
    holds: () => ({
      access_token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2.refreshed',
      refresh_token: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
    }),
  },
  // "Revoking tokens": POST connect/revocation, the token in the body, HTTP Basic.
  revoke: {
    url: 'https://identity.xero.com/connect/revocation',
    auth: 'basic',
    form: {
      token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2NzI2RkQwMjYxNTgxNTcwRUZDMTkiLCJ0eXAiOiJKV1QifQ',
    },
  },
} satisfies OAuth2Row
