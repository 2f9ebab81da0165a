import assert from 'node:assert/strict'
import { withings } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'withings',
  docs: [
    'https://developer.withings.com/developer-guide/v3/integration-guide/public-health-data-api/get-access/oauth-authorization-url/',
    'https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-getaccesstoken',
    'https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-refreshaccesstoken',
  ],
  options: withings({ ...creds('withings'), scope: ['user.metrics', 'user.activity'] }),
  authorize: {
    url: 'https://account.withings.com/oauth2_user/authorize2',
    // The docs' sample URL: scope=user.info,user.metrics,user.activity.
    params: { scope: 'user.metrics,user.activity' },
    absent: ['code_challenge', 'code_challenge_method'],
    pkce: false,
  },
  token: {
    url: 'https://wbsapi.withings.net/v2/oauth2',
    auth: 'post',
    form: { action: 'requesttoken' },
    answer: () => ({
      status: 0,
      body: {
        userid: '363',
        access_token: 'a075f8c14fb8df40b08ebc8508533dc332a6910a',
        refresh_token: 'f631236f02b991810feb774765b6ae8e6c6839ca',
        expires_in: 10800,
        scope: 'user.metrics,user.activity',
        csrf_token: 'PACnnxwHTaBQOzF7bQqwFUUotIuvtzSM',
        token_type: 'Bearer',
      },
    }),
    accessToken: 'a075f8c14fb8df40b08ebc8508533dc332a6910a',
  },
  profile: { id: '363', name: null, username: null, email: null, avatarUrl: null },
  tokenHolds: () => ({ refresh_token: 'f631236f02b991810feb774765b6ae8e6c6839ca', userid: '363' }),
  // "Refresh access token": the same endpoint and action=requesttoken with
  // grant_type=refresh_token; the wrapped answer's refresh token replaces the old one.
  refresh: {
    url: 'https://wbsapi.withings.net/v2/oauth2',
    auth: 'post',
    form: { action: 'requesttoken' },
    answer: () => ({
      status: 0,
      body: {
        userid: '363',
        access_token: 'b96c4e3e1bb0f8e0b13e9bd0c4f7d3a1a5f3e2d1',
        refresh_token: '0b1cf3a7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1',
        expires_in: 10800,
        scope: 'user.metrics,user.activity',
        token_type: 'Bearer',
      },
    }),
    holds: () => ({
      access_token: 'b96c4e3e1bb0f8e0b13e9bd0c4f7d3a1a5f3e2d1',
      refresh_token: '0b1cf3a7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1',
      userid: '363',
    }),
  },
  after: async (_remote, token) => {
    assert.equal(typeof token.expires_at, 'number')
  },
} satisfies OAuth2Row
