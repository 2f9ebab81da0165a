/**
 * The API side of providers that depart from RFC 6750's bearer calls, replayed against a
 * loopback API with the wire format each documents: the token's header (`tokenHeader`), the
 * API host a token names (`baseUrlFromToken`), and profiles that take more than one GET
 * (`userInfo`).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { OAuth, OAuthError, type RemoteAppOptions } from 'oauth-consumer'
import { Agent, type Dispatcher } from 'undici'
import { assertClassAgrees } from '../helpers/error-classes.js'
import { type FaultServer, sendJson, startFaultServer } from '../helpers/fault-server.js'

let server: FaultServer

async function serve(t: { after(fn: () => Promise<void>): void }): Promise<FaultServer> {
  server = await startFaultServer({
    '/me': (_req, res, req) => {
      // Refuses the first token, as a provider does with one it revoked, and accepts the refreshed one.
      const auth = req.headers.authorization ?? ''
      if (auth.endsWith(' old')) return sendJson(res, 401, { code: 'INVALID_OAUTHTOKEN' })
      sendJson(res, 200, { ok: true })
    },
    '/token': (_req, res) => sendJson(res, 200, { access_token: 'new', token_type: 'Bearer', expires_in: 3600 }),
    '/services/data/v62.0/sobjects': (_req, res) => sendJson(res, 200, { sobjects: [] }),
    '/services/data/v62.0/items': (_req, res, req) => sendJson(res, 200, req.query.get('page') === '2' ? [3] : [1, 2]),
    // https://www.dropbox.com/developers/documentation/http/documentation#users-get_current_account
    '/2/users/get_current_account': (_req, res) =>
      sendJson(res, 200, {
        account_id: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
        name: { given_name: 'Franz', surname: 'Ferdinand', display_name: 'Franz Ferdinand (Personal)' },
        email: 'franz@dropbox.com',
        email_verified: true,
      }),
    // https://linear.app/developers/graphql: POST a JSON { query }; the answer is under data.
    '/graphql': (_req, res) =>
      sendJson(res, 200, { data: { viewer: { id: '2e31b64c-1a5b', name: 'Ada Lovelace', email: 'ada@example.com' } } }),
    // https://docs.github.com/en/rest/users/users#get-the-authenticated-user: email is null when private.
    '/user': (_req, res) => sendJson(res, 200, { login: 'octocat', id: 1, name: 'monalisa octocat', email: null }),
    // https://docs.github.com/en/rest/users/emails#list-email-addresses-for-the-authenticated-user
    '/user/emails': (_req, res) =>
      sendJson(res, 200, [
        { email: 'old@github.com', verified: true, primary: false, visibility: null },
        { email: 'octocat@github.com', verified: true, primary: true, visibility: 'private' },
      ]),
  })
  t.after(() => server.close())
  return server
}

function app(name: string, options: Partial<RemoteAppOptions>) {
  return new OAuth().remoteApp(name, {
    baseUrl: `${server.url}/`,
    authorizeUrl: `${server.url}/authorize`,
    accessTokenUrl: `${server.url}/token`,
    clientId: 'client',
    clientSecret: 'secret',
    ...options,
  })
}

function refused(code: string, message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof OAuthError)
    assert.equal(error.code, code)
    assert.equal(error.message, message)
    assertClassAgrees(error)
    return true
  }
}

test("tokenHeader: Zoho's and Yandex's schemes, also on the retry after a 401 and a refresh", async (t) => {
  await serve(t)
  // https://www.zoho.com/accounts/protocol/oauth/use-access-token.html
  const zoho = app('zoho', { tokenHeader: { name: 'Authorization', scheme: 'Zoho-oauthtoken' } })
  const answer = await zoho.get('me', { token: { access_token: 'old', refresh_token: 'rt' } })
  assert.equal(answer.status, 200)
  assert.deepEqual(
    server.requests.map((r) => [r.path, r.headers.authorization]),
    [
      ['/me', 'Zoho-oauthtoken old'],
      ['/token', undefined],
      ['/me', 'Zoho-oauthtoken new'],
    ],
  )
  // https://yandex.com/dev/id/doc/en/user-information: "Authorization: OAuth <token>"
  await app('yandex', { tokenHeader: { name: 'Authorization', scheme: 'OAuth' } }).get('me', { token: 'y-token' })
  assert.equal(server.requests.at(-1)?.headers.authorization, 'OAuth y-token')
})

test("tokenHeader: Shopify's X-Shopify-Access-Token carries the bare token, and no Authorization is sent", async (t) => {
  await serve(t)
  // https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
  const shopify = app('shopify', { tokenHeader: { name: 'X-Shopify-Access-Token', scheme: null } })
  await shopify.get('me', { token: 'shpat_1234' })
  const [request] = server.requests
  assert.equal(request?.headers['x-shopify-access-token'], 'shpat_1234')
  assert.equal(request?.headers.authorization, undefined)
})

// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm: the
// token answer's instance_url is the org's API host; REST calls go to its /services/data/vXX.X/.
const salesforceBase = (token: { readonly [field: string]: unknown }) =>
  typeof token.instance_url === 'string' ? `${token.instance_url}/services/data/v62.0/` : undefined

test("baseUrlFromToken: Salesforce's instance_url is the API base of calls made with that token", async (t) => {
  await serve(t)
  const salesforce = app('salesforce', { baseUrl: 'https://login.salesforce.com/', baseUrlFromToken: salesforceBase })
  const answer = await salesforce.get('sobjects', { token: { access_token: 'sf', instance_url: server.url } })
  assert.deepEqual(answer.data, { sobjects: [] })
  assert.equal(server.requests[0]?.headers.authorization, 'Bearer sf')
  // Pages too: the first URL is joined with the token's base, the next one follows from it.
  const pages = await salesforce.getAll<number>('items', {
    token: { access_token: 'sf', instance_url: server.url },
    nextPage: (_response, current) =>
      current.searchParams.get('page') === '2' ? undefined : `${current.pathname}?page=2`,
  })
  assert.deepEqual(pages, [1, 2, 3])
  // A token that names no base uses the app's baseUrl.
  const local = app('plain', { baseUrlFromToken: salesforceBase })
  assert.equal((await local.get('me', { token: { access_token: 'x' } })).status, 200)
})

/** A dispatcher that remembers every request it is asked to send. */
class Wire extends Agent {
  readonly seen: string[] = []
  override dispatch(options: Agent.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.seen.push(`${options.method} ${String(options.origin)}${options.path}`)
    return super.dispatch(options, handler)
  }
}

test('baseUrlFromToken: the token is never sent to a base that is not https (or loopback), or that has user info', async (t) => {
  await serve(t)
  const wire = new Wire()
  t.after(() => wire.close())
  const salesforce = app('salesforce', { baseUrlFromToken: salesforceBase, dispatcher: wire })
  for (const instance of [
    'http://evil.example',
    'https://user:pass@evil.example',
    'javascript:alert(1)',
    'not a url',
  ]) {
    await assert.rejects(
      salesforce.get('sobjects', { token: { access_token: 'sf', instance_url: instance } }),
      refused(
        'OAUTH_INVALID_RESPONSE',
        `The token names an API base the token may not be sent to (https, or http on loopback, without user info): ${JSON.stringify(`${instance}/services/data/v62.0/`)}`,
      ),
    )
  }
  // A relative URL stays on the token's base: `//host` does not reach another host.
  await assert.rejects(
    salesforce.get('//evil.example/x', { token: { access_token: 'sf', instance_url: server.url } }),
    refused(
      'OAUTH_INVALID_ARGUMENT',
      `request(): "url" "//evil.example/x" has no scheme, so it is a path on baseUrl's origin (${server.url}), but it resolves to http://evil.example: give an absolute URL or a URL object to reach another host`,
    ),
  )
  assert.deepEqual(wire.seen, [])
})

test("userInfo: Dropbox's get_current_account is a POST without a body", async (t) => {
  await serve(t)
  const dropbox = app('dropbox', {
    userInfoUrl: `${server.url}/2/users/get_current_account`,
    userInfo: async ({ url, request }) => (await request<Record<string, unknown>>(url ?? '', { method: 'POST' })).data,
    profile: (raw) => ({
      id: String(raw.account_id),
      name: (raw.name as { display_name?: string }).display_name,
      email: typeof raw.email === 'string' ? raw.email : undefined,
      raw,
    }),
  })
  const me = await dropbox.profile({ token: 'db-token' })
  assert.equal(me.id, 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc')
  assert.equal(me.name, 'Franz Ferdinand (Personal)')
  assert.equal(me.email, 'franz@dropbox.com')
  const [request] = server.requests
  assert.equal(request?.method, 'POST')
  assert.equal(request?.body.length, 0)
  assert.equal(request?.headers['content-type'], undefined)
  assert.equal(request?.headers.authorization, 'Bearer db-token')
})

test("userInfo: Linear's GraphQL viewer, POSTed as JSON", async (t) => {
  await serve(t)
  const linear = app('linear', {
    userInfo: async ({ request }) => {
      const answer = await request<{ data: { viewer: Record<string, unknown> } }>('graphql', {
        method: 'POST',
        format: 'json',
        data: { query: '{ viewer { id name email } }' },
      })
      return answer.data.data.viewer
    },
  })
  const me = await linear.profile({ token: 'lin_oauth_1' })
  assert.deepEqual([me.id, me.name, me.email], ['2e31b64c-1a5b', 'Ada Lovelace', 'ada@example.com'])
  const [request] = server.requests
  assert.equal(request?.headers['content-type'], 'application/json')
  assert.deepEqual(JSON.parse(request?.body.toString() ?? ''), { query: '{ viewer { id name email } }' })
})

test("userInfo: GitHub's private e-mail, from a second call to /user/emails", async (t) => {
  await serve(t)
  type Email = { email: string; primary: boolean; verified: boolean }
  const github = app('github', {
    userInfoUrl: 'user',
    userInfo: async ({ url, request }) => {
      const user = (await request<Record<string, unknown>>(url ?? 'user')).data
      if (user.email !== null) return user
      const emails = (await request<Email[]>('user/emails')).data
      return { ...user, email: emails.find((e) => e.primary && e.verified)?.email ?? null }
    },
  })
  const me = await github.profile({ token: 'gho_1' })
  assert.equal(me.id, '1')
  assert.equal(me.email, 'octocat@github.com')
  assert.deepEqual(
    server.requests.map((r) => [r.method, r.path, r.headers.authorization]),
    [
      ['GET', '/user', 'Bearer gho_1'],
      ['GET', '/user/emails', 'Bearer gho_1'],
    ],
  )
})

test('userInfo: an answer that is not an object is OAUTH_INVALID_RESPONSE', async (t) => {
  await serve(t)
  const broken = app('broken', { userInfo: async () => [] as unknown as Record<string, unknown> })
  await assert.rejects(
    broken.profile({ token: 't' }),
    refused('OAUTH_INVALID_RESPONSE', 'The user-info answer ("userInfo") is not a JSON object'),
  )
})

test('registration refuses token headers, bases and user-info functions it could not use, naming the option', () => {
  const cases: [Partial<RemoteAppOptions>, string][] = [
    [
      { tokenHeader: { name: 'Content-Type', scheme: null } },
      '"tokenHeader.name" cannot be "content-type": the library sets it',
    ],
    [{ tokenHeader: { name: 'bad name', scheme: null } }, '"tokenHeader.name" must be a header name'],
    [
      { tokenHeader: { name: 'Authorization', scheme: 'Bearer x' } },
      '"tokenHeader.scheme" must be an authentication scheme (a word such as Bearer) or null',
    ],
    [{ tokenHeader: 'Bearer' as never }, '"tokenHeader" must be an object { name, scheme }'],
    [{ baseUrlFromToken: 'instance_url' as never }, '"baseUrlFromToken" must be a function'],
    [{ userInfo: 'https://provider.example/me' as never }, '"userInfo" must be a function'],
  ]
  for (const [options, message] of cases) {
    assert.throws(
      () =>
        new OAuth().remoteApp('shape', {
          authorizeUrl: 'https://provider.example/authorize',
          accessTokenUrl: 'https://provider.example/token',
          clientId: 'id',
          clientSecret: 'secret',
          ...options,
        }),
      refused('OAUTH_INVALID_OPTIONS', `Remote app "shape": ${message}`),
    )
  }
})
