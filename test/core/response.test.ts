import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'
import {
  OAuth,
  OAuthError,
  OAuthResponse,
  OAuthResponseError,
  type RemoteApp,
  type RemoteAppOptions,
  type SharedOptions,
  VERSION,
} from 'oauth-consumer'
import { request as undiciRequest } from 'undici'
import { startApp } from '../helpers/app.js'
import {
  type FaultServer,
  type RecordedRequest,
  send,
  sendChunked,
  sendJson,
  startFaultServer,
} from '../helpers/fault-server.js'

const TOKEN = 'api-token-0123456789'
const BINARY = Buffer.from([0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0xff])
// 0xff is not UTF-8: rawData must keep it, data cannot.
const NOT_UTF8 = Buffer.concat([Buffer.from('caf'), Buffer.from([0xc3, 0xa9, 0xff])])

/** Released by the raw-stream test once it holds the response. */
let releaseStream: () => void = () => {}

let api: FaultServer
const flakySeen = new Set<string>()

before(async () => {
  const fixed = (status: number, contentType: string | undefined, body: string | Buffer) =>
    ((_req, res) => send(res, status, contentType, body)) satisfies Parameters<typeof startFaultServer>[0][string]
  api = await startFaultServer({
    '/api/json': fixed(200, 'application/json; charset=utf-8', '{"a":1,"b":[true,null],"c":"é"}'),
    '/api/vnd': fixed(200, 'application/vnd.github+json; charset=utf-8', '[{"login":"octocat","id":1}]'),
    '/api/problem': fixed(404, 'application/problem+json', '{"title":"Not Found","status":404}'),
    '/api/js': fixed(200, 'text/javascript', '{"callback":false}'),
    '/api/form': fixed(200, 'application/x-www-form-urlencoded', 'a=1&b=two+words&a=3&__proto__=x&empty='),
    '/api/xml': fixed(
      200,
      'application/xml; charset=utf-8',
      '<?xml version="1.0"?><user id="7"><name>Ann</name><tag>a</tag><tag>b</tag></user>',
    ),
    '/api/xml-entities': fixed(200, 'application/xml', '<user><name>Ann &amp; Bob &lt;3</name></user>'),
    '/api/text-xml': fixed(200, 'text/xml', '<ok status="fine">yes</ok>'),
    '/api/atom': fixed(
      200,
      'application/atom+xml',
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>1</id></entry></feed>',
    ),
    '/api/text': fixed(200, 'text/plain; charset=utf-8', 'héllo, world'),
    '/api/html': fixed(200, 'text/html', '<!doctype html><p>hi</p>'),
    '/api/octet': fixed(200, 'application/octet-stream', BINARY),
    '/api/png': fixed(200, 'image/png', BINARY),
    '/api/untyped': fixed(200, undefined, BINARY),
    '/api/not-utf8': fixed(200, 'text/plain', NOT_UTF8),
    '/api/bad-json': fixed(200, 'application/json', '{"a": nope}'),
    '/api/bad-xml': fixed(200, 'application/xml', '<a><b></a>'),
    '/api/empty-json': fixed(200, 'application/json', ''),
    '/api/no-content': (_req, res) => {
      res.writeHead(204)
      res.end()
    },
    '/api/headers': fixed(200, 'text/plain', 'ok'),
    '/api/multi-headers': (_req, res) => {
      res.setHeader('X-Custom-Header', 'Value')
      res.setHeader('X-Multi', ['one', 'two'])
      res.setHeader('Set-Cookie', ['a=1', 'b=2'])
      send(res, 200, 'text/plain', 'ok')
    },
    '/api/status': (_req, res, recorded) => {
      const status = Number(recorded.query.get('code') ?? 200)
      if (status === 204 || status === 304) {
        res.writeHead(status)
        res.end()
      } else sendJson(res, status, { status })
    },
    '/api/echo': (_req, res) => sendJson(res, 200, { echoed: true }),
    '/api/v3/user': (_req, res) => sendJson(res, 401, { message: 'Bad credentials' }),
    '/api/expired': (_req, res) =>
      sendJson(res, 400, { error: 'invalid_token', error_description: 'The access token expired' }),
    '/api/refused': (_req, res) => sendJson(res, 403, { error: 'insufficient_scope' }),
    '/api/down': fixed(503, 'text/plain', 'Down for\r\nmaintenance'),
    '/api/long-error': fixed(500, 'text/plain', 'x'.repeat(500)),
    '/api/html-error': fixed(502, 'text/html', '<html><body>Bad gateway</body></html>'),
    '/api/list-fails': (_req, res) => sendJson(res, 500, { message: 'Listing is broken' }),
    // 503 with Retry-After: 0 the first time a key is seen, 200 after that.
    '/api/flaky': (_req, res, recorded) => {
      const key = recorded.query.get('key') ?? ''
      if (flakySeen.has(key)) sendJson(res, 200, { key })
      else {
        flakySeen.add(key)
        send(res, 503, 'application/json', '{"error":"busy"}', { 'retry-after': '0' })
      }
    },
    '/api/hang': () => {},
    '/api/slow-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('{"partial":')
    },
    '/api/big': fixed(200, 'text/plain', 'x'.repeat(2000)),
    '/api/big-chunked': (_req, res) => sendChunked(res, 'text/plain', 256 * 1024),
    '/api/stream': async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-stream': 'yes' })
      res.write('first,')
      await new Promise<void>((resolve) => {
        releaseStream = resolve
      })
      res.end('second')
    },
  })
})

after(() => api.close())

function remoteApp(extra: Partial<RemoteAppOptions> = {}, shared: SharedOptions = {}): RemoteApp {
  return new OAuth(shared).remoteApp(
    'api',
    {
      baseUrl: `${api.url}/api/`,
      authorizeUrl: `${api.url}/authorize`,
      accessTokenUrl: `${api.url}/token`,
      clientId: 'id',
      clientSecret: 'secret',
      retries: 0,
      ...extra,
    },
    { register: false },
  )
}

/** The last request the API received, checking that the call made exactly one. */
async function recorded(call: () => Promise<unknown>): Promise<RecordedRequest> {
  const before = api.requests.length
  await call()
  assert.equal(api.requests.length, before + 1)
  const last = api.requests.at(-1)
  assert.ok(last)
  return last
}

describe('OAuthResponse decodes the body by its content type', () => {
  const remote = () => remoteApp()

  const decoded: readonly { path: string; type: string; data: unknown }[] = [
    { path: 'json', type: 'application/json', data: { a: 1, b: [true, null], c: 'é' } },
    { path: 'vnd', type: 'application/vnd.github+json (+json)', data: [{ login: 'octocat', id: 1 }] },
    { path: 'problem', type: 'application/problem+json with a 404', data: { title: 'Not Found', status: 404 } },
    { path: 'js', type: 'text/javascript', data: { callback: false } },
    {
      path: 'xml',
      type: 'application/xml',
      data: { '?xml': { '@_version': '1.0' }, user: { name: 'Ann', tag: ['a', 'b'], '@_id': '7' } },
    },
    { path: 'text-xml', type: 'text/xml', data: { ok: { '#text': 'yes', '@_status': 'fine' } } },
    {
      path: 'atom',
      type: 'application/atom+xml',
      data: { feed: { title: 'T', entry: { id: '1' }, '@_xmlns': 'http://www.w3.org/2005/Atom' } },
    },
    { path: 'text', type: 'text/plain', data: 'héllo, world' },
    { path: 'html', type: 'text/html', data: '<!doctype html><p>hi</p>' },
    { path: 'bad-json', type: 'invalid JSON labelled application/json: the text', data: '{"a": nope}' },
    { path: 'bad-xml', type: 'malformed XML: the text', data: '<a><b></a>' },
    { path: 'empty-json', type: 'an empty application/json body: the empty string', data: '' },
  ]
  for (const { path, type, data } of decoded) {
    test(type, async () => {
      const res = await remote().get(path, { token: TOKEN })
      assert.ok(res instanceof OAuthResponse)
      assert.deepEqual(res.data, data)
    })
  }

  test('XML character entities are decoded', async () => {
    const res = await remote().get('xml-entities', { token: TOKEN })
    assert.deepEqual(res.data, { user: { name: 'Ann & Bob <3' } })
  })

  test('application/x-www-form-urlencoded: an object, repeated keys as arrays, __proto__ as plain data', async () => {
    const res = await remote().get<Record<string, unknown>>('form', { token: TOKEN })
    assert.deepEqual(Object.entries(res.data), [
      ['a', ['1', '3']],
      ['b', 'two words'],
      ['__proto__', 'x'],
      ['empty', ''],
    ])
    assert.equal(Object.getOwnPropertyDescriptor(res.data, '__proto__')?.value, 'x')
  })

  for (const path of ['octet', 'png', 'untyped']) {
    test(`${path === 'untyped' ? 'no content type' : path}: the Buffer as received`, async () => {
      const res = await remote().get(path, { token: TOKEN })
      assert.ok(Buffer.isBuffer(res.data))
      assert.deepEqual(res.data, BINARY)
      assert.deepEqual(res.rawData, BINARY)
    })
  }

  test('rawData holds the exact bytes, even when data cannot', async () => {
    const res = await remote().get('not-utf8', { token: TOKEN })
    assert.ok(Buffer.isBuffer(res.rawData))
    assert.equal(Buffer.compare(res.rawData, NOT_UTF8), 0)
    assert.equal(res.data, 'café\ufffd')
  })

  test('a 204 has an empty body', async () => {
    const res = await remote().get('no-content', { token: TOKEN })
    assert.equal(res.status, 204)
    assert.equal(res.ok, true)
    assert.equal(res.rawData.length, 0)
    assert.deepEqual(res.data, Buffer.alloc(0))
  })

  test('headers have lower-case names; header() finds any case and the first of a repeated one', async () => {
    const res = await remote().get('multi-headers', { token: TOKEN })
    assert.equal(res.headers['x-custom-header'], 'Value')
    assert.equal(res.headers['X-Custom-Header'], undefined)
    assert.equal(res.header('X-CUSTOM-HEADER'), 'Value')
    assert.equal(res.header('content-type'), 'text/plain')
    assert.deepEqual(res.headers['set-cookie'], ['a=1', 'b=2'])
    assert.equal(res.header('Set-Cookie'), 'a=1')
    assert.equal(res.header('x-missing'), undefined)
    assert.ok(Object.keys(res.headers).every((name) => name === name.toLowerCase()))
  })

  for (const [status, ok] of [
    [200, true],
    [201, true],
    [299, true],
    [304, false],
    [302, false],
    [404, false],
    [500, false],
  ] as const) {
    test(`HTTP ${status}: ok is ${ok}, and the call resolves`, async () => {
      const res = await remote().get('status', { token: TOKEN, query: { code: status } })
      assert.equal(res.status, status)
      assert.equal(res.ok, ok)
    })
  }

  test('toJSON is status, headers and data', async () => {
    const res = await remote().get('json', { token: TOKEN })
    const json = JSON.parse(JSON.stringify(res)) as Record<string, unknown>
    assert.deepEqual(Object.keys(json), ['status', 'headers', 'data'])
    assert.deepEqual(json.data, { a: 1, b: [true, null], c: 'é' })
  })
})

describe('requests are encoded as the contract says', () => {
  test('a relative URL is joined with baseUrl; an absolute URL or a URL object stands alone', async () => {
    const remote = remoteApp({ baseUrl: `${api.url}/api/v3/` })
    assert.equal((await recorded(() => remote.get('user/repos', { token: TOKEN }))).url, '/api/v3/user/repos')
    assert.equal((await recorded(() => remote.get('/root', { token: TOKEN }))).url, '/root')
    assert.equal((await recorded(() => remote.get(`${api.url}/abs?x=1`, { token: TOKEN }))).url, '/abs?x=1')
    assert.equal((await recorded(() => remote.get(new URL(`${api.url}/obj`), { token: TOKEN }))).url, '/obj')
  })

  test("query is appended to the URL's own query; arrays repeat, null and undefined are left out", async () => {
    const request = await recorded(() =>
      remoteApp().get('search?q=a%20b&page=1', {
        token: TOKEN,
        query: { tag: ['x', 'y'], page: 2, flag: true, none: undefined, nil: null },
      }),
    )
    assert.equal(request.path, '/api/search')
    assert.deepEqual(
      [...request.query],
      [
        ['q', 'a b'],
        ['page', '1'],
        ['tag', 'x'],
        ['tag', 'y'],
        ['page', '2'],
        ['flag', 'true'],
      ],
    )
  })

  test('query may be URLSearchParams', async () => {
    const request = await recorded(() =>
      remoteApp().get('search', {
        token: TOKEN,
        query: new URLSearchParams([
          ['k', 'v1'],
          ['k', 'v2'],
        ]),
      }),
    )
    assert.equal(request.url, '/api/search?k=v1&k=v2')
  })

  test('a plain object is sent urlencoded by default', async () => {
    const request = await recorded(() =>
      remoteApp().post('echo', { token: TOKEN, data: { a: '1', b: ['x', 'y'], c: 3, d: true, e: undefined } }),
    )
    assert.equal(request.method, 'POST')
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded')
    assert.equal(request.body.toString(), 'a=1&b=x&b=y&c=3&d=true')
  })

  test("format: 'json' sends JSON", async () => {
    const request = await recorded(() =>
      remoteApp().put('echo', { token: TOKEN, data: { a: { b: [1, 'two'] } }, format: 'json' }),
    )
    assert.equal(request.method, 'PUT')
    assert.equal(request.headers['content-type'], 'application/json')
    assert.equal(request.body.toString(), '{"a":{"b":[1,"two"]}}')
  })

  test('a nested object without format json is refused before anything is sent', async () => {
    const before = api.requests.length
    await assert.rejects(remoteApp().post('echo', { token: TOKEN, data: { a: { b: 1 } } }), (error: unknown) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_INVALID_ARGUMENT')
      assert.equal(error.message, `request(): "data.a" is nested; send nested data with format: 'json'`)
      return true
    })
    assert.equal(api.requests.length, before)
  })

  test('a string or Buffer is sent as is, with contentType', async () => {
    const csv = await recorded(() =>
      remoteApp().patch('echo', { token: TOKEN, data: 'a,b\n1,2\n', contentType: 'text/csv' }),
    )
    assert.equal(csv.method, 'PATCH')
    assert.equal(csv.headers['content-type'], 'text/csv')
    assert.equal(csv.body.toString(), 'a,b\n1,2\n')

    const pdf = await recorded(() =>
      remoteApp().post('echo', { token: TOKEN, data: BINARY, contentType: 'application/pdf' }),
    )
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.equal(Buffer.compare(pdf.body, BINARY), 0)
  })

  test('a string or Buffer without contentType is text/plain or application/octet-stream', async () => {
    const text = await recorded(() => remoteApp().post('echo', { token: TOKEN, data: 'hello' }))
    assert.equal(text.headers['content-type'], 'text/plain; charset=utf-8')
    const bytes = await recorded(() => remoteApp().post('echo', { token: TOKEN, data: BINARY }))
    assert.equal(bytes.headers['content-type'], 'application/octet-stream')
  })

  test('GET data becomes the query, with no body', async () => {
    const request = await recorded(() =>
      remoteApp().get('echo?keep=1', { token: TOKEN, data: { a: '1', b: ['2', '3'] } }),
    )
    assert.equal(request.method, 'GET')
    assert.equal(request.url, '/api/echo?keep=1&a=1&b=2&b=3')
    assert.equal(request.body.length, 0)
    assert.equal(request.headers['content-type'], undefined)
  })

  test('delete sends DELETE', async () => {
    assert.equal((await recorded(() => remoteApp().delete('echo', { token: TOKEN }))).method, 'DELETE')
  })

  test('the token travels as Authorization: Bearer, never in the URL', async () => {
    // Without a refresh token, an expired token cannot be refreshed and is sent as it is.
    for (const token of [TOKEN, { access_token: TOKEN }, { access_token: TOKEN, expires_at: 0 }]) {
      const request = await recorded(() => remoteApp().get('echo', { token, query: { q: 1 } }))
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`)
      assert.ok(!request.url.includes(TOKEN))
      assert.equal(request.url, '/api/echo?q=1')
    }
  })

  test('a token with a line break is refused before anything is sent', async () => {
    const before = api.requests.length
    await assert.rejects(remoteApp().get('echo', { token: 'abc\r\nX-Injected: 1' }), { code: 'OAUTH_INVALID_ARGUMENT' })
    assert.equal(api.requests.length, before)
  })

  test('default headers: User-Agent oauth-consumer/<VERSION> and Accept JSON', async () => {
    const request = await recorded(() => remoteApp().get('echo', { token: TOKEN }))
    assert.equal(request.headers['user-agent'], `oauth-consumer/${VERSION}`)
    assert.equal(request.headers.accept, 'application/json, */*;q=0.5')
  })

  test("the app's headers, then the call's, each replacing the one before whatever its case", async () => {
    const remote = remoteApp({
      headers: { 'X-GitHub-Api-Version': '2022-11-28', Accept: 'application/vnd.github+json' },
    })
    const request = await recorded(() =>
      remote.get('echo', { token: TOKEN, headers: { 'x-github-api-version': '2024-01-01', 'X-Request-Id': 'r-1' } }),
    )
    assert.equal(request.headers['x-github-api-version'], '2024-01-01')
    assert.equal(request.headers.accept, 'application/vnd.github+json')
    assert.equal(request.headers['x-request-id'], 'r-1')
    assert.equal(request.headers['user-agent'], `oauth-consumer/${VERSION}`)
  })

  test('userAgent from the registry or the app', async () => {
    const shared = await recorded(() => remoteApp({}, { userAgent: 'my-app/1.0' }).get('echo', { token: TOKEN }))
    assert.equal(shared.headers['user-agent'], 'my-app/1.0')
    const own = await recorded(() =>
      remoteApp({ userAgent: 'mine/2.0' }, { userAgent: 'my-app/1.0' }).get('echo', { token: TOKEN }),
    )
    assert.equal(own.headers['user-agent'], 'mine/2.0')
  })

  test('a URL that is not http(s), or relative without baseUrl, is refused', async () => {
    await assert.rejects(remoteApp().get('ftp://example.test/x', { token: TOKEN }), {
      code: 'OAUTH_INVALID_ARGUMENT',
      message: 'request(): "url" is not an http(s) URL: "ftp://example.test/x"',
    })
    const noBase = new OAuth().remoteApp(
      'nobase',
      { authorizeUrl: `${api.url}/a`, accessTokenUrl: `${api.url}/t`, clientId: 'id', clientSecret: 's' },
      { register: false },
    )
    await assert.rejects(noBase.get('user', { token: TOKEN }), {
      code: 'OAUTH_INVALID_ARGUMENT',
      message: 'request(): "url" is not an http(s) URL and the app has no baseUrl: "user"',
    })
  })
})

describe('tokens from the tokengetter, through the plugin', () => {
  test('the tokengetter gets the current request; no token is a 401 OAUTH_NO_TOKEN and nothing is sent', async (t) => {
    const oauth = new OAuth()
    const remote = oauth.remoteApp('api', {
      baseUrl: `${api.url}/api/`,
      authorizeUrl: `${api.url}/authorize`,
      accessTokenUrl: `${api.url}/token`,
      clientId: 'id',
      clientSecret: 'secret',
    })
    const seen: string[] = []
    remote.tokengetter(async (request) => {
      seen.push(request.url)
      const header = request.headers['x-user-token']
      return typeof header === 'string' ? header : undefined
    })
    const app = await startApp(oauth, (fastify) => {
      fastify.get('/proxy', async () => {
        const res = await remote.get<{ echoed: boolean }>('echo')
        return { status: res.status, data: res.data }
      })
      fastify.get(
        '/missing',
        async () => (await remote.get('status', { query: { code: 404 }, throwHttpErrors: true })).data,
      )
    })
    t.after(() => app.close())

    const signedIn = await recorded(async () => {
      const res = await undiciRequest(`${app.url}/proxy`, { headers: { 'x-user-token': 'from-the-getter' } })
      assert.equal(res.statusCode, 200)
      assert.deepEqual(await res.body.json(), { status: 200, data: { echoed: true } })
    })
    assert.equal(signedIn.headers.authorization, 'Bearer from-the-getter')
    assert.deepEqual(seen, ['/proxy'])

    const before = api.requests.length
    const anonymous = await undiciRequest(`${app.url}/proxy`)
    assert.equal(anonymous.statusCode, 401)
    assert.deepEqual(await anonymous.body.json(), {
      error: 'OAUTH_NO_TOKEN',
      message: 'No token for "api": its tokengetter returned undefined for this request',
    })
    assert.equal(api.requests.length, before)

    const missing = await undiciRequest(`${app.url}/missing`, { headers: { 'x-user-token': 't' } })
    assert.equal(missing.statusCode, 502)
    assert.deepEqual(await missing.body.json(), {
      error: 'OAUTH_HTTP_ERROR',
      message: 'GET /api/status answered HTTP 404',
    })
  })

  test('an explicit token wins over the tokengetter', async () => {
    const remote = remoteApp()
    remote.tokengetter(() => 'from-getter')
    const request = await recorded(() => remote.get('echo', { token: 'explicit' }))
    assert.equal(request.headers.authorization, 'Bearer explicit')
  })

  test('outside a request, without a tokengetter, a call is OAUTH_NO_TOKEN (401) saying none is registered', async () => {
    const before = api.requests.length
    await assert.rejects(remoteApp().get('echo'), (error: unknown) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_NO_TOKEN')
      assert.equal(error.statusCode, 401)
      assert.equal(
        error.message,
        'No token for "api": no tokengetter is registered; give "token" or register one with tokengetter()',
      )
      return true
    })
    assert.equal(api.requests.length, before)
  })

  test('a tokengetter given the request that returns null is named as the cause', async () => {
    const remote = remoteApp()
    remote.tokengetter(() => null)
    await assert.rejects(remote.get('echo', { request: {} as never }), {
      code: 'OAUTH_NO_TOKEN',
      message: 'No token for "api": its tokengetter returned null for this request',
    })
  })
})

describe('throwHttpErrors', () => {
  function assertHttpError(status: number) {
    return (error: unknown) => {
      assert.ok(error instanceof OAuthResponseError)
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_HTTP_ERROR')
      assert.equal(error.statusCode, 502)
      assert.equal(error.message, `GET /api/status answered HTTP ${status}`)
      assert.equal(error.response.status, status)
      assert.equal(error.response.ok, false)
      assert.deepEqual(error.response.data, { status })
      return true
    }
  }

  test('off by default: a 404 resolves; on for one call it throws OAuthResponseError with the response', async () => {
    const remote = remoteApp()
    assert.equal((await remote.get('status', { token: TOKEN, query: { code: 404 } })).status, 404)
    await assert.rejects(
      remote.get('status', { token: TOKEN, query: { code: 404 }, throwHttpErrors: true }),
      assertHttpError(404),
    )
  })

  test('on for the app (or the registry): non-2xx throws, a call may turn it off, 2xx resolves', async () => {
    for (const remote of [remoteApp({ throwHttpErrors: true }), remoteApp({}, { throwHttpErrors: true })]) {
      await assert.rejects(remote.get('status', { token: TOKEN, query: { code: 500 } }), assertHttpError(500))
      await assert.rejects(remote.get('status', { token: TOKEN, query: { code: 302 } }), assertHttpError(302))
      const off = await remote.get('status', { token: TOKEN, query: { code: 409 }, throwHttpErrors: false })
      assert.equal(off.status, 409)
      assert.equal((await remote.get('status', { token: TOKEN, query: { code: 201 } })).status, 201)
    }
  })
})

describe("OAUTH_HTTP_ERROR names the call and the provider's own message", () => {
  async function messageOf(call: Promise<unknown>): Promise<string> {
    const error = await call.then(
      () => assert.fail('the call resolved'),
      (caught: unknown) => caught,
    )
    assert.ok(error instanceof OAuthResponseError)
    assert.equal(error.code, 'OAUTH_HTTP_ERROR')
    return error.message
  }
  const strict = () => remoteApp({ throwHttpErrors: true })

  test('a JSON message, error_description or error, and the method, never the query', async () => {
    assert.equal(
      await messageOf(strict().get('v3/user', { token: TOKEN, query: { access_token: 'secret-in-query' } })),
      'GET /api/v3/user answered HTTP 401: Bad credentials',
    )
    assert.equal(
      await messageOf(strict().post('expired', { token: TOKEN, data: { a: '1' } })),
      'POST /api/expired answered HTTP 400: The access token expired',
    )
    assert.equal(
      await messageOf(strict().request('refused', { method: 'delete', token: TOKEN })),
      'DELETE /api/refused answered HTTP 403: insufficient_scope',
    )
  })

  test('a short text body on one line; a long one cut; an HTML page left out', async () => {
    assert.equal(
      await messageOf(strict().get('down', { token: TOKEN })),
      'GET /api/down answered HTTP 503: Down for maintenance',
    )
    assert.equal(
      await messageOf(strict().get('long-error', { token: TOKEN })),
      `GET /api/long-error answered HTTP 500: ${'x'.repeat(199)}…`,
    )
    assert.equal(await messageOf(strict().get('html-error', { token: TOKEN })), 'GET /api/html-error answered HTTP 502')
  })

  test('allPages and profile() name the page and the user-info URL that failed', async () => {
    assert.equal(
      await messageOf(remoteApp().request('list-fails?page=2', { allPages: true, token: TOKEN })),
      'GET /api/list-fails answered HTTP 500: Listing is broken',
    )
    assert.equal(
      await messageOf(remoteApp({ userInfoUrl: `${api.url}/api/v3/user` }).profile({ token: TOKEN })),
      'GET /api/v3/user answered HTTP 401: Bad credentials',
    )
  })
})

describe('limits', () => {
  test('maxResponseSize: a whole body over it, with its Content-Length, is OAUTH_RESPONSE_TOO_LARGE', async () => {
    await assert.rejects(remoteApp({ maxResponseSize: 1000 }).get('big', { token: TOKEN }), {
      code: 'OAUTH_RESPONSE_TOO_LARGE',
      statusCode: 502,
      message: 'The API sent more than 1000 bytes',
      endpoint: api.url,
    })
    // An error the library emits after rejecting would crash a real app: give it time to surface here.
    await new Promise((resolve) => setTimeout(resolve, 50))
  })

  test('maxResponseSize: a streamed body that grows past it (per call or from the registry)', async () => {
    await assert.rejects(remoteApp().get('big-chunked', { token: TOKEN, maxResponseSize: 100_000 }), {
      code: 'OAUTH_RESPONSE_TOO_LARGE',
      statusCode: 502,
      message: 'The API sent more than 100000 bytes',
      endpoint: api.url,
    })
    await assert.rejects(remoteApp({}, { maxResponseSize: 200_000 }).get('big-chunked', { token: TOKEN }), {
      code: 'OAUTH_RESPONSE_TOO_LARGE',
      message: 'The API sent more than 200000 bytes',
      endpoint: api.url,
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
  })

  test('maxResponseSize: a body of exactly the limit is accepted; a call may raise the limit', async () => {
    const exact = await remoteApp({ maxResponseSize: 2000 }).get('big', { token: TOKEN })
    assert.equal(exact.rawData.length, 2000)
    const raised = await remoteApp({ maxResponseSize: 10 }).get('big', { token: TOKEN, maxResponseSize: 5000 })
    assert.equal(raised.data, 'x'.repeat(2000))
  })

  test('timeout: no answer, or a body that stops coming, is OAUTH_TIMEOUT (504)', async () => {
    for (const path of ['hang', 'slow-body']) {
      const started = Date.now()
      await assert.rejects(remoteApp().get(path, { token: TOKEN, timeout: 200 }), {
        code: 'OAUTH_TIMEOUT',
        statusCode: 504,
        message: 'The API did not answer within 200 ms',
        endpoint: api.url,
      })
      const elapsed = Date.now() - started
      assert.ok(elapsed >= 180 && elapsed < 2000, `${path}: ${elapsed} ms`)
    }
    await assert.rejects(remoteApp({ timeout: 150 }).get('hang', { token: TOKEN }), {
      code: 'OAUTH_TIMEOUT',
      message: 'The API did not answer within 150 ms',
      endpoint: api.url,
    })
  })

  test('raw: true resolves at the headers with an unbuffered stream that maxResponseSize does not cut', async () => {
    const raw = await remoteApp({ maxResponseSize: 3 }).request('stream', { token: TOKEN, raw: true })
    // The server has sent only 'first,' and waits: resolving here shows nothing was buffered to the end.
    assert.equal(raw.status, 200)
    assert.equal(raw.ok, true)
    assert.equal(raw.headers['x-stream'], 'yes')
    assert.equal(raw.headers['content-type'], 'text/plain')
    assert.ok(!(raw instanceof OAuthResponse))
    releaseStream()
    const chunks: Buffer[] = []
    for await (const chunk of raw.body as AsyncIterable<Buffer>) chunks.push(chunk)
    assert.equal(Buffer.concat(chunks).toString(), 'first,second')
    assert.equal(api.to('/api/stream').at(-1)?.headers.authorization, `Bearer ${TOKEN}`)
  })

  test('raw: true with no headers in time is OAUTH_TIMEOUT', async () => {
    await assert.rejects(remoteApp().request('hang', { token: TOKEN, raw: true, timeout: 150 }), {
      code: 'OAUTH_TIMEOUT',
    })
  })
})

describe('retries', () => {
  test('an idempotent call is tried again after a 503 (default retries: 2)', async () => {
    const remote = new OAuth().remoteApp(
      'retrying',
      {
        baseUrl: `${api.url}/api/`,
        authorizeUrl: `${api.url}/authorize`,
        accessTokenUrl: `${api.url}/token`,
        clientId: 'id',
        clientSecret: 'secret',
      },
      { register: false },
    )
    const res = await remote.get<{ key: string }>('flaky', { token: TOKEN, query: { key: 'get' } })
    assert.equal(res.status, 200)
    assert.deepEqual(res.data, { key: 'get' })
    assert.equal(api.to('/api/flaky').filter((r) => r.query.get('key') === 'get').length, 2)
  })

  test('a POST, or an app with retries: 0, is not tried again', async () => {
    const post = await remoteApp({ retries: 2 }).post('flaky?key=post', { token: TOKEN, data: { a: '1' } })
    assert.equal(post.status, 503)
    const none = await remoteApp({ retries: 0 }).get('flaky', { token: TOKEN, query: { key: 'none' } })
    assert.equal(none.status, 503)
    for (const key of ['post', 'none']) {
      assert.equal(api.to('/api/flaky').filter((r) => r.query.get('key') === key).length, 1)
    }
  })
})

test('VERSION is the version in package.json', () => {
  const pkg = createRequire(import.meta.url)('oauth-consumer/package.json') as { name: string; version: string }
  assert.equal(pkg.name, 'oauth-consumer')
  assert.equal(VERSION, pkg.version)
  assert.match(VERSION, /^\d+\.\d+\.\d+(?:-[\w.]+)?$/)
})
