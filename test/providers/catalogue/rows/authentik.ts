import { authentik } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const base = 'https://auth.example.com/application/o'

export default {
  protocol: 'oidc',
  id: 'authentik',
  docs: [
    // The endpoint table: shared authorize, token, userinfo and revoke; issuer and keys per slug.
    'https://docs.goauthentik.io/add-secure-apps/providers/oauth2/',
    // Scope mappings: `profile` (name, username, groups), `email`, `offline_access` for refresh.
    'https://docs.goauthentik.io/add-secure-apps/providers/oauth2/#default--special-scopes',
  ],
  options: authentik({ ...creds('authentik'), baseUrl: 'https://auth.example.com', slug: 'my-app' }),
  authorize: { url: `${base}/authorize/`, params: { scope: 'openid profile email' }, pkce: 'S256' },
  oidc: {
    issuer: `${base}/my-app/`,
    authorize: `${base}/authorize/`,
    token: `${base}/token/`,
    userinfo: `${base}/userinfo/`,
    revocation: `${base}/revoke/`,
    jwks: `${base}/my-app/jwks/`,
  },
  token: {
    url: `${base}/token/`,
    auth: 'basic',
    // RFC 6749 §5.1's answer, as authentik sends it (the ID token is added by the runner).
    answer: () => ({
      access_token: 'eyJhbGciOiJSUzI1NiJ9.authentik-access',
      token_type: 'Bearer',
      expires_in: 300,
      refresh_token: 'authentik-refresh-1',
      scope: 'openid profile email offline_access',
    }),
  },
  // The claims of the default `profile` and `email` scope mappings.
  userinfo: {
    url: `${base}/userinfo/`,
    answer: {
      sub: 'a7c5e3f1b2d4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70',
      name: 'Jane Doe',
      given_name: 'Jane Doe',
      preferred_username: 'jdoe',
      nickname: 'jdoe',
      groups: ['staff'],
      email: 'jane@example.com',
      email_verified: true,
    },
  },
  profile: {
    id: 'a7c5e3f1b2d4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70',
    name: 'Jane Doe',
    username: 'jdoe',
    email: 'jane@example.com',
    avatarUrl: null,
  },
  // The refresh token grant, with `offline_access`: a new refresh token each time.
  refresh: {
    url: `${base}/token/`,
    auth: 'basic',
    answer: () => ({
      access_token: 'eyJhbGciOiJSUzI1NiJ9.authentik-access-2',
      token_type: 'Bearer',
      expires_in: 300,
      refresh_token: 'authentik-refresh-2',
    }),
    holds: () => ({ access_token: 'eyJhbGciOiJSUzI1NiJ9.authentik-access-2', refresh_token: 'authentik-refresh-2' }),
  },
} satisfies OAuth2Row
