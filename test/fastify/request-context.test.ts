import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { OAuth, type OAuth2Token, OAuthError, type RemoteApp } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * How routes find the signed-in user: bound implicitly by the plugin (the default), or handed
 * to each call with `{ request }` when the app turns the binding off (`requestContext: false`),
 * which on Node 20 spares every request the AsyncLocalStorage's cost.
 */
let provider: MockServer

before(async () => {
  provider = await mockServer((req, body, res) => {
    res.setHeader('content-type', 'application/json')
    if (req.url === '/token') {
      const form = new URLSearchParams(body)
      res.end(JSON.stringify({ access_token: `fresh-for-${form.get('refresh_token')}`, expires_in: 3600 }))
      return
    }
    res.end(JSON.stringify({ sub: 'u-1', authorization: req.headers.authorization }))
  })
})
after(() => provider.close())

interface Built {
  readonly app: FastifyInstance
  readonly remote: RemoteApp<OAuth2Token>
  readonly updated: { token: OAuth2Token; user: unknown }[]
}

async function build(
  requestContext: boolean | undefined,
  token: (request: FastifyRequest) => OAuth2Token,
): Promise<Built> {
  const oauth = new OAuth({ timeout: 2000 })
  const remote = oauth.remoteApp('provider', {
    authorizeUrl: `${provider.url}/authorize`,
    accessTokenUrl: `${provider.url}/token`,
    userInfoUrl: `${provider.url}/me`,
    baseUrl: `${provider.url}/api/`,
    clientId: 'client',
    clientSecret: 'client-secret',
  })
  const updated: Built['updated'] = []
  remote.tokengetter(token)
  remote.tokenupdater((fresh, request) => {
    updated.push({ token: fresh, user: request?.headers['x-user'] })
  })
  const app = Fastify()
  await app.register(fastifyOAuth, {
    oauth,
    secret: randomBytes(32).toString('base64url'),
    publicUrl: 'http://127.0.0.1:3000',
    ...(requestContext === undefined ? {} : { requestContext }),
  })
  return { app, remote, updated }
}

const userToken = (request: FastifyRequest): OAuth2Token => ({ access_token: `token-of-${request.headers['x-user']}` })

describe('requestContext: false', () => {
  test('a call given { request } asks the tokengetter about that request', async () => {
    const { app, remote } = await build(false, userToken)
    app.get('/me', async (request) => (await remote.get('me', { request })).data)
    const res = await app.inject({ url: '/me', headers: { 'x-user': 'ada' } })
    await app.close()
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().authorization, 'Bearer token-of-ada')
  })

  test('a call given neither token nor request is OAUTH_NO_TOKEN naming both, and nothing is sent', async () => {
    const { app, remote } = await build(false, userToken)
    const before = provider.requests.length
    app.get('/me', async () => (await remote.get('me')).data)
    const res = await app.inject({ url: '/me', headers: { 'x-user': 'ada' } })
    await app.close()
    assert.equal(res.statusCode, 401)
    assert.deepEqual(res.json(), {
      error: 'OAUTH_NO_TOKEN',
      message:
        '"provider" was called outside a request, or after its response was sent, so its tokengetter cannot find the user: give "token" (or "request")',
    })
    assert.equal(provider.requests.length, before)
  })

  test('an automatic refresh tells the tokenupdater of the request the call was given', async () => {
    const expired = (request: FastifyRequest): OAuth2Token => ({
      access_token: 'old',
      refresh_token: `rt-${request.headers['x-user']}`,
      expires_at: 1,
    })
    const { app, remote, updated } = await build(false, expired)
    app.get('/me', async (request) => (await remote.get('me', { request })).data)
    const res = await app.inject({ url: '/me', headers: { 'x-user': 'grace' } })
    await app.close()
    assert.equal(res.json().authorization, 'Bearer fresh-for-rt-grace')
    assert.deepEqual(
      updated.map((u) => [u.token.access_token, u.user]),
      [['fresh-for-rt-grace', 'grace']],
    )
  })

  test('profile({ request }) finds the user the same way', async () => {
    const { app, remote } = await build(false, userToken)
    app.get('/profile', async (request) => remote.profile({ request }))
    const res = await app.inject({ url: '/profile', headers: { 'x-user': 'ada' } })
    await app.close()
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().id, 'u-1')
  })

  test('a value other than a boolean is a startup error', async () => {
    const app = Fastify()
    await assert.rejects(
      async () => {
        await app.register(fastifyOAuth, {
          oauth: new OAuth(),
          secret: randomBytes(32).toString('base64url'),
          publicUrl: 'http://127.0.0.1:3000',
          requestContext: 'yes' as unknown as boolean,
        })
        await app.ready()
      },
      (error: unknown) =>
        error instanceof OAuthError &&
        error.code === 'OAUTH_INVALID_OPTIONS' &&
        error.message === 'oauth-consumer: "requestContext" must be a boolean',
    )
    await app.close()
  })
})

describe('requestContext: true (the default)', () => {
  test('a call without token or request finds the request being served', async () => {
    const { app, remote } = await build(undefined, userToken)
    app.get('/me', async () => (await remote.get('me')).data)
    const res = await app.inject({ url: '/me', headers: { 'x-user': 'ada' } })
    await app.close()
    assert.equal(res.json().authorization, 'Bearer token-of-ada')
  })

  test('a call given { request } uses it over the bound one', async () => {
    const { app, remote } = await build(true, userToken)
    app.get('/me', async (request) => {
      const other = { ...request, headers: { ...request.headers, 'x-user': 'grace' } } as FastifyRequest
      return (await remote.get('me', { request: other })).data
    })
    const res = await app.inject({ url: '/me', headers: { 'x-user': 'ada' } })
    await app.close()
    assert.equal(res.json().authorization, 'Bearer token-of-grace')
  })
})
