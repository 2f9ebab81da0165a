import express, { type Request, type Response } from 'express'
import { type FrameworkReply, type FrameworkRequest, OAuth, type OAuthError } from 'oauth-consumer'
import { expressOAuth } from 'oauth-consumer/express'
import { github } from 'oauth-consumer/providers'
import { describe, expect, test } from 'tstyche'

/** A program that loads only the Express entry: handlers and tokengetters need no annotation. */
const oauth = new OAuth()
const gh = oauth.remoteApp('github', github())
const app = express()
app.use(expressOAuth({ oauth, secret: process.env.OAUTH_SECRET, publicUrl: 'http://localhost:3000' }))

describe('with only the Express entry loaded', () => {
  test("the framework types are Express's", () => {
    expect<FrameworkRequest>().type.toBe<Request>()
    expect<FrameworkReply>().type.toBe<Response>()
  })

  test("handlers and tokengetters get Express's request and response", () => {
    app.get(
      '/callback',
      gh.authorizedHandler((_token, req, res) => {
        expect(req).type.toBe<Request>()
        expect(res).type.toBe<Response>()
        expect(req.oauthError).type.toBe<OAuthError | null>()
        res.redirect('/')
      }),
    )
    gh.tokengetter((req) => {
      expect(req).type.toBe<Request>()
      return undefined
    })
  })

  test('a fastify reply is not one', () => {
    expect(gh.authorize).type.not.toBeCallableWith({ code: () => undefined }, {})
  })
})
