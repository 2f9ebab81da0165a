import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { OAuth, OAuthConfigError, type RemoteApp, type TokenInput } from 'oauth-consumer'
import { parseSetCookie } from 'oauth-consumer/testing'
import { request as undiciRequest } from 'undici'
import { startApp, type TestApp } from '../helpers/app.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * Where an app's strings can send the user's token, and where `nextUrl()` can send the user. Two
 * servers on 127.0.0.1: the API, which `baseUrl` names, and an attacker, which must never hear
 * from a relative path.
 */
let api: MockServer
let attacker: MockServer

before(async () => {
  api = await mockServer((req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://api.invalid')
    const next = url.searchParams.get('link')
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(next === null ? {} : { link: `<${next}>; rel="next"` }),
    })
    res.end('[1]')
  })
  attacker = await mockServer((_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('[666]')
  })
})

after(async () => {
  await api.close()
  await attacker.close()
})

const BEARER = 'user-access-token'
const OAUTH1_TOKEN: TokenInput = ['user-token', 'user-token-secret']

function oauth2App(): RemoteApp {
  return new OAuth().remoteApp(
    'api',
    {
      baseUrl: `${api.url}/api/v1/`,
      authorizeUrl: `${api.url}/authorize`,
      accessTokenUrl: `${api.url}/token`,
      clientId: 'client',
      clientSecret: 'client-secret',
    },
    { register: false },
  )
}

/** PLAINTEXT puts the consumer secret and the token secret in the header itself. */
function oauth1App(): RemoteApp {
  return new OAuth().remoteApp(
    'api1',
    {
      baseUrl: `${api.url}/api/v1/`,
      requestTokenUrl: `${api.url}/request_token`,
      accessTokenUrl: `${api.url}/access_token`,
      authorizeUrl: `${api.url}/authorize`,
      consumerKey: 'consumer-key',
      consumerSecret: 'consumer-secret',
      signatureMethod: 'PLAINTEXT',
    },
    { register: false },
  )
}

type Call = (app: RemoteApp, url: string | URL, token: TokenInput) => Promise<unknown>

/** Every entry point that takes a URL and sends the user's credentials with it. */
const calls = {
  request: (app, url, token) => app.request(url, { token }),
  get: (app, url, token) => app.get(url, { token }),
  post: (app, url, token) => app.post(url, { token, data: { a: '1' } }),
  put: (app, url, token) => app.put(url, { token, data: { a: '1' } }),
  patch: (app, url, token) => app.patch(url, { token, data: { a: '1' } }),
  delete: (app, url, token) => app.delete(url, { token }),
  'request raw': (app, url, token) => app.request(url, { token, raw: true }),
  'request allPages': (app, url, token) => app.request(url, { token, allPages: true }),
  paginate: async (app, url, token) => {
    for await (const _page of app.paginate(url, { token })) {
      // Reading the pages is what sends the requests.
    }
  },
} satisfies Record<string, Call>

function clearRecords(): void {
  api.requests.length = 0
  attacker.requests.length = 0
}

/** What the attacker received, as the lines a reviewer would read in a failing diff. */
function leaked(): string[] {
  return attacker.requests.map((r) => `${r.method} ${r.url} authorization: ${r.headers.authorization ?? '(none)'}`)
}

async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call()
    return 'resolved'
  } catch (error) {
    return error
  }
}

function assertRefused(error: unknown, url: string): void {
  assert.ok(error instanceof OAuthConfigError, `refused as an OAuthConfigError, got ${String(error)}`)
  assert.equal(error.code, 'OAUTH_INVALID_ARGUMENT')
  assert.equal(error.statusCode, 500)
  assert.match(error.message, /give an absolute URL or a URL object to reach another host/)
  assert.ok(error.message.includes(JSON.stringify(url)), `the message quotes the url: ${error.message}`)
}

describe("API paths stay on baseUrl's origin", () => {
  // ATTACKER is the attacker's host:port and PORT its port, filled in once it listens.
  const hostile = [
    '//ATTACKER/x',
    '///ATTACKER/x',
    '//ATTACKER',
    '/\\ATTACKER/x',
    '\\\\ATTACKER/x',
    '\\/ATTACKER/x',
    '/\t/ATTACKER/x',
    '\t//ATTACKER/x',
    '/\n/ATTACKER/x',
    '/\r\n/ATTACKER/x',
    ' //ATTACKER/x',
    '\u0000//ATTACKER/x',
    '\u001f//ATTACKER/x',
    '\u0000 \t\\\\ATTACKER/x',
    ' http://ATTACKER/x',
    '\thttp://ATTACKER/x',
    '\u0000http://ATTACKER/x',
    '//user:pass@ATTACKER/x',
    '//2130706433:PORT/x',
    '//0x7f.1:PORT/x',
    '//\uff11\uff12\uff17.\uff10.\uff10.\uff11:PORT/x',
    '//127\u30020\u30020\u30021:PORT/x',
  ]

  function fill(template: string): string {
    const port = new URL(attacker.url).port
    return template.replaceAll('ATTACKER', `127.0.0.1:${port}`).replaceAll('PORT', port)
  }

  for (const template of hostile) {
    for (const [protocol, app, token] of [
      ['OAuth 2.0', oauth2App, BEARER],
      ['OAuth 1.0a PLAINTEXT', oauth1App, OAUTH1_TOKEN],
    ] as const) {
      test(`${protocol}: every call refuses ${JSON.stringify(template)}`, async () => {
        const url = fill(template)
        for (const [name, call] of Object.entries(calls)) {
          clearRecords()
          const error = await outcome(() => call(app(), url, token))
          assert.deepEqual(leaked(), [], `${name}() sent the credentials to the attacker`)
          assert.deepEqual(api.requests, [], `${name}() sent nothing at all`)
          assertRefused(error, url)
        }
      })
    }
  }

  test('the refusal names the cause and the way out', async () => {
    const url = fill('//ATTACKER/x')
    const error = await outcome(() => oauth2App().get(url, { token: BEARER }))
    assert.ok(error instanceof OAuthConfigError)
    assert.equal(
      error.message,
      `request(): "url" ${JSON.stringify(url)} has no scheme, so it is a path on baseUrl's origin (${api.url}), ` +
        `but it resolves to ${attacker.url}: give an absolute URL or a URL object to reach another host`,
    )
  })

  test('a control character in a relative path is refused even when it would stay on the origin', async () => {
    for (const url of ['user\n', 'us\ter', '\u0000user', 'user\u007f', 'user\r\nx-injected: 1']) {
      clearRecords()
      const error = await outcome(() => oauth2App().get(url, { token: BEARER }))
      assert.deepEqual(api.requests, [], `${JSON.stringify(url)} is not sent`)
      assert.ok(error instanceof OAuthConfigError, JSON.stringify(url))
      assert.equal(error.code, 'OAUTH_INVALID_ARGUMENT')
      assert.equal(error.message, `request(): "url" ${JSON.stringify(url)} holds a control character`)
    }
  })

  test('a path without a scheme needs a baseUrl, whatever it starts with', async () => {
    const noBase = new OAuth().remoteApp(
      'nobase',
      { authorizeUrl: `${api.url}/a`, accessTokenUrl: `${api.url}/t`, clientId: 'id', clientSecret: 's' },
      { register: false },
    )
    const url = ` ${attacker.url}/x`
    clearRecords()
    const error = await outcome(() => noBase.get(url, { token: BEARER }))
    assert.deepEqual(leaked(), [])
    assert.ok(error instanceof OAuthConfigError)
    assert.equal(
      error.message,
      `request(): "url" is not an http(s) URL and the app has no baseUrl: ${JSON.stringify(url)}`,
    )
  })

  for (const [url, path] of [
    ['user', '/api/v1/user'],
    ['/user', '/user'],
    ['user/repos?page=2', '/api/v1/user/repos?page=2'],
    ['../x', '/api/x'],
    ['../../../../x', '/x'],
    ['./user', '/api/v1/user'],
    ['?page=2', '/api/v1/?page=2'],
    ['users/a b', '/api/v1/users/a%20b'],
    ['users/\u00e9', '/api/v1/users/%C3%A9'],
    ['search?q=a:b//c', '/api/v1/search?q=a:b//c'],
  ] as const) {
    test(`keeps ${JSON.stringify(url)} on the API: ${path}, with OAuth 2.0 and OAuth 1.0a`, async () => {
      for (const [app, token, scheme] of [
        [oauth2App(), BEARER, `Bearer ${BEARER}`],
        [oauth1App(), OAUTH1_TOKEN, 'OAuth '],
      ] as const) {
        for (const name of ['get', 'post', 'request allPages', 'paginate'] as const) {
          clearRecords()
          await calls[name](app, url, token)
          assert.deepEqual(
            api.requests.map((r) => r.url),
            [path],
            `${name}(${JSON.stringify(url)})`,
          )
          assert.ok(api.requests[0]?.headers.authorization?.startsWith(scheme))
          assert.deepEqual(leaked(), [])
        }
      }
    })
  }

  test('an absolute URL string or a URL object reaches another host: an explicit choice', async () => {
    for (const url of [`${attacker.url}/x`, new URL(`${attacker.url}/x`)]) {
      clearRecords()
      const res = await oauth2App().get<number[]>(url, { token: BEARER })
      assert.deepEqual(res.data, [666])
      assert.deepEqual(leaked(), [`GET /x authorization: Bearer ${BEARER}`])
    }
  })

  test('the same string is checked again on every call, not trusted from the cache', async () => {
    const app = oauth2App()
    const url = fill('//ATTACKER/x')
    for (let i = 0; i < 3; i++) {
      clearRecords()
      assertRefused(await outcome(() => app.get(url, { token: BEARER })), url)
      await app.get('user', { token: BEARER })
      assert.deepEqual(leaked(), [])
      assert.deepEqual(
        api.requests.map((r) => r.url),
        ['/api/v1/user'],
      )
    }
  })

  describe("later pages never leave the first page's origin", () => {
    const links = ['//ATTACKER/p2', '/\\ATTACKER/p2', '\\\\ATTACKER/p2', 'http://ATTACKER/p2', ' //ATTACKER/p2']
    for (const template of links) {
      test(`a Link to ${JSON.stringify(template)} is refused before the credentials go there`, async () => {
        const link = fill(template)
        for (const [app, token] of [
          [oauth2App(), BEARER],
          [oauth1App(), OAUTH1_TOKEN],
        ] as const) {
          for (const name of ['paginate', 'request allPages'] as const) {
            clearRecords()
            const error = await outcome(() => calls[name](app, `pages?link=${encodeURIComponent(link)}`, token))
            assert.deepEqual(leaked(), [], name)
            assert.equal(api.requests.length, 1, name)
            assert.ok(error instanceof Error, name)
            assert.equal((error as { code?: unknown }).code, 'OAUTH_INVALID_RESPONSE', name)
            assert.match(error.message, /another origin/)
          }
        }
      })
    }

    test('a nextPage that returns another origin, as a string or a URL, is refused', async () => {
      for (const next of [fill('//ATTACKER/p2'), new URL(`${attacker.url}/p2`)]) {
        clearRecords()
        const error = await outcome(async () => {
          for await (const _page of oauth2App().paginate('pages', { token: BEARER, nextPage: () => next })) {
            // Reading the pages is what sends the requests.
          }
        })
        assert.deepEqual(leaked(), [])
        assert.equal(api.requests.length, 1)
        assert.equal((error as { code?: unknown }).code, 'OAUTH_INVALID_RESPONSE')
      }
    })
  })
})

describe("nextUrl returns only ASCII paths that stay on the app's origin", () => {
  const APP_ORIGIN = 'https://app.example'
  let provider: MockServer
  let app: TestApp

  before(async () => {
    provider = await mockServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ access_token: 'signed-in', token_type: 'Bearer' }))
    })
    const oauth = new OAuth()
    const remote = oauth.remoteApp('provider', {
      authorizeUrl: `${provider.url}/authorize`,
      accessTokenUrl: `${provider.url}/token`,
      clientId: 'client',
      clientSecret: 'client-secret',
    })
    app = await startApp(oauth, (fastify) => {
      // A JSON body carries any string, lone surrogates and control characters included.
      fastify.post<{ Body: { next: string } }>('/login', (request, reply) =>
        remote.authorize(reply, { callback: '/cb', next: request.body.next }),
      )
      // The README's pattern, as it is.
      fastify.get(
        '/cb',
        remote.authorizedHandler(async (resp, request, reply) => {
          if (resp === null) return reply.redirect('/?denied')
          return reply.redirect(remote.nextUrl(request) ?? '/')
        }),
      )
    })
  })

  after(async () => {
    await app.close()
    await provider.close()
  })

  /** Signs in with `next` and answers where the callback sent the browser. */
  async function signInWith(next: string): Promise<{ status: number; location: string | undefined }> {
    const login = await undiciRequest(`${app.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ next }),
    })
    await login.body.dump()
    assert.equal(login.statusCode, 302)
    const state = new URL(String(login.headers.location)).searchParams.get('state') ?? ''
    const setCookie = login.headers['set-cookie']
    const cookie = parseSetCookie(Array.isArray(setCookie) ? (setCookie[0] ?? '') : (setCookie ?? ''))
    const done = await undiciRequest(`${app.url}/cb?code=the-code&state=${encodeURIComponent(state)}`, {
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    })
    await done.body.dump()
    const location = done.headers.location
    return { status: done.statusCode, location: typeof location === 'string' ? location : undefined }
  }

  const refused = [
    '/..//evil.example',
    '/.//evil.example',
    '/a/..//evil.example',
    '/a/b/../..//evil.example',
    '/a/../../..//evil.example',
    '/%2e%2e//evil.example',
    '/%2E%2E//evil.example',
    '/.%2e//evil.example',
    '/%2e//evil.example',
    '/..%2F/evil.example',
    '/..%2f%2fevil.example',
    '/%252e%252e//evil.example',
    '/%2F/evil.example',
    '/%5Cevil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '//evil.example',
    '/\\evil.example',
    '/\uff0fevil.example',
    '/%EF%BC%8Fevil.example',
    '/\uff3cevil.example',
    '/\ufe68evil.example',
    '/\uff0e\uff0e//evil.example',
    '/\uff05\uff12\uff45\uff05\uff12\uff45//evil.example',
    '/%C0%AFevil.example',
    '/%C0%AE%C0%AE//evil.example',
    '/\u00a0/evil.example',
    '/\u3000/evil.example',
    'https://evil.example',
    'evil.example',
    `/${'a'.repeat(512)}`,
  ]
  for (const next of refused) {
    test(`refuses ${JSON.stringify(next.length > 40 ? `${next.slice(0, 20)}… (${next.length} characters)` : next)}`, async () => {
      assert.deepEqual(await signInWith(next), { status: 302, location: '/' })
    })
  }

  const kept: [string, string][] = [
    ['/home', '/home'],
    ['/a/../b', '/a/../b'],
    ['/a/./b?c=d#e', '/a/./b?c=d#e'],
    ['/%7Euser', '/%7Euser'],
    ['/..%2Fa', '/..%2Fa'],
    ['/%E2%82%AC', '/%E2%82%AC'],
    ['/€', '/%E2%82%AC'],
    ['/caf\u00e9?q=\u00e9#\u00e9', '/caf%C3%A9?q=%C3%A9#%C3%A9'],
    ['/\u0130stanbul', '/%C4%B0stanbul'],
    ['/\uff41', '/%EF%BD%81'],
    ['/../€', '/%E2%82%AC'],
    [`/${'€'.repeat(511)}`, `/${'%E2%82%AC'.repeat(511)}`],
  ]
  for (const [next, location] of kept) {
    const name = next.length > 40 ? `${next.slice(0, 20)}… (${next.length} characters)` : next
    test(`keeps ${JSON.stringify(name)} as ${JSON.stringify(location.slice(0, 40))}`, async () => {
      assert.deepEqual(await signInWith(next), { status: 302, location })
    })
  }

  test("the README's redirect answers 302, not 500, for a next of /€", async () => {
    assert.deepEqual(await signInWith('/€'), { status: 302, location: '/%E2%82%AC' })
  })

  test('for any next, the redirect stays on the origin, is ASCII and never starts with //', async () => {
    const pieces = fc.constantFrom(
      '/',
      '//',
      '\\',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2f',
      '%2F',
      '%5c',
      '%25',
      '%',
      '?',
      '#',
      '@',
      ':',
      '\t',
      '\n',
      ' ',
      '\u0000',
      'evil.example',
      'a',
      '€',
      '\u00e9',
      '\uff0f',
      '\uff0e',
      '\uff3c',
      '\u3002',
      '\u2028',
      '\ud800',
      '%E2%82%AC',
      '%C0%AF',
      '%EF%BC%8F',
    )
    const next = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ unit: 'binary-ascii', maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }).map((text) => `/${text}`),
      fc.webPath(),
      fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.array(pieces, { maxLength: 12 }).map((parts) => `/${parts.join('')}`),
    )
    let accepted = 0
    await fc.assert(
      fc.asyncProperty(next, async (candidate) => {
        const { status, location } = await signInWith(candidate)
        assert.equal(status, 302)
        assert.ok(location !== undefined)
        assert.match(location, /^\/[\x21-\x7e]*$/, 'an ASCII path')
        assert.ok(!location.startsWith('//'))
        const resolved = new URL(location, APP_ORIGIN)
        assert.equal(resolved.origin, APP_ORIGIN)
        assert.ok(!resolved.pathname.startsWith('//'), resolved.pathname)
        if (location !== '/') accepted++
      }),
      { numRuns: 300 },
    )
    assert.ok(accepted > 30, `${accepted} of 300 were kept: the property was not only tested on refusals`)
  })
})
