import { google } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'google',
  docs: [
    'https://developers.google.com/identity/openid-connect/openid-connect',
    'https://developers.google.com/identity/protocols/oauth2/web-server#offline',
    'https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code',
    'https://accounts.google.com/.well-known/openid-configuration',
  ],
  // Offline access: the one way Google hands out a refresh token.
  options: google({ ...creds('google'), offline: true }),
  authorize: {
    url: 'https://accounts.google.com/o/oauth2/v2/auth',
    params: { scope: 'openid email profile', access_type: 'offline', prompt: 'consent' },
    pkce: 'S256',
  },
  oidc: {
    issuer: 'https://accounts.google.com',
    authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
    token: 'https://oauth2.googleapis.com/token',
    userinfo: 'https://openidconnect.googleapis.com/v1/userinfo',
    jwks: 'https://www.googleapis.com/oauth2/v3/certs',
    // "The value of iss in the ID token is equal to accounts.google.com or https://accounts.google.com."
    idTokenIssuer: 'accounts.google.com',
    // The ID token sample's other claims (its at_hash, of another access token, left out).
    claims: {
      azp: 'google-client',
      hd: 'example.com',
      email: 'jsmith@example.com',
      email_verified: true,
    },
  },
  token: {
    url: 'https://oauth2.googleapis.com/token',
    auth: 'post',
    answer: () => ({
      access_token: 'ya29.a0AfH6SMBx-google-access',
      expires_in: 3599,
      token_type: 'Bearer',
      scope: 'openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile',
      refresh_token: '1//04dX-google-refresh',
    }),
  },
  // The claims Google's userinfo answers with (no username).
  userinfo: {
    url: 'https://openidconnect.googleapis.com/v1/userinfo',
    answer: {
      sub: '10769150350006150715113082367',
      name: 'Jane Smith',
      given_name: 'Jane',
      family_name: 'Smith',
      picture: 'https://lh3.googleusercontent.com/a/photo.jpg',
      email: 'jsmith@example.com',
      email_verified: true,
      hd: 'example.com',
    },
  },
  profile: {
    id: '10769150350006150715113082367',
    name: 'Jane Smith',
    username: null,
    email: 'jsmith@example.com',
    avatarUrl: 'https://lh3.googleusercontent.com/a/photo.jpg',
  },
  // "Refreshing an access token (offline access)": client_id, client_secret, refresh_token and
  // grant_type at the token endpoint; the answer has no refresh token, the one held staying.
  refresh: {
    url: 'https://oauth2.googleapis.com/token',
    auth: 'post',
    answer: () => ({
      access_token: 'ya29.a0AfH6SMBx-google-refreshed',
      expires_in: 3599,
      scope: 'openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile',
      token_type: 'Bearer',
    }),
    holds: () => ({ access_token: 'ya29.a0AfH6SMBx-google-refreshed', refresh_token: '1//04dX-google-refresh' }),
  },
} satisfies OAuth2Row
