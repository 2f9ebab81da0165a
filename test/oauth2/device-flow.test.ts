/**
 * API.md §12: `deviceAuthorization()` and `poll()` (RFC 8628). Against oidc-provider, through its
 * own device pages (driven with the kit's `approveDevice`): approval, denial, expiry and abort.
 * Against a stub token endpoint, what oidc-provider never answers: `slow_down`, and a timeout
 * and a reset during polling. GitHub's device flow replayed with the answers its docs show.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { OAuth, OAuthAuthorizationError, OAuthError } from 'oauth-consumer'
import { github } from 'oauth-consumer/providers'
import { approveDevice, type OAuth2Server, startOAuth2Provider } from 'oauth-consumer/testing'
import { MockAgent } from 'undici'
import { assertClassAgrees } from '../helpers/error-classes.js'
import { type FaultServer, sendJson, startFaultServer } from '../helpers/fault-server.js'

let provider: OAuth2Server
let shortLived: OAuth2Server

before(async () => {
  provider = await startOAuth2Provider()
  shortLived = await startOAuth2Provider({ deviceCodeTtl: 2 })
})
after(async () => {
  await provider.close()
  await shortLived.close()
})

function cli(server: OAuth2Server, name = 'cli') {
  return new OAuth().remoteApp(name, {
    issuer: server.issuer,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: 'openid profile',
  })
}

describe('the device flow against oidc-provider', { concurrency: true }, () => {
  test('the user approves on the provider’s pages: poll() resolves to a token with validated claims', async () => {
    const app = cli(provider)
    const device = await app.deviceAuthorization()
    assert.match(device.userCode, /^[A-Z]{4}-[A-Z]{4}$/)
    assert.equal(device.verificationUri, `${provider.url}/device`)
    assert.ok(device.verificationUriComplete?.startsWith(`${provider.url}/device?user_code=`))
    assert.equal(device.expiresIn, 600)
    assert.equal(device.interval, 5)
    const polled = device.poll()
    await approveDevice(device.verificationUriComplete ?? '', { login: 'carol' })
    const token = await polled
    assert.equal(token.claims?.sub, 'carol')
    assert.equal(token.claims?.iss, provider.issuer)
    const me = await app.get<{ sub: string }>(`${provider.apiUrl}me`, { token })
    assert.equal(me.data.sub, 'carol')
  })

  test('the user denies: OAUTH_ACCESS_DENIED', async () => {
    const device = await cli(provider).deviceAuthorization({ scope: ['openid'] })
    const polled = device.poll()
    await approveDevice(device.verificationUriComplete ?? '', { login: 'dave', deny: true })
    await assert.rejects(polled, (error) => {
      assert.ok(error instanceof OAuthAuthorizationError)
      assert.equal(error.code, 'OAUTH_ACCESS_DENIED')
      assert.equal(error.data?.error, 'access_denied')
      assertClassAgrees(error)
      return true
    })
  })

  test('the code expires unapproved: OAUTH_DEVICE_CODE_EXPIRED once expiresIn has passed', async () => {
    const device = await cli(shortLived).deviceAuthorization()
    assert.equal(device.expiresIn, 2)
    const started = Date.now()
    await assert.rejects(device.poll(), (error) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_DEVICE_CODE_EXPIRED')
      assert.equal(error.statusCode, 400)
      assert.match(error.message, /start a new one/)
      assertClassAgrees(error)
      return true
    })
    assert.ok(Date.now() - started < 4_000, 'it stops at expiresIn, without waiting a whole interval')
  })

  test('an aborted signal stops polling with its reason', async () => {
    const device = await cli(provider).deviceAuthorization()
    const controller = new AbortController()
    const polled = device.poll({ signal: controller.signal })
    const reason = new Error('the user pressed Ctrl-C')
    setTimeout(() => controller.abort(reason), 50)
    await assert.rejects(polled, reason)
    await assert.rejects(device.poll({ signal: AbortSignal.abort(reason) }), reason)
  })

  test('an app without a device endpoint is told so; an OAuth 1.0a app has no device flow', async () => {
    const plain = new OAuth().remoteApp('plain', {
      clientId: 'c',
      clientSecret: 's',
      authorizeUrl: 'https://id.example.com/authorize',
      accessTokenUrl: 'https://id.example.com/token',
    })
    await assert.rejects(plain.deviceAuthorization(), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'Remote app "plain" has no "deviceAuthorizationUrl"',
    })
    const oauth1 = new OAuth().remoteApp('one', {
      consumerKey: 'k',
      consumerSecret: 's',
      requestTokenUrl: 'https://id.example.com/rt',
      accessTokenUrl: 'https://id.example.com/at',
      authorizeUrl: 'https://id.example.com/a',
    })
    await assert.rejects(oauth1.deviceAuthorization(), { code: 'OAUTH_INVALID_ARGUMENT' })
  })
})

describe('polling what oidc-provider never answers', { concurrency: true }, () => {
  /** A device endpoint asking for 1 s between polls, and a token endpoint answering `answers` in turn. */
  async function stub(
    t: { after(fn: () => Promise<void>): void },
    answers: readonly ((res: Parameters<typeof sendJson>[0]) => void)[],
  ): Promise<{ server: FaultServer; polls: number[] }> {
    const polls: number[] = []
    const server = await startFaultServer({
      '/device': (_req, res) =>
        sendJson(res, 200, {
          device_code: 'GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS',
          user_code: 'WDJB-MJHT',
          verification_uri: 'https://id.example.com/device',
          expires_in: 120,
          interval: 1,
        }),
      '/token': (_req, res) => {
        polls.push(Date.now())
        const answer = answers[polls.length - 1]
        if (answer === undefined) return sendJson(res, 200, { access_token: 'device-token', token_type: 'Bearer' })
        answer(res)
      },
    })
    t.after(() => server.close())
    return { server, polls }
  }

  function app(server: FaultServer, timeout = 10_000) {
    return new OAuth().remoteApp('stub', {
      clientId: 'tv',
      tokenEndpointAuthMethod: 'none',
      authorizeUrl: `${server.url}/authorize`,
      accessTokenUrl: `${server.url}/token`,
      deviceAuthorizationUrl: `${server.url}/device`,
      timeout,
    })
  }

  test('slow_down adds 5 s to the interval; authorization_pending goes on', async (t) => {
    const { server, polls } = await stub(t, [
      (res) => sendJson(res, 400, { error: 'authorization_pending' }),
      (res) => sendJson(res, 400, { error: 'slow_down' }),
    ])
    const device = await app(server).deviceAuthorization({ scope: 'tv' })
    const token = await device.poll()
    assert.equal(token.access_token, 'device-token')
    assert.equal(polls.length, 3)
    const [first = 0, second = 0, third = 0] = polls
    assert.ok(second - first >= 950 && second - first < 3_000, `then 1 s: ${second - first} ms`)
    assert.ok(third - second >= 5_950, `after slow_down, 1 + 5 s: ${third - second} ms`)
    const sent = server.requests.filter((request) => request.path === '/token')
    assert.equal(sent[0]?.form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:device_code')
    assert.equal(sent[0]?.form.get('device_code'), 'GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS')
    assert.equal(sent[0]?.form.get('client_id'), 'tv')
    const [authorization] = server.requests.filter((request) => request.path === '/device')
    assert.equal(authorization?.form.get('scope'), 'tv')
    assert.equal(authorization?.form.get('client_id'), 'tv')
  })

  test('a timeout, then a reset, back off exponentially: 2 s, then 4 s', async (t) => {
    const { server, polls } = await stub(t, [
      () => undefined, // never answered: the call times out
      (res) => res.socket?.destroy(),
    ])
    const device = await app(server, 300).deviceAuthorization()
    const token = await device.poll()
    assert.equal(token.access_token, 'device-token')
    const [first = 0, second = 0, third = 0] = polls
    assert.ok(second - first >= 300 + 1_950, `a timeout doubles the wait: ${second - first} ms`)
    assert.ok(third - second >= 3_950, `a reset doubles it again: ${third - second} ms`)
  })

  test('expired_token is OAUTH_DEVICE_CODE_EXPIRED; another error is the provider’s', async (t) => {
    const { server } = await stub(t, [
      (res) => sendJson(res, 400, { error: 'expired_token' }),
      (res) => sendJson(res, 400, { error: 'invalid_client' }),
    ])
    const remote = app(server)
    await assert.rejects((await remote.deviceAuthorization()).poll(), { code: 'OAUTH_DEVICE_CODE_EXPIRED' })
    await assert.rejects((await remote.deviceAuthorization()).poll(), (error) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_TOKEN_REQUEST_FAILED')
      assert.equal(error.data?.error, 'invalid_client')
      return true
    })
  })

  test('a device answer without its codes is OAUTH_INVALID_RESPONSE', async (t) => {
    const server = await startFaultServer({
      '/device': (_req, res) => sendJson(res, 200, { user_code: 'WDJB-MJHT', expires_in: 900 }),
    })
    t.after(() => server.close())
    await assert.rejects(app(server).deviceAuthorization(), {
      code: 'OAUTH_INVALID_RESPONSE',
      message: 'The device authorization endpoint sent no device_code, verification_uri',
    })
  })
})

describe('GitHub’s device flow', () => {
  test('the github preset, replayed with the answers GitHub documents', async (t) => {
    // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#device-flow
    const agent = new MockAgent()
    agent.disableNetConnect()
    t.after(() => agent.close())
    const sent: { path: string; body: string; accept: string | undefined }[] = []
    const record = (opts: { path: string; body?: unknown; headers?: unknown }) => {
      const headers = opts.headers as Record<string, string> | undefined
      sent.push({ path: opts.path, body: String(opts.body), accept: headers?.accept })
    }
    const json = { headers: { 'content-type': 'application/json; charset=utf-8' } }
    agent
      .get('https://github.com')
      .intercept({ method: 'POST', path: '/login/device/code' })
      .reply((opts) => {
        record(opts)
        return {
          statusCode: 200,
          data: {
            device_code: '3584d83530557fdd1f46af8289938c8ef79f9dc5',
            user_code: 'WDJB-MJHT',
            verification_uri: 'https://github.com/login/device',
            expires_in: 900,
            interval: 5,
          },
          responseOptions: json,
        }
      })
    // "authorization_pending" arrives as an HTTP 200 with an error field, as GitHub answers.
    let polls = 0
    agent
      .get('https://github.com')
      .intercept({ method: 'POST', path: '/login/oauth/access_token' })
      .reply((opts) => {
        record(opts)
        polls++
        return {
          statusCode: 200,
          data:
            polls === 1
              ? {
                  error: 'authorization_pending',
                  error_description: 'The authorization request is still pending.',
                  error_uri:
                    'https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow',
                }
              : { access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a', token_type: 'bearer', scope: 'repo,gist' },
          responseOptions: json,
        }
      })
      .times(2)
    const app = new OAuth().remoteApp(
      'github',
      github({ clientId: 'Iv1.8a61f9b3a7aba766', tokenEndpointAuthMethod: 'none', dispatcher: agent }),
    )
    const device = await app.deviceAuthorization({ scope: ['repo', 'gist'] })
    assert.equal(device.userCode, 'WDJB-MJHT')
    assert.equal(device.verificationUri, 'https://github.com/login/device')
    const token = await device.poll()
    assert.equal(token.access_token, 'gho_16C7e42F292c6912E7710c838347Ae178B4a')
    assert.deepEqual(
      sent.map((request) => [request.path, Object.fromEntries(new URLSearchParams(request.body)), request.accept]),
      [
        ['/login/device/code', { scope: 'repo gist', client_id: 'Iv1.8a61f9b3a7aba766' }, 'application/json'],
        ...Array.from({ length: 2 }, () => [
          '/login/oauth/access_token',
          {
            grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
            device_code: '3584d83530557fdd1f46af8289938c8ef79f9dc5',
            client_id: 'Iv1.8a61f9b3a7aba766',
          },
          'application/json',
        ]),
      ],
    )
  })
})
