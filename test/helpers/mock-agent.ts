/**
 * A provider's hosts replayed with an undici MockAgent given to the app as `dispatcher`: each
 * endpoint answers JSON and remembers what it was sent, so a test asserts the provider's
 * documented wire format.
 */
import assert from 'node:assert/strict'
import Fastify, { type FastifyInstance } from 'fastify'
import type { OAuth, RemoteApp } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import type { MockAgent } from 'undici'
import { SECRET } from './app.js'

/** The public origin of the apps these tests sign in through. */
export const APP = 'https://app.example.com'

/** A request an intercepted endpoint received. */
export interface Seen {
  readonly method: string
  readonly url: string
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

function headersOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (raw instanceof Headers) {
    for (const [key, value] of raw) out[key.toLowerCase()] = value
  } else if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) out[String(raw[i]).toLowerCase()] = String(raw[i + 1])
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [key, value] of Object.entries(raw)) out[key.toLowerCase()] = String(value)
  }
  return out
}

function bodyOf(raw: unknown): string {
  if (typeof raw === 'string') return raw
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8')
  return ''
}

/** An answer of an intercepted endpoint: its content type and its body as sent. */
export interface Reply {
  readonly type: string
  readonly body: string
}

/**
 * Answers `method url` (any query) on `agent` with what `reply` makes of each request (its
 * answer may depend on the request: a grant type, say), remembering each request in `seen`.
 */
export function endpoint(
  agent: MockAgent,
  seen: Seen[],
  method: string,
  url: string,
  reply: (request: Seen) => Reply,
): void {
  const target = new URL(url)
  agent
    .get(target.origin)
    .intercept({ method, path: (path) => path.split('?')[0] === target.pathname })
    .reply((opts) => {
      const request = {
        method: opts.method,
        url: new URL(opts.path, target.origin).href,
        headers: headersOf(opts.headers),
        body: bodyOf(opts.body),
      }
      seen.push(request)
      const answer = reply(request)
      return {
        statusCode: 200,
        data: answer.body,
        responseOptions: { headers: { 'content-type': answer.type, 'cache-control': 'no-store' } },
      }
    })
    .persist()
}

/** Answers `method url` (any query) on `agent` with `reply`'s JSON, remembering each request in `seen`. */
export function answer(
  agent: MockAgent,
  seen: Seen[],
  method: string,
  url: string,
  reply: (request: Seen) => unknown,
): void {
  endpoint(agent, seen, method, url, (request) => ({
    type: 'application/json',
    body: JSON.stringify(reply(request)),
  }))
}

/**
 * The app of a preset's sign-in: `/login` sends the user to the provider, `/callback` (a POST
 * route for `form_post` presets) answers the mapped profile and the token. Closed with the test.
 */
export async function appFor(
  oauth: OAuth,
  remote: RemoteApp,
  t: { after(fn: () => unknown): void },
  formPost = false,
): Promise<FastifyInstance> {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: APP })
  app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
  app[formPost ? 'post' : 'get'](
    '/callback',
    remote.authorizedHandler(async (resp) => {
      assert.ok(resp !== null)
      const me = await remote.profile({ token: resp })
      return {
        profile: {
          id: me.id,
          name: me.name ?? null,
          username: me.username ?? null,
          email: me.email ?? null,
          avatarUrl: me.avatarUrl ?? null,
        },
        token: resp,
      }
    }),
  )
  return app
}
