import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { OAuth, type OAuth2Token } from 'oauth-consumer'
import { type OAuth2Server, signIn, startOAuth2Provider } from 'oauth-consumer/testing'
import { client } from '../../src/testing/oauth2-server.js'
import { freePort, startApp, type TestApp } from '../helpers/app.js'

/**
 * `responseMode: 'form_post'` end to end against the local OpenID Connect provider
 * (oidc-provider, which answers `response_mode=form_post` with an auto-submitted form): the
 * state, PKCE, the nonce and the ID token as for a GET callback.
 */
let provider: OAuth2Server
let app: TestApp
const methods: string[] = []

before(async () => {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  provider = await startOAuth2Provider({ clients: [client('form-post', 'client_secret_post', [`${url}/callback`])] })
  const oauth = new OAuth({ timeout: 5000 })
  const remote = oauth.remoteApp('posted', {
    issuer: provider.issuer,
    clientId: 'form-post',
    clientSecret: 'form-post-secret-0123456789abcdef',
    scope: ['openid', 'email'],
    responseMode: 'form_post',
  })
  app = await startApp(
    oauth,
    (fastify: FastifyInstance) => {
      fastify.addHook('onRequest', async (request) => {
        if (request.url.startsWith('/callback')) methods.push(request.method)
      })
      fastify.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
      fastify.post(
        '/callback',
        remote.authorizedHandler(async (token) => ({ token })),
      )
    },
    { port },
  )
})

after(async () => {
  await app.close()
  await provider.close()
})

test('a form_post sign-in against oidc-provider: the callback is a POST, and the ID token is validated', async () => {
  const { response } = await signIn(`${app.url}/login`, { login: 'ada' })
  assert.equal(response.status, 200, response.body)
  const { token } = JSON.parse(response.body) as { token: OAuth2Token }
  assert.equal(token.claims?.sub, 'ada')
  assert.equal(typeof token.id_token, 'string')
  assert.deepEqual(methods, ['POST'])
  // RFC 9207's iss travels in the form too, and is checked there, not handed to the app.
  assert.equal(token.callbackParams?.iss, undefined)
})
