import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { OAuth, type OAuth2RemoteApp } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { parseSetCookie } from 'oauth-consumer/testing'
import { SECRET } from '../helpers/app.js'

/**
 * What the library puts in front of the browser: the state cookie, the redirect_uri and the
 * `next` target. Everything here runs in-process with `inject`: no provider is contacted.
 */
async function build(
  publicUrl: string,
  callback = '/auth/provider/callback',
): Promise<{ app: FastifyInstance; remote: OAuth2RemoteApp }> {
  const oauth = new OAuth()
  const remote = oauth.remoteApp('provider', {
    authorizeUrl: 'https://provider.example/authorize',
    accessTokenUrl: 'https://provider.example/token',
    clientId: 'client',
    clientSecret: 'secret',
  })
  const app = Fastify()
  await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl })
  app.get<{ Querystring: { next?: string } }>('/login', (request, reply) =>
    remote.authorize(reply, { callback, next: request.query.next }),
  )
  app.get(
    '/auth/provider/callback',
    remote.authorizedHandler(async () => 'never'),
  )
  return { app, remote }
}

function stateCookie(setCookie: string | string[] | undefined) {
  const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]
  const cookie = lines.map(parseSetCookie).find((c) => c.name.endsWith('oauth-provider'))
  assert.ok(cookie, 'a state cookie is set')
  return cookie
}

describe('the state cookie', () => {
  test('stays under 4 KB, name and value, with four parallel logins and the longest next kept', async () => {
    const { app } = await build('https://app.example.com')
    let cookie = ''
    const next = `/${'a'.repeat(511)}`
    for (let tab = 0; tab < 4; tab++) {
      const res = await app.inject({ url: `/login?next=${next}`, headers: cookie ? { cookie } : {} })
      const c = stateCookie(res.headers['set-cookie'])
      assert.equal(c.name, '__Host-oauth-provider')
      assert.ok(c.attributes.has('secure'))
      assert.ok(c.attributes.has('httponly'))
      assert.equal(c.attributes.get('samesite'), 'Lax')
      assert.equal(c.attributes.get('path'), '/')
      assert.equal(c.attributes.has('domain'), false)
      cookie = `${c.name}=${c.value}`
      assert.ok(cookie.length <= 4096, `${cookie.length} bytes`)
    }
    await app.close()
  })

  test('an extreme callback URL drops older parallel logins, never the newest, and stays under 4 KB', async () => {
    const { app } = await build('https://app.example.com', `/auth/provider/callback?${'x'.repeat(1200)}`)
    let cookie = ''
    for (let tab = 0; tab < 4; tab++) {
      const res = await app.inject({ url: '/login?next=/home', headers: cookie ? { cookie } : {} })
      const c = stateCookie(res.headers['set-cookie'])
      cookie = `${c.name}=${c.value}`
      assert.ok(cookie.length <= 4096, `${cookie.length} bytes`)
    }
    await app.close()
  })
})

describe('redirect_uri comes from configuration only', () => {
  test('a forged Host or X-Forwarded-Host changes nothing', async () => {
    const { app } = await build('https://app.example.com')
    const uris = new Set<string>()
    for (const headers of [
      {},
      { host: 'evil.example' },
      { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
    ]) {
      const res = await app.inject({ url: '/login', headers })
      const location = new URL(String(res.headers.location))
      uris.add(String(location.searchParams.get('redirect_uri')))
    }
    assert.deepEqual([...uris], ['https://app.example.com/auth/provider/callback'])
    await app.close()
  })

  test('carries no per-login data: the same for every login', async () => {
    const { app } = await build('https://app.example.com')
    const a = new URL(String((await app.inject('/login?next=/a')).headers.location))
    const b = new URL(String((await app.inject('/login?next=/b')).headers.location))
    assert.equal(a.searchParams.get('redirect_uri'), b.searchParams.get('redirect_uri'))
    assert.notEqual(a.searchParams.get('state'), b.searchParams.get('state'))
    await app.close()
  })
})

describe('nextUrl only ever returns a same-origin path', () => {
  const unsafe = [
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%2f/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'data:text/html,hi',
    ' /home',
    '/ho me',
    '/home\t',
    '/home%0d%0aSet-Cookie:x=1',
    '/\u0000home',
    '/%00home',
    '/home\u2028',
    'home',
    '',
    '/%E0%A4%A', // an incomplete percent-encoding
    // API.md: whitespace counts in the percent-decoded form too, so an encoded space is refused.
    '/search?q=a%20b',
  ]
  const safe = ['/', '/home', '/a/b?c=d&e=f#g', '/%7Euser', '/search?q=a+b']

  async function nextOf(next: string): Promise<string | undefined> {
    const oauth = new OAuth()
    const remote = oauth.remoteApp('provider', {
      authorizeUrl: 'https://provider.example/authorize',
      accessTokenUrl: 'https://provider.example/token',
      clientId: 'client',
      clientSecret: 'secret',
    })
    const app = Fastify()
    await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: 'https://app.example.com' })
    app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/cb', next }))
    app.get(
      '/cb',
      remote.authorizedHandler(async (_resp, request) => ({ next: remote.nextUrl(request) ?? null })),
    )
    const login = await app.inject('/login')
    const state = new URL(String(login.headers.location)).searchParams.get('state')
    const c = stateCookie(login.headers['set-cookie'])
    // A denial needs no token request and still reaches the handler with the pending login.
    const res = await app.inject({
      url: `/cb?error=access_denied&state=${state}`,
      headers: { cookie: `${c.name}=${c.value}` },
    })
    await app.close()
    return res.json<{ next: string | null }>().next ?? undefined
  }

  for (const next of unsafe) {
    test(`refuses ${JSON.stringify(next)}`, async () => {
      assert.equal(await nextOf(next), undefined)
    })
  }
  for (const next of safe) {
    test(`keeps ${JSON.stringify(next)}`, async () => {
      assert.equal(await nextOf(next), next)
    })
  }
})
