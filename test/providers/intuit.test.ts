/**
 * The `intuit` preset, replayed as Intuit documents QuickBooks Online's sign-in: discovery at
 * `…/.well-known/openid_configuration`, a callback carrying `realmId`, HTTP Basic at the token
 * endpoint, an RS256 ID token, userinfo with Intuit's own claim names, and accounting API calls
 * under `v3/company/{realmId}/`.
 * https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0,
 * https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/openid-connect
 * Intuit's hosts are intercepted with an undici MockAgent given as `dispatcher`.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { OAuth } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { intuit } from 'oauth-consumer/providers'
import { MockAgent } from 'undici'
import { SECRET } from '../helpers/app.js'
import { answer, type Seen } from '../helpers/mock-agent.js'

const APP = 'https://app.example.com'
const ISSUER = 'https://oauth.platform.intuit.com/op/v1'
const REALM = '123146096291789'
const CLIENT_ID = 'ABq3Xpv5Lz0rJ2tDq9Xk'

test('intuit: a QuickBooks sign-in, its realmId kept, and API calls under the company', async (t) => {
  const agent = new MockAgent()
  agent.disableNetConnect()
  t.after(() => agent.close())
  const seen: Seen[] = []
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  let nonce = ''
  // Intuit's discovery document (production), as published.
  answer(agent, seen, 'GET', 'https://developer.api.intuit.com/.well-known/openid_configuration', () => ({
    issuer: ISSUER,
    authorization_endpoint: 'https://appcenter.intuit.com/connect/oauth2',
    token_endpoint: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    userinfo_endpoint: 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo',
    revocation_endpoint: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
    jwks_uri: 'https://oauth.platform.intuit.com/op/v1/jwks',
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile', 'address', 'phone'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
  }))
  const jwk = { ...(await exportJWK(publicKey)), kid: 'r4p5SbL2m-5tM1pA', alg: 'RS256', use: 'sig' }
  answer(agent, seen, 'GET', 'https://oauth.platform.intuit.com/op/v1/jwks', () => ({ keys: [jwk] }))
  const sub = '1182d6ec-2a1f-4aa3-af3f-bb3b95db45af'
  const idToken = () =>
    new SignJWT({ nonce, realmid: REALM })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
      .setIssuer(ISSUER)
      .setAudience(CLIENT_ID)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey)
  let token: Record<string, unknown> = {}
  answer(agent, seen, 'POST', 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer', () => token)
  answer(agent, seen, 'GET', 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo', () => ({
    sub,
    email: 'john@doe.com',
    emailVerified: true,
    givenName: 'John',
    familyName: 'Doe',
  }))
  answer(agent, seen, 'GET', `https://quickbooks.api.intuit.com/v3/company/${REALM}/companyinfo/${REALM}`, () => ({
    CompanyInfo: { CompanyName: 'Sandbox Company_US_1', Id: '1' },
  }))

  const oauth = new OAuth()
  const remote = oauth.remoteApp(
    'intuit',
    intuit({ clientId: CLIENT_ID, clientSecret: 'intuit-secret', dispatcher: agent }),
  )
  const app = Fastify()
  t.after(() => app.close())
  await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: APP })
  app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
  app.get(
    '/callback',
    remote.authorizedHandler(async (resp) => {
      assert.ok(resp !== null)
      const me = await remote.profile({ token: resp })
      const company = await remote.get<{ CompanyInfo: { CompanyName: string } }>(`companyinfo/${REALM}`, {
        token: resp,
      })
      return {
        me: { id: me.id, name: me.name, email: me.email },
        realm: resp.callbackParams?.realmId,
        company: company.data.CompanyInfo.CompanyName,
      }
    }),
  )

  const login = await app.inject('/login')
  const authorize = new URL(String(login.headers.location))
  assert.equal(authorize.origin + authorize.pathname, 'https://appcenter.intuit.com/connect/oauth2')
  assert.equal(authorize.searchParams.get('scope'), 'com.intuit.quickbooks.accounting openid profile email')
  assert.equal(authorize.searchParams.get('client_id'), CLIENT_ID)
  nonce = authorize.searchParams.get('nonce') ?? ''
  assert.ok(nonce)
  token = {
    token_type: 'bearer',
    expires_in: 3600,
    refresh_token: 'Q011511696397YkaZ2pFGxqW9AfXGusKu2BR5PUzmvmPvGfR7N',
    x_refresh_token_expires_in: 8726400,
    access_token: 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..KM1_Fezsm6BUSaqqfTedaA',
    id_token: await idToken(),
  }
  const state = authorize.searchParams.get('state') ?? ''
  const cookie = String(login.headers['set-cookie']).split(';')[0]
  const done = await app.inject({
    url: `/callback?code=AB11511696236F0ybqRdDyi0kxEGC3jW7EM7sUGY1cAfi9ssAC&state=${state}&realmId=${REALM}`,
    headers: { cookie },
  })
  assert.equal(done.statusCode, 200, done.body)
  assert.deepEqual(done.json(), {
    me: { id: sub, name: 'John Doe', email: 'john@doe.com' },
    realm: REALM,
    company: 'Sandbox Company_US_1',
  })
  const exchange = seen.find((r) => r.url === 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer')
  assert.equal(exchange?.headers.authorization, `Basic ${Buffer.from(`${CLIENT_ID}:intuit-secret`).toString('base64')}`)
  assert.equal(new URLSearchParams(exchange?.body).get('client_secret'), null)
})

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
