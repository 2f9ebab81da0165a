import assert from 'node:assert/strict'
import { roblox } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const oauth = 'https://apis.roblox.com/oauth'

export default {
  protocol: 'oidc',
  id: 'roblox',
  docs: [
    // Every value below: the endpoints, the discovery document, the token and userinfo samples.
    'https://create.roblox.com/docs/cloud/reference/oauth2',
  ],
  options: roblox(creds('roblox')),
  authorize: { url: `${oauth}/v1/authorize`, params: { scope: 'openid profile' }, pkce: 'S256' },
  // The "Example Discovery Document Response".
  oidc: {
    issuer: `${oauth}/`,
    authorize: `${oauth}/v1/authorize`,
    token: `${oauth}/v1/token`,
    userinfo: `${oauth}/v1/userinfo`,
    revocation: `${oauth}/v1/token/revoke`,
    jwks: `${oauth}/v1/certs`,
  },
  token: {
    url: `${oauth}/v1/token`,
    // "HTTP Basic Authentication Scheme with an authorization header" (or the body).
    auth: 'basic',
    // "Example Obtain Token Response", with the scopes asked for.
    answer: () => ({
      access_token: 'eyjlflabtfl...4gxqYBG',
      refresh_token: 'Ujfstayclfdlbm...BGydlsnU',
      token_type: 'Bearer',
      expires_in: 899,
      scope: 'openid profile',
    }),
  },
  userinfo: {
    url: `${oauth}/v1/userinfo`,
    // "Example User with Profile Scope".
    answer: {
      sub: '1516563360',
      name: 'exampleuser',
      nickname: 'exampleuser',
      preferred_username: 'exampleuser',
      created_at: 1584682495,
      profile: 'https://www.roblox.com/users/1516563360/profile',
      picture: 'https://tr.rbxcdn.com/03dc2a9abe7b1aacaaf93ea46d5c0646/150/150/AvatarHeadshot/Png',
    },
  },
  profile: {
    id: '1516563360',
    name: 'exampleuser',
    username: 'exampleuser',
    email: null,
    avatarUrl: 'https://tr.rbxcdn.com/03dc2a9abe7b1aacaaf93ea46d5c0646/150/150/AvatarHeadshot/Png',
  },
  // "Obtain a set of tokens with a refresh token": a refresh token "can only be used once".
  refresh: {
    url: `${oauth}/v1/token`,
    auth: 'basic',
    answer: () => ({
      access_token: 'eyjlflabtfl...refreshed',
      refresh_token: 'Ujfstayclfdlbm...next',
      token_type: 'Bearer',
      expires_in: 899,
      scope: 'openid profile',
    }),
    holds: () => ({ access_token: 'eyjlflabtfl...refreshed', refresh_token: 'Ujfstayclfdlbm...next' }),
  },
  // "Revoke an authorization session using the provided refresh token", at the discovered
  // revocation endpoint (the preset sets no revokeUrl): `token` and the client's credentials.
  after: async (remote, token, { agent }) => {
    let body = ''
    let authorization: unknown
    agent
      .get('https://apis.roblox.com')
      .intercept({ method: 'POST', path: '/oauth/v1/token/revoke' })
      .reply((opts) => {
        body = typeof opts.body === 'string' ? opts.body : ''
        authorization = (opts.headers as Record<string, unknown>).authorization
        return { statusCode: 200, data: '' }
      })
    await remote.revokeToken(String(token.refresh_token), { tokenTypeHint: 'refresh_token' })
    const params = new URLSearchParams(body)
    assert.equal(params.get('token'), 'Ujfstayclfdlbm...BGydlsnU')
    assert.equal(authorization, `Basic ${Buffer.from('roblox-client:roblox-secret').toString('base64')}`)
  },
} satisfies OAuth2Row
