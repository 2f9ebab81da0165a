import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { OAuth, type OAuth1RemoteApp, type OAuth1TokenResponse, OAuthError, type SignatureMethod } from 'oauth-consumer'
import { parseSetCookie, signInAt } from 'oauth-consumer/testing'
import { consumer, type OAuth1Server, startOAuth1Provider } from '../../src/testing/oauth1-server.js'
import { startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'

const methods: SignatureMethod[] = ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT', 'RSA-SHA1']
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
})

let provider: OAuth1Server
let app: TestApp
const remotes = {} as Record<SignatureMethod, OAuth1RemoteApp>
const tokens = new Map<string, OAuth1TokenResponse>()

function appName(method: SignatureMethod): string {
  return method.toLowerCase()
}

before(async () => {
  provider = await startOAuth1Provider({
    consumers: methods.map((m) =>
      consumer(`key-${m}`, `secret-${m}`, `App ${m}`, m === 'RSA-SHA1' ? publicKey : undefined),
    ),
  })
  const oauth = new OAuth({ timeout: 2000 })
  for (const method of methods) {
    remotes[method] = oauth.remoteApp(appName(method), {
      baseUrl: `${provider.url}/1.1/`,
      requestTokenUrl: `${provider.url}/oauth/request_token`,
      accessTokenUrl: `${provider.url}/oauth/access_token`,
      authorizeUrl: `${provider.url}/oauth/authenticate`,
      userInfoUrl: 'account/verify_credentials.json',
      consumerKey: `key-${method}`,
      consumerSecret: `secret-${method}`,
      signatureMethod: method,
      ...(method === 'RSA-SHA1' ? { privateKey } : {}),
    })
  }
  app = await startApp(oauth, (fastify: FastifyInstance) => {
    for (const remote of Object.values(remotes)) {
      remote.tokengetter((request) => tokens.get(String(request.cookies.user)))
      fastify.get(`/${remote.name}/login`, (_request, reply) =>
        remote.authorize(reply, { callback: `/${remote.name}/callback` }),
      )
      fastify.get(
        `/${remote.name}/callback`,
        remote.authorizedHandler(async (resp, request, reply) => {
          if (resp === null) return reply.code(403).send({ denied: request.oauthError?.code })
          tokens.set(String(resp.screen_name), resp)
          reply.setCookie('user', String(resp.screen_name), { path: '/' })
          return { resp }
        }),
      )
      fastify.post<{ Body: { status: string } }>(`/${remote.name}/tweet`, async (request) => {
        const answer = await remote.post<{ text: string }>('statuses/update.json', {
          data: { status: request.body.status },
        })
        return { status: answer.status, data: answer.data }
      })
    }
  })
})

after(async () => {
  await app.close()
  await provider.close()
})

async function signIn(browser: Browser, remote: OAuth1RemoteApp, screenName: string): Promise<OAuth1TokenResponse> {
  const start = await browser.get(`${app.url}/${remote.name}/login`)
  assert.equal(start.status, 302, start.text)
  const callback = await signInAt(start.location ?? '', { login: screenName })
  const done = await browser.get(callback)
  assert.equal(done.status, 200, done.text)
  return done.json<{ resp: OAuth1TokenResponse }>().resp
}

for (const method of methods) {
  test(`OAuth 1.0a sign-in and signed API calls with ${method}`, async () => {
    const remote = remotes[method]
    const browser = new Browser()
    const start = await browser.get(`${app.url}/${remote.name}/login`)
    assert.equal(start.status, 302)
    const authorize = new URL(start.location ?? '')
    assert.equal(authorize.origin + authorize.pathname, `${provider.url}/oauth/authenticate`)
    const requestToken = authorize.searchParams.get('oauth_token') ?? ''
    assert.ok(requestToken)
    // The request-token secret travels only inside the encrypted cookie.
    const issued = provider.requests.find(
      (r) => r.target.startsWith('/oauth/request_token') && r.consumerKey === `key-${method}`,
    )
    assert.equal(issued?.signatureMethod, method)
    const cookie = start.setCookies.map(parseSetCookie).find((c) => c.name === `oauth-${remote.name}`)
    assert.ok(cookie)
    assert.ok(cookie.attributes.has('httponly'))
    assert.ok(!Buffer.from(cookie.value, 'base64url').toString('latin1').includes(requestToken))

    const callback = await signInAt(authorize, { login: `user_${method.replace('-', '')}` })
    assert.equal(callback.searchParams.get('oauth_token'), requestToken)
    const done = await browser.get(callback)
    assert.equal(done.status, 200, done.text)
    const resp = done.json<{ resp: OAuth1TokenResponse }>().resp
    assert.equal(resp.screen_name, `user_${method.replace('-', '')}`)
    assert.ok(resp.oauth_token)
    assert.ok(resp.oauth_token_secret)
    assert.ok(resp.user_id)

    const me = await remote.get<{ screen_name: string }>('account/verify_credentials.json', {
      token: [resp.oauth_token, resp.oauth_token_secret],
    })
    assert.equal(me.status, 200)
    assert.equal(me.data.screen_name, resp.screen_name)
    const profile = await remote.profile({ token: { token: resp.oauth_token, secret: resp.oauth_token_secret } })
    assert.equal(profile.id, resp.user_id)
    // Without a preset's mapping, common field names: X's screen_name is the username.
    assert.equal(profile.username, resp.screen_name)

    // The tokengetter finds the credentials through the request.
    const tweet = await browser.send(
      'POST',
      `${app.url}/${remote.name}/tweet`,
      { 'content-type': 'application/json' },
      JSON.stringify({ status: 'Hello, signed world! ☃ + & =' }),
    )
    assert.deepEqual(tweet.json<{ status: number; data: { text: string } }>().status, 200)
    assert.equal(tweet.json<{ data: { text: string } }>().data.text, 'Hello, signed world! ☃ + & =')
    const tooLong = await remote.post('statuses/update.json', { token: resp, data: { status: 'x'.repeat(281) } })
    assert.equal(tooLong.status, 403)
  })
}

describe('what is signed arrives intact and verified by the provider', () => {
  let token: OAuth1TokenResponse
  before(async () => {
    token = await signIn(new Browser(), remotes['HMAC-SHA1'], 'encoder')
  })

  test('tricky query and form encodings', async () => {
    const remote = remotes['HMAC-SHA1']
    const answer = await remote.post<{ params: [string, string][] }>(
      "echo?q=a+b&lit=a%2Bb&sp=a%20b&sub=!*'()&dup=z&dup=a",
      {
        token,
        query: { é: 'ü', empty: '', list: ['2', '1'] },
        data: { status: 'line1\nline2', 'a b': '1+1=2', dup: 'm', emoji: '😀', empty: '' },
      },
    )
    assert.equal(answer.status, 200, JSON.stringify(answer.data))
    const params = answer.data.params.filter(([key]) => !key.startsWith('oauth_'))
    const expected: [string, string][] = [
      ['q', 'a b'],
      ['lit', 'a+b'],
      ['sp', 'a b'],
      ['sub', "!*'()"],
      ['dup', 'z'],
      ['dup', 'a'],
      ['é', 'ü'],
      ['empty', ''],
      ['list', '2'],
      ['list', '1'],
      ['status', 'line1\nline2'],
      ['a b', '1+1=2'],
      ['dup', 'm'],
      ['emoji', '😀'],
      ['empty', ''],
    ]
    assert.deepEqual(params, expected)
  })

  test('a JSON body is signed with oauth_body_hash when asked', async () => {
    const remote = remotes['HMAC-SHA1']
    const answer = await remote.post<{ bodyHash: string; body: string }>('echo', {
      token,
      format: 'json',
      data: { nested: { a: [1, 2] } },
      bodyHash: true,
    })
    assert.equal(answer.status, 200)
    assert.equal(answer.data.bodyHash, 'valid')
    // Without the hash the provider refuses an unsigned JSON body.
    const unsigned = await remote.post('echo', { token, format: 'json', data: { nested: true } })
    assert.equal(unsigned.status, 400)
  })

  test('protocol parameters given by the caller are refused before anything is sent', async () => {
    const remote = remotes['HMAC-SHA1']
    const before = provider.requests.length
    await assert.rejects(remote.get('echo', { token, query: { oauth_nonce: 'mine' } }), {
      code: 'OAUTH_INVALID_ARGUMENT',
    })
    await assert.rejects(remote.post('echo', { token, data: { oauth_token: 'other' } }), {
      code: 'OAUTH_INVALID_ARGUMENT',
    })
    assert.equal(provider.requests.length, before)
  })
})

test('denial at the provider reaches the handler as null with OAUTH_ACCESS_DENIED', async () => {
  const remote = remotes['HMAC-SHA1']
  const browser = new Browser()
  const start = await browser.get(`${app.url}/${remote.name}/login`)
  const callback = await signInAt(start.location ?? '', { login: 'nope', deny: true })
  assert.ok(callback.searchParams.has('denied'))
  const denied = await browser.get(callback)
  assert.equal(denied.status, 403)
  assert.deepEqual(denied.json(), { denied: 'OAUTH_ACCESS_DENIED' })
  // A callback without a verifier is a denial too, and needs a pending login like any other.
  const again = await browser.get(
    `${app.url}/${remote.name}/callback?oauth_token=${callback.searchParams.get('denied')}`,
  )
  assert.equal(again.status, 400)
})

test('a tampered oauth_token is OAUTH_STATE_MISMATCH and no access-token request is made', async () => {
  const remote = remotes['HMAC-SHA1']
  const browser = new Browser()
  const start = await browser.get(`${app.url}/${remote.name}/login`)
  const callback = await signInAt(start.location ?? '', { login: 'mallory' })
  callback.searchParams.set('oauth_token', 'tampered-token')
  const before = provider.requests.filter((r) => r.target.startsWith('/oauth/access_token')).length
  const res = await browser.get(callback)
  assert.equal(res.status, 400)
  assert.equal(res.json<{ error: string }>().error, 'OAUTH_STATE_MISMATCH')
  assert.equal(provider.requests.filter((r) => r.target.startsWith('/oauth/access_token')).length, before)
})

test('exchangeVerifier and the provider refusing a spent request token with oauth_problem', async () => {
  const remote = remotes['HMAC-SHA1']
  const browser = new Browser()
  const start = await browser.get(`${app.url}/${remote.name}/login`)
  const callback = await signInAt(start.location ?? '', { login: 'replayer' })
  assert.equal((await browser.get(callback)).status, 200)
  await assert.rejects(
    remote.exchangeVerifier(
      { token: callback.searchParams.get('oauth_token') ?? '', secret: 'whatever' },
      callback.searchParams.get('oauth_verifier') ?? '',
    ),
    (error: unknown) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_TOKEN_REQUEST_FAILED')
      assert.ok(['token_rejected', 'signature_invalid'].includes(String(error.data?.oauth_problem)))
      assert.equal(error.type, error.data?.oauth_problem)
      return true
    },
  )
})

test('PIN-based authorization: fetchRequestToken, then exchangeVerifier with the PIN', async () => {
  const remote = remotes['HMAC-SHA1']
  const { token, secret, authorizeUrl } = await remote.fetchRequestToken()
  assert.equal(new URL(authorizeUrl).searchParams.get('oauth_token'), token)
  const page = await fetchPage(authorizeUrl, { oauth_token: token, screen_name: 'pin_user', action: 'authorize' })
  const pin = /<code id="oauth_pin">([^<]+)<\/code>/.exec(page)?.[1]
  assert.ok(pin, 'the provider shows a PIN')
  const credentials = await remote.exchangeVerifier({ token, secret }, pin)
  assert.equal(credentials.screen_name, 'pin_user')
})

test('an unreadable RSA key fails at registration, naming the option', () => {
  assert.throws(
    () =>
      new OAuth().remoteApp('bad-rsa', {
        requestTokenUrl: `${provider.url}/oauth/request_token`,
        accessTokenUrl: `${provider.url}/oauth/access_token`,
        authorizeUrl: `${provider.url}/oauth/authorize`,
        consumerKey: 'k',
        signatureMethod: 'RSA-SHA1',
        privateKey: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----',
      }),
    { code: 'OAUTH_INVALID_OPTIONS', message: /"privateKey"/ },
  )
})

/** Submits the provider's authorize form as a user would and returns the page it answers with. */
async function fetchPage(url: string, form: Record<string, string>): Promise<string> {
  const target = new URL(url)
  const res = await fetch(target.origin + target.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  })
  return res.text()
}

describe('request-token endpoint faults are clear errors and the app keeps serving', () => {
  let fault: Server
  let faultUrl: string
  let faultyApp: TestApp
  before(async () => {
    fault = createServer((req, res) => {
      if (req.url?.startsWith('/unconfirmed')) {
        res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' })
        res.end('oauth_token=t&oauth_token_secret=s')
      } else if (req.url?.startsWith('/html')) {
        res.writeHead(500, { 'content-type': 'text/html' })
        res.end('<html><body>Internal error</body></html>')
      } else if (req.url?.startsWith('/silent')) {
        // Never answers.
      } else {
        res.writeHead(401, { 'content-type': 'application/x-www-form-urlencoded' })
        res.end('oauth_problem=consumer_key_unknown&oauth_problem_advice=who%20are%20you')
      }
    })
    await new Promise<void>((resolve) => fault.listen(0, '127.0.0.1', resolve))
    faultUrl = `http://127.0.0.1:${(fault.address() as AddressInfo).port}`
    const oauth = new OAuth({ timeout: 300 })
    for (const path of ['unconfirmed', 'html', 'silent', 'problem']) {
      const remote = oauth.remoteApp(path, {
        requestTokenUrl: `${faultUrl}/${path}`,
        accessTokenUrl: `${faultUrl}/access`,
        authorizeUrl: `${faultUrl}/authorize`,
        consumerKey: 'k',
        consumerSecret: 's',
      })
      void remote
    }
    faultyApp = await startApp(oauth, (fastify) => {
      fastify.get<{ Params: { name: string } }>('/:name/login', (request, reply) =>
        oauth.get(request.params.name).authorize(reply, { callback: '/cb' }),
      )
    })
  })
  after(async () => {
    await faultyApp.close()
    fault.closeAllConnections()
    await new Promise((resolve) => fault.close(resolve))
  })

  const cases = [
    ['unconfirmed', 502, 'OAUTH_INVALID_RESPONSE', /oauth_callback_confirmed/],
    ['html', 502, 'OAUTH_TOKEN_REQUEST_FAILED', /HTTP 500/],
    ['silent', 504, 'OAUTH_TIMEOUT', /did not answer within 300 ms/],
    ['problem', 502, 'OAUTH_TOKEN_REQUEST_FAILED', /consumer_key_unknown \(who are you\)/],
  ] as const
  for (const [path, status, code, message] of cases) {
    test(`${path}: ${code}`, async () => {
      const res = await new Browser().get(`${faultyApp.url}/${path}/login`)
      assert.equal(res.status, status, res.text)
      const body = res.json<{ error: string; message: string }>()
      assert.equal(body.error, code)
      assert.match(body.message, message)
      assert.equal(res.setCookies.length, 0)
      assert.equal((await new Browser().get(`${faultyApp.url}/health`)).status, 200)
    })
  }
})
