/**
 * `refreshTokenUrl` and `refreshTokenParams`: providers that refresh elsewhere than at the token
 * endpoint (Figma's `POST /v1/oauth/refresh`,
 * https://developers.figma.com/docs/rest-api/authentication/#refreshing-oauth-tokens) or want
 * values of the grant again with the refresh (start.gg's `scope` and `redirect_uri`,
 * https://developer.start.gg/docs/oauth/oauth-overview). A loopback server stands for the
 * provider and answers every endpoint.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { OAuth } from 'oauth-consumer'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

let provider: MockServer

before(async () => {
  provider = await mockServer((req, body, res) => {
    const form = new URLSearchParams(body)
    const text = JSON.stringify({
      access_token: `at-from-${req.url}`,
      token_type: 'Bearer',
      expires_in: 3600,
      ...(form.get('grant_type') === 'refresh_token' ? {} : { refresh_token: 'rt-1' }),
    })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    res.end(text)
  })
})
after(() => provider.close())

function remote(options: Record<string, unknown> = {}) {
  return new OAuth().remoteApp('refresh', {
    clientId: 'id',
    clientSecret: 'secret',
    authorizeUrl: `${provider.url}/authorize`,
    accessTokenUrl: `${provider.url}/token`,
    accessTokenParams: { action: 'requesttoken' },
    ...options,
  })
}

test('refreshTokenUrl: refreshes go there, with the app’s token parameters; the old refresh token is kept', async () => {
  provider.requests.length = 0
  const token = await remote({ refreshTokenUrl: `${provider.url}/refresh` }).refreshToken('rt-0')
  assert.equal(token.access_token, 'at-from-/refresh')
  assert.equal(token.refresh_token, 'rt-0')
  assert.deepEqual(
    provider.requests.map((request) => [request.method, request.url]),
    [['POST', '/refresh']],
  )
  const form = new URLSearchParams(provider.requests[0]?.body)
  assert.equal(form.get('grant_type'), 'refresh_token')
  assert.equal(form.get('refresh_token'), 'rt-0')
  assert.equal(form.get('action'), 'requesttoken')
})

test('refreshTokenParams: sent with refreshes only, never replacing the grant’s own', async () => {
  provider.requests.length = 0
  const app = remote({
    refreshTokenParams: { scope: 'user.identity', redirect_uri: 'https://app.example.com/cb', grant_type: 'x' },
  })
  await app.refreshToken('rt-0')
  const form = new URLSearchParams(provider.requests[0]?.body)
  assert.equal(provider.requests[0]?.url, '/token')
  assert.equal(form.get('grant_type'), 'refresh_token')
  assert.equal(form.get('scope'), 'user.identity')
  assert.equal(form.get('redirect_uri'), 'https://app.example.com/cb')
})

test('refreshTokenUrl and refreshTokenParams are checked at registration', () => {
  assert.throws(() => remote({ refreshTokenUrl: 'http://refresh.example.com/refresh' }), {
    code: 'OAUTH_INVALID_OPTIONS',
    message: /"refreshTokenUrl"/,
  })
  assert.throws(() => remote({ refreshTokenParams: { scope: 1 } }), {
    code: 'OAUTH_INVALID_OPTIONS',
    message: /"refreshTokenParams.scope" must be a string/,
  })
  assert.throws(
    () =>
      new OAuth().remoteApp('one', {
        consumerKey: 'k',
        consumerSecret: 's',
        requestTokenUrl: `${provider.url}/rt`,
        accessTokenUrl: `${provider.url}/at`,
        authorizeUrl: `${provider.url}/authorize`,
        refreshTokenUrl: `${provider.url}/refresh`,
      }),
    { code: 'OAUTH_INVALID_OPTIONS', message: /"refreshTokenUrl" is for OAuth 2.0 apps/ },
  )
})
