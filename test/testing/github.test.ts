/**
 * The local GitHub against the `github` preset and a real fastify app, and its answers checked
 * against GitHub's docs: urlencoded tokens without `Accept: application/json`, errors with HTTP
 * 200, single-use codes, PKCE, rotating refresh tokens of GitHub App user tokens, `Link` pages,
 * the User-Agent rule and the consent page's denial.
 *
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
 */
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { OAuth, type OAuth2Token, type RemoteApp } from 'oauth-consumer'
import { github } from 'oauth-consumer/providers'
import { type GitHubServer, signInAt, startGitHub } from 'oauth-consumer/testing'
import { startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'

const USER_AGENT = 'github-test'

/** A code for `login`, straight from the authorize endpoint (no app), with an optional PKCE challenge. */
async function codeFor(gh: GitHubServer, login: string, verifier?: string): Promise<string> {
  const authorize = new URL(`${gh.authUrl}authorize`)
  authorize.search = new URLSearchParams({
    client_id: gh.clientId,
    redirect_uri: 'http://127.0.0.1:9/callback',
    state: 'st',
    scope: 'read:user user:email',
    ...(verifier === undefined
      ? {}
      : {
          code_challenge: createHash('sha256').update(verifier).digest('base64url'),
          code_challenge_method: 'S256',
        }),
  }).toString()
  const callback = await signInAt(authorize, { login })
  assert.equal(callback.origin + callback.pathname, 'http://127.0.0.1:9/callback')
  assert.equal(callback.searchParams.get('state'), 'st')
  const code = callback.searchParams.get('code')
  assert.ok(code, callback.href)
  return code
}

async function exchange(
  gh: GitHubServer,
  fields: Record<string, string>,
  accept?: string,
): Promise<{ type: string; body: string }> {
  const res = await fetch(`${gh.authUrl}access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept === undefined ? {} : { accept }) },
    body: new URLSearchParams({ client_id: gh.clientId, client_secret: gh.clientSecret, ...fields }),
  })
  // GitHub answers refusals with 200 too.
  assert.equal(res.status, 200)
  return { type: res.headers.get('content-type') ?? '', body: await res.text() }
}

async function exchangeJson(gh: GitHubServer, fields: Record<string, string>): Promise<Record<string, unknown>> {
  const { type, body } = await exchange(gh, fields, 'application/json')
  assert.match(type, /^application\/json/)
  return JSON.parse(body) as Record<string, unknown>
}

/** An API call over node:http, which, unlike fetch, sends no User-Agent of its own. */
function rawApi(
  gh: GitHubServer,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${gh.apiUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the github preset against the local GitHub, through a fastify app', () => {
  let gh: GitHubServer
  let app: TestApp
  let remote: RemoteApp<OAuth2Token>
  const tokens = new Map<string, OAuth2Token>()
  const updates: OAuth2Token[] = []

  before(async () => {
    gh = await startGitHub({ expiringTokens: 30 })
    const oauth = new OAuth({ timeout: 5000 })
    remote = oauth.remoteApp(
      'github',
      github({
        clientId: gh.clientId,
        clientSecret: gh.clientSecret,
        baseUrl: gh.apiUrl,
        authUrl: gh.authUrl,
        scope: ['read:user', 'user:email'],
        refreshSkew: 5,
      }),
    )
    remote.tokengetter((request) => tokens.get(String(request.cookies.user)))
    remote.tokenupdater((token, request) => {
      updates.push(token)
      if (request !== undefined) tokens.set(String(request.cookies.user), token)
    })
    app = await startApp(oauth, (fastify) => {
      fastify.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
      fastify.get(
        '/callback',
        remote.authorizedHandler(async (resp, request, reply) => {
          if (resp === null) {
            return reply.code(403).send({ code: request.oauthError?.code, data: request.oauthError?.data })
          }
          const me = await remote.profile({ token: resp })
          tokens.set(me.id, resp)
          reply.setCookie('user', me.id, { path: '/' })
          return { id: me.id, name: me.name, email: me.email, scope: resp.scope, expiresIn: resp.expires_in }
        }),
      )
      fastify.get('/repos', async () => {
        const repos = await remote.getAll<{ full_name: string }>('user/repos')
        return repos.map((repo) => repo.full_name)
      })
      fastify.get('/emails', async () => (await remote.get('user/emails')).data)
    })
  })

  after(async () => {
    await app?.close()
    await gh?.close()
  })

  async function signInThroughApp(browser: Browser, login: string, deny = false) {
    const start = await browser.get(`${app.url}/login`)
    assert.equal(start.status, 302)
    const authorize = new URL(start.location ?? '')
    assert.equal(authorize.origin + authorize.pathname, `${gh.url}/login/oauth/authorize`)
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256')
    assert.equal(authorize.searchParams.get('scope'), 'read:user user:email')
    return browser.get(await signInAt(authorize, { login, deny }))
  }

  test('signs in, maps the profile, and getAll("user/repos") returns all 45 repositories across pages', async () => {
    const browser = new Browser()
    const before = gh.counts
    const done = await signInThroughApp(browser, 'octocat')
    assert.equal(done.status, 200, done.text)
    const signedIn = done.json<{ id: string; name: string; email: string; scope: string; expiresIn: number }>()
    assert.match(signedIn.id, /^\d+$/)
    assert.equal(signedIn.name, 'Octocat')
    assert.equal(signedIn.email, 'octocat@example.test')
    assert.equal(signedIn.scope, 'read:user,user:email', "GitHub's comma-separated scope, as sent")
    assert.equal(signedIn.expiresIn, 30)

    const calls = gh.counts.apiCalls
    const repos = await browser.get(`${app.url}/repos`)
    assert.equal(repos.status, 200, repos.text)
    const names = repos.json<string[]>()
    assert.equal(names.length, 45)
    assert.equal(names[0], 'octocat/project-01')
    assert.equal(names[44], 'octocat/project-45')
    assert.equal(new Set(names).size, 45)
    assert.equal(gh.counts.apiCalls - calls, 2, 'two pages of 30 (GitHub’s default per_page)')
    assert.equal(gh.counts.codesIssued - before.codesIssued, 1)

    const emails = await browser.get(`${app.url}/emails`)
    const list = emails.json<{ email: string; primary: boolean }[]>()
    assert.deepEqual(list[0], { email: 'octocat@example.test', primary: true, verified: true, visibility: 'public' })
  })

  test('an expired GitHub App token is refused with 401, refreshed once, and the tokenupdater is told', async () => {
    const browser = new Browser()
    const { id } = (await signInThroughApp(browser, 'hubot')).json<{ id: string }>()
    const first = tokens.get(id)
    assert.ok(first !== undefined)
    assert.ok(first.refresh_token?.startsWith('ghr_'), 'a GitHub App user token comes with a ghr_ refresh token')
    assert.ok(first.access_token.startsWith('ghu_'))
    const refreshed = gh.counts.tokensRefreshed
    const told = updates.length

    gh.expireAccessTokens()
    const repos = await browser.get(`${app.url}/repos`)
    assert.equal(repos.status, 200, repos.text)
    assert.equal(repos.json<string[]>().length, 45)
    assert.equal(gh.counts.tokensRefreshed - refreshed, 1)
    assert.equal(updates.length - told, 1)
    const second = tokens.get(id)
    assert.ok(second !== undefined && second.access_token !== first.access_token)
    assert.ok(
      second.refresh_token !== undefined && second.refresh_token !== first.refresh_token,
      'the refresh token rotated',
    )
    assert.ok(second.expires_at !== undefined && second.expires_at > Date.now() / 1000)
  })

  test("the consent page's Cancel brings the user back as GitHub does, and the handler gets OAUTH_ACCESS_DENIED", async () => {
    const denied = await signInThroughApp(new Browser(), 'shy-user', true)
    assert.equal(denied.status, 403, denied.text)
    const body = denied.json<{ code: string; data: Record<string, string> }>()
    assert.equal(body.code, 'OAUTH_ACCESS_DENIED')
    assert.equal(body.data.error, 'access_denied')
    assert.equal(body.data.error_description, 'The user has denied your application access.')
    assert.equal(
      body.data.error_uri,
      'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied',
    )
  })
})

describe('the local GitHub as its docs describe it', () => {
  let gh: GitHubServer

  before(async () => {
    gh = await startGitHub({ expiringTokens: true })
  })

  after(async () => {
    await gh?.close()
  })

  test('answers urlencoded without Accept: application/json, JSON with it', async () => {
    const form = await exchange(gh, { code: await codeFor(gh, 'form-user') })
    assert.match(form.type, /^application\/x-www-form-urlencoded/)
    const fields = new URLSearchParams(form.body)
    assert.match(fields.get('access_token') ?? '', /^ghu_/)
    assert.equal(fields.get('expires_in'), '28800')
    assert.match(fields.get('refresh_token') ?? '', /^ghr_/)
    assert.equal(fields.get('refresh_token_expires_in'), '15897600')
    assert.equal(fields.get('scope'), 'read:user,user:email')
    assert.equal(fields.get('token_type'), 'bearer')

    const json = await exchangeJson(gh, { code: await codeFor(gh, 'json-user') })
    assert.match(String(json.access_token), /^ghu_/)
    assert.equal(json.expires_in, 28800)
    assert.equal(json.token_type, 'bearer')
  })

  test('a code works once; refusals are HTTP 200 with error=, urlencoded or JSON', async () => {
    const code = await codeFor(gh, 'once')
    assert.ok((await exchangeJson(gh, { code })).access_token)
    assert.deepEqual(await exchangeJson(gh, { code }), {
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
      error_uri:
        'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
    })
    const again = await exchange(gh, { code })
    assert.equal(new URLSearchParams(again.body).get('error'), 'bad_verification_code')

    const wrongSecret = await exchangeJson(gh, { code: await codeFor(gh, 'once'), client_secret: 'nope' })
    assert.equal(wrongSecret.error, 'incorrect_client_credentials')
  })

  test('PKCE: the verifier must match the S256 challenge', async () => {
    const verifier = randomBytes(32).toString('base64url')
    const wrong = await exchangeJson(gh, { code: await codeFor(gh, 'pkce', verifier), code_verifier: 'x'.repeat(43) })
    assert.equal(wrong.error, 'bad_verification_code')
    const right = await exchangeJson(gh, { code: await codeFor(gh, 'pkce', verifier), code_verifier: verifier })
    assert.match(String(right.access_token), /^ghu_/)
  })

  test('client authentication by HTTP Basic works as well as in the body', async () => {
    const code = await codeFor(gh, 'basic')
    const res = await fetch(`${gh.authUrl}access_token`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: `Basic ${Buffer.from(`${gh.clientId}:${gh.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ code }),
    })
    const body = (await res.json()) as Record<string, unknown>
    assert.match(String(body.access_token), /^ghu_/)
  })

  test('grant_type=refresh_token rotates the refresh token and refuses the old one with bad_refresh_token', async () => {
    const first = await exchangeJson(gh, { code: await codeFor(gh, 'rotor') })
    const before = gh.counts.refreshes
    const second = await exchangeJson(gh, { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) })
    assert.match(String(second.access_token), /^ghu_/)
    assert.match(String(second.refresh_token), /^ghr_/)
    assert.notEqual(second.refresh_token, first.refresh_token)
    const replay = await exchangeJson(gh, { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) })
    assert.equal(replay.error, 'bad_refresh_token')
    assert.equal(replay.error_description, 'The refresh token passed is incorrect or expired.')
    assert.equal(gh.counts.refreshes - before, 2)
  })

  test('the API refuses a call without a User-Agent with 403, a bad token with 401 Bad credentials', async () => {
    const token = String((await exchangeJson(gh, { code: await codeFor(gh, 'agent') })).access_token)
    const anonymous = await rawApi(gh, 'user', { authorization: `Bearer ${token}` })
    assert.equal(anonymous.status, 403)
    assert.match(
      anonymous.body,
      /^Request forbidden by administrative rules\. Please make sure your request has a User-Agent header/,
    )

    const bad = await rawApi(gh, 'user', { 'user-agent': USER_AGENT, authorization: 'Bearer ghu_not-a-token' })
    assert.equal(bad.status, 401)
    assert.deepEqual(JSON.parse(bad.body), {
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    })
    assert.equal(bad.headers['x-ratelimit-limit'], '60')

    // GitHub's older `token` scheme works as well as `Bearer`.
    const ok = await rawApi(gh, 'user', { 'user-agent': USER_AGENT, authorization: `token ${token}` })
    assert.equal(ok.status, 200)
    assert.equal(JSON.parse(ok.body).login, 'agent')
    assert.equal(ok.headers['x-ratelimit-limit'], '5000')
    assert.equal(ok.headers['x-ratelimit-remaining'], '4999')
    assert.equal(ok.headers['x-oauth-scopes'], 'read:user, user:email')

    gh.expireAccessTokens()
    const expired = await rawApi(gh, 'user', { 'user-agent': USER_AGENT, authorization: `Bearer ${token}` })
    assert.equal(expired.status, 401)
    assert.equal(JSON.parse(expired.body).message, 'Bad credentials')
  })

  test('user/repos pages with per_page and page, and a Link header with prev, next, last and first', async () => {
    const token = String((await exchangeJson(gh, { code: await codeFor(gh, 'pager') })).access_token)
    const headers = { 'user-agent': USER_AGENT, authorization: `Bearer ${token}` }
    const second = await rawApi(gh, 'user/repos?per_page=10&page=2', headers)
    assert.equal(second.status, 200)
    assert.deepEqual(
      (JSON.parse(second.body) as { name: string }[]).map((repo) => repo.name),
      Array.from({ length: 10 }, (_, i) => `project-${String(11 + i).padStart(2, '0')}`),
    )
    const at = (page: number) => `<${gh.apiUrl}user/repos?per_page=10&page=${page}>`
    assert.equal(
      second.headers.link,
      `${at(1)}; rel="prev", ${at(3)}; rel="next", ${at(5)}; rel="last", ${at(1)}; rel="first"`,
    )
    const last = await rawApi(gh, 'user/repos?per_page=10&page=5', headers)
    assert.equal((JSON.parse(last.body) as unknown[]).length, 5)
    assert.equal(last.headers.link, `${at(4)}; rel="prev", ${at(1)}; rel="first"`)
  })

  test('a redirect_uri off the registered callback URL is refused', async () => {
    const registered = await startGitHub({ callbackUrls: ['https://app.example/github/callback'] })
    try {
      const authorize = new URL(`${registered.authUrl}authorize`)
      authorize.search = new URLSearchParams({
        client_id: registered.clientId,
        redirect_uri: 'https://app.example/elsewhere',
        state: 's1',
      }).toString()
      const res = await fetch(authorize, { redirect: 'manual' })
      assert.equal(res.status, 302)
      const location = new URL(res.headers.get('location') ?? '')
      assert.equal(location.origin + location.pathname, 'https://app.example/github/callback')
      assert.equal(location.searchParams.get('error'), 'redirect_uri_mismatch')
      assert.equal(location.searchParams.get('state'), 's1')

      // A subdirectory of the callback URL is accepted: the user is sent to sign in.
      authorize.searchParams.set('redirect_uri', 'https://app.example/github/callback/done')
      const ok = await fetch(authorize, { redirect: 'manual' })
      assert.equal(ok.status, 302)
      assert.match(ok.headers.get('location') ?? '', /^\/login\?client_id=/)
    } finally {
      await registered.close()
    }
  })
})
