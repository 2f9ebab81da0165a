import { polar } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'polar',
  docs: [
    'https://docs.polar.sh/integrate/oauth2/introduction',
    'https://docs.polar.sh/integrate/oauth2/connect',
    // The metadata and userinfo Polar serves: its issuer, endpoints and claims.
    'https://github.com/polarsource/polar/blob/main/server/polar/oauth2/metadata.py',
    'https://github.com/polarsource/polar/blob/main/server/polar/oauth2/userinfo.py',
  ],
  options: polar(creds('polar')),
  oidc: {
    issuer: 'https://polar.sh',
    // "Polar's OpenID Configuration is available at https://api.polar.sh/.well-known/openid-configuration"
    discovery: 'https://api.polar.sh/.well-known/openid-configuration',
    authorize: 'https://polar.sh/oauth2/authorize',
    token: 'https://api.polar.sh/v1/oauth2/token',
    userinfo: 'https://api.polar.sh/v1/oauth2/userinfo',
    revocation: 'https://api.polar.sh/v1/oauth2/revoke',
    jwks: 'https://api.polar.sh/.well-known/jwks.json',
  },
  authorize: { url: 'https://polar.sh/oauth2/authorize', params: { scope: 'openid profile email' }, pkce: 'S256' },
  token: {
    url: 'https://api.polar.sh/v1/oauth2/token',
    // The guide's cURL: client_id and client_secret in the form body.
    auth: 'post',
    answer: () => ({
      token_type: 'Bearer',
      access_token: 'polar_at_XXX',
      expires_in: 864000,
      refresh_token: 'polar_rt_XXX',
      scope: 'openid profile email',
    }),
  },
  userinfo: {
    url: 'https://api.polar.sh/v1/oauth2/userinfo',
    // sub; name (the username) with openid; email and email_verified with email.
    answer: {
      sub: '0a1b2c3d-4e5f-6789-abcd-ef0123456789',
      name: 'polaruser',
      email: 'user@example.com',
      email_verified: true,
    },
  },
  profile: {
    id: '0a1b2c3d-4e5f-6789-abcd-ef0123456789',
    name: 'polaruser',
    username: 'polaruser',
    email: 'user@example.com',
    avatarUrl: null,
  },
  // Each refresh issues a new refresh token and revokes the old one.
  refresh: {
    url: 'https://api.polar.sh/v1/oauth2/token',
    auth: 'post',
    answer: () => ({
      token_type: 'Bearer',
      access_token: 'polar_at_YYY',
      expires_in: 864000,
      refresh_token: 'polar_rt_YYY',
      scope: 'openid profile email',
    }),
    holds: () => ({ access_token: 'polar_at_YYY', refresh_token: 'polar_rt_YYY' }),
  },
  revoke: {
    url: 'https://api.polar.sh/v1/oauth2/revoke',
    auth: 'post',
    form: { token: 'polar_at_XXX' },
  },
} satisfies OAuth2Row
