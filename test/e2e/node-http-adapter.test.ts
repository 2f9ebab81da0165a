import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import { type FrameworkReply, type FrameworkRequest, OAuth, type OAuth2Token } from 'oauth-consumer'
import { type OAuth2Server, signInAt, startOAuth2Provider } from 'oauth-consumer/testing'
import { type NodeRequest, nodeOAuth } from '../../examples/node-http/adapter.js'
import { client } from '../../src/testing/oauth2-server.js'
import { freePort } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * The adapter of docs/guides/writing-an-adapter.md, for Node's own `http` module, held to what
 * the fastify plugin does: a sign-in against a real OpenID Connect provider, a forged state
 * refused, and an API call whose tokengetter finds the request.
 *
 * This program also loads the fastify adapter, whose declaration types RemoteApp's framework
 * parameters as fastify's; an app with only this adapter declares its own types (the guide
 * shows how), so here the node objects are handed over as the framework's.
 */
const asRequest = (request: NodeRequest) => request as unknown as FrameworkRequest
const asReply = (reply: ServerResponse) => reply as unknown as FrameworkReply

let provider: OAuth2Server
let app: Server
let url: string
/** The token endpoint of the `form_post` app. */
let posting: MockServer

before(async () => {
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  provider = await startOAuth2Provider({ clients: [client('node-app', 'client_secret_basic', [`${url}/callback`])] })
  const oauth = new OAuth({ timeout: 5000 })
  const local = oauth.remoteApp('local', {
    issuer: provider.issuer,
    baseUrl: provider.apiUrl,
    clientId: 'node-app',
    clientSecret: 'node-app-secret-0123456789abcdef',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['openid', 'notes'],
  })
  posting = await mockServer((_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'at-posted' }))
  })
  const posted = oauth.remoteApp('posted', {
    authorizeUrl: `${posting.url}/authorize`,
    accessTokenUrl: `${posting.url}/token`,
    clientId: 'posted-app',
    clientSecret: 'posted-secret',
    responseMode: 'form_post',
  })
  const postedCallback = posted.authorizedHandler((token) => ({ token }))
  const sessions = new Map<string, OAuth2Token>()
  local.tokengetter((request) => sessions.get(String((request as unknown as NodeRequest).query.session)))
  const handle = nodeOAuth(oauth, { publicUrl: url, secret: randomBytes(32).toString('base64url') })
  const callback = local.authorizedHandler((token, request) => ({
    token,
    error: (request as unknown as NodeRequest).oauthError,
  }))
  app = createServer(
    handle(async (request, reply) => {
      const path = new URL(request.url ?? '/', url).pathname
      if (path === '/login') return local.authorize(asReply(reply), { callback: '/callback' })
      if (path === '/posted/login') return posted.authorize(asReply(reply), { callback: '/posted/callback' })
      if (path === '/posted/callback') {
        const { token } = await postedCallback(asRequest(request), asReply(reply))
        return reply.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }))
      }
      if (path === '/callback') {
        const { token } = await callback(asRequest(request), asReply(reply))
        if (token === null) return reply.writeHead(403).end()
        const session = String(sessions.size + 1)
        sessions.set(session, token)
        return reply
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ session, sub: token.claims?.sub }))
      }
      if (path === '/notes') {
        const notes = await local.get('notes')
        return reply.writeHead(notes.status, { 'content-type': 'application/json' }).end(notes.rawData)
      }
      return reply.writeHead(404).end()
    }),
  )
  await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', resolve))
  assert.equal((app.address() as AddressInfo).port, port)
})

after(async () => {
  app.closeAllConnections()
  await new Promise((resolve) => app.close(resolve))
  await provider.close()
  await posting.close()
})

test('a node:http app signs a user in through the example adapter, then calls the API as that user', async () => {
  const browser = new Browser()
  const start = await browser.get(`${url}/login`)
  assert.equal(start.status, 302)
  assert.equal(start.headers['cache-control'], 'no-store')
  assert.match(
    String(start.headers['set-cookie']),
    /^oauth-local=[\w-]+; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/,
  )
  const callback = await signInAt(start.location ?? '', { login: 'ada' })
  const done = await browser.get(callback)
  assert.equal(done.status, 200, done.text)
  const body = done.json<{ session: string; sub: string }>()
  assert.equal(body.sub, 'ada')
  const notes = await browser.get(`${url}/notes?session=${body.session}`)
  assert.equal(notes.status, 200, notes.text)
  assert.ok(Array.isArray(notes.json()))
})

test('a callback whose state this browser never started is a 400 OAUTH_STATE_MISMATCH, and no token is asked for', async () => {
  const before = provider.tokenRequests
  const res = await new Browser().get(`${url}/callback?code=stolen&state=forged`)
  assert.equal(res.status, 400)
  assert.equal(res.json<{ error: string }>().error, 'OAUTH_STATE_MISMATCH')
  assert.equal(provider.tokenRequests, before)
})

test('without a session the tokengetter finds no token: 401 OAUTH_NO_TOKEN', async () => {
  const res = await new Browser().get(`${url}/notes`)
  assert.equal(res.status, 401)
  assert.equal(res.json<{ error: string }>().error, 'OAUTH_NO_TOKEN')
})

test('a form_post app: a SameSite=None; Secure cookie, a urlencoded POST callback, and a GET or JSON one refused', async () => {
  const browser = new Browser()
  const start = await browser.get(`${url}/posted/login`)
  assert.equal(start.status, 302)
  assert.equal(new URL(start.location ?? '').searchParams.get('response_mode'), 'form_post')
  assert.match(
    String(start.headers['set-cookie']),
    /^oauth-posted=[\w-]+; Max-Age=600; Path=\/; HttpOnly; SameSite=None; Secure$/,
  )
  const state = new URL(start.location ?? '').searchParams.get('state') ?? ''
  const get = await browser.get(`${url}/posted/callback?code=c&state=${state}`)
  assert.equal(get.status, 400)
  assert.equal(
    get.json<{ message: string }>().message,
    'The callback of "posted" must come by POST (responseMode form_post); this one came by GET',
  )
  const json = await browser.send(
    'POST',
    `${url}/posted/callback`,
    { 'content-type': 'application/json' },
    JSON.stringify({ code: 'c', state }),
  )
  assert.equal(json.status, 400)
  assert.equal(json.json<{ error: string }>().error, 'OAUTH_STATE_MISMATCH')
  assert.equal(posting.requests.filter((r) => r.url === '/token').length, 0)
  const done = await browser.send(
    'POST',
    `${url}/posted/callback`,
    { 'content-type': 'application/x-www-form-urlencoded' },
    `code=c&state=${state}`,
  )
  assert.equal(done.status, 200, done.text)
  assert.equal(done.json<{ token: OAuth2Token }>().token.access_token, 'at-posted')
  assert.equal(posting.requests.filter((r) => r.url === '/token').length, 1)
})
