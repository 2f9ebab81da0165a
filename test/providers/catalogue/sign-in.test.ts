/**
 * Every preset's sign-in, replayed as its provider documents it, one row per preset (rows/*.ts):
 * a fastify app with the plugin sends the user to the provider, the callback's code (or the
 * OAuth 1.0a verifier) is exchanged at the provider's token endpoint, and profile() reads who
 * signed in; then the refresh and the revocation the provider offers. The provider's hosts are
 * intercepted with an undici MockAgent given as `dispatcher`: the assertions are the provider's
 * documented wire format, and the answers are the samples of its docs (each row cites them).
 * OAuth 1.0a rows are signed as the project's own OAuth 1.0a provider verifies, both replayed
 * and against that provider running on a loopback port.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import Fastify from 'fastify'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { OAuth, type OAuth1TokenResponse, type RemoteApp } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { consumer, freePort, signIn, startOAuth1Provider } from 'oauth-consumer/testing'
import { MockAgent } from 'undici'
import { parseAuthorizationHeader, signatureBaseString, verifySignature } from '../../../src/testing/oauth1-verify.js'
import { SECRET } from '../../helpers/app.js'
import { APP, appFor, endpoint, type Seen } from '../../helpers/mock-agent.js'
import { loadRows } from './load.js'
import type { ClientAuth, Exchange, OAuth1Row, OAuth2Row, Row } from './row.js'

const CALLBACK = `${APP}/callback`
const CODE = 'SplxlOBeZQQYbYS6WxSbIA'
const seconds = () => Math.floor(Date.now() / 1000)

const json = (value: unknown) => ({ type: 'application/json', body: JSON.stringify(value) })
const form = (value: Readonly<Record<string, string>>) => ({
  type: 'application/x-www-form-urlencoded',
  body: new URLSearchParams(value).toString(),
})

/** The parameters of a request to an endpoint that authenticates the client. */
function paramsOf(request: Seen, format: 'form' | 'json'): Map<string, string> {
  if (format === 'form') {
    assert.match(request.headers['content-type'] ?? '', /^application\/x-www-form-urlencoded/)
    return new Map(new URLSearchParams(request.body))
  }
  assert.match(request.headers['content-type'] ?? '', /^application\/json/)
  const body: unknown = JSON.parse(request.body)
  assert.ok(typeof body === 'object' && body !== null && !Array.isArray(body))
  return new Map(Object.entries(body).map(([key, value]) => [key, String(value)]))
}

/** Checks the client's authentication and removes it from `params`, leaving the request's own. */
async function checkClientAuth(
  sent: Seen,
  params: Map<string, string>,
  auth: ClientAuth,
  row: OAuth2Row,
  checkSecret?: (sent: string) => Promise<void>,
): Promise<void> {
  const idParam = row.authorize.clientIdParam ?? 'client_id'
  const clientId = String(row.options.clientId)
  const secret = String(row.options.clientSecret)
  if (auth === 'basic') {
    // RFC 6749 §2.3.1: id and secret form-encoded, then joined and base64-encoded.
    const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
    const basic = Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')
    assert.equal(sent.headers.authorization, `Basic ${basic}`)
    assert.equal(params.get('client_secret'), undefined)
    return
  }
  assert.equal(sent.headers.authorization, undefined, 'no Authorization header')
  assert.equal(params.get(idParam), clientId, idParam)
  params.delete(idParam)
  if (idParam !== 'client_id') assert.equal(params.get('client_id'), undefined, `${idParam} instead of client_id`)
  if (auth === 'none') {
    assert.equal(params.get('client_secret'), undefined, 'a public client sends no secret')
    return
  }
  const sentSecret = params.get('client_secret')
  assert.ok(sentSecret !== undefined, 'client_secret in the body')
  if (checkSecret === undefined) assert.equal(sentSecret, secret)
  else await checkSecret(sentSecret)
  params.delete('client_secret')
}

function checkHeaders(sent: Seen, headers: Readonly<Record<string, string>> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) assert.equal(sent.headers[name], value, name)
}

function checkForm(params: Map<string, string>, expected: Readonly<Record<string, string>> | undefined): void {
  for (const [name, value] of Object.entries(expected ?? {})) assert.equal(params.get(name), value, name)
}

/** The replies of a token endpoint that several exchanges share (a code, a refresh). */
function grantReplies(exchanges: readonly (readonly [grant: string, Exchange | undefined])[], now: number) {
  return (request: Seen) => {
    const params = paramsOf(request, exchanges.find(([, e]) => e !== undefined)?.[1]?.format ?? 'form')
    const match = exchanges.find(([grant]) => grant === params.get('grant_type'))
    assert.ok(match?.[1], `no answer for grant_type ${params.get('grant_type')}`)
    return json(match[1].answer(now))
  }
}

async function signInOAuth2(row: OAuth2Row, t: { after(fn: () => unknown): void }): Promise<void> {
  const agent = new MockAgent()
  agent.disableNetConnect()
  t.after(() => agent.close())
  const seen: Seen[] = []
  const clientId = String(row.options.clientId)
  const idParam = row.authorize.clientIdParam ?? 'client_id'
  const now = seconds()
  const accessToken = row.token.accessToken ?? String(row.token.answer(now).access_token)
  let nonce: string | null = null
  let idToken: (() => Promise<string>) | undefined
  const oidc = row.oidc
  if (oidc !== undefined) {
    const alg = oidc.alg ?? 'RS256'
    const base = oidc.issuer.replace(/\/$/, '')
    const jwksUrl = oidc.jwks ?? `${base}/jwks`
    let key: Parameters<SignJWT['sign']>[0]
    if (alg === 'HS256') {
      key = new TextEncoder().encode(String(row.options.clientSecret))
      endpoint(agent, seen, 'GET', jwksUrl, () => json({ keys: [] }))
    } else {
      const pair = await generateKeyPair(alg)
      key = pair.privateKey
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg, use: 'sig' }
      endpoint(agent, seen, 'GET', jwksUrl, () => json({ keys: [jwk] }))
    }
    endpoint(agent, seen, 'GET', oidc.discovery ?? `${base}/.well-known/openid-configuration`, () =>
      json({
        ...oidc.metadata,
        issuer: oidc.issuer,
        authorization_endpoint: oidc.authorize,
        token_endpoint: oidc.token,
        ...(oidc.userinfo === undefined ? {} : { userinfo_endpoint: oidc.userinfo }),
        ...(oidc.revocation === undefined ? {} : { revocation_endpoint: oidc.revocation }),
        jwks_uri: jwksUrl,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: [alg],
      }),
    )
    const subject = oidc.subject ?? row.profile.id
    idToken = () =>
      new SignJWT({ ...oidc.claims, ...(nonce === null ? {} : { nonce }) })
        .setProtectedHeader(alg === 'HS256' ? { alg } : { alg, kid: 'k1' })
        .setIssuer(oidc.idTokenIssuer ?? oidc.issuer)
        .setAudience(clientId)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key)
  }
  let signedIdToken: string | undefined
  const code: Exchange = {
    ...row.token,
    answer: (at) => ({ ...row.token.answer(at), ...(signedIdToken === undefined ? {} : { id_token: signedIdToken }) }),
  }
  const refreshUrl = row.refresh?.url
  if (refreshUrl === undefined || refreshUrl === row.token.url) {
    endpoint(
      agent,
      seen,
      'POST',
      row.token.url,
      grantReplies(
        [
          ['authorization_code', code],
          ['refresh_token', row.refresh],
        ],
        now,
      ),
    )
  } else {
    endpoint(agent, seen, 'POST', row.token.url, grantReplies([['authorization_code', code]], now))
    endpoint(agent, seen, 'POST', refreshUrl, grantReplies([['refresh_token', row.refresh]], now))
  }
  const userinfo = row.userinfo
  if (userinfo !== undefined) endpoint(agent, seen, userinfo.method ?? 'GET', userinfo.url, () => json(userinfo.answer))
  for (const call of userinfo?.also ?? []) endpoint(agent, seen, 'GET', call.url, () => json(call.answer))
  const revoke = row.revoke
  if (revoke !== undefined) endpoint(agent, seen, 'POST', revoke.url, () => json({}))

  const oauth = new OAuth()
  const remote = oauth.remoteApp(row.id, { ...row.options, dispatcher: agent })
  const app = await appFor(oauth, remote, t, row.formPost === true)

  // The authorize redirect.
  const login = await app.inject('/login')
  assert.equal(login.statusCode, 302, login.body)
  const location = new URL(String(login.headers.location))
  assert.equal(location.origin + location.pathname, row.authorize.url)
  const query = location.searchParams
  assert.equal(query.get('response_type'), 'code')
  assert.equal(query.get(idParam), clientId, idParam)
  if (idParam !== 'client_id') assert.equal(query.get('client_id'), null)
  assert.equal(query.get('redirect_uri'), CALLBACK)
  for (const [name, value] of Object.entries(row.authorize.params ?? {})) assert.equal(query.get(name), value, name)
  for (const name of row.authorize.absent ?? []) assert.equal(query.get(name), null, name)
  assert.equal(query.get('code_challenge_method'), row.authorize.pkce === false ? null : row.authorize.pkce)
  assert.equal(query.get('response_mode'), row.formPost === true ? 'form_post' : null)
  const state = query.get('state')
  assert.ok(state, 'state is sent')
  nonce = query.get('nonce')
  if (idToken !== undefined) {
    if (oidc?.nonce === false) assert.equal(nonce, null, 'no nonce')
    else assert.ok(nonce, 'an OpenID Connect sign-in sends a nonce')
    signedIdToken = await idToken()
  }
  const cookie = String(login.headers['set-cookie']).split(';')[0]

  // The callback: the token request, then the profile.
  const callbackParams = { code: CODE, state, ...row.callback?.({ code: CODE, state }) }
  const done =
    row.formPost === true
      ? await app.inject({
          method: 'POST',
          url: '/callback',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams(callbackParams).toString(),
        })
      : await app.inject({ url: `/callback?${new URLSearchParams(callbackParams)}`, headers: { cookie } })
  assert.equal(done.statusCode, 200, done.body)
  const { profile, token } = done.json<{ profile: Row['profile']; token: Record<string, unknown> }>()
  assert.deepEqual(profile, row.profile)
  assert.equal(token.access_token, accessToken)
  for (const [name, value] of Object.entries(row.tokenHolds?.(now) ?? {})) {
    assert.deepEqual(token[name], value, `token.${name}`)
  }

  const codeRequests = seen.filter(
    (request) => request.method === 'POST' && new URLSearchParams(request.body).get('grant_type') !== 'refresh_token',
  )
  const tokenRequests = codeRequests.filter((request) => request.url.split('?')[0] === row.token.url.split('?')[0])
  assert.equal(tokenRequests.length, 1)
  const sent = tokenRequests[0]
  assert.ok(sent)
  assert.equal(sent.url, row.token.url)
  const params = paramsOf(sent, row.token.format ?? 'form')
  assert.equal(params.get('grant_type'), 'authorization_code')
  assert.equal(params.get('code'), CODE)
  assert.equal(params.get('redirect_uri'), CALLBACK)
  const verifier = params.get('code_verifier')
  if (row.authorize.pkce === 'S256') {
    assert.ok(verifier)
    assert.equal(createHash('sha256').update(verifier).digest('base64url'), query.get('code_challenge'))
  } else if (row.authorize.pkce === 'plain') {
    assert.equal(verifier, query.get('code_challenge'))
  } else {
    assert.equal(verifier, undefined)
  }
  await checkClientAuth(sent, params, row.token.auth, row, row.token.clientSecret)
  checkHeaders(sent, row.token.headers)
  checkForm(params, row.token.form)

  if (userinfo !== undefined) {
    const calls = seen.filter((request) => request.url.split('?')[0] === userinfo.url.split('?')[0])
    assert.equal(calls.length, 1)
    const call = calls[0]
    assert.ok(call)
    assert.equal(call.url, userinfo.url)
    assert.equal(call.method, userinfo.method ?? 'GET')
    assert.equal(call.body, userinfo.body ?? '')
    if (call.body === '') assert.equal(call.headers['content-type'], undefined, 'no body, no content type')
    checkHeaders(call, {
      ...(userinfo.bearer === false ? {} : { authorization: `Bearer ${accessToken}` }),
      ...userinfo.headers,
    })
    if (userinfo.bearer === false && userinfo.headers?.authorization === undefined) {
      assert.equal(call.headers.authorization, undefined, 'no Authorization header')
    }
    for (const further of userinfo.also ?? []) {
      const made = seen.filter((request) => request.url.split('?')[0] === further.url.split('?')[0])
      assert.equal(made.length, 1, further.url)
      const [request] = made
      assert.ok(request)
      assert.equal(request.url, further.url)
      assert.equal(request.method, 'GET')
      checkHeaders(request, { authorization: `Bearer ${accessToken}`, ...further.headers })
    }
  }

  if (row.refresh !== undefined) {
    const refreshToken = token.refresh_token
    assert.ok(typeof refreshToken === 'string', 'the sign-in holds a refresh token')
    const callback = token.callbackParams as Record<string, string> | undefined
    const fresh = await remote.refreshToken(refreshToken, callback === undefined ? {} : { callbackParams: callback })
    const refreshed = seen.filter((request) => request.method === 'POST' && request.body.includes('refresh_token'))
    assert.equal(refreshed.length, 1)
    const [request] = refreshed
    assert.ok(request)
    assert.equal(request.url, row.refresh.url ?? row.token.url)
    const refreshParams = paramsOf(request, row.refresh.format ?? 'form')
    assert.equal(refreshParams.get('grant_type'), 'refresh_token')
    assert.equal(refreshParams.get('refresh_token'), refreshToken)
    await checkClientAuth(request, refreshParams, row.refresh.auth, row, row.token.clientSecret)
    checkHeaders(request, row.refresh.headers)
    checkForm(refreshParams, row.refresh.form)
    const holds = fresh as unknown as Record<string, unknown>
    for (const [name, value] of Object.entries(row.refresh.holds(now))) {
      assert.deepEqual(holds[name], value, `refreshed token.${name}`)
    }
  }

  if (revoke !== undefined) {
    if (revoke.revokes === 'refresh_token') await remote.revokeToken(token as { access_token: string })
    else await remote.revokeToken(accessToken)
    const revoked = seen.filter((request) => request.url === revoke.url)
    assert.equal(revoked.length, 1)
    const [request] = revoked
    assert.ok(request)
    const revokeParams = paramsOf(request, row.token.format ?? 'form')
    await checkClientAuth(request, revokeParams, revoke.auth, row, row.token.clientSecret)
    assert.deepEqual(Object.fromEntries(revokeParams), revoke.form)
  } else {
    const { revokeUrl } = row.options as { revokeUrl?: string }
    assert.equal(revokeUrl, undefined, 'a preset with a revokeUrl has its revocation in the row')
  }

  await row.after?.(remote, token, { agent, seen })
  assert.ok(row.docs.length > 0 && row.docs.every((url) => url.startsWith('https://')), 'the row cites https docs')
}

/** An OAuth 1.0a request's signature, checked as the project's own provider checks it. */
function verified(request: Seen, row: OAuth1Row, tokenSecret: string): Map<string, string> {
  const header = parseAuthorizationHeader(request.headers.authorization ?? '')
  assert.ok(header, 'signed in the Authorization header')
  const params = new Map(header.params)
  assert.equal(params.get('oauth_signature_method'), row.signatureMethod)
  assert.equal(params.get('oauth_consumer_key'), String(row.options.consumerKey ?? row.options.clientId))
  const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
  const baseString = signatureBaseString({
    method: request.method,
    url: request.url,
    formBody: isForm ? request.body : null,
    authorizationParams: header.params,
  })
  const ok = verifySignature({
    signatureMethod: row.signatureMethod,
    signature: params.get('oauth_signature') ?? '',
    baseString,
    consumerSecret: String(row.options.consumerSecret ?? row.options.clientSecret),
    tokenSecret,
  })
  assert.ok(ok, `the signature of ${request.method} ${request.url} verifies`)
  return params
}

/** Whether an OAuth 1.0a request carries `oauth_verifier` (the access-token call's mark). */
function carriesVerifier(request: Seen): boolean {
  const header = parseAuthorizationHeader(request.headers.authorization ?? '')
  return header?.params.some(([name]) => name === 'oauth_verifier') ?? false
}

/** Whether a request went to `expected`, query compared as a set of parameters. */
function sameUrl(request: Seen, expected: string): boolean {
  const sent = new URL(request.url)
  const want = new URL(expected)
  const sorted = (url: URL) => [...url.searchParams].map(([k, v]) => `${k}=${v}`).sort()
  return sent.origin + sent.pathname === want.origin + want.pathname && String(sorted(sent)) === String(sorted(want))
}

async function signInOAuth1(row: OAuth1Row, t: { after(fn: () => unknown): void }): Promise<void> {
  const agent = new MockAgent()
  agent.disableNetConnect()
  t.after(() => agent.close())
  const seen: Seen[] = []
  const temporary = { oauth_token: 'hh5s93j4hdidpola', oauth_token_secret: 'hdhd0244k9j7ao03' }
  const credentials = {
    oauth_token: 'nnch734d00sl2jdk',
    oauth_token_secret: 'pfkkdhi9sl3r4s00',
    ...row.accessToken.answer,
  }
  const requestMethod = row.requestToken.method ?? 'POST'
  const accessMethod = row.accessToken.method ?? 'POST'
  const temporaryAnswer = form({ ...temporary, oauth_callback_confirmed: 'true', ...row.requestToken.answer })
  // One URL may serve both steps (Evernote): the verifier tells them apart.
  endpoint(agent, seen, requestMethod, row.requestToken.url, (request) =>
    carriesVerifier(request) ? form(credentials) : temporaryAnswer,
  )
  if (accessMethod !== requestMethod || row.accessToken.url !== row.requestToken.url) {
    endpoint(agent, seen, accessMethod, row.accessToken.url, () => form(credentials))
  }
  const userinfo = row.userinfo
  const calls = userinfo === undefined ? [] : [{ url: userinfo.url, answer: userinfo.answer }, ...(userinfo.more ?? [])]
  const paths = new Set(calls.map((call) => new URL(call.url).origin + new URL(call.url).pathname))
  for (const path of paths) {
    endpoint(agent, seen, 'GET', path, (request) => {
      const call = calls.find((c) => sameUrl(request, c.url))
      assert.ok(call, `no answer for ${request.url}`)
      return json(call.answer)
    })
  }

  const oauth = new OAuth()
  const remote = oauth.remoteApp(row.id, { ...row.options, dispatcher: agent })
  const app = await appFor(oauth, remote, t)

  const login = await app.inject('/login')
  assert.equal(login.statusCode, 302, login.body)
  const [requestTokenCall] = seen
  assert.ok(requestTokenCall)
  assert.equal(requestTokenCall.url.split('?')[0], row.requestToken.url)
  assert.equal(requestTokenCall.method, requestMethod)
  const requestParams = verified(requestTokenCall, row, '')
  assert.equal(requestParams.get('oauth_callback'), CALLBACK)
  const signed = new Map([...requestParams, ...new URL(requestTokenCall.url).searchParams])
  for (const [name, value] of Object.entries(row.requestToken.params ?? {})) assert.equal(signed.get(name), value, name)

  const location = new URL(String(login.headers.location))
  assert.equal(location.origin + location.pathname, row.authorize.url)
  assert.equal(location.searchParams.get('oauth_token'), temporary.oauth_token)
  for (const [name, value] of Object.entries(row.authorize.params ?? {})) {
    assert.equal(location.searchParams.get(name), value, name)
  }
  const cookie = String(login.headers['set-cookie']).split(';')[0]
  const done = await app.inject({
    url: `/callback?oauth_token=${temporary.oauth_token}&oauth_verifier=hfdp7dh39dks9884`,
    headers: { cookie },
  })
  assert.equal(done.statusCode, 200, done.body)
  const { profile, token } = done.json<{ profile: Row['profile']; token: Record<string, unknown> }>()
  assert.deepEqual(profile, row.profile)
  for (const [name, value] of Object.entries(credentials)) assert.equal(token[name], value, `token.${name}`)

  const accessCalls = seen.filter(
    (request) => request.url.split('?')[0] === row.accessToken.url && carriesVerifier(request),
  )
  assert.equal(accessCalls.length, 1)
  const [accessCall] = accessCalls
  assert.ok(accessCall)
  assert.equal(accessCall.method, accessMethod)
  const accessParams = verified(accessCall, row, temporary.oauth_token_secret)
  assert.equal(accessParams.get('oauth_token'), temporary.oauth_token)
  assert.equal(accessParams.get('oauth_verifier'), 'hfdp7dh39dks9884')
  for (const expected of calls) {
    const made = seen.filter((request) => sameUrl(request, expected.url))
    assert.equal(made.length, 1, `one call of ${expected.url}`)
    const [call] = made
    assert.ok(call)
    assert.equal(call.method, 'GET')
    const callParams = verified(call, row, credentials.oauth_token_secret)
    assert.equal(callParams.get('oauth_token'), credentials.oauth_token)
    checkHeaders(call, userinfo?.headers)
  }
  assert.equal(seen.length, 2 + calls.length, 'no other call is made')
  assert.ok(row.docs.length > 0 && row.docs.every((url) => url.startsWith('https://')), 'the row cites https docs')
}

function withParams(url: string, params: Readonly<Record<string, string>> | undefined): string {
  const target = new URL(url)
  for (const [name, value] of Object.entries(params ?? {})) target.searchParams.set(name, value)
  return target.href
}

/**
 * The preset's signing, with its method and its request-token and authorize parameters, against
 * the project's own OAuth 1.0a provider: its endpoints stand in for the provider's.
 */
async function againstLocalProvider(row: OAuth1Row, t: { after(fn: () => unknown): void }): Promise<void> {
  const key = String(row.options.consumerKey ?? row.options.clientId)
  const secret = String(row.options.consumerSecret ?? row.options.clientSecret)
  const provider = await startOAuth1Provider({ consumers: [consumer(key, secret, row.id)] })
  t.after(() => provider.close())
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const oauth = new OAuth()
  const remote = oauth.remoteApp(row.id, {
    ...row.options,
    requestTokenUrl: provider.requestTokenUrl,
    accessTokenUrl: provider.accessTokenUrl,
    authorizeUrl: withParams(provider.authorizeUrl, row.authorize.params),
    baseUrl: provider.apiUrl,
    userInfoUrl: 'account/verify_credentials.json',
    requestTokenMethod: row.requestToken.method ?? 'POST',
  }) as RemoteApp<OAuth1TokenResponse>
  const app = Fastify()
  t.after(() => app.close())
  await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: url })
  app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
  app.get(
    '/callback',
    remote.authorizedHandler(async (resp) => {
      assert.ok(resp !== null)
      const me = await remote.get<{ screen_name: string }>('account/verify_credentials.json', { token: resp })
      return { screenName: me.data.screen_name }
    }),
  )
  await app.listen({ port, host: '127.0.0.1' })
  const { response } = await signIn(`${url}/login`, { login: 'catalogue_user' })
  assert.equal(response.status, 200)
  assert.deepEqual(JSON.parse(response.body), { screenName: 'catalogue_user' })
  const methods = provider.requests.map((request) => `${request.signatureMethod} ${request.target.split('?')[0]}`)
  assert.deepEqual(methods, [
    `${row.signatureMethod} /oauth/request_token`,
    `${row.signatureMethod} /oauth/access_token`,
    `${row.signatureMethod} /1.1/account/verify_credentials.json`,
  ])
}

const rows = await loadRows()

describe('every preset: a documented sign-in, replayed', () => {
  for (const row of rows) {
    if (row.protocol === 'oauth1') {
      test(`${row.id}: request token, authorize redirect, access token and profile as the provider documents, each signature verified`, (t) =>
        signInOAuth1(row, t))
      test(`${row.id}: a sign-in with its signature method, verified by the project's OAuth 1.0a provider`, (t) =>
        againstLocalProvider(row, t))
    } else {
      test(`${row.id}: authorize redirect, token request, token answer, profile${row.refresh ? ', refresh' : ''}${row.revoke ? ', revocation' : ''} as the provider documents`, (t) =>
        signInOAuth2(row, t))
    }
  }
})
