import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { OAuth, type OAuth2Token, type RemoteAppOptions } from 'oauth-consumer'
import { startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'
import { type MockServer, mockServer } from '../helpers/provider-mocks.js'

/**
 * A token endpoint that verifies the code verifier as RFC 7636 §4.6 says, by the method the
 * authorization request named: `plain` compares it with the challenge, `S256` its SHA-256.
 * MyAnimeList is a provider that accepts only `plain`
 * (https://myanimelist.net/apiconfig/references/authorization).
 */
interface Grant {
  readonly challenge: string | null
  readonly method: string | null
}

let provider: MockServer
let app: TestApp
const grants = new Map<string, Grant>()
let codes = 0

const settings: readonly { readonly name: string; readonly pkce: RemoteAppOptions['pkce'] }[] = [
  { name: 'default', pkce: undefined },
  { name: 'true', pkce: true },
  { name: 's256', pkce: 'S256' },
  { name: 'plain', pkce: 'plain' },
  { name: 'none', pkce: false },
]

function answer(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

before(async () => {
  provider = await mockServer((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/authorize') {
      const code = `code-${++codes}`
      grants.set(code, {
        challenge: url.searchParams.get('code_challenge'),
        method: url.searchParams.get('code_challenge_method'),
      })
      const target = new URL(url.searchParams.get('redirect_uri') ?? '')
      target.searchParams.set('code', code)
      target.searchParams.set('state', url.searchParams.get('state') ?? '')
      res.writeHead(302, { location: target.href, 'content-length': 0 })
      return res.end()
    }
    const form = new URLSearchParams(body)
    const grant = grants.get(form.get('code') ?? '')
    const verifier = form.get('code_verifier')
    if (grant === undefined) return answer(res, 400, { error: 'invalid_grant' })
    grants.delete(form.get('code') ?? '')
    const expected =
      grant.method === 'plain' ? verifier : verifier && createHash('sha256').update(verifier).digest('base64url')
    if (grant.challenge !== expected) return answer(res, 400, { error: 'invalid_grant', error_description: 'PKCE' })
    return answer(res, 200, { access_token: `at-${grant.method ?? 'none'}`, token_type: 'Bearer' })
  })
  const oauth = new OAuth({ timeout: 2000 })
  app = await startApp(oauth, (fastify: FastifyInstance) => {
    for (const { name, pkce } of settings) {
      const remote = oauth.remoteApp(name, {
        authorizeUrl: `${provider.url}/authorize`,
        accessTokenUrl: `${provider.url}/token`,
        clientId: 'client-1',
        clientSecret: 'secret-1',
        ...(pkce === undefined ? {} : { pkce }),
      })
      fastify.get(`/${name}/login`, (_request, reply) => remote.authorize(reply, { callback: `/${name}/callback` }))
      fastify.get(
        `/${name}/callback`,
        remote.authorizedHandler(async (resp) => ({ resp })),
      )
    }
  })
})

after(async () => {
  await app.close()
  await provider.close()
})

const expectations: Record<string, { method: string | null; token: string }> = {
  default: { method: 'S256', token: 'at-S256' },
  true: { method: 'S256', token: 'at-S256' },
  s256: { method: 'S256', token: 'at-S256' },
  plain: { method: 'plain', token: 'at-plain' },
  none: { method: null, token: 'at-none' },
}

for (const { name, pkce } of settings) {
  test(`pkce: ${JSON.stringify(pkce) ?? 'absent'} signs in with code_challenge_method ${expectations[name]?.method}`, async () => {
    const browser = new Browser()
    const start = await browser.get(`${app.url}/${name}/login`)
    const authorize = new URL(start.location ?? '')
    const sent = provider.requests.length
    const callback = await fetch(authorize, { redirect: 'manual' })
    const done = await browser.get(callback.headers.get('location') ?? '')
    assert.equal(done.status, 200, done.text)
    assert.equal(done.json<{ resp: OAuth2Token }>().resp.access_token, expectations[name]?.token)
    assert.equal(authorize.searchParams.get('code_challenge_method'), expectations[name]?.method)
    const tokenRequest = new URLSearchParams(provider.requests[sent + 1]?.body)
    const verifier = tokenRequest.get('code_verifier')
    const challenge = authorize.searchParams.get('code_challenge')
    if (expectations[name]?.method === null) {
      assert.equal(challenge, null)
      assert.equal(verifier, null)
    } else {
      // RFC 7636 §4.1: 43 to 128 unreserved characters.
      assert.match(verifier ?? '', /^[A-Za-z0-9._~-]{43,128}$/)
      assert.equal(
        challenge,
        expectations[name]?.method === 'plain'
          ? verifier
          : createHash('sha256')
              .update(verifier ?? '')
              .digest('base64url'),
      )
    }
  })
}
