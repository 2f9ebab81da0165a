/**
 * The `intuit` preset's settings (its QuickBooks sign-in, with the callback's `realmId` and API
 * calls under the company, is replayed by test/providers/catalogue/rows/intuit.ts): the sandbox,
 * and a `realmId` that is not a company id never reaches the API path.
 * https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { intuit } from 'oauth-consumer/providers'

const REALM = '123146096291789'

test('intuit: the sandbox, and a realmId that is not a company id never reaches the API path', () => {
  const sandbox = intuit({ clientId: 'c', clientSecret: 's', sandbox: true })
  assert.equal(sandbox.serverMetadataUrl, 'https://developer.api.intuit.com/.well-known/openid_sandbox_configuration')
  assert.equal(sandbox.baseUrl, 'https://sandbox-quickbooks.api.intuit.com/v3/')
  const base = intuit({ clientId: 'c', clientSecret: 's' }).baseUrlFromToken
  assert.ok(base)
  assert.equal(
    base({ access_token: 'a', callbackParams: { realmId: REALM } }),
    `https://quickbooks.api.intuit.com/v3/company/${REALM}/`,
  )
  for (const realmId of ['../../evil', '1/../2', '12?x=1', '']) {
    assert.equal(base({ access_token: 'a', callbackParams: { realmId } }), undefined, realmId)
  }
})
