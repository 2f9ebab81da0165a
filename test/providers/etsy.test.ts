/**
 * The `etsy` preset beyond the catalogue row: every API call carries `x-api-key`, which Etsy
 * wants as `<keystring>:<shared secret>` (the keystring alone when the app gives no string
 * secret), and the profile's second call is made only with the numeric id `users/me` names.
 * https://developers.etsy.com/documentation/essentials/requests/
 * https://github.com/etsy/open-api/discussions/1529
 * Etsy's host is intercepted with an undici MockAgent given as `dispatcher`.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { OAuth } from 'oauth-consumer'
import { etsy } from 'oauth-consumer/providers'
import { MockAgent } from 'undici'

test('etsy: x-api-key is the keystring and the shared secret, or the keystring alone', () => {
  assert.deepEqual(etsy({ clientId: 'keystring', clientSecret: 'shared' }).headers, { 'x-api-key': 'keystring:shared' })
  assert.deepEqual(etsy({ clientId: 'keystring', clientSecret: () => 'shared' }).headers, { 'x-api-key': 'keystring' })
  assert.deepEqual(etsy({ clientId: 'keystring', headers: { 'x-api-key': 'mine' } }).headers, { 'x-api-key': 'mine' })
})

test('etsy: PKCE is fixed', () => {
  assert.throws(() => etsy({ clientId: 'keystring', pkce: 'plain' }), {
    code: 'OAUTH_INVALID_OPTIONS',
    message: 'etsy(): "pkce" is fixed: Etsy refuses sign-ins without PKCE (S256)',
  })
})

for (const userId of ['../shops/1', null]) {
  test(`etsy: users/me naming ${JSON.stringify(userId)} is refused before a second call`, async (t) => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    t.after(() => agent.close())
    agent
      .get('https://openapi.etsy.com')
      .intercept({ method: 'GET', path: '/v3/application/users/me' })
      .reply(200, { user_id: userId, shop_id: 1 }, { headers: { 'content-type': 'application/json' } })
    const remote = new OAuth().remoteApp('etsy', etsy({ clientId: 'keystring', clientSecret: 's', dispatcher: agent }))
    await assert.rejects(remote.profile({ token: { access_token: '12345678.token' } }), {
      code: 'OAUTH_INVALID_RESPONSE',
      message: 'Etsy sent a user without an id',
    })
  })
}
