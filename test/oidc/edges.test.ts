import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import Fastify from 'fastify'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { OAuth, OAuthError } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { issuerMatches } from '../../src/oidc/provider.js'
import { SECRET } from '../helpers/app.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * Edges of OpenID Connect that the real provider does not produce: providers that drop the
 * nonce, refresh answers without an ID token, key sets without key ids, templated issuers.
 */
let server: MockServer
let issuer: string
let idTokenFor: (claims: Record<string, unknown>) => Promise<string>
/** What /token answers next. */
let nextToken: Record<string, unknown> = {}

before(async () => {
  const first = await generateKeyPair('RS256', { extractable: true })
  const second = await generateKeyPair('RS256', { extractable: true })
  // Two keys and no key ids: a verifier must try each.
  const keys = [
    { ...(await exportJWK(first.publicKey)), alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(second.publicKey)), alg: 'RS256', use: 'sig' },
  ]
  server = await mockServer((req, _body, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const send = (value: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(value))
    }
    if (path === '/.well-known/openid-configuration') {
      return send({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        id_token_signing_alg_values_supported: ['RS256'],
      })
    }
    if (path === '/jwks') return send({ keys })
    if (path === '/token') return send(nextToken)
    res.writeHead(404)
    res.end()
  })
  issuer = server.url
  idTokenFor = (claims) =>
    new SignJWT({ sub: 'ann', ...claims })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(issuer)
      .setAudience('client')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(second.privateKey)
})

after(() => server.close())

function app(options: { nonce?: boolean } = {}) {
  return new OAuth().remoteApp(
    'edge',
    { issuer, clientId: 'client', clientSecret: 'secret', scope: 'openid', ...options },
    { register: false },
  )
}

test('nonce: false sends no nonce, yet an openid login still needs an ID token', async () => {
  const oauth = new OAuth()
  const remote = oauth.remoteApp('edge', {
    issuer,
    clientId: 'client',
    clientSecret: 'secret',
    scope: 'openid',
    nonce: false,
  })
  const fastify = Fastify()
  await fastify.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: 'https://app.example' })
  fastify.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/cb' }))
  const res = await fastify.inject('/login')
  await fastify.close()
  assert.equal(new URL(String(res.headers.location)).searchParams.has('nonce'), false)

  nextToken = { access_token: 'at', token_type: 'Bearer' }
  await assert.rejects(remote.exchangeCode('code', { nonce: '' }), (error: unknown) => {
    assert.ok(error instanceof OAuthError)
    assert.equal(error.code, 'OAUTH_ID_TOKEN_INVALID')
    assert.equal(error.data?.reason, 'missing')
    return true
  })
  nextToken = { access_token: 'at', token_type: 'Bearer', id_token: await idTokenFor({}) }
  const token = await remote.exchangeCode('code', { nonce: '' })
  assert.equal(token.claims?.sub, 'ann')
})

test('a key set without key ids: each matching key is tried', async () => {
  nextToken = { access_token: 'at', token_type: 'Bearer', id_token: await idTokenFor({ nonce: 'n' }) }
  const token = await app().exchangeCode('code', { nonce: 'n' })
  assert.equal(token.claims?.sub, 'ann')
})

test('a refresh answer without an ID token keeps the ID token and claims it replaces', async () => {
  const remote = app()
  nextToken = { access_token: 'at', token_type: 'Bearer', id_token: await idTokenFor({ nonce: 'n' }) }
  const first = await remote.exchangeCode('code', { nonce: 'n' })
  nextToken = { access_token: 'at2', token_type: 'Bearer' }
  const refreshed = await remote.refreshToken('rt', { claims: first.claims, idToken: first.id_token })
  assert.equal(refreshed.access_token, 'at2')
  assert.equal(refreshed.id_token, first.id_token)
  assert.deepEqual(refreshed.claims, first.claims)
  assert.equal(refreshed.refresh_token, 'rt')
})

test('a templated issuer matches one path segment in its place, nothing else', () => {
  const template = 'https://login.microsoftonline.com/{tenantid}/v2.0'
  assert.equal(issuerMatches(template, 'https://login.microsoftonline.com/72f988bf-86f1/v2.0'), true)
  assert.equal(issuerMatches(template, 'https://login.microsoftonline.com/a/b/v2.0'), false)
  assert.equal(issuerMatches(template, 'https://evil.example/x/v2.0'), false)
  assert.equal(issuerMatches(template, 'https://login.microsoftonline.com//v2.0'), false)
  assert.equal(issuerMatches('https://id.example', 'https://id.example'), true)
  assert.equal(issuerMatches('https://id.example', 'https://id.example/'), false)
  assert.equal(issuerMatches('https://id.example', undefined), false)
})
