import { synology } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const sso = 'https://nas.example.com:5001/webman/sso'

export default {
  protocol: 'oidc',
  id: 'synology',
  docs: [
    // SSO Server's OIDC service and its well-known URL.
    'https://kb.synology.com/en-global/DSM/help/SSOServer/sso_server_service?version=7',
    // The `.cgi` endpoints, https only.
    'https://global.download.synology.com/download/Document/Software/DeveloperGuide/Package/SSOServer/All/enu/Synology_SSO_API_Guide.pdf',
  ],
  options: synology({ ...creds('synology'), baseUrl: 'https://nas.example.com:5001' }),
  authorize: { url: `${sso}/SSOOauth.cgi`, params: { scope: 'openid email' }, pkce: 'S256' },
  oidc: {
    issuer: sso,
    authorize: `${sso}/SSOOauth.cgi`,
    token: `${sso}/SSOAccessToken.cgi`,
    userinfo: `${sso}/SSOUserInfo.cgi`,
  },
  token: {
    url: `${sso}/SSOAccessToken.cgi`,
    auth: 'basic',
    // An access token and its lifetime, no refresh token.
    answer: () => ({ access_token: 'synology-access-token', token_type: 'Bearer', expires_in: 3600 }),
  },
  userinfo: {
    url: `${sso}/SSOUserInfo.cgi`,
    answer: { sub: 'jdoe', email: 'jdoe@example.com', groups: ['administrators'] },
  },
  profile: { id: 'jdoe', name: null, username: null, email: 'jdoe@example.com', avatarUrl: null },
} satisfies OAuth2Row
