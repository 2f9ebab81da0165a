import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { OAuth } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { request } from 'undici'
import { freePort } from '../helpers/app.js'

/** A sign-in opened at `localhost` while `publicUrl` says `127.0.0.1`: the usual development failure. */
describe("a sign-in opened at a host other than publicUrl's", () => {
  let app: FastifyInstance
  let publicUrl: string
  let port: number
  const warnings: string[] = []

  before(async () => {
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line !== '') warnings.push((JSON.parse(line) as { msg: string }).msg)
        }
        done()
      },
    })
    const oauth = new OAuth()
    oauth.remoteApp('gh', {
      authorizeUrl: 'https://provider.example/authorize',
      accessTokenUrl: 'https://provider.example/token',
      clientId: 'id',
      clientSecret: 'secret',
    })
    port = await freePort()
    publicUrl = `http://127.0.0.1:${port}`
    app = Fastify({ logger: { level: 'warn', stream: logs } })
    await app.register(fastifyOAuth, {
      oauth,
      secret: randomBytes(32).toString('base64url'),
      publicUrl,
      routes: { prefix: '/auth', onSuccess: (_name, _resp, _request, reply) => reply.send({ ok: true }) },
    })
    await app.listen({ port, host: '127.0.0.1' })
  })

  after(() => app.close())

  const get = (path: string, host: string) => request(`${publicUrl}${path}`, { headers: { host } })

  test("login warns once per host, naming both hosts; a login at publicUrl's host does not", async () => {
    warnings.length = 0
    for (const host of [`localhost:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]) {
      const res = await get('/auth/gh/login', host)
      await res.body.dump()
      assert.equal(res.statusCode, 302)
    }
    assert.deepEqual(warnings, [
      `oauth-consumer: a sign-in of "gh" was opened at localhost:${port}, but publicUrl is ${publicUrl}: the browser keeps its cookie for localhost:${port}, so the callback at 127.0.0.1:${port} will fail with OAUTH_STATE_MISMATCH; open the app at ${publicUrl}`,
    ])
  })

  test('a callback with no pending login, at another host, says why in OAUTH_STATE_MISMATCH', async () => {
    const other = await get('/auth/gh/callback?code=x&state=y', `localhost:${port}`)
    assert.equal(other.statusCode, 400)
    assert.deepEqual(await other.body.json(), {
      error: 'OAUTH_STATE_MISMATCH',
      message: `No pending login of "gh" in this browser: it expired, finished already, or was started elsewhere; this callback came to localhost:${port}, but publicUrl is ${publicUrl}: a browser sends a sign-in's cookie only to the host it was opened at, so open the app at ${publicUrl}`,
    })
    const same = await get('/auth/gh/callback?code=x&state=y', `127.0.0.1:${port}`)
    assert.equal(same.statusCode, 400)
    assert.deepEqual(await same.body.json(), {
      error: 'OAUTH_STATE_MISMATCH',
      message: 'No pending login of "gh" in this browser: it expired, finished already, or was started elsewhere',
    })
  })
})
