/**
 * Token requests in the shapes providers document, asserted on the wire by a loopback server:
 * Notion's JSON body with HTTP Basic, Reddit's User-Agent, TikTok's `client_key`.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import { OAuth, OAuthError, type RemoteAppOptions } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { SECRET } from '../helpers/app.js'
import { type FaultServer, sendJson, startFaultServer } from '../helpers/fault-server.js'

const TOKEN = { access_token: 'at', token_type: 'bearer', expires_in: 3600, refresh_token: 'rt' }
const REDIRECT = 'https://app.example/callback'

let server: FaultServer

async function serve(t: { after(fn: () => Promise<void>): void }): Promise<FaultServer> {
  server = await startFaultServer({
    '/token': (_req, res) => sendJson(res, 200, TOKEN),
    '/revoke': (_req, res) => sendJson(res, 200, {}),
  })
  t.after(() => server.close())
  return server
}

function app(name: string, options: Partial<RemoteAppOptions>) {
  const oauth = new OAuth()
  const remote = oauth.remoteApp(name, {
    authorizeUrl: `${server.url}/authorize`,
    accessTokenUrl: `${server.url}/token`,
    revokeUrl: `${server.url}/revoke`,
    clientId: 'the-client',
    clientSecret: 'the-secret',
    ...options,
  })
  return { oauth, remote }
}

/** The URL `authorize()` redirects to, through the fastify plugin. */
async function authorizeUrl(oauth: OAuth, name: string): Promise<URL> {
  const fastify = Fastify()
  await fastify.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: 'https://app.example' })
  fastify.get('/login', (_request, reply) => oauth.get(name).authorize(reply, { callback: '/callback' }))
  const res = await fastify.inject('/login')
  await fastify.close()
  return new URL(String(res.headers.location))
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`

// https://developers.notion.com/docs/authorization#step-3-send-the-code-in-a-post-request-to-the-notion-api
// POST https://api.notion.com/v1/oauth/token, HTTP Basic with the client id and secret, a JSON
// body { grant_type, code, redirect_uri }; refresh: { grant_type: "refresh_token", refresh_token }.
test('Notion: a JSON token request with HTTP Basic, for the code, the refresh and the revocation', async (t) => {
  await serve(t)
  const { remote } = app('notion', {
    tokenEndpointAuthMethod: 'client_secret_basic',
    tokenRequest: { format: 'json', headers: { 'Notion-Version': '2022-06-28' } },
  })
  await remote.exchangeCode('the-code', { redirectUri: REDIRECT })
  await remote.refreshToken('rt')
  await remote.revokeToken('at')
  const [code, refresh, revoke] = server.requests
  for (const request of [code, refresh, revoke]) {
    assert.equal(request?.method, 'POST')
    assert.equal(request?.headers['content-type'], 'application/json')
    assert.equal(request?.headers.authorization, basic('the-client', 'the-secret'))
    assert.equal(request?.headers['notion-version'], '2022-06-28')
  }
  assert.deepEqual(JSON.parse(code?.body.toString() ?? ''), {
    grant_type: 'authorization_code',
    code: 'the-code',
    redirect_uri: REDIRECT,
  })
  assert.deepEqual(JSON.parse(refresh?.body.toString() ?? ''), { grant_type: 'refresh_token', refresh_token: 'rt' })
  assert.deepEqual(JSON.parse(revoke?.body.toString() ?? ''), { token: 'at' })
})

// https://github.com/reddit-archive/reddit/wiki/OAuth2#retrieving-the-access-token: HTTP Basic,
// a form body; https://github.com/reddit-archive/reddit/wiki/API#rules: a unique, descriptive
// User-Agent of the form <platform>:<app ID>:<version string> (by /u/<reddit username>).
test('Reddit: its User-Agent on the token request, HTTP Basic and a form body', async (t) => {
  await serve(t)
  const userAgent = 'web:com.example.app:v1.0 (by /u/example)'
  const { remote } = app('reddit', {
    tokenEndpointAuthMethod: 'client_secret_basic',
    tokenRequest: { headers: { 'User-Agent': userAgent } },
  })
  await remote.exchangeCode('the-code', { redirectUri: REDIRECT })
  const [request] = server.requests
  assert.equal(request?.headers['user-agent'], userAgent)
  assert.equal(request?.headers.authorization, basic('the-client', 'the-secret'))
  assert.equal(request?.headers['content-type'], 'application/x-www-form-urlencoded')
  assert.equal(
    request?.body.toString(),
    `grant_type=authorization_code&code=the-code&redirect_uri=${encodeURIComponent(REDIRECT)}`,
  )
})

// https://developers.tiktok.com/doc/login-kit-web (authorize: client_key) and
// https://developers.tiktok.com/doc/oauth-user-access-token-management (token: client_key,
// client_secret, code, grant_type, redirect_uri, form-urlencoded).
test('TikTok: client_key instead of client_id on the authorize URL and in the token request', async (t) => {
  await serve(t)
  const { oauth, remote } = app('tiktok', { clientIdParam: 'client_key' })
  const url = await authorizeUrl(oauth, 'tiktok')
  assert.equal(url.searchParams.get('client_key'), 'the-client')
  assert.equal(url.searchParams.has('client_id'), false)
  await remote.exchangeCode('the-code', { redirectUri: REDIRECT })
  await remote.revokeToken('at')
  const [token, revoke] = server.requests
  assert.equal(token?.headers['content-type'], 'application/x-www-form-urlencoded')
  assert.deepEqual(Object.fromEntries(token?.form ?? []), {
    grant_type: 'authorization_code',
    code: 'the-code',
    redirect_uri: REDIRECT,
    client_key: 'the-client',
    client_secret: 'the-secret',
  })
  assert.equal(revoke?.form.get('client_key'), 'the-client')
  assert.equal(revoke?.form.has('client_id'), false)
})

test('authorize() cannot replace the renamed client id parameter', async (t) => {
  await serve(t)
  const { oauth } = app('tiktok', { clientIdParam: 'client_key', requestTokenParams: { client_key: 'other' } })
  const url = await authorizeUrl(oauth, 'tiktok')
  assert.deepEqual(url.searchParams.getAll('client_key'), ['the-client'])
})

test('registration refuses token-request shapes that cannot be sent, naming the option', () => {
  const cases: [Partial<RemoteAppOptions>, string][] = [
    [{ tokenRequest: { format: 'xml' as 'json' } }, '"tokenRequest.format" must be one of form, json; got "xml"'],
    [
      { tokenRequest: { format: 'json' }, accessTokenMethod: 'GET' },
      '"tokenRequest.format" json needs "accessTokenMethod" POST: a GET has no body',
    ],
    [
      { tokenRequest: { headers: { Authorization: 'Bearer x' } } },
      '"tokenRequest.headers" cannot set "authorization": the library sets it',
    ],
    [
      { tokenRequest: { headers: { 'Content-Length': '1' } } },
      '"tokenRequest.headers" cannot set "content-length": the library sets it',
    ],
    [
      { tokenRequest: { headers: { 'bad name': 'x' } } },
      '"tokenRequest.headers" has an invalid header name "bad name"',
    ],
    [
      { tokenRequest: { headers: { 'x-a': 'one\r\nx-b: two' } } },
      '"tokenRequest.headers.x-a" must be a string without control characters',
    ],
    [{ tokenRequest: { body: 'json' } as never }, '"tokenRequest" has an unknown key "body"'],
    [{ tokenRequest: 'json' as never }, '"tokenRequest" must be an object'],
    [{ clientIdParam: 'client key' }, '"clientIdParam" must be a parameter name of letters, digits, ".", "_" or "-"'],
  ]
  for (const [options, message] of cases) {
    assert.throws(
      () =>
        new OAuth().remoteApp('shape', {
          authorizeUrl: 'https://provider.example/authorize',
          accessTokenUrl: 'https://provider.example/token',
          clientId: 'id',
          clientSecret: 'secret',
          ...options,
        }),
      (error: unknown) => {
        assert.ok(error instanceof OAuthError)
        assert.equal(error.code, 'OAUTH_INVALID_OPTIONS')
        assert.equal(error.message, `Remote app "shape": ${message}`)
        return true
      },
    )
  }
})
