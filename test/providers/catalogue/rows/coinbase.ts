import { coinbase } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'coinbase',
  docs: [
    'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/reference',
    'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/integrations',
    'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/access-and-refresh-tokens',
  ],
  options: coinbase(creds('coinbase')),
  authorize: {
    url: 'https://login.coinbase.com/oauth2/auth',
    // The guide's authorize URL joins scopes with `+`; offline_access asks for a refresh token.
    params: { scope: 'wallet:user:read wallet:user:email offline_access' },
    // "code_challenge_method: … S256 (recommended) or plain. Defaults to plain if not specified."
    pkce: 'S256',
  },
  token: {
    url: 'https://login.coinbase.com/oauth2/token',
    // grant_type, code, client_id, client_secret and redirect_uri, all required.
    auth: 'post',
    // The reference's token answer: access_token, token_type bearer, expires_in, refresh_token, scope.
    answer: () => ({
      access_token: '6915ab99857fec1e6f2f6c078583756d0c09d7207750baea28dfbc3f4b0f2400',
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: 'b1f4e6c2b8a2d3a5f7e9c1d3b5a7f9e1c3d5b7a9f1e3c5d7b9a1f3e5c7d9b1a3',
      scope: 'wallet:user:read wallet:user:email offline_access',
    }),
  },
  userinfo: {
    url: 'https://api.coinbase.com/v2/user',
    // "Show current user": the user, with its email under wallet:user:email.
    answer: {
      data: {
        id: '9da7a204-544e-5fd1-9a12-61176c5d4cd8',
        name: 'User One',
        username: 'user1',
        profile_location: null,
        profile_bio: null,
        profile_url: 'https://coinbase.com/user1',
        avatar_url:
          'https://images.coinbase.com/avatar?h=vR%2FY8igBoPwuwGren5JMwvDNGpURAY%2F0nRIOgH%2FY2Qh%2BQ6nomR3qusA%2Bh6o2%0Af9rH&s=128',
        resource: 'user',
        resource_path: '/v2/user',
        email: 'user1@example.com',
      },
    },
  },
  profile: {
    id: '9da7a204-544e-5fd1-9a12-61176c5d4cd8',
    name: 'User One',
    username: 'user1',
    email: 'user1@example.com',
    avatarUrl:
      'https://images.coinbase.com/avatar?h=vR%2FY8igBoPwuwGren5JMwvDNGpURAY%2F0nRIOgH%2FY2Qh%2BQ6nomR3qusA%2Bh6o2%0Af9rH&s=128',
  },
  // "Refreshing Access & Refresh Tokens": grant_type=refresh_token with client_id, client_secret
  // and refresh_token; a refresh token "can only be exchanged once", so the answer holds a new one.
  refresh: {
    url: 'https://login.coinbase.com/oauth2/token',
    auth: 'post',
    answer: () => ({
      access_token: 'a2c4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4',
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f',
      scope: 'all',
    }),
    holds: () => ({
      access_token: 'a2c4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4',
      refresh_token: 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f',
    }),
  },
} satisfies OAuth2Row
