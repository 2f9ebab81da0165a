import type { Request, Response } from 'express'
import express from 'express'
import type { FastifyReply, FastifyRequest } from 'fastify'
import Fastify from 'fastify'
import { type FrameworkReply, type FrameworkRequest, OAuth, type OAuth2Token, type OAuthError } from 'oauth-consumer'
import { type ExpressOAuthOptions, expressOAuth, oauthErrorHandler } from 'oauth-consumer/express'
import fastifyOAuth from 'oauth-consumer/fastify'
import { github } from 'oauth-consumer/providers'
import { describe, expect, test } from 'tstyche'

/**
 * A program that loads both the fastify and the Express entries: each adapter's handlers are
 * typed with its own framework's objects once annotated, and either's reply starts a sign-in.
 */
const oauth = new OAuth()
const gh = oauth.remoteApp('github', github())

describe('with both entries loaded', () => {
  test('the framework types are the union of both', () => {
    expect<FrameworkRequest>().type.toBe<FastifyRequest | Request>()
    expect<FrameworkReply>().type.toBe<FastifyReply | Response>()
  })

  test('authorize() takes either framework reply', () => {
    const app = express()
    app.get('/login', (_req, res) => gh.authorize(res, { callback: '/callback' }))
    const fastify = Fastify()
    fastify.get('/login', (_request, reply) => gh.authorize(reply, { callback: '/callback' }))
    expect(gh.authorize).type.not.toBeCallableWith({}, {})
  })

  test("an annotated authorizedHandler is typed with Express's objects, and is an Express handler", () => {
    const handler = gh.authorizedHandler((token, req: Request, res: Response) => {
      expect(token).type.toBe<OAuth2Token | null>()
      expect(req.oauthError).type.toBe<OAuthError | null>()
      res.redirect(gh.nextUrl(req) ?? '/')
    })
    expect(handler).type.toBe<(request: Request, reply: Response) => Promise<void>>()
    express().get('/callback', handler)
  })

  test("an annotated authorizedHandler is typed with fastify's objects, and is a fastify handler", () => {
    const handler = gh.authorizedHandler((_token, request: FastifyRequest, reply: FastifyReply) => {
      expect(request.oauthError).type.toBe<OAuthError | null>()
      return reply.code(204).send()
    })
    Fastify().get('/callback', handler)
  })

  test('a tokengetter annotated with one framework is accepted; an unannotated one sees the union', () => {
    gh.tokengetter((req: Request) => String(req.query.token))
    gh.tokengetter((request: FastifyRequest) => String(request.id))
    gh.tokengetter((request) => {
      expect(request).type.toBe<FastifyRequest | Request>()
      return undefined
    })
    gh.tokenupdater((_token, req: Request | undefined) => void req?.path)
  })

  test('the middleware and the error handler are Express middleware', () => {
    const app = express()
    app.use(expressOAuth({ oauth, secret: 'x'.repeat(32), publicUrl: 'http://localhost:3000' }))
    app.use(oauthErrorHandler())
    void fastifyOAuth
    expect<ExpressOAuthOptions>().type.not.toBeAssignableFrom({ secret: 'x', publicUrl: 'http://localhost' })
  })
})
