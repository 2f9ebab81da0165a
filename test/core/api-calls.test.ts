import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import {
  isReauthRequired,
  OAuth,
  type OAuth2Token,
  OAuthError,
  OAuthResponseError,
  parseLinkHeader,
  type RemoteAppOptions,
} from 'oauth-consumer'
import { Agent, type Dispatcher } from 'undici'

/**
 * A provider with a token endpoint that rotates refresh tokens and an API that pages, limits
 * rates and streams, on 127.0.0.1. Every request is counted by path.
 */
let server: Server
let url: string
const hits = new Map<string, number>()
const issued = new Set<string>(['access-0'])
let refreshes = 0
const validRefresh = new Set<string>(['refresh-0'])
let refreshDelay = 0
const oauth1Nonces: string[] = []

function count(path: string): number {
  return hits.get(path) ?? 0
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

function handle(req: IncomingMessage, body: string, res: ServerResponse) {
  const u = new URL(req.url ?? '/', url)
  hits.set(u.pathname, count(u.pathname) + 1)
  const bearer = req.headers.authorization?.replace(/^Bearer /, '')
  if (u.pathname === '/token') {
    const form = new URLSearchParams(body)
    const presented = form.get('refresh_token') ?? ''
    if (form.get('grant_type') !== 'refresh_token' || !validRefresh.has(presented)) {
      return json(res, 400, { error: 'invalid_grant', error_description: 'refresh token spent or unknown' })
    }
    validRefresh.delete(presented)
    refreshes++
    const token = {
      access_token: `access-${refreshes}`,
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: `refresh-${refreshes}`,
    }
    issued.add(token.access_token)
    validRefresh.add(token.refresh_token)
    setTimeout(() => json(res, 200, token), refreshDelay)
    return
  }
  if (
    u.pathname.startsWith('/api/') &&
    u.pathname !== '/api/oauth1-flaky' &&
    (bearer === undefined || !issued.has(bearer))
  ) {
    return json(res, 401, { message: 'Bad credentials' }, { 'www-authenticate': 'Bearer error="invalid_token"' })
  }
  switch (u.pathname) {
    case '/api/me':
      return json(res, 200, { token: bearer })
    case '/api/repos': {
      const page = Number(u.searchParams.get('page') ?? '1')
      const per = u.searchParams.get('per_page') ?? '2'
      const links = [
        page < 3 ? `<${url}/api/repos?page=${page + 1}&per_page=${per}>; rel="next"` : '',
        `<${url}/api/repos?page=3&per_page=${per}>; rel="last"`,
      ].filter(Boolean)
      return json(res, 200, [`repo-${page}a`, `repo-${page}b`], { link: links.join(', ') })
    }
    case '/api/search': {
      const page = Number(u.searchParams.get('page') ?? '1')
      const link = page < 2 ? `</api/search?q=x&page=${page + 1}>; rel="next"` : ''
      return json(
        res,
        200,
        { total_count: 3, incomplete_results: false, items: page < 2 ? [1, 2] : [3] },
        link ? { link } : {},
      )
    }
    case '/api/cursor': {
      const cursor = Number(u.searchParams.get('cursor') ?? '0')
      return json(res, 200, { values: [cursor], next_cursor: cursor < 2 ? cursor + 1 : null })
    }
    case '/api/limited-403': {
      const key = `l403:${u.searchParams.get('key')}`
      hits.set(key, count(key) + 1)
      if (count(key) === 1) return json(res, 403, { message: 'API rate limit exceeded' }, rateLimitReset())
      return json(res, 200, { attempt: count(key) })
    }
    case '/api/oauth1-flaky': {
      const nonce = /oauth_nonce="([^"]+)"/.exec(req.headers.authorization ?? '')?.[1] ?? ''
      oauth1Nonces.push(nonce)
      if (oauth1Nonces.length === 1) return json(res, 503, { message: 'try again' }, { 'retry-after': '0' })
      return json(res, 200, { nonces: oauth1Nonces })
    }
    case '/api/early-hints':
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' })
      return json(res, 200, { hinted: true })
    case '/api/stalled':
      // Answers nothing; the test closes the connection.
      return
    case '/api/elsewhere':
      return json(res, 200, [1], { link: '<https://evil.example/api/steal>; rel="next"' })
    case '/api/broken-page': {
      if (u.searchParams.get('page') === '2') return json(res, 500, { message: 'boom' })
      return json(res, 200, [1], { link: '</api/broken-page?page=2>; rel="next"' })
    }
    case '/api/limited': {
      const key = `limited:${u.searchParams.get('key')}`
      hits.set(key, count(key) + 1)
      if (count(key) === 1) {
        const after = u.searchParams.get('after') ?? '1'
        return json(
          res,
          429,
          { message: 'slow down' },
          after === 'github' ? rateLimitReset() : { 'retry-after': after },
        )
      }
      return json(res, 200, { attempt: count(key), at: Date.now() })
    }
    case '/api/download': {
      const size = Number(u.searchParams.get('bytes'))
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size })
      const chunk = Buffer.alloc(64 * 1024, 7)
      let sent = 0
      const pump = () => {
        while (sent < size) {
          const piece = size - sent >= chunk.length ? chunk : chunk.subarray(0, size - sent)
          sent += piece.length
          if (!res.write(piece)) {
            res.once('drain', pump)
            return
          }
        }
        res.end()
      }
      return pump()
    }
    default:
      return json(res, 404, { message: 'Not Found' })
  }
}

function rateLimitReset(): Record<string, string> {
  return { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) }
}

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => handle(req, Buffer.concat(chunks).toString(), res))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

after(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

function app(extra: Partial<RemoteAppOptions> = {}) {
  return new OAuth().remoteApp(
    'api',
    {
      baseUrl: `${url}/api/`,
      authorizeUrl: `${url}/authorize`,
      accessTokenUrl: `${url}/token`,
      clientId: 'id',
      clientSecret: 'secret',
      ...extra,
    },
    { register: false },
  )
}

describe('pagination', () => {
  test('paginate follows Link rel="next" through three pages', async () => {
    const pages: unknown[] = []
    for await (const page of app().paginate<string[]>('repos', { token: 'access-0', query: { per_page: 2 } })) {
      pages.push(page.data)
    }
    assert.deepEqual(pages, [
      ['repo-1a', 'repo-1b'],
      ['repo-2a', 'repo-2b'],
      ['repo-3a', 'repo-3b'],
    ])
  })

  test('allPages joins JSON arrays, with the last page status and headers', async () => {
    const all = await app().request<string>('repos', { allPages: true, token: 'access-0' })
    assert.deepEqual(all.data, ['repo-1a', 'repo-1b', 'repo-2a', 'repo-2b', 'repo-3a', 'repo-3b'])
    assert.equal(all.status, 200)
    assert.equal(parseLinkHeader(all.header('link')).has('next'), false)
  })

  test("allPages joins GitHub's search shape { items } (relative next links)", async () => {
    const all = await app().request('search?q=x', { allPages: true, token: 'access-0' })
    assert.deepEqual(all.data, [1, 2, 3])
  })

  test("getAll<Item>() resolves to every page's items, as get(url, { allPages: true }) does", async () => {
    const repos = await app().getAll<string>('repos', { token: 'access-0' })
    assert.deepEqual(repos, ['repo-1a', 'repo-1b', 'repo-2a', 'repo-2b', 'repo-3a', 'repo-3b'])
    assert.deepEqual(await app().getAll<number>('search?q=x', { token: 'access-0' }), [1, 2, 3])
    const viaGet = await app().get<string>('repos', { allPages: true, token: 'access-0' })
    assert.deepEqual(viaGet.data, repos)
    assert.equal(viaGet.status, 200)
  })

  test('maxPages bounds the pages fetched', async () => {
    const before = count('/api/repos')
    const all = await app().request('repos', { allPages: true, token: 'access-0', maxPages: 2 })
    assert.equal(all.data.length, 4)
    assert.equal(count('/api/repos') - before, 2)
    await assert.rejects(app().paginate('repos', { maxPages: 0 }).next(), { code: 'OAUTH_INVALID_ARGUMENT' })
  })

  test('nextPage sees the first URL with its query', async () => {
    const seen: string[] = []
    for await (const _page of app().paginate('cursor', {
      token: 'access-0',
      query: { limit: 5 },
      nextPage: (_response, url) => {
        seen.push(url.search)
        return undefined
      },
    })) {
      // One page: the strategy stops.
    }
    assert.deepEqual(seen, ['?limit=5'])
    await assert.rejects(
      new OAuth()
        .remoteApp('nobase', { authorizeUrl: `${url}/a`, accessTokenUrl: `${url}/t`, clientId: 'i', clientSecret: 's' })
        .paginate('relative')
        .next(),
      {
        code: 'OAUTH_INVALID_ARGUMENT',
      },
    )
  })

  test('a nextPage strategy for cursor APIs', async () => {
    const values: number[] = []
    const pages = app().paginate<{ values: number[]; next_cursor: number | null }>('cursor', {
      token: 'access-0',
      nextPage: (response, current) => {
        const next = (response.data as { next_cursor: number | null }).next_cursor
        if (next === null) return undefined
        const u = new URL(current)
        u.searchParams.set('cursor', String(next))
        return u
      },
    })
    for await (const page of pages) values.push(...page.data.values)
    assert.deepEqual(values, [0, 1, 2])
  })

  test('a next page on another origin is refused before the token goes there', async () => {
    await assert.rejects(app().request('elsewhere', { allPages: true, token: 'access-0' }), {
      code: 'OAUTH_INVALID_RESPONSE',
      message: /another origin \(https:\/\/evil\.example\)/,
    })
  })

  test('a failing page ends paginate after yielding it, and makes allPages throw OAuthResponseError', async () => {
    const statuses: number[] = []
    for await (const page of app().paginate('broken-page', { token: 'access-0' })) statuses.push(page.status)
    assert.deepEqual(statuses, [200, 500])
    await assert.rejects(app().request('broken-page', { allPages: true, token: 'access-0' }), (error: unknown) => {
      assert.ok(error instanceof OAuthResponseError)
      assert.equal(error.response.status, 500)
      return true
    })
  })
})

describe('refresh', () => {
  test('a token that expires mid-test is refreshed before the next call, and the tokenupdater is told', async () => {
    const remote = app({ refreshSkew: 0 })
    const updates: OAuth2Token[] = []
    remote.tokenupdater((token, request) => {
      assert.equal(request, undefined)
      updates.push(token)
    })
    const start = refreshes
    const rt = `refresh-${refreshes}`
    const token = {
      access_token: `access-${refreshes}`,
      refresh_token: rt,
      expires_at: Math.floor(Date.now() / 1000) + 1,
    }
    assert.equal((await remote.get<{ token: string }>('me', { token })).data.token, token.access_token)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const after = await remote.get<{ token: string }>('me', { token })
    assert.equal(refreshes, start + 1)
    assert.equal(after.data.token, `access-${refreshes}`)
    assert.equal(updates.length, 1)
    assert.equal(updates[0]?.refresh_token, `refresh-${refreshes}`, 'the rotated refresh token is handed over')
    assert.ok((updates[0]?.expires_at ?? 0) > Date.now() / 1000 + 3500)
  })

  test('concurrent calls with one expired token share one refresh, so a rotated refresh token is spent once', async () => {
    const remote = app()
    let told = 0
    remote.tokenupdater(() => {
      told++
    })
    const start = refreshes
    const stale = { access_token: 'gone', refresh_token: `refresh-${refreshes}`, expires_at: 0 }
    refreshDelay = 50
    try {
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => remote.get<{ token: string }>('me', { token: stale })),
      )
      assert.deepEqual(new Set(answers.map((a) => a.data.token)), new Set([`access-${start + 1}`]))
    } finally {
      refreshDelay = 0
    }
    assert.equal(refreshes, start + 1)
    assert.equal(told, 1)
  })

  test('a 401 triggers one refresh and one retry', async () => {
    const remote = app()
    const start = refreshes
    const before = count('/api/me')
    const res = await remote.get<{ token: string }>('me', {
      token: { access_token: 'revoked', refresh_token: `refresh-${refreshes}` },
    })
    assert.equal(res.status, 200)
    assert.equal(refreshes, start + 1)
    assert.equal(count('/api/me') - before, 2)
  })

  test('a call that still holds the spent refresh token gets its successor, not a second refresh', async () => {
    const remote = app()
    const start = refreshes
    const stale = { access_token: 'gone', refresh_token: `refresh-${refreshes}`, expires_at: 0 }
    const first = await remote.get<{ token: string }>('me', { token: stale })
    const late = await remote.get<{ token: string }>('me', { token: stale })
    assert.equal(refreshes, start + 1)
    assert.equal(late.data.token, first.data.token)
  })

  test('isReauthRequired: a refused refresh or a refused token needs a new sign-in; a network failure does not', async () => {
    const refused = await app()
      .get('me', { token: { access_token: 'x', refresh_token: 'refresh-spent', expires_at: 1 } })
      .catch((error: unknown) => error)
    assert.equal(isReauthRequired(refused), true)
    const unknownToken = await app()
      .get('me', { token: 'never-issued', throwHttpErrors: true })
      .catch((error: unknown) => error)
    assert.ok(unknownToken instanceof OAuthResponseError)
    assert.equal(isReauthRequired(unknownToken), true)
    const down = await app({ baseUrl: 'http://127.0.0.1:9/api/' })
      .get('me', { token: 'x', retries: 0 })
      .catch((error: unknown) => error)
    assert.ok(down instanceof OAuthError && down.code === 'OAUTH_NETWORK_ERROR')
    assert.equal(isReauthRequired(down), false)
    assert.equal(isReauthRequired(new Error('401')), false)
  })

  test('a spent refresh token is OAUTH_REFRESH_FAILED carrying the provider error', async () => {
    await assert.rejects(
      app().get('me', { token: { access_token: 'x', refresh_token: 'refresh-spent', expires_at: 1 } }),
      (error: unknown) => {
        assert.ok(error instanceof OAuthError)
        assert.equal(error.code, 'OAUTH_REFRESH_FAILED')
        assert.equal(error.statusCode, 401)
        assert.equal(error.data?.error, 'invalid_grant')
        assert.equal(error.data?.error_description, 'refresh token spent or unknown')
        return true
      },
    )
  })

  test('refreshLock is given a key that is not the token, and the refresh to run', async () => {
    const calls: { key: string; timeoutMs: number }[] = []
    const remote = app({
      timeout: 4321,
      refreshLock: async (key, refresh, { timeoutMs }) => {
        calls.push({ key, timeoutMs })
        return refresh()
      },
    })
    const rt = `refresh-${refreshes}`
    const res = await remote.get('me', { token: { access_token: 'old', refresh_token: rt, expires_at: 0 } })
    assert.equal(res.status, 200)
    // The documented key: SHA-256 over the token endpoint, the client id and the refresh token,
    // base64url; the call's time for waiting.
    assert.deepEqual(calls, [
      {
        key: createHash('sha256')
          .update(JSON.stringify([`${url}/token`, 'id', rt]))
          .digest('base64url'),
        timeoutMs: 4321,
      },
    ])
    assert.ok(!calls[0]?.key.includes(rt))
  })

  test('refreshLock keys differ between two apps holding the same refresh token', async () => {
    const keys: string[] = []
    const lock = async (key: string, refresh: () => Promise<OAuth2Token>) => {
      keys.push(key)
      return refresh()
    }
    const rt = `refresh-${refreshes}`
    await app({ refreshLock: lock }).get('me', { token: { access_token: 'a', refresh_token: rt, expires_at: 0 } })
    // Another client of the same provider: its own key for the same refresh token (refused there).
    await app({ refreshLock: lock, clientId: 'other' })
      .get('me', { token: { access_token: 'b', refresh_token: rt, expires_at: 0 } })
      .catch(() => undefined)
    assert.equal(keys.length, 2)
    assert.notEqual(keys[0], keys[1])
  })

  test('refreshToken() goes through refreshLock with the app timeout, and joins an automatic refresh under way', async () => {
    const calls: number[] = []
    const remote = app({
      timeout: 2500,
      refreshLock: async (_key, refresh, { timeoutMs }) => {
        calls.push(timeoutMs)
        return refresh()
      },
    })
    const start = refreshes
    const rt = `refresh-${refreshes}`
    refreshDelay = 150
    try {
      const [call, manual] = await Promise.all([
        remote.get<{ token: string }>('me', { token: { access_token: 'old', refresh_token: rt, expires_at: 0 } }),
        remote.refreshToken(rt),
      ])
      assert.equal(refreshes, start + 1, 'one refresh request for both')
      assert.equal(manual.access_token, call.data.token)
    } finally {
      refreshDelay = 0
    }
    assert.deepEqual(calls, [2500])
    // Once finished, refreshToken() asks again: the spent token is refused, as the provider says.
    await assert.rejects(remote.refreshToken(rt), (error: unknown) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_REFRESH_FAILED')
      return true
    })
  })

  test('an automatic refresh right after refreshToken() gets its token, not a second refresh', async () => {
    const remote = app()
    const start = refreshes
    const rt = `refresh-${refreshes}`
    const renewed = await remote.refreshToken(rt)
    const res = await remote.get<{ token: string }>('me', {
      token: { access_token: 'old', refresh_token: rt, expires_at: 0 },
    })
    assert.equal(refreshes, start + 1)
    assert.equal(res.data.token, renewed.access_token)
  })
})

describe('retries and rate limits', () => {
  test('Retry-After is honoured before the second attempt', async () => {
    const began = Date.now()
    const res = await app().get<{ attempt: number; at: number }>('limited', {
      token: 'access-0',
      query: { key: 'ra', after: '1' },
    })
    assert.equal(res.status, 200)
    assert.equal(res.data.attempt, 2)
    assert.ok(res.data.at - began >= 950, `waited ${res.data.at - began} ms`)
  })

  test("GitHub's x-ratelimit-reset is honoured when the remaining count is 0", async () => {
    const res = await app().get<{ attempt: number }>('limited', {
      token: 'access-0',
      query: { key: 'gh', after: 'github' },
    })
    assert.equal(res.status, 200)
    assert.equal(res.data.attempt, 2)
  })

  test('a wait longer than the timeout budget is not made: the 429 comes back at once', async () => {
    const began = Date.now()
    const res = await app({ timeout: 2000 }).get('limited', { token: 'access-0', query: { key: 'long', after: '30' } })
    assert.equal(res.status, 429)
    assert.ok(Date.now() - began < 1000)
  })

  test("GitHub's 403 with x-ratelimit-remaining: 0 is a rate limit, waited out", async () => {
    const res = await app().get<{ attempt: number }>('limited-403', { token: 'access-0', query: { key: 'a' } })
    assert.equal(res.status, 200)
    assert.equal(res.data.attempt, 2)
  })

  test('an OAuth 1.0a retry is signed again: no nonce is sent twice', async () => {
    const remote = new OAuth().remoteApp(
      'oauth1-retry',
      {
        baseUrl: `${url}/api/`,
        requestTokenUrl: `${url}/request_token`,
        accessTokenUrl: `${url}/access_token`,
        authorizeUrl: `${url}/authorize`,
        consumerKey: 'k',
        consumerSecret: 's',
      },
      { register: false },
    )
    const res = await remote.get<{ nonces: string[] }>('oauth1-flaky', { token: ['t', 'ts'] })
    assert.equal(res.status, 200)
    assert.equal(res.data.nonces.length, 2)
    assert.notEqual(res.data.nonces[0], res.data.nonces[1])
  })

  test('POST is retried only when the call asks', async () => {
    const once = await app().post('limited?key=post1&after=0', { token: 'access-0', data: { a: 1 } })
    assert.equal(once.status, 429)
    const asked = await app().post<{ attempt: number }>('limited?key=post2&after=0', {
      token: 'access-0',
      data: { a: 1 },
      retries: 1,
    })
    assert.equal(asked.status, 200)
    assert.equal(asked.data.attempt, 2)
  })
})

test('a 50 MB download streams with raw: true, past maxResponseSize, in flat memory', async () => {
  // Collected garbage is what a flat-memory claim is about: sample after a full collection.
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const remote = app({ maxResponseSize: 1024 * 1024 })
  const bytes = 50 * 1024 * 1024
  gc()
  const baseline = process.memoryUsage().arrayBuffers
  const res = await remote.request('download', { token: 'access-0', query: { bytes }, raw: true })
  assert.equal(res.status, 200)
  assert.equal(res.ok, true)
  let received = 0
  let nextSample = 0
  let peak = 0
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    received += chunk.length
    if (received >= nextSample) {
      gc()
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline)
      nextSample += 4 * 1024 * 1024
    }
  }
  assert.equal(received, bytes)
  assert.ok(peak < 8 * 1024 * 1024, `held up to ${Math.round(peak / 1024 / 1024)} MB`)
  // The same download buffered is refused at the size limit.
  await assert.rejects(remote.get('download', { token: 'access-0', query: { bytes } }), {
    code: 'OAUTH_RESPONSE_TOO_LARGE',
  })
})

describe('the HTTP layer', () => {
  test('a 103 Early Hints answer before the real one is passed over', async () => {
    const res = await app().get('early-hints', { token: 'access-0' })
    assert.equal(res.status, 200)
    assert.deepEqual(res.data, { hinted: true })
    assert.equal(res.headers.link, undefined)
  })

  test('a call waiting for a connection behind a stalled one still ends at its timeout', async () => {
    // One connection, taken by a call the provider never answers: the second call waits in the queue.
    const dispatcher = new Agent({ connections: 1, pipelining: 1 })
    try {
      const remote = app({ dispatcher, timeout: 1000, retries: 0 })
      // Settled into a value at once, so its rejection is never unhandled, whatever fails first.
      const stalled = remote.get('stalled', { token: 'access-0', timeout: 5000 }).catch((error: unknown) => error)
      const started = Date.now()
      await assert.rejects(remote.get('me', { token: 'access-0', timeout: 300 }), (error: unknown) => {
        assert.ok(error instanceof OAuthError)
        assert.equal(error.code, 'OAUTH_TIMEOUT')
        assert.match(error.message, /did not answer within 300 ms/)
        return true
      })
      const waited = Date.now() - started
      assert.ok(waited >= 250 && waited < 2000, `gave up after ${waited} ms`)
      server.closeAllConnections()
      const failure = await stalled
      assert.ok(failure instanceof OAuthError)
      assert.equal(failure.code, 'OAUTH_NETWORK_ERROR')
    } finally {
      await dispatcher.destroy()
    }
  })

  test('a dispatcher that throws is a network error, not a crash', async () => {
    const broken = new Agent()
    broken.dispatch = (_options: Dispatcher.DispatchOptions, _handler: Dispatcher.DispatchHandler): boolean => {
      throw new Error('no sockets today')
    }
    try {
      await assert.rejects(
        app({ dispatcher: broken, retries: 0 }).get('me', { token: 'access-0' }),
        (error: unknown) => {
          assert.ok(error instanceof OAuthError)
          assert.equal(error.code, 'OAUTH_NETWORK_ERROR')
          assert.equal((error.cause as Error).message, 'no sockets today')
          return true
        },
      )
    } finally {
      await broken.close()
    }
  })
})
