import { autodesk } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const BASE = 'https://developer.api.autodesk.com/authentication/v2'

export default {
  protocol: 'oidc',
  id: 'autodesk',
  docs: [
    'https://aps.autodesk.com/en/docs/oauth/v2/developers_guide/overview/',
    'https://aps.autodesk.com/en/docs/oauth/v2/reference/http/authorize-GET/',
    'https://aps.autodesk.com/en/docs/oauth/v2/reference/http/gettoken-POST/',
    'https://aps.autodesk.com/en/docs/oauth/v2/reference/http/revoke-POST/',
    'https://aps.autodesk.com/en/docs/profile/v1/reference/profile/oidcuserinfo/',
    'https://aps.autodesk.com/en/docs/oauth/v2/reference/http/getoidcspec-GET/',
  ],
  options: autodesk(creds('autodesk')),
  authorize: {
    url: `${BASE}/authorize`,
    params: { scope: 'openid user-profile:read' },
    pkce: 'S256',
  },
  // The OIDC specification the issuer publishes (the endpoints the references name).
  oidc: {
    issuer: 'https://developer.api.autodesk.com',
    authorize: `${BASE}/authorize`,
    token: `${BASE}/token`,
    userinfo: 'https://api.userprofile.autodesk.com/userinfo',
    revocation: `${BASE}/revoke`,
    jwks: `${BASE}/keys`,
  },
  token: {
    url: `${BASE}/token`,
    // "Authorization: Basic <BASE64_ENCODED_STRING_OF_CLIENT_ID:CLIENT_SECRET>"
    auth: 'basic',
    // The token reference's answer; the ID token is added by the row's issuer.
    answer: () => ({
      access_token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IlU3c0dGRldUTzlBekNhSzBqZURRM2dQZXBURVdWN2VhIn0.access',
      token_type: 'Bearer',
      expires_in: 3599,
      refresh_token: 'CtHlKYOGlPOPCVNfMQSnyIWeYyfiIZWG1AMs7czLxI',
    }),
  },
  userinfo: {
    url: 'https://api.userprofile.autodesk.com/userinfo',
    // The userinfo reference's example answer.
    answer: {
      sub: 'BKDHXTZ8CCJA',
      name: 'John Doe',
      given_name: 'John',
      family_name: 'Doe',
      preferred_username: 'johndoe',
      email: 'john.doe@example.com',
      email_verified: true,
      profile: 'https://profile.autodesk.com',
      picture: 'https://images.profile.autodesk.com/BKDHXTZ8CCJA/profilepictures/x120.jpg',
      locale: 'en-US',
      updated_at: 1651234567,
    },
  },
  profile: {
    id: 'BKDHXTZ8CCJA',
    name: 'John Doe',
    username: 'johndoe',
    email: 'john.doe@example.com',
    avatarUrl: 'https://images.profile.autodesk.com/BKDHXTZ8CCJA/profilepictures/x120.jpg',
  },
  // The same endpoint with grant_type=refresh_token and HTTP Basic; a refresh token is single
  // use, so the answer holds a new one.
  refresh: {
    url: `${BASE}/token`,
    auth: 'basic',
    answer: () => ({
      access_token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IlU3c0dGRldUTzlBekNhSzBqZURRM2dQZXBURVdWN2VhIn0.refreshed',
      token_type: 'Bearer',
      expires_in: 3599,
      refresh_token: 'GtN9Uxk7nW3cOA6Tq1fYh2zJbLs5RvPmDe8iKoXwQa',
    }),
    holds: () => ({
      access_token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IlU3c0dGRldUTzlBekNhSzBqZURRM2dQZXBURVdWN2VhIn0.refreshed',
      refresh_token: 'GtN9Uxk7nW3cOA6Tq1fYh2zJbLs5RvPmDe8iKoXwQa',
    }),
  },
  // The revoke reference: `token` (and an optional hint), the client by HTTP Basic.
  revoke: {
    url: `${BASE}/revoke`,
    auth: 'basic',
    form: { token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IlU3c0dGRldUTzlBekNhSzBqZURRM2dQZXBURVdWN2VhIn0.access' },
  },
} satisfies OAuth2Row
