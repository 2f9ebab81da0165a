import { battlenet } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const host = 'https://oauth.battle.net'

export default {
  protocol: 'oidc',
  id: 'battlenet',
  docs: [
    // The hosts, the authorization code flow with the client's credentials by HTTP Basic.
    'https://develop.battle.net/documentation/guides/using-oauth',
    'https://develop.battle.net/documentation/guides/using-oauth/authorization-code-flow',
    // The userinfo answer: `sub`, `id`, `battletag`.
    'https://develop.battle.net/documentation/battle-net/oauth-apis',
  ],
  options: battlenet({ ...creds('battlenet'), scope: ['openid', 'wow.profile'] }),
  authorize: { url: `${host}/authorize`, params: { scope: 'openid wow.profile' }, pkce: 'S256' },
  oidc: {
    issuer: host,
    authorize: `${host}/authorize`,
    token: `${host}/token`,
    userinfo: `${host}/userinfo`,
    jwks: `${host}/jwks/certs`,
    // The ID token's own name for the BattleTag.
    claims: { battle_tag: 'Player#1234' },
  },
  token: {
    url: `${host}/token`,
    auth: 'basic',
    // An access token for 24 hours; Blizzard issues no refresh token.
    answer: () => ({
      access_token: 'USVb1nGO9kwQlhNRRnI4iWVy2UV5j7M6h7',
      token_type: 'bearer',
      expires_in: 86399,
      scope: 'openid wow.profile',
      sub: '123456789',
    }),
  },
  userinfo: {
    url: `${host}/userinfo`,
    answer: { sub: '123456789', id: 123456789, battletag: 'Player#1234' },
  },
  profile: { id: '123456789', name: 'Player#1234', username: 'Player#1234', email: null, avatarUrl: null },
} satisfies OAuth2Row
