import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type NextFunction, type Request, type Response } from 'express'
import express4 from 'express4'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import type { AuthorizedResponse, OAuth, OAuthError, RemoteApp } from 'oauth-consumer'
import { expressOAuth, oauthErrorHandler } from 'oauth-consumer/express'
import fastifyOAuth from 'oauth-consumer/fastify'
import { freePort } from 'oauth-consumer/testing'

export const SECRET = 'scenario-secret-that-is-long-enough-0123456789'

/** What a route of the app under test answers, whichever framework serves it. */
export interface Answer {
  readonly status: number
  readonly body: unknown
}

/**
 * The app every adapter serves, written once: what its routes answer. Each harness mounts it on
 * its framework as an app written for that framework would.
 */
export interface AppSpec {
  readonly oauth: OAuth
  /** `GET /login/:app?next=`: starts a sign-in with that app, calling back to `/callback/:app`. */
  appNamed(name: string): RemoteApp
  /** What the callback answers once the handler has the token, or `null` and the error. */
  signedIn(app: RemoteApp, resp: AuthorizedResponse | null, error: OAuthError | null, next: string | undefined): Answer
  /** `GET /me?session=`: an API call whose token the tokengetter finds. */
  me(): Promise<Answer>
}

/** An app of one framework, listening on 127.0.0.1. */
export interface RunningApp {
  readonly url: string
  /** What the app and the adapter wrote to its logs, one line each. */
  readonly logs: string[]
  close(): Promise<void>
}

export interface AdapterHarness {
  readonly name: string
  start(spec: AppSpec): Promise<RunningApp>
}

/** The fastify plugin, with fastify's logger at info into `logs`. */
export const fastifyHarness: AdapterHarness = {
  name: 'fastify',
  async start(spec) {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const logs: string[] = []
    const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } } })
    await app.register(fastifyOAuth, { oauth: spec.oauth, secret: SECRET, publicUrl: url })
    type Route = { Params: { app: string }; Querystring: { next?: string } }
    app.get<Route>('/login/:app', (request, reply) =>
      spec.appNamed(request.params.app).authorize(reply, {
        callback: `/callback/${request.params.app}`,
        next: request.query.next,
      }),
    )
    const callback = (request: FastifyRequest<Route>, reply: FastifyReply) => {
      const remote = spec.appNamed(request.params.app)
      return remote.authorizedHandler((resp, req: FastifyRequest, res: FastifyReply) => {
        const answer = spec.signedIn(remote, resp, req.oauthError, remote.nextUrl(req))
        return res.code(answer.status).send(answer.body)
      })(request, reply)
    }
    app.get<Route>('/callback/:app', callback)
    app.post<Route>('/callback/:app', callback)
    app.get('/me', async (_request, reply) => {
      const answer = await spec.me()
      return reply.code(answer.status).send(answer.body)
    })
    await app.listen({ port, host: '127.0.0.1' })
    return { url, logs, close: () => app.close() }
  },
}

/**
 * The Express middleware and error handler on an app that `makeApp` makes; Express logs nothing
 * itself, so `logs` holds the adapter's warnings. Express 4 drops a rejected promise of a
 * handler, so there every async handler passes its failure to `next()`, as Express 4 apps must.
 */
function expressHarnessOf(name: string, makeApp: () => ReturnType<typeof express>): AdapterHarness {
  return {
    name,
    async start(spec) {
      const port = await freePort()
      const url = `http://127.0.0.1:${port}`
      const logs: string[] = []
      const app = makeApp()
      app.use(expressOAuth({ oauth: spec.oauth, secret: SECRET, publicUrl: url, warn: (line) => logs.push(line) }))
      app.get('/login/:app', (req, res) =>
        spec.appNamed(req.params.app).authorize(res, {
          callback: `/callback/${req.params.app}`,
          next: req.query.next,
        }),
      )
      const callback = (req: Request<{ app: string }>, res: Response, next: NextFunction) => {
        const remote = spec.appNamed(req.params.app)
        return remote
          .authorizedHandler((resp, req: Request, res: Response) => {
            const answer = spec.signedIn(remote, resp, req.oauthError, remote.nextUrl(req))
            res.status(answer.status).json(answer.body)
          })(req, res)
          .catch(next)
      }
      app.get('/callback/:app', callback)
      app.post('/callback/:app', callback)
      app.get('/me', (_req, res, next) => {
        spec.me().then((answer) => res.status(answer.status).json(answer.body), next)
      })
      app.use(oauthErrorHandler())
      const server = await new Promise<Server>((resolve) => {
        const listening = app.listen(port, '127.0.0.1', () => resolve(listening))
      })
      if ((server.address() as AddressInfo).port !== port) throw new Error('Express listened on another port')
      return {
        url,
        logs,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections()
            server.close(() => resolve())
          }),
      }
    },
  }
}

/** Express 5, the version the package is developed against. */
export const expressHarness: AdapterHarness = expressHarnessOf('express', () => express())

/** Express 4 (installed as `express4`), which the adapter supports too. */
export const express4Harness: AdapterHarness = expressHarnessOf(
  'express 4',
  () => express4() as unknown as ReturnType<typeof express>,
)

/** Every adapter the scenarios run against. */
export const harnesses: readonly AdapterHarness[] = [fastifyHarness, expressHarness, express4Harness]
