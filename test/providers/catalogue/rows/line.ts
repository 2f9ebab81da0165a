import { line } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'line',
  docs: [
    // The authorization request (scope, nonce, PKCE) and the token request in the body.
    'https://developers.line.biz/en/docs/line-login/integrate-line-login/',
    // "Issue access token", "Refresh access token" and "Get user information" with their samples.
    'https://developers.line.biz/en/reference/line-login/',
    // Web logins' ID tokens: HS256, keyed with the channel secret; the email only there.
    'https://developers.line.biz/en/docs/line-login/verify-id-token/',
  ],
  options: line(creds('line')),
  authorize: {
    url: 'https://access.line.me/oauth2/v2.1/authorize',
    params: { scope: 'openid profile email' },
    pkce: 'S256',
  },
  oidc: {
    issuer: 'https://access.line.me',
    authorize: 'https://access.line.me/oauth2/v2.1/authorize',
    token: 'https://api.line.me/oauth2/v2.1/token',
    userinfo: 'https://api.line.me/oauth2/v2.1/userinfo',
    jwks: 'https://api.line.me/oauth2/v2.1/certs',
    alg: 'HS256',
    // The ID token's payload sample: the profile claims and, with the email scope, the address.
    claims: {
      amr: ['pwd'],
      name: 'Taro Line',
      picture: 'https://sample_line.me/aBcdefg123456',
      email: 'taro.line@example.com',
    },
  },
  token: {
    url: 'https://api.line.me/oauth2/v2.1/token',
    auth: 'post',
    // The "Issue access token" response sample (the ID token is added by the runner).
    answer: () => ({
      access_token: 'bNl4YEFPI/hjFWhTqexp4MuEw5YPs...',
      expires_in: 2592000,
      refresh_token: 'Aa1FdeggRhTnPNNpxr8p',
      scope: 'profile openid email',
      token_type: 'Bearer',
    }),
  },
  userinfo: {
    url: 'https://api.line.me/oauth2/v2.1/userinfo',
    // The "Get user information" response sample: no email.
    answer: {
      sub: 'U1234567890abcdef1234567890abcdef',
      name: 'Taro Line',
      picture:
        'https://profile.line-scdn.net/0h8pWWElvzZ19qLk3ywQYYCFZraTIdAGEXEhx9ak56MDxDHiUIVEEsPBspMG1EGSEPAk4uP01t0m5G',
    },
  },
  profile: {
    id: 'U1234567890abcdef1234567890abcdef',
    name: 'Taro Line',
    username: null,
    email: 'taro.line@example.com',
    avatarUrl:
      'https://profile.line-scdn.net/0h8pWWElvzZ19qLk3ywQYYCFZraTIdAGEXEhx9ak56MDxDHiUIVEEsPBspMG1EGSEPAk4uP01t0m5G',
  },
  // "Refresh access token": grant_type, refresh_token, client_id and client_secret in the body.
  refresh: {
    url: 'https://api.line.me/oauth2/v2.1/token',
    auth: 'post',
    answer: () => ({
      token_type: 'Bearer',
      scope: 'profile openid email',
      access_token: 'bNl4YEFPI/hjFWhTqexp4MuEw...',
      expires_in: 2591977,
      refresh_token: '8iFFRdyxNVNLWYeteMMJ',
    }),
    holds: () => ({ access_token: 'bNl4YEFPI/hjFWhTqexp4MuEw...', refresh_token: '8iFFRdyxNVNLWYeteMMJ' }),
  },
} satisfies OAuth2Row
