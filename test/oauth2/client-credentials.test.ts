/**
 * API.md §12: `clientCredentials()` (RFC 6749 §4.4) against oidc-provider, which issues client
 * credentials tokens and counts the token requests it answers: the token, its reuse by
 * sequential and concurrent calls, its renewal once it expires, scope variants kept apart, a
 * refused client, each client-authentication method, a `tokenCache` shared by two registries,
 * and an API call answered 401 with a kept token.
 */
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { OAuth, type OAuth2Token, OAuthError, type TokenCache } from 'oauth-consumer'
import { type ClientMetadata, type OAuth2Server, startOAuth2Provider } from 'oauth-consumer/testing'
import { startApp } from '../helpers/app.js'
import { assertClassAgrees } from '../helpers/error-classes.js'
import { type FaultServer, sendJson, startFaultServer } from '../helpers/fault-server.js'

const SECRET = 'machine-client-secret-that-is-long-enough-0123456789'
const key = generateKeyPairSync('ec', { namedCurve: 'P-256' })

function machine(id: string, extra: Partial<ClientMetadata> = {}): ClientMetadata {
  return {
    client_id: id,
    client_secret: SECRET,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
    ...extra,
  }
}

let provider: OAuth2Server

before(async () => {
  provider = await startOAuth2Provider({
    clients: [
      machine('basic'),
      machine('post', { token_endpoint_auth_method: 'client_secret_post' }),
      machine('hs256', { token_endpoint_auth_method: 'client_secret_jwt' }),
      {
        client_id: 'signed',
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: 'k1' }] },
      },
    ],
  })
})
after(() => provider.close())

function app(oauth: OAuth, name = 'basic', options: Record<string, unknown> = {}) {
  return oauth.remoteApp(name, {
    issuer: provider.issuer,
    clientId: name,
    clientSecret: SECRET,
    tokenEndpointAuthMethod: 'client_secret_basic',
    ...options,
  })
}

describe('clientCredentials against oidc-provider', () => {
  test('a token for the app, then the same token for ten sequential calls: one token request', async () => {
    const remote = app(new OAuth())
    const before = provider.tokenRequests
    const first = await remote.clientCredentials({ scope: 'openid' })
    assert.equal(first.token_type?.toLowerCase(), 'bearer')
    assert.ok(first.access_token.length > 10)
    assert.equal(typeof first.expires_at, 'number')
    for (let i = 0; i < 10; i++)
      assert.equal((await remote.clientCredentials({ scope: 'openid' })).access_token, first.access_token)
    assert.equal(provider.tokenRequests - before, 1)
  })

  test('ten concurrent calls share one request; scope in another order is the same token', async () => {
    const remote = app(new OAuth())
    const before = provider.tokenRequests
    const tokens = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        remote.clientCredentials({ scope: i % 2 === 0 ? 'openid profile' : ['profile', 'openid'] }),
      ),
    )
    assert.equal(new Set(tokens.map((token) => token.access_token)).size, 1)
    assert.equal(provider.tokenRequests - before, 1)
  })

  test('scope and params variants are kept apart', async () => {
    const remote = app(new OAuth())
    const before = provider.tokenRequests
    const a = await remote.clientCredentials({ scope: 'openid' })
    const b = await remote.clientCredentials({ scope: 'openid profile' })
    const c = await remote.clientCredentials({ scope: 'openid', params: { audience: 'reports' } })
    assert.equal(new Set([a.access_token, b.access_token, c.access_token]).size, 3)
    assert.equal(provider.tokenRequests - before, 3)
  })

  test('a token is renewed once it is within refreshSkew of expiring', async () => {
    const remote = app(new OAuth(), 'basic', { refreshSkew: 3597 })
    const before = provider.tokenRequests
    const first = await remote.clientCredentials()
    // oidc-provider's tokens live an hour: with a skew of 3597 s, one is kept for about two seconds.
    assert.equal((await remote.clientCredentials()).access_token, first.access_token)
    await sleep(3_100)
    const second = await remote.clientCredentials()
    assert.notEqual(second.access_token, first.access_token)
    assert.equal(provider.tokenRequests - before, 2)
  })

  test('a refused client is OAUTH_TOKEN_REQUEST_FAILED with invalid_client, and nothing is kept', async () => {
    const remote = app(new OAuth(), 'basic', { clientSecret: 'wrong-secret-of-the-right-length-0123456789' })
    const before = provider.tokenRequests
    for (let i = 0; i < 2; i++) {
      await assert.rejects(remote.clientCredentials(), (error) => {
        assert.ok(error instanceof OAuthError)
        assert.equal(error.code, 'OAUTH_TOKEN_REQUEST_FAILED')
        assert.equal((error.data as { error?: string } | undefined)?.error, 'invalid_client')
        assertClassAgrees(error)
        return true
      })
    }
    assert.equal(provider.tokenRequests - before, 2, 'a failure is asked again, never kept')
  })

  test('every client authentication method', async () => {
    const oauth = new OAuth()
    const methods = [
      app(oauth, 'basic'),
      app(oauth, 'post', { tokenEndpointAuthMethod: 'client_secret_post' }),
      app(oauth, 'hs256', { tokenEndpointAuthMethod: 'client_secret_jwt' }),
      oauth.remoteApp('signed', {
        issuer: provider.issuer,
        clientId: 'signed',
        tokenEndpointAuthMethod: 'private_key_jwt',
        clientPrivateKey: key.privateKey,
        clientKeyId: 'k1',
      }),
    ]
    for (const remote of methods) {
      const token = await remote.clientCredentials()
      assert.ok(token.access_token, remote.name)
    }
  })

  test('a tokenCache shared by two registries: one request for both', async () => {
    const store = new Map<string, { token: OAuth2Token; ttl: number }>()
    const cache: TokenCache = {
      get: async (k) => store.get(k)?.token,
      set: async (k, token, ttl) => {
        assert.ok(ttl > 3000 && ttl <= 3600 - 60, `ttl ${ttl}: the token's lifetime less refreshSkew`)
        store.set(k, { token, ttl })
      },
    }
    const before = provider.tokenRequests
    const one = await app(new OAuth({ tokenCache: cache })).clientCredentials({ scope: 'openid' })
    const two = await app(new OAuth({ tokenCache: cache })).clientCredentials({ scope: 'openid' })
    assert.equal(two.access_token, one.access_token)
    assert.equal(provider.tokenRequests - before, 1)
    assert.equal(store.size, 1)
    const [stored] = store.keys()
    assert.match(stored ?? '', /^oauth-consumer:client-credentials:[\w-]{43}$/, 'the key names no secret')
  })
})

test('a tokenCache that fails costs a token request, never the call', async () => {
  const failing: TokenCache = {
    get: async () => {
      throw new Error('store down')
    },
    set: () => {
      throw new Error('store down')
    },
  }
  const remote = app(new OAuth({ tokenCache: failing }))
  const before = provider.tokenRequests
  const one = await remote.clientCredentials({ scope: 'openid' })
  const two = await remote.clientCredentials({ scope: 'openid' })
  assert.ok(one.access_token && two.access_token)
  assert.equal(provider.tokenRequests - before, 2)
})

test("a tokenCache's lock: two registries that miss at once make one request; a lock that fails costs one of its own", async () => {
  const store = new Map<string, OAuth2Token>()
  const waiting: (() => void)[] = []
  let held = false
  const locks: number[] = []
  const cache: TokenCache = {
    get: (k) => store.get(k),
    set: (k, token) => {
      store.set(k, token)
    },
    // One holder at a time; a waiter answers what the holder stored.
    lock: async (k, fetch, { timeoutMs }) => {
      locks.push(timeoutMs)
      if (held) {
        await new Promise<void>((resolve) => waiting.push(resolve))
        return store.get(k)
      }
      held = true
      try {
        return await fetch()
      } finally {
        held = false
        for (const wake of waiting.splice(0)) wake()
      }
    },
  }
  const before = provider.tokenRequests
  const [one, two] = await Promise.all([
    app(new OAuth({ tokenCache: cache, timeout: 3210 })).clientCredentials({ scope: 'openid' }),
    app(new OAuth({ tokenCache: cache, timeout: 3210 })).clientCredentials({ scope: 'openid' }),
  ])
  assert.equal(two.access_token, one.access_token)
  assert.equal(provider.tokenRequests - before, 1)
  assert.deepEqual(locks, [3210, 3210])

  const broken: TokenCache = {
    get: () => undefined,
    set: () => {},
    lock: async () => {
      throw new Error('store down')
    },
  }
  const mid = provider.tokenRequests
  const three = await app(new OAuth({ tokenCache: broken })).clientCredentials({ scope: 'openid' })
  assert.ok(three.access_token)
  assert.equal(provider.tokenRequests - mid, 1)
})

describe('clientCredentials and API calls', () => {
  let server: FaultServer
  let issued = 0
  let refuse: string | undefined
  before(async () => {
    server = await startFaultServer({
      '/token': (_req, res) =>
        sendJson(res, 200, { access_token: `app-token-${++issued}`, token_type: 'Bearer', expires_in: 3600 }),
      '/api/reports': (req, res) =>
        req.headers.authorization === `Bearer ${refuse}`
          ? sendJson(res, 401, { error: 'invalid_token' })
          : sendJson(res, 200, { seen: req.headers.authorization }),
    })
  })
  after(() => server.close())

  function reports() {
    return new OAuth().remoteApp('reports', {
      clientId: 'reports-job',
      clientSecret: SECRET,
      authorizeUrl: `${server.url}/authorize`,
      accessTokenUrl: `${server.url}/token`,
      baseUrl: `${server.url}/api/`,
    })
  }

  test('an API call answered 401 with a kept token drops it and asks once more', async () => {
    const api = reports()
    const token = await api.clientCredentials({ scope: 'reports:read' })
    refuse = token.access_token
    const answer = await api.get<{ seen: string }>('reports', { token })
    assert.equal(answer.status, 200)
    assert.equal(answer.data.seen, `Bearer app-token-${issued}`)
    assert.notEqual(answer.data.seen, `Bearer ${token.access_token}`)
    // The kept token is the new one now.
    assert.equal((await api.clientCredentials({ scope: 'reports:read' })).access_token, `app-token-${issued}`)
    const requests = server.requests.filter((request) => request.path === '/token')
    assert.equal(requests.at(-1)?.form.get('grant_type'), 'client_credentials')
    assert.equal(requests.at(-1)?.form.get('scope'), 'reports:read')
  })

  test('calls asked again are answered from the kept tokens, each variant its own; bad values are still refused', async () => {
    const api = reports()
    const tokenRequests = () => server.requests.filter((request) => request.path === '/token').length
    const before = tokenRequests()
    const calls = [
      () => api.clientCredentials({ scope: 'reports:read' }),
      () => api.clientCredentials({ scope: ['reports:read'] }),
      () => api.clientCredentials({ scope: 'reports:read', params: { audience: 'a' } }),
      () => api.clientCredentials({ scope: 'reports:read', params: { audience: 'b' } }),
      () => api.clientCredentials({ scope: ['reports:read', 'reports:write'] }),
      () => api.clientCredentials({ scope: ['reports:read reports:write'] }),
    ]
    const first = []
    for (const call of calls) first.push((await call()).access_token)
    for (let round = 0; round < 3; round++) {
      for (const [index, call] of calls.entries()) assert.equal((await call()).access_token, first[index])
    }
    // The string and the one-item array name the same scope; every other call is a token of its own.
    assert.equal(first[1], first[0])
    assert.equal(new Set(first).size, 5)
    assert.equal(tokenRequests() - before, 5)
    const audiences = server
      .to('/token')
      .slice(-5)
      .map((request) => request.form.get('audience'))
    assert.deepEqual(audiences, [null, 'a', 'b', null, null])

    // Values that look like ones asked before, but are not strings, are refused as on a first call.
    await assert.rejects(
      api.clientCredentials({ scope: 'reports:read', params: { audience: 1 as unknown as string } }),
      {
        code: 'OAUTH_INVALID_ARGUMENT',
      },
    )
    await assert.rejects(api.clientCredentials({ scope: [3 as unknown as string] }), { code: 'OAUTH_INVALID_ARGUMENT' })
    await api.clientCredentials({ scope: ['3'] })
    for (const scope of [[3], [new String('3')]] as unknown as string[][])
      await assert.rejects(api.clientCredentials({ scope }), { code: 'OAUTH_INVALID_ARGUMENT' })
  })

  test('an app only for client credentials needs no authorizeUrl; a sign-in with it says what is missing', async (t) => {
    const oauth = new OAuth()
    const api = oauth.remoteApp('m2m', {
      clientId: 'reports-job',
      clientSecret: SECRET,
      accessTokenUrl: `${server.url}/token`,
      baseUrl: `${server.url}/api/`,
    })
    assert.match((await api.clientCredentials()).access_token, /^app-token-/)
    const web = await startApp(oauth, (app) => {
      app.get('/login', (_request, reply) => api.authorize(reply, { callback: '/callback' }))
    })
    t.after(() => web.close())
    const res = await fetch(`${web.url}/login`, { redirect: 'manual' })
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), {
      error: 'OAUTH_INVALID_OPTIONS',
      message:
        'Remote app "m2m" has no "authorizeUrl": give it to sign users in (an app without one only calls clientCredentials() or deviceAuthorization())',
    })
  })

  test('a token without expires_in is used, not kept', async (t) => {
    const bare = await startFaultServer({
      '/token': (_req, res) => sendJson(res, 200, { access_token: `bare-${++issued}`, token_type: 'Bearer' }),
    })
    t.after(() => bare.close())
    const api = new OAuth().remoteApp('bare', {
      clientId: 'c',
      clientSecret: SECRET,
      authorizeUrl: `${bare.url}/authorize`,
      accessTokenUrl: `${bare.url}/token`,
    })
    const one = await api.clientCredentials()
    const two = await api.clientCredentials()
    assert.notEqual(one.access_token, two.access_token)
  })

  test('bad options are OAUTH_INVALID_ARGUMENT; an OAuth 1.0a app has no client credentials', async () => {
    const api = reports()
    await assert.rejects(api.clientCredentials({ scope: 3 as unknown as string }), { code: 'OAUTH_INVALID_ARGUMENT' })
    await assert.rejects(api.clientCredentials({ params: { a: 1 as unknown as string } }), {
      code: 'OAUTH_INVALID_ARGUMENT',
    })
    const oauth1 = new OAuth().remoteApp('one', {
      consumerKey: 'k',
      consumerSecret: 's',
      requestTokenUrl: `${server.url}/rt`,
      accessTokenUrl: `${server.url}/at`,
      authorizeUrl: `${server.url}/a`,
    })
    await assert.rejects(oauth1.clientCredentials(), {
      code: 'OAUTH_INVALID_ARGUMENT',
      message: 'clientCredentials() is for OAuth 2.0 apps; "one" is not one',
    })
  })
})
