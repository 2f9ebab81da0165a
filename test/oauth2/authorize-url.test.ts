import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import { type AuthorizeOptions, OAuth, type RemoteAppOptions } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { SECRET } from '../helpers/app.js'

const base: RemoteAppOptions = {
  authorizeUrl: 'https://provider.example/authorize?prompt=consent',
  accessTokenUrl: 'https://provider.example/token',
  clientId: 'id',
  clientSecret: 'secret',
}

/** The authorize URL `authorize(reply, params)` redirects to, or the error it answers with. */
async function redirect(options: RemoteAppOptions, params: AuthorizeOptions = {}) {
  const oauth = new OAuth()
  const remote = oauth.remoteApp('app', options)
  const app = Fastify()
  await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: 'https://app.example' })
  app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/cb', ...params }))
  const res = await app.inject('/login')
  await app.close()
  return { status: res.statusCode, url: new URL(String(res.headers.location ?? 'about:blank')), body: res.body }
}

test('the authorize URL keeps its own query and carries every protocol parameter once', async () => {
  const { url } = await redirect(base)
  assert.equal(url.searchParams.get('prompt'), 'consent')
  for (const key of [
    'response_type',
    'client_id',
    'redirect_uri',
    'state',
    'code_challenge',
    'code_challenge_method',
  ]) {
    assert.equal(url.searchParams.getAll(key).length, 1, key)
  }
  assert.equal(url.searchParams.get('redirect_uri'), 'https://app.example/cb')
  assert.equal(url.searchParams.has('scope'), false)
})

test("Flask-OAuth's requestTokenParams: { scope } is the scope unless one is given otherwise", async () => {
  assert.equal(
    (await redirect({ ...base, requestTokenParams: { scope: 'email', display: 'popup' } })).url.searchParams.get(
      'scope',
    ),
    'email',
  )
  const both = await redirect({ ...base, scope: ['a', 'b'], requestTokenParams: { scope: 'email', display: 'popup' } })
  assert.equal(both.url.searchParams.get('scope'), 'a b')
  assert.equal(both.url.searchParams.get('display'), 'popup')
  const perCall = await redirect({ ...base, scope: 'a', scopeSeparator: ',' }, { scope: ['x', 'y'], login_hint: 'ann' })
  assert.equal(perCall.url.searchParams.get('scope'), 'x,y')
  assert.equal(perCall.url.searchParams.get('login_hint'), 'ann')
})

test('requestTokenParams cannot replace protocol parameters, and authorize() refuses to', async () => {
  const ignored = await redirect({ ...base, requestTokenParams: { state: 'fixed', client_id: 'other' } })
  assert.notEqual(ignored.url.searchParams.get('state'), 'fixed')
  assert.equal(ignored.url.searchParams.get('client_id'), 'id')
  const refused = await redirect(base, { state: 'fixed' })
  assert.equal(refused.status, 500)
  assert.deepEqual(JSON.parse(refused.body), {
    error: 'OAUTH_INVALID_ARGUMENT',
    message: 'authorize(): "state" is set by the library and cannot be given',
  })
})

test('pkce: false leaves the challenge out', async () => {
  const { url } = await redirect({ ...base, pkce: false })
  assert.equal(url.searchParams.has('code_challenge'), false)
  assert.equal(url.searchParams.has('code_challenge_method'), false)
})

test('spaces are written %20 and a literal + stays %2B, as Amazon Cognito reads them', async () => {
  // https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html: scopes
  // are separated by spaces; Cognito takes a `+` for part of a scope's name.
  const { url } = await redirect(
    { ...base, scope: ['profile', 'email', 'aws.cognito.signin.user.admin'] },
    { login_hint: 'a+b@example.com' },
  )
  assert.match(url.search, /[?&]scope=profile%20email%20aws\.cognito\.signin\.user\.admin(&|$)/)
  assert.match(url.search, /[?&]login_hint=a%2Bb%40example\.com(&|$)/)
  assert.doesNotMatch(url.search, /\+/)
  assert.equal(url.searchParams.get('login_hint'), 'a+b@example.com')
})
