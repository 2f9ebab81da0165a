import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { OAuth, OAuthError, type RemoteAppOptions } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { parseSetCookie } from 'oauth-consumer/testing'
import { StateSealer } from '../../src/browser/state.js'
import { SECRET } from '../helpers/app.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * Checklist items of docs/security.md that the flow tests do not reach on their way: what the
 * pending-login cookie keeps when it is full, callbacks with odd errors, and refusals at
 * registration and on the wire.
 */
let provider: MockServer
let answer: { status: number; type: string; body: string; headers?: Record<string, string> } = {
  status: 200,
  type: 'application/json',
  body: '{}',
}

before(async () => {
  provider = await mockServer((_req, _body, res) => {
    res.writeHead(answer.status, { 'content-type': answer.type, ...answer.headers })
    res.end(answer.body)
  })
})
after(() => provider.close())

const oauth2: RemoteAppOptions = {
  authorizeUrl: 'https://provider.example/authorize',
  accessTokenUrl: 'https://provider.example/token',
  clientId: 'client',
  clientSecret: 'secret',
}

async function plugin(options: RemoteAppOptions = oauth2): Promise<FastifyInstance> {
  const oauth = new OAuth({ timeout: 2000 })
  const remote = oauth.remoteApp('provider', options)
  const app = Fastify()
  await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: 'https://app.example.com' })
  app.get<{ Querystring: { next?: string } }>('/login', (request, reply) =>
    remote.authorize(reply, { callback: '/cb', next: request.query.next }),
  )
  app.get('/forget', (_request, reply) => {
    remote.freeRequestToken(reply)
    return 'forgotten'
  })
  app.get(
    '/cb',
    remote.authorizedHandler(async (resp, request) => ({
      resp,
      code: request.oauthError?.code ?? null,
      data: request.oauthError?.data ?? null,
    })),
  )
  return app
}

function cookieOf(res: { headers: Record<string, unknown> }): ReturnType<typeof parseSetCookie> {
  const raw = res.headers['set-cookie'] as string | string[] | undefined
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  const cookie = lines.map(parseSetCookie).find((c) => c.name === '__Host-oauth-provider')
  assert.ok(cookie)
  return cookie
}

describe('the pending-login cookie when it is full', () => {
  test('a fifth parallel login pushes out the oldest; the newest is first', async () => {
    const app = await plugin()
    const sealer = new StateSealer([SECRET], 'https://app.example.com')
    const states: string[] = []
    let cookie: { name: string; value: string } | undefined
    for (let tab = 0; tab < 5; tab++) {
      const res = await app.inject({
        url: '/login',
        headers: cookie ? { cookie: `${cookie.name}=${cookie.value}` } : {},
      })
      states.push(String(new URL(String(res.headers.location)).searchParams.get('state')))
      cookie = cookieOf(res)
    }
    await app.close()
    const kept = sealer.open(cookie?.value, '__Host-oauth-provider').map((p) => p.key)
    assert.deepEqual(kept, states.slice(1).reverse())
  })

  test('when trimming to stay under 4 KB, the newest login is kept', async () => {
    const app = await plugin({ ...oauth2 })
    const sealer = new StateSealer([SECRET], 'https://app.example.com')
    let cookie: { name: string; value: string } | undefined
    let newest = ''
    for (let tab = 0; tab < 4; tab++) {
      const next = `/${String(tab).repeat(511)}`
      const res = await app.inject({
        url: `/login?next=${next}`,
        headers: cookie ? { cookie: `${cookie.name}=${cookie.value}` } : {},
      })
      newest = String(new URL(String(res.headers.location)).searchParams.get('state'))
      cookie = cookieOf(res)
    }
    await app.close()
    const kept = sealer.open(cookie?.value, '__Host-oauth-provider')
    assert.equal(kept[0]?.key, newest)
    assert.equal(kept[0]?.next, `/${'3'.repeat(511)}`)
  })

  test('freeRequestToken() clears the pending logins from the browser', async () => {
    const app = await plugin()
    const login = await app.inject('/login')
    const cookie = cookieOf(login)
    const forget = await app.inject({ url: '/forget', headers: { cookie: `${cookie.name}=${cookie.value}` } })
    const cleared = cookieOf(forget)
    assert.equal(cleared.value, '')
    assert.equal(cleared.attributes.get('max-age'), '0')
    await app.close()
  })
})

describe('callbacks with errors the user did not cause', () => {
  async function callback(
    query: string,
  ): Promise<{ resp: unknown; code: string | null; data: Record<string, string> | null }> {
    const app = await plugin()
    const login = await app.inject('/login')
    const state = new URL(String(login.headers.location)).searchParams.get('state')
    const cookie = cookieOf(login)
    const res = await app.inject({
      url: `/cb?state=${state}&${query}`,
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    })
    await app.close()
    return res.json()
  }

  test('an error other than access_denied reaches the handler as null with OAUTH_AUTHORIZATION_ERROR', async () => {
    const body = await callback('error=temporarily_unavailable&error_description=down%20for%20maintenance')
    assert.equal(body.resp, null)
    assert.equal(body.code, 'OAUTH_AUTHORIZATION_ERROR')
    assert.deepEqual(body.data, { error: 'temporarily_unavailable', error_description: 'down for maintenance' })
  })

  test('a callback with neither a code nor an error is null with OAUTH_AUTHORIZATION_ERROR', async () => {
    const body = await callback('something=else')
    assert.equal(body.resp, null)
    assert.equal(body.code, 'OAUTH_AUTHORIZATION_ERROR')
  })

  test('provider error text with markup is answered as JSON, never as HTML', async () => {
    answer = {
      status: 400,
      type: 'application/json',
      body: JSON.stringify({ error: 'invalid_grant', error_description: '<script>alert(1)</script>' }),
    }
    const oauth = new OAuth()
    const remote = oauth.remoteApp('provider', { ...oauth2, accessTokenUrl: `${provider.url}/token` })
    const app = Fastify()
    await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: 'https://app.example.com' })
    app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/cb' }))
    app.get(
      '/cb',
      remote.authorizedHandler(async () => 'never'),
    )
    const login = await app.inject('/login')
    const state = new URL(String(login.headers.location)).searchParams.get('state')
    const cookie = cookieOf(login)
    const res = await app.inject({
      url: `/cb?code=c&state=${state}`,
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    })
    await app.close()
    assert.equal(res.statusCode, 502)
    assert.match(String(res.headers['content-type']), /^application\/json/)
    assert.equal(res.json<{ error: string }>().error, 'OAUTH_TOKEN_REQUEST_FAILED')
  })
})

describe('refusals on the wire and at registration', () => {
  test('token responses with a non-string refresh_token, scope or id_token are OAUTH_INVALID_RESPONSE', async () => {
    const remote = new OAuth().remoteApp(
      'wire',
      { ...oauth2, accessTokenUrl: `${provider.url}/token` },
      { register: false },
    )
    for (const field of ['refresh_token', 'scope', 'id_token']) {
      answer = { status: 200, type: 'application/json', body: JSON.stringify({ access_token: 'at', [field]: 42 }) }
      await assert.rejects(remote.exchangeCode('code'), { code: 'OAUTH_INVALID_RESPONSE', message: new RegExp(field) })
    }
    // null says "none", as Tiltify's client-credentials answer does: the field is left out.
    answer = {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ access_token: 'at', refresh_token: null, scope: null, id_token: null }),
    }
    const token = await remote.exchangeCode('code')
    assert.deepEqual(
      ['refresh_token', 'scope', 'id_token'].filter((field) => field in token),
      [],
    )
  })

  test('an OAuth 1.0a credentials endpoint answering with a redirect is OAUTH_INVALID_RESPONSE', async () => {
    answer = { status: 302, type: 'text/plain', body: '', headers: { location: 'https://evil.example/' } }
    const remote = new OAuth().remoteApp(
      'oauth1',
      {
        requestTokenUrl: `${provider.url}/request_token`,
        accessTokenUrl: `${provider.url}/access_token`,
        authorizeUrl: `${provider.url}/authorize`,
        consumerKey: 'k',
        consumerSecret: 's',
      },
      { register: false },
    )
    await assert.rejects(remote.fetchRequestToken(), { code: 'OAUTH_INVALID_RESPONSE', message: /redirect/ })
    await assert.rejects(remote.exchangeVerifier({ token: 't', secret: 's' }, 'v'), { code: 'OAUTH_INVALID_RESPONSE' })
  })

  test('an absolute http API URL outside loopback is refused before anything is sent', async () => {
    const remote = new OAuth().remoteApp('api', oauth2, { register: false })
    const before = provider.requests.length
    await assert.rejects(remote.get('http://api.example.com/me', { token: 'at' }), {
      code: 'OAUTH_INVALID_ARGUMENT',
      message: /only sent over https/,
    })
    assert.equal(provider.requests.length, before)
  })

  test('an http issuer outside loopback, and idTokenAlgorithms with none, are refused at registration', () => {
    assert.throws(
      () => new OAuth().remoteApp('a', { issuer: 'http://id.example.com', clientId: 'c', clientSecret: 's' }),
      {
        code: 'OAUTH_INVALID_OPTIONS',
        message: /"issuer" must be an https URL/,
      },
    )
    assert.throws(
      () =>
        new OAuth().remoteApp('b', {
          issuer: 'https://id.example.com',
          clientId: 'c',
          clientSecret: 's',
          idTokenAlgorithms: ['RS256', 'none'],
        }),
      { code: 'OAUTH_INVALID_OPTIONS', message: /never "none"/ },
    )
  })

  test('a discovery document naming an http endpoint outside loopback is refused', async () => {
    answer = {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({
        issuer: provider.url,
        authorization_endpoint: `${provider.url}/authorize`,
        token_endpoint: 'http://tokens.example.com/token',
      }),
    }
    const remote = new OAuth().remoteApp(
      'd',
      { issuer: provider.url, clientId: 'c', clientSecret: 's' },
      { register: false },
    )
    await assert.rejects(remote.serverMetadata(), { code: 'OAUTH_INVALID_RESPONSE', message: /token_endpoint/ })
  })

  test("an OAuthError's provider answer is not enumerable, so loggers that copy errors never copy tokens", async () => {
    answer = {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ access_token: 'SECRET-AT', token_type: 'mac' }),
    }
    const remote = new OAuth().remoteApp(
      'e',
      { ...oauth2, accessTokenUrl: `${provider.url}/token` },
      { register: false },
    )
    const error = await remote.exchangeCode('code').catch((e: unknown) => e)
    assert.ok(error instanceof OAuthError)
    assert.ok(error.response, 'the answer is there for the app to inspect')
    assert.equal(Object.keys(error).includes('response'), false)
    assert.ok(!JSON.stringify({ ...error }).includes('SECRET-AT'))
  })
})
