import assert from 'node:assert/strict'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { type CallbackCheck, OAuth, type OAuth2Token, OAuthError } from 'oauth-consumer'
import { startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

const CLIENT_SECRET = 'shpss-test-secret-0123456789abcdef'

/**
 * Shopify's check of the authorization callback, written from its documentation
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant,
 * "Verify the installation request" and "Validate authorization code"): drop `hmac`, sort the
 * other parameters by name, join them as `name=value` with `&`, HMAC-SHA256 with the client
 * secret; the hex digest must equal `hmac`, compared in constant time. `shop` must be a
 * `*.myshopify.com` host.
 */
const shopifyCheck: CallbackCheck = async (params, clientSecret) => {
  const { hmac, ...signed } = params
  if (hmac === undefined) return 'no hmac parameter'
  if (!/^[0-9a-f]{64}$/.test(hmac)) return 'a malformed hmac parameter'
  const message = Object.keys(signed)
    .sort()
    .map((name) => `${name}=${signed[name]}`)
    .join('&')
  const expected = createHmac('sha256', await clientSecret())
    .update(message)
    .digest()
  if (!timingSafeEqual(Buffer.from(hmac, 'hex'), expected)) return 'the hmac does not match'
  if (!/^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.com$/.test(signed.shop ?? '')) return 'shop is not a myshopify.com host'
  return undefined
}

/** The same check written carelessly: `timingSafeEqual` throws on inputs of unequal length. */
const carelessCheck: CallbackCheck = async (params, clientSecret) => {
  const { hmac = '', ...signed } = params
  const message = Object.keys(signed)
    .sort()
    .map((name) => `${name}=${signed[name]}`)
    .join('&')
  const expected = createHmac('sha256', await clientSecret())
    .update(message)
    .digest('hex')
  return timingSafeEqual(Buffer.from(hmac), Buffer.from(expected)) ? undefined : 'the hmac does not match'
}

/** Node's own message for `timingSafeEqual` on inputs of unequal length, whatever its version says. */
function unequalLengths(): string {
  try {
    timingSafeEqual(Buffer.from('a'), Buffer.from('ab'))
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('timingSafeEqual accepted inputs of unequal length')
}

/** What a JavaScript caller might write: `false` for "does not verify". */
const booleanCheck = (() => false) as unknown as CallbackCheck

function sign(params: URLSearchParams): string {
  const message = [...params]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  return createHmac('sha256', CLIENT_SECRET).update(message).digest('hex')
}

let provider: MockServer
let app: TestApp
/** How the provider's next redirect is changed after signing, as an attacker in the middle would. */
let tamper: (callback: URL) => void = () => {}

before(async () => {
  provider = await mockServer((req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/admin/oauth/authorize') {
      const target = new URL(url.searchParams.get('redirect_uri') ?? '')
      const params = new URLSearchParams({
        code: '0907a61c0c8d55e99db179b68161bc00',
        shop: 'some-shop.myshopify.com',
        state: url.searchParams.get('state') ?? '',
        timestamp: '1337178173',
        host: 'YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvc29tZS1zaG9w',
      })
      params.set('hmac', sign(params))
      target.search = params.toString()
      tamper(target)
      res.writeHead(302, { location: target.href, 'content-length': 0 })
      return res.end()
    }
    const text = JSON.stringify({ access_token: 'shpat-1', scope: 'read_products' })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    res.end(text)
  })
  const oauth = new OAuth({ timeout: 2000 })
  const checks: Record<string, CallbackCheck> = { shop: shopifyCheck, careless: carelessCheck, boolean: booleanCheck }
  // The secret as a function (§11): from a vault that answers, and from one that is down.
  const secrets: Record<string, string | (() => Promise<string>)> = {
    vaulted: async () => CLIENT_SECRET,
    'vault-down': async () => {
      throw new Error('vault unreachable')
    },
  }
  app = await startApp(oauth, (fastify: FastifyInstance) => {
    const apps = [
      ...Object.entries(checks).map(([name, callbackCheck]) => ({ name, callbackCheck, secret: secrets[name] })),
      ...Object.entries(secrets).map(([name, secret]) => ({ name, callbackCheck: shopifyCheck, secret })),
    ]
    for (const { name, callbackCheck, secret = CLIENT_SECRET } of apps) {
      const remote = oauth.remoteApp(name, {
        authorizeUrl: `${provider.url}/admin/oauth/authorize`,
        accessTokenUrl: `${provider.url}/admin/oauth/access_token`,
        clientId: 'client-1',
        clientSecret: secret,
        scopeSeparator: ',',
        callbackCheck,
      })
      fastify.get(`/${name}/login`, (_request, reply) => remote.authorize(reply, { callback: `/${name}/callback` }))
      fastify.get(
        `/${name}/callback`,
        remote.authorizedHandler(async (resp) => ({ resp })),
      )
    }
  })
})

after(async () => {
  await app.close()
  await provider.close()
})

/** Signs in through `name`; the page the callback answers, and how many token requests were made. */
async function signIn(name: string) {
  const browser = new Browser()
  const start = await browser.get(`${app.url}/${name}/login`)
  const before = provider.requests.length
  const redirected = await fetch(start.location ?? '', { redirect: 'manual' })
  const page = await browser.get(redirected.headers.get('location') ?? '')
  const tokenRequests = provider.requests.slice(before).filter((r) => r.url.startsWith('/admin/oauth/access_token'))
  return { page, tokenRequests: tokenRequests.length }
}

test("the check written from Shopify's documentation accepts the documentation's own example", async () => {
  // The example query and secret ("hush") of Shopify's documentation of the HMAC check.
  const query = new URLSearchParams(
    'code=0907a61c0c8d55e99db179b68161bc00&hmac=700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173',
  )
  assert.equal(await shopifyCheck(Object.fromEntries(query), async () => 'hush'), undefined)
  assert.equal(await shopifyCheck(Object.fromEntries(query), async () => 'not-hush'), 'the hmac does not match')
})

describe('callbackCheck runs before any token request', () => {
  test('a callback that verifies signs in', async () => {
    tamper = () => {}
    const { page, tokenRequests } = await signIn('shop')
    assert.equal(page.status, 200, page.text)
    const resp = page.json<{ resp: OAuth2Token }>().resp
    assert.equal(resp.access_token, 'shpat-1')
    assert.deepEqual(resp.callbackParams, {
      shop: 'some-shop.myshopify.com',
      timestamp: '1337178173',
      host: 'YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvc29tZS1zaG9w',
      hmac: resp.callbackParams?.hmac ?? '',
    })
    assert.equal(tokenRequests, 1)
  })

  const refusals: { why: string; app: string; tamper: (callback: URL) => void; reason: string }[] = [
    {
      why: 'a shop changed after signing',
      app: 'shop',
      tamper: (callback) => callback.searchParams.set('shop', 'attacker.myshopify.com'),
      reason: 'the hmac does not match',
    },
    {
      why: 'a parameter added after signing',
      app: 'shop',
      tamper: (callback) => callback.searchParams.append('extra', '1'),
      reason: 'the hmac does not match',
    },
    {
      why: 'no hmac',
      app: 'shop',
      tamper: (callback) => callback.searchParams.delete('hmac'),
      reason: 'no hmac parameter',
    },
    {
      why: 'a check that throws on a short hmac',
      app: 'careless',
      tamper: (callback) => callback.searchParams.set('hmac', 'abc'),
      reason: `the check threw: ${unequalLengths()}`,
    },
    {
      why: 'a check that answers false',
      app: 'boolean',
      tamper: () => {},
      reason: 'the check answered false',
    },
  ]
  for (const refusal of refusals) {
    test(`${refusal.why} is OAUTH_STATE_MISMATCH, and no token request is made`, async () => {
      tamper = refusal.tamper
      const { page, tokenRequests } = await signIn(refusal.app)
      assert.equal(page.status, 400, page.text)
      assert.deepEqual(page.json(), {
        error: 'OAUTH_STATE_MISMATCH',
        message: `The callback does not verify: ${refusal.reason}`,
      })
      assert.equal(tokenRequests, 0)
    })
  }
})

describe('callbackCheck with the client secret as a function', () => {
  test("the check is given the function's secret", async () => {
    tamper = () => {}
    const { page, tokenRequests } = await signIn('vaulted')
    assert.equal(page.status, 200, page.text)
    assert.equal(tokenRequests, 1)
  })

  test("the secret function's own failure is the app's error, not a refused callback", async () => {
    tamper = () => {}
    const { page, tokenRequests } = await signIn('vault-down')
    assert.equal(page.status, 500, page.text)
    assert.doesNotMatch(page.text, /OAUTH_STATE_MISMATCH/)
    assert.equal(tokenRequests, 0)
  })
})

describe('callbackCheck at registration', () => {
  const base = {
    authorizeUrl: 'https://provider.example/authorize',
    accessTokenUrl: 'https://provider.example/token',
    clientId: 'id',
    clientSecret: 'secret',
  }
  test('a callbackCheck that is not a function is OAUTH_INVALID_OPTIONS', () => {
    assert.throws(
      () => new OAuth().remoteApp('p', { ...base, callbackCheck: 'hmac' as unknown as CallbackCheck }),
      (error: unknown) =>
        error instanceof OAuthError &&
        error.code === 'OAUTH_INVALID_OPTIONS' &&
        error.message === 'Remote app "p": "callbackCheck" must be a function',
    )
  })
  test('an OAuth 1.0a app refuses a callbackCheck', () => {
    assert.throws(
      () =>
        new OAuth().remoteApp('p', {
          ...base,
          requestTokenUrl: 'https://provider.example/request_token',
          callbackCheck: shopifyCheck,
        }),
      (error: unknown) =>
        error instanceof OAuthError &&
        error.code === 'OAUTH_INVALID_OPTIONS' &&
        error.message === 'Remote app "p": "callbackCheck" is for OAuth 2.0 apps',
    )
  })
})
