import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { describe, type TestContext, test } from 'node:test'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { OAuth, OAuthErrorCode, OAuthInvalidResponseError, OAuthResponse, OAuthTokenRequestError } from 'oauth-consumer'
import fastifyOAuth, { redactUrl } from 'oauth-consumer/fastify'

/**
 * RFC 6819 §4.4.1.1: no credential a request carries may reach the logs. Each case sends one
 * request to an app that has nothing but the plugin for redaction, and reads every line fastify
 * wrote at `trace`: the request must still be logged, with `[redacted]` where its values were.
 */

const CODE = 'CODE-9f3a61c4e2'
const STATE = 'STATE-52be07d9a1'
const ACCESS = 'ACCESS-7c1d3e5f9b'
const REFRESH = 'REFRESH-0a8e6b4c2d'
const ID_TOKEN = 'IDTOKEN-3f5a7c9e1b'
const VERIFIER = 'VERIFIER-e4d2c0b8a6'
const CODE_VERIFIER = 'PKCE-8b6d4f2a0c'
const CLIENT_SECRET = 'CLIENTSECRET-1b3d5f7a9c'
const OAUTH_TOKEN = 'OAUTHTOKEN-6e8a0c2e4f'
const TOKEN = 'TOKEN-5d7f9b1c3e'
const SECRETS = [CODE, STATE, ACCESS, REFRESH, ID_TOKEN, VERIFIER, CODE_VERIFIER, CLIENT_SECRET, OAUTH_TOKEN, TOKEN]

const NO_PENDING =
  'No pending login of "provider" in this browser: it expired, finished already, or was started elsewhere'

type Line = Record<string, unknown> & { msg?: string; level?: number; req?: { url?: string } }

interface Started {
  readonly lines: Line[]
  readonly raw: string[]
  readonly port: number
  get(path: string): Promise<{ status: number; body: string }>
}

/**
 * Routes before and after the plugin, in the root and in encapsulated plugins. `ownNotFound`
 * gives the app its own not-found handlers, at the root and under `/scoped`.
 */
async function start(t: TestContext, ownNotFound = false): Promise<Started> {
  const raw: string[] = []
  const app = Fastify({ logger: { level: 'trace', stream: { write: (line: string) => raw.push(line) } } })
  t.after(() => app.close())
  if (ownNotFound) {
    app.setNotFoundHandler((request, reply) => {
      request.log.info({ url: request.url }, 'no such page')
      return reply.code(404).send({ page: request.url })
    })
  }
  app.get('/early', async () => 'ok')
  app.get('/throws', async () => {
    throw new Error('boom')
  })
  await app.register(async (child) => {
    child.get('/child/early', async () => 'ok')
  })
  const oauth = new OAuth()
  oauth.remoteApp('provider', {
    authorizeUrl: 'https://provider.example/authorize',
    accessTokenUrl: 'https://provider.example/token',
    clientId: 'client',
    clientSecret: 'client-secret',
  })
  await app.register(fastifyOAuth, {
    oauth,
    secret: randomBytes(32).toString('base64url'),
    publicUrl: 'https://app.example',
    routes: { prefix: '/auth', onSuccess: () => 'signed in' },
  })
  addLateRoutes(app, ownNotFound)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    raw,
    get lines() {
      return raw.map((line) => JSON.parse(line) as Line)
    },
    port: address.port,
    get: (path) => get(address.port, path),
  }
}

function addLateRoutes(app: FastifyInstance, ownNotFound: boolean): void {
  app.get('/late', async () => 'ok')
  app.get('/throws-oauth', async () => {
    // What a refused token request keeps: the provider's answer, tokens and all, and its error.
    const body = JSON.stringify({ error: 'invalid_grant', access_token: ACCESS, refresh_token: REFRESH })
    const response = new OAuthResponse(400, { 'content-type': 'application/json' }, Buffer.from(body))
    const cause = new OAuthInvalidResponseError(
      OAuthErrorCode.INVALID_RESPONSE,
      'The token endpoint sent two answers',
      {
        response,
      },
    )
    throw new OAuthTokenRequestError(OAuthErrorCode.TOKEN_REQUEST_FAILED, 'The token endpoint refused: invalid_grant', {
      response,
      data: { error: 'invalid_grant' },
      cause,
    })
  })
  app.get(
    '/own-serializer',
    { logSerializers: { req: (request: { url: string }) => ({ url: request.url, serializer: 'own' }) } },
    async () => 'ok',
  )
  app.register(async (child) => {
    child.get('/child/late', async () => 'ok')
  })
  if (ownNotFound) {
    app.register(
      async (child) => {
        child.setNotFoundHandler((request, reply) => reply.code(404).send({ scoped: request.url }))
      },
      { prefix: '/scoped' },
    )
  }
}

/** A GET with the path exactly as written: no URL parser normalizes it on the way. */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // Host as a browser at publicUrl sends it: a callback at another host would add a hint to its message.
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host: 'app.example' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

interface Case {
  readonly name: string
  readonly path: string
  readonly status: number
  /** The URL in the "incoming request" line. */
  readonly logged: string
  /** Messages that must be among the lines, besides "incoming request" and "request completed". */
  readonly messages?: readonly string[]
  /** The exact answer, when it repeats the URL. */
  readonly body?: unknown
  readonly ownNotFound?: boolean
}

const cases: readonly Case[] = [
  {
    name: 'a mistyped callback path (404): the log lines and the answer',
    path: `/oauth-authorizd?code=${CODE}&state=${STATE}`,
    status: 404,
    logged: '/oauth-authorizd?code=[redacted]&state=[redacted]',
    messages: ['Route GET:/oauth-authorizd?code=[redacted]&state=[redacted] not found'],
    body: {
      message: 'Route GET:/oauth-authorizd?code=[redacted]&state=[redacted] not found',
      error: 'Not Found',
      statusCode: 404,
    },
  },
  {
    name: 'a 404 with every credential name',
    path:
      `/nowhere?oauth_token=${OAUTH_TOKEN}&oauth_verifier=${VERIFIER}&code_verifier=${CODE_VERIFIER}` +
      `&access_token=${ACCESS}&refresh_token=${REFRESH}&id_token=${ID_TOKEN}&client_secret=${CLIENT_SECRET}&token=${TOKEN}&page=2`,
    status: 404,
    logged:
      '/nowhere?oauth_token=[redacted]&oauth_verifier=[redacted]&code_verifier=[redacted]' +
      '&access_token=[redacted]&refresh_token=[redacted]&id_token=[redacted]&client_secret=[redacted]&token=[redacted]&page=2',
  },
  {
    name: 'the callback route, with code and state',
    path: `/auth/provider/callback?code=${CODE}&state=${STATE}`,
    status: 400,
    logged: '/auth/provider/callback?code=[redacted]&state=[redacted]',
    messages: [NO_PENDING],
  },
  {
    // fastify decodes the names, so the callback gets its code and state all the same.
    name: 'the callback route, with percent-encoded names',
    path: `/auth/provider/callback?%63ode=${CODE}&St%61te=${STATE}`,
    status: 400,
    logged: '/auth/provider/callback?%63ode=[redacted]&St%61te=[redacted]',
    messages: [NO_PENDING],
  },
  {
    name: 'names encoded, upper-cased, with a "+", in brackets or encoded twice',
    path:
      `/nowhere?co%64e=${CODE}&STATE=${STATE}&ACCESS%5Ftoken=${ACCESS}&refresh_token+=${REFRESH}` +
      `&id_token[]=${ID_TOKEN}&%2563lient_secret=${CLIENT_SECRET}&Oauth_Verifier=${VERIFIER}`,
    status: 404,
    logged:
      '/nowhere?co%64e=[redacted]&STATE=[redacted]&ACCESS%5Ftoken=[redacted]&refresh_token+=[redacted]' +
      '&id_token[]=[redacted]&%2563lient_secret=[redacted]&Oauth_Verifier=[redacted]',
  },
  {
    name: 'a query after a second "?", and values holding "?" or "#"',
    path: `/nowhere?next=/x?code=${CODE}&token=${TOKEN}?${STATE}&access_token=${ACCESS}#${REFRESH}`,
    status: 404,
    logged: '/nowhere?next=/x?code=[redacted]&token=[redacted]&access_token=[redacted]',
  },
  {
    name: 'a query that starts with "??"',
    path: `/nowhere??code=${CODE}`,
    status: 404,
    logged: '/nowhere??code=[redacted]',
  },
  {
    name: 'a route registered before the plugin',
    path: `/early?code=${CODE}&state=${STATE}`,
    status: 200,
    logged: '/early?code=[redacted]&state=[redacted]',
  },
  {
    name: 'a route registered before the plugin that throws (500)',
    path: `/throws?code=${CODE}`,
    status: 500,
    logged: '/throws?code=[redacted]',
    messages: ['boom'],
  },
  {
    name: 'an OAuthError that keeps the provider answer (502)',
    path: `/throws-oauth?refresh_token=${REFRESH}`,
    status: 502,
    logged: '/throws-oauth?refresh_token=[redacted]',
    messages: ['The token endpoint refused: invalid_grant'],
    body: { error: 'OAUTH_TOKEN_REQUEST_FAILED', message: 'The token endpoint refused: invalid_grant' },
  },
  {
    name: 'a route registered after the plugin',
    path: `/late?access_token=${ACCESS}`,
    status: 200,
    logged: '/late?access_token=[redacted]',
  },
  {
    name: 'a route with its own request serializer',
    path: `/own-serializer?id_token=${ID_TOKEN}`,
    status: 200,
    logged: '/own-serializer?id_token=[redacted]',
  },
  {
    name: "an encapsulated plugin's route, registered before the plugin",
    path: `/child/early?code=${CODE}`,
    status: 200,
    logged: '/child/early?code=[redacted]',
  },
  {
    name: "an encapsulated plugin's route, registered after the plugin",
    path: `/child/late?state=${STATE}`,
    status: 200,
    logged: '/child/late?state=[redacted]',
  },
  {
    name: "the app's own not-found handler",
    path: `/oauth-authorizd?code=${CODE}&state=${STATE}`,
    status: 404,
    logged: '/oauth-authorizd?code=[redacted]&state=[redacted]',
    messages: ['no such page'],
    body: { page: '/oauth-authorizd?code=[redacted]&state=[redacted]' },
    ownNotFound: true,
  },
  {
    name: "an encapsulated plugin's own not-found handler",
    path: `/scoped/calback?code=${CODE}`,
    status: 404,
    logged: '/scoped/calback?code=[redacted]',
    body: { scoped: '/scoped/calback?code=[redacted]' },
    ownNotFound: true,
  },
]

describe('no credential of a request reaches the logs', () => {
  for (const c of cases) {
    test(c.name, async (t) => {
      const app = await start(t, c.ownNotFound)
      const res = await app.get(c.path)
      assert.equal(res.status, c.status)
      for (const secret of SECRETS) {
        const line = app.raw.find((l) => l.includes(secret))
        assert.equal(line, undefined, `${secret} is in this line: ${line}`)
        assert.ok(!res.body.includes(secret), `${secret} is in the answer: ${res.body}`)
      }
      if (c.body !== undefined) assert.deepEqual(JSON.parse(res.body), c.body)
      const lines = app.lines
      const incoming = lines.filter((line) => line.msg === 'incoming request')
      assert.deepEqual(
        incoming.map((line) => line.req?.url),
        [c.logged],
      )
      const completed = lines.filter((line) => line.msg === 'request completed')
      assert.deepEqual(
        completed.map((line) => (line.res as { statusCode?: number } | undefined)?.statusCode),
        [c.status],
      )
      const messages = lines.map((line) => line.msg)
      for (const message of c.messages ?? []) assert.ok(messages.includes(message), `no line says "${message}"`)
    })
  }

  test('a 500 is logged with its error and the redacted request', async (t) => {
    const app = await start(t)
    assert.equal((await app.get(`/throws?code=${CODE}&state=${STATE}`)).status, 500)
    const errors = app.lines.filter((line) => line.level === 50)
    assert.equal(errors.length, 1)
    assert.equal(errors[0]?.req?.url, '/throws?code=[redacted]&state=[redacted]')
    assert.equal((errors[0]?.err as { message?: string } | undefined)?.message, 'boom')
  })

  test('an OAuthError is logged with its code and data, without the answer that held tokens', async (t) => {
    const app = await start(t)
    assert.equal((await app.get('/throws-oauth')).status, 502)
    const errors = app.lines.filter((line) => line.level === 50)
    assert.equal(errors.length, 1)
    const err = errors[0]?.err as Record<string, unknown> | undefined
    assert.equal(err?.code, 'OAUTH_TOKEN_REQUEST_FAILED')
    assert.deepEqual(err?.data, { error: 'invalid_grant' })
    assert.equal(err?.response, undefined)
    assert.equal(err?.message, 'The token endpoint refused: invalid_grant: The token endpoint sent two answers')
    for (const token of [ACCESS, REFRESH]) assert.ok(!app.raw.join('\n').includes(token), `${token} is in the logs`)
  })

  test('a route with its own request serializer keeps it', async (t) => {
    const app = await start(t)
    await app.get(`/own-serializer?code=${CODE}`)
    const incoming = app.lines.find((line) => line.msg === 'incoming request')
    assert.deepEqual(incoming?.req, { url: '/own-serializer?code=[redacted]', serializer: 'own' })
  })

  test('a request Node cannot parse is logged at trace without its bytes', async (t) => {
    const app = await start(t)
    await new Promise<void>((resolve, reject) => {
      const socket = connect(app.port, '127.0.0.1', () =>
        socket.write(
          `GET /auth/provider/callback?code=${CODE}&state=${STATE} HTTP/1.1\r\nHost: app\r\nBad Header\r\n\r\n`,
        ),
      )
      socket.on('data', () => {})
      socket.on('error', reject)
      socket.on('close', () => resolve())
    })
    const clientError = app.lines.find((line) => line.msg === 'client error')
    assert.equal(clientError?.level, 10)
    const err = clientError?.err as Record<string, unknown> | undefined
    assert.equal(err?.code, 'HPE_INVALID_HEADER_TOKEN')
    assert.equal(err?.rawPacket, '[redacted]')
  })

  test('other parameters, and URLs without a query, are kept as they are', () => {
    const kept = '/cb?page=2&codes=1&xcode=2&code_challenge=abc&state_of=x&next=%2Fhome&code&=1&a=b=c'
    assert.equal(redactUrl(kept), kept)
    assert.equal(redactUrl('/auth/github/callback'), '/auth/github/callback')
    assert.equal(redactUrl(`/cb?page=2&code=${CODE}&next=%2Fhome`), '/cb?page=2&code=[redacted]&next=%2Fhome')
  })

  test('the plugin sets no child logger factory: a request costs what it did without it', async (t) => {
    const plain = Fastify()
    t.after(() => plain.close())
    for (const logger of [false, { level: 'trace', stream: { write: () => {} } }]) {
      const app = Fastify({ logger })
      t.after(() => app.close())
      await app.register(fastifyOAuth, {
        oauth: new OAuth(),
        secret: randomBytes(32).toString('base64url'),
        publicUrl: 'https://app.example',
      })
      assert.equal(app.childLoggerFactory, plain.childLoggerFactory)
    }
  })

  test('a logger other than pino that applies the serializers its children are given', async (t) => {
    const lines: Record<string, unknown>[] = []
    const app = Fastify({ loggerInstance: plainLogger(lines) })
    t.after(() => app.close())
    await app.register(fastifyOAuth, {
      oauth: new OAuth(),
      secret: randomBytes(32).toString('base64url'),
      publicUrl: 'https://app.example',
    })
    app.get('/late', async () => 'ok')
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    assert.equal((await get(address.port, `/late?code=${CODE}&%73tate=${STATE}`)).status, 200)
    const incoming = lines.find((line) => line.msg === 'incoming request')
    assert.equal((incoming?.req as { url?: string } | undefined)?.url, '/late?code=[redacted]&%73tate=[redacted]')
    assert.ok(!JSON.stringify(lines).includes(CODE))
  })
})

type SerializerFn = (value: never) => unknown

/** A logger that is not pino but, like it, applies the serializers it and its children are given. */
function plainLogger(
  lines: Record<string, unknown>[],
  serializers: Record<string, SerializerFn> = {},
): FastifyBaseLogger {
  const write = (fields: unknown, msg?: string) => {
    const line: Record<string, unknown> = { msg }
    for (const [key, value] of Object.entries(typeof fields === 'object' && fields !== null ? fields : {})) {
      const serialize = serializers[key]
      line[key] = serialize === undefined ? String(value) : serialize(value as never)
    }
    lines.push(line)
  }
  return {
    level: 'info',
    fatal: write,
    error: write,
    warn: write,
    info: write,
    debug: write,
    trace: write,
    silent: write,
    child: (_bindings, options) =>
      plainLogger(lines, { ...serializers, ...(options?.serializers as Record<string, SerializerFn> | undefined) }),
  }
}
