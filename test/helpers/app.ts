import Fastify, { type FastifyInstance } from 'fastify'
import type { OAuth } from 'oauth-consumer'
import fastifyOAuth, { type FastifyOAuthOptions } from 'oauth-consumer/fastify'
import { freePort } from 'oauth-consumer/testing'

export { freePort }

export const SECRET = 'test-secret-that-is-long-enough-0123456789'

export interface TestApp {
  readonly app: FastifyInstance
  readonly url: string
  close(): Promise<void>
}

/**
 * A fastify app with the plugin, listening on 127.0.0.1. `port` defaults to a free one;
 * `setup` adds the routes under test.
 */
export async function startApp(
  oauth: OAuth,
  setup: (app: FastifyInstance) => void,
  options: Partial<FastifyOAuthOptions> & { port?: number } = {},
): Promise<TestApp> {
  const { port: wanted, ...pluginOptions } = options
  const port = wanted ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  const app = Fastify()
  await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: url, ...pluginOptions })
  app.get('/health', async () => ({ ok: true }))
  setup(app)
  await app.listen({ port, host: '127.0.0.1' })
  return { app, url, close: () => app.close() }
}
