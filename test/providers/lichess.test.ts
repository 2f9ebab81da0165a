/**
 * The `lichess` preset's profile beyond the catalogue row: the email is a second call
 * (`GET /api/account/email`, scope `email:read`), which Lichess refuses a token without that
 * scope; the profile then has no email rather than failing, while any other failure still fails.
 * https://lichess.org/api#tag/Account/operation/accountEmail
 * Lichess's host is intercepted with an undici MockAgent given as `dispatcher`.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { OAuth } from 'oauth-consumer'
import { lichess } from 'oauth-consumer/providers'
import { MockAgent } from 'undici'

const ACCOUNT = { id: 'bobby', username: 'Bobby', url: 'https://lichess.org/@/Bobby' }

function lichessWith(emailStatus: number, t: { after(fn: () => unknown): void }) {
  const agent = new MockAgent()
  agent.disableNetConnect()
  t.after(() => agent.close())
  const host = agent.get('https://lichess.org')
  const json = { headers: { 'content-type': 'application/json' } }
  host.intercept({ method: 'GET', path: '/api/account' }).reply(200, ACCOUNT, json).persist()
  host
    .intercept({ method: 'GET', path: '/api/account/email' })
    .reply(emailStatus, emailStatus === 200 ? { email: 'abathur@mail.org' } : { error: 'Missing scope' }, json)
    .persist()
  return new OAuth().remoteApp('lichess', lichess({ clientId: 'app.example.com', dispatcher: agent }))
}

for (const status of [401, 403]) {
  test(`lichess: a token refused the email (HTTP ${status}) signs in without one`, async (t) => {
    const me = await lichessWith(status, t).profile({ token: { access_token: 'lio_noEmailScope' } })
    assert.equal(me.id, 'bobby')
    assert.equal(me.username, 'Bobby')
    assert.equal(me.email, undefined)
  })
}

test('lichess: another failure of the email call fails the profile', async (t) => {
  await assert.rejects(lichessWith(500, t).profile({ token: { access_token: 'lio_token' } }), {
    code: 'OAUTH_HTTP_ERROR',
    message: 'GET /api/account/email answered HTTP 500: Missing scope',
  })
})

test('lichess: PKCE is fixed and the client is public, without a secret', () => {
  const options = lichess({ clientId: 'app.example.com' })
  assert.equal(options.tokenEndpointAuthMethod, 'none')
  assert.throws(() => lichess({ clientId: 'app.example.com', pkce: false }), {
    code: 'OAUTH_INVALID_OPTIONS',
    message: 'lichess(): "pkce" is fixed: Lichess refuses sign-ins without PKCE (S256)',
  })
  // No secret is needed to register it.
  const { clientSecret: _none, ...withoutSecret } = options
  assert.doesNotThrow(() => new OAuth().remoteApp('lichess', withoutSecret))
})
