/**
 * Token answers in providers' own shapes, replayed as their docs show them: the tolerant reads
 * every app gets (Twitch's array `scope`), and the `tokenResponse` normaliser a preset sets
 * (Withings' envelope, Strava's absolute `expires_at`).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { OAuth, OAuthError, type RemoteAppOptions, type TokenResponseNormaliser } from 'oauth-consumer'
import { assertClassAgrees } from '../helpers/error-classes.js'
import { type FaultServer, sendJson, startFaultServer } from '../helpers/fault-server.js'

// https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#authorization-code-grant-flow
const TWITCH_TOKEN = {
  access_token: 'rfx2uswqe8l4g1mkagrvg5tv0ks3',
  expires_in: 14124,
  refresh_token: '5b93chm6hdve3mycz05zfzatkfdenfspp1h1ar2xxdalen01',
  scope: ['channel:moderate', 'chat:edit', 'chat:read'],
  token_type: 'bearer',
}

// https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-getaccesstoken
const WITHINGS_TOKEN = {
  status: 0,
  body: {
    userid: '363',
    access_token: 'a075f8c14fb8df40b08ebc8508533dc332a6910a',
    refresh_token: 'f631236f02b991810feb774765b6ae8e6c6839ca',
    expires_in: 10800,
    scope: 'user.info,user.metrics',
    csrf_token: 'PACnnxwHTaBQOzF7bQqwFUUotIuvtzSM',
    token_type: 'Bearer',
  },
}
// Withings answers errors with HTTP 200 and a non-zero status (its "Response status" table).
const WITHINGS_ERROR = { status: 503, body: {}, error: 'Invalid Params: invalid code' }

// https://developers.strava.com/docs/authentication/#tokenexchange
const STRAVA_TOKEN = {
  token_type: 'Bearer',
  expires_at: 1568775134,
  expires_in: 21600,
  refresh_token: 'e5n567567',
  access_token: 'a4b945687g',
  athlete: { id: 134815, username: 'marianne_t' },
}

/** What a Withings preset sets: the token is under `body`; `status` other than 0 is an error. */
const withingsAnswer: TokenResponseNormaliser = (answer) => {
  if (answer.status === 0 && typeof answer.body === 'object' && answer.body !== null) return { ...answer.body }
  const description = typeof answer.error === 'string' ? { error_description: answer.error } : {}
  return { error: `withings_status_${String(answer.status)}`, ...description }
}

let server: FaultServer

async function serve(t: { after(fn: () => Promise<void>): void }): Promise<FaultServer> {
  server = await startFaultServer({
    '/twitch': (_req, res) => sendJson(res, 200, TWITCH_TOKEN),
    '/twitch-bad-scope': (_req, res) => sendJson(res, 200, { ...TWITCH_TOKEN, scope: ['chat:read', 7] }),
    '/withings': (_req, res, req) =>
      sendJson(res, 200, req.form.get('code') === 'bad' ? WITHINGS_ERROR : WITHINGS_TOKEN),
    '/strava': (_req, res) => sendJson(res, 200, STRAVA_TOKEN),
    '/plain': (_req, res) => sendJson(res, 200, { access_token: 'at', token_type: 'Bearer', expires_in: 60 }),
  })
  t.after(() => server.close())
  return server
}

function app(name: string, path: string, options: Partial<RemoteAppOptions> = {}) {
  return new OAuth().remoteApp(name, {
    authorizeUrl: `${server.url}/authorize`,
    accessTokenUrl: `${server.url}${path}`,
    clientId: 'client',
    clientSecret: 'secret',
    ...options,
  })
}

function invalid(message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof OAuthError)
    assert.equal(error.code, 'OAUTH_INVALID_RESPONSE')
    assert.equal(error.statusCode, 502)
    assert.equal(error.message, message)
    assertClassAgrees(error)
    return true
  }
}

test("Twitch's array scope is joined with spaces, and its lower-case bearer is accepted", async (t) => {
  await serve(t)
  const token = await app('twitch', '/twitch').exchangeCode('code', {})
  assert.equal(token.scope, 'channel:moderate chat:edit chat:read')
  assert.equal(token.token_type, 'bearer')
  assert.equal(token.access_token, TWITCH_TOKEN.access_token)
})

test('an array scope holding a non-string is OAUTH_INVALID_RESPONSE', async (t) => {
  await serve(t)
  await assert.rejects(
    app('twitch', '/twitch-bad-scope').exchangeCode('code', {}),
    invalid('The token endpoint sent a non-string scope'),
  )
})

test("Withings' token nested under body is read through tokenResponse, for the code and for a refresh", async (t) => {
  await serve(t)
  const before = Math.floor(Date.now() / 1000)
  const withings = app('withings', '/withings', {
    accessTokenParams: { action: 'requesttoken' },
    tokenResponse: withingsAnswer,
  })
  const token = await withings.exchangeCode('code', {})
  assert.equal(token.access_token, WITHINGS_TOKEN.body.access_token)
  assert.equal(token.refresh_token, WITHINGS_TOKEN.body.refresh_token)
  assert.equal(token.userid, '363')
  assert.equal(token.scope, 'user.info,user.metrics')
  assert.equal(token.expires_in, 10800)
  assert.ok(token.expires_at !== undefined && token.expires_at >= before + 10800 && token.expires_at <= before + 10802)
  assert.equal(token.status, undefined)
  const refreshed = await withings.refreshToken(token.refresh_token ?? '')
  assert.equal(refreshed.access_token, WITHINGS_TOKEN.body.access_token)
  assert.deepEqual(
    server.to('/withings').map((r) => [r.form.get('action'), r.form.get('grant_type')]),
    [
      ['requesttoken', 'authorization_code'],
      ['requesttoken', 'refresh_token'],
    ],
  )
})

test("a Withings error (HTTP 200, non-zero status) becomes OAUTH_TOKEN_REQUEST_FAILED with the provider's message", async (t) => {
  await serve(t)
  const withings = app('withings', '/withings', { tokenResponse: withingsAnswer })
  await assert.rejects(withings.exchangeCode('bad', {}), (error: unknown) => {
    assert.ok(error instanceof OAuthError)
    assert.equal(error.code, 'OAUTH_TOKEN_REQUEST_FAILED')
    assert.equal(error.message, 'The token endpoint refused: withings_status_503: Invalid Params: invalid code')
    assert.deepEqual(error.data, { error: 'withings_status_503', error_description: 'Invalid Params: invalid code' })
    assertClassAgrees(error)
    return true
  })
})

test("Strava's absolute expires_at is kept when tokenResponse passes it on, and dropped otherwise", async (t) => {
  await serve(t)
  const kept = await app('strava', '/strava', { tokenResponse: (answer) => ({ ...answer }) }).exchangeCode('c', {})
  assert.equal(kept.expires_at, 1568775134)
  assert.equal(kept.expires_in, 21600)
  assert.deepEqual(kept.athlete, STRAVA_TOKEN.athlete)
  const before = Math.floor(Date.now() / 1000)
  const computed = await app('strava', '/strava').exchangeCode('c', {})
  assert.ok(computed.expires_at !== undefined && computed.expires_at >= before + 21600)
})

test('a normaliser never sets claims or callbackParams, and its expires_at must be a number', async (t) => {
  await serve(t)
  const forged = await app('forge', '/plain', {
    tokenResponse: (answer) => ({ ...answer, claims: { sub: 'admin' }, callbackParams: { realmId: '1' } }),
  }).exchangeCode('c', {})
  assert.equal(forged.claims, undefined)
  assert.equal(forged.callbackParams, undefined)
  await assert.rejects(
    app('text', '/plain', { tokenResponse: (answer) => ({ ...answer, expires_at: 'soon' }) }).exchangeCode('c', {}),
    invalid('The token endpoint sent a non-numeric expires_at "soon"'),
  )
})

test('a normaliser that throws or returns no object is OAUTH_INVALID_RESPONSE, the throw as its cause', async (t) => {
  await serve(t)
  const broken = new TypeError('body is not an object')
  await assert.rejects(
    app('throws', '/plain', {
      tokenResponse: () => {
        throw broken
      },
    }).exchangeCode('c', {}),
    (error: unknown) => {
      invalid("The token endpoint's answer could not be normalised: TypeError: body is not an object")(error)
      assert.equal((error as OAuthError).cause, broken)
      return true
    },
  )
  await assert.rejects(
    app('array', '/plain', { tokenResponse: () => [] as unknown as Record<string, unknown> }).exchangeCode('c', {}),
    invalid('The token endpoint\'s answer could not be normalised: "tokenResponse" returned no object'),
  )
})

test('registration refuses a tokenResponse that is not a function', () => {
  assert.throws(
    () =>
      new OAuth().remoteApp('bad', {
        authorizeUrl: 'https://provider.example/authorize',
        accessTokenUrl: 'https://provider.example/token',
        clientId: 'client',
        clientSecret: 'secret',
        tokenResponse: 'body' as unknown as TokenResponseNormaliser,
      }),
    (error: unknown) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_INVALID_OPTIONS')
      assert.equal(error.message, 'Remote app "bad": "tokenResponse" must be a function')
      return true
    },
  )
})
