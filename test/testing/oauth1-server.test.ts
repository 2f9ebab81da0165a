/**
 * The local OAuth 1.0a provider, checked without any library code: its verifier against the
 * published vectors (test/vectors), then the whole provider over real sockets with a signer written
 * here from the RFC, so that neither the library's client nor an npm OAuth package is involved.
 */
import assert from 'node:assert/strict'
import type { KeyObject } from 'node:crypto'
import {
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import { Agent, request as httpRequest } from 'node:http'
import type { TestContext } from 'node:test'
import { test } from 'node:test'
import {
  type Consumer,
  consumer,
  demoConsumers,
  type OAuth1Server,
  type StartOAuth1ProviderOptions,
  startOAuth1Provider,
} from '../../src/testing/oauth1-server.js'
import {
  baseStringUri,
  decodeForm,
  normalizeParameters,
  type Param,
  percentDecode,
  percentEncode,
  requestParameters,
  type SignatureMethod,
  signatureBaseString,
  signingKey,
  verifySignature,
} from '../../src/testing/oauth1-verify.js'

// ---------------------------------------------------------------------------------------------
// Published vectors
// ---------------------------------------------------------------------------------------------

interface Vector {
  name: string
  kind: string
  method: string | null
  url: string | null
  params: Param[] | null
  query_params: Param[] | null
  oauth_params: Param[] | null
  body_params: Param[] | null
  body_raw: string | null
  realm: string | null
  consumer_secret: string | null
  token_secret: string | null
  signature_method: string | null
  expected_base_string: string | null
  expected_signature: string | null
  oauthlib_base_string?: string
  oauthlib_signature?: string
  oauthlib_normalized_params?: string
  oauthlib_encoded?: string
  oauthlib_base_string_uri?: string
  input?: string
  input_form?: string
  host_header?: string
  signing_key?: string
  rsa_private_key_pem?: string
  rsa_certificate_pem?: string
}

// Compiled to dist/test/helpers/, so the repository root is three levels up.
const vectors = JSON.parse(
  readFileSync(new URL('../../../test/vectors/oauth1-vectors.json', import.meta.url), 'utf8'),
) as Vector[]

function ofKind(kind: string): Vector[] {
  const found = vectors.filter((vector) => vector.kind === kind)
  assert.ok(found.length > 0, `no ${kind} vectors`)
  return found
}

function required<T>(value: T | null | undefined, what: string): T {
  assert.ok(value !== null && value !== undefined, `vector has no ${what}`)
  return value
}

function formEncode(params: readonly Param[]): string {
  return params.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')
}

/** Every one-character change of a signature, each of which must be refused. */
function mutations(signature: string): string[] {
  return [...signature].map((char, index) => {
    const replacement = char === 'A' ? 'B' : 'A'
    return signature.slice(0, index) + replacement + signature.slice(index + 1)
  })
}

function rsaKeysOf(vector: Vector): KeyObject[] {
  const keys: KeyObject[] = []
  if (vector.rsa_private_key_pem !== undefined) keys.push(createPublicKey(vector.rsa_private_key_pem))
  if (vector.rsa_certificate_pem !== undefined) keys.push(new X509Certificate(vector.rsa_certificate_pem).publicKey)
  return keys
}

test('vectors: the file holds the 68 vectors its README describes', () => {
  assert.equal(vectors.length, 68)
  const kinds = new Set(vectors.map((vector) => vector.kind))
  assert.deepEqual(
    [...kinds].sort(),
    [
      'base_string',
      'base_string_uri',
      'hmac_sha1_only',
      'normalization',
      'percent_encoding',
      'plaintext_only',
      'signature',
    ].sort(),
  )
})

test('vectors: signature base strings and signatures', async (t) => {
  for (const vector of ofKind('signature')) {
    await t.test(vector.name, () => {
      const method = required(vector.method, 'method')
      const url = required(vector.url, 'url')
      const bodyParams = required(vector.body_params, 'body_params')
      // Three edge vectors give only the decoded body; serializing it is the one way to send it.
      const formBody = vector.body_raw ?? (bodyParams.length > 0 ? formEncode(bodyParams) : null)
      if (vector.body_raw !== null) assert.deepEqual(decodeForm(vector.body_raw), bodyParams)
      const query = url.includes('?') ? url.slice(url.indexOf('?') + 1).replace(/#.*/, '') : ''
      assert.deepEqual(decodeForm(query), required(vector.query_params, 'query_params'))

      // realm travels in the header and must stay out of the base string.
      const oauthParams = required(vector.oauth_params, 'oauth_params')
      const authorizationParams: Param[] =
        vector.realm === null ? oauthParams : [['realm', vector.realm], ...oauthParams]
      const input = { method, url, formBody, authorizationParams }
      if (vector.oauthlib_normalized_params !== undefined) {
        assert.equal(normalizeParameters(requestParameters(input)), vector.oauthlib_normalized_params)
      }
      const baseString = signatureBaseString(input)
      assert.equal(baseString, vector.oauthlib_base_string)

      const signature = required(vector.oauthlib_signature, 'oauthlib_signature')
      const signatureMethod = required(vector.signature_method, 'signature_method')
      const credentials = {
        signatureMethod,
        baseString,
        consumerSecret: required(vector.consumer_secret, 'consumer_secret'),
        tokenSecret: required(vector.token_secret, 'token_secret'),
      }
      const keys: (KeyObject | undefined)[] = signatureMethod === 'RSA-SHA1' ? rsaKeysOf(vector) : [undefined]
      assert.ok(keys.length > 0, 'an RSA vector needs a key')
      for (const rsaPublicKey of keys) {
        assert.equal(verifySignature({ ...credentials, signature, rsaPublicKey }), true, 'published signature refused')
        for (const changed of mutations(signature)) {
          assert.equal(verifySignature({ ...credentials, signature: changed, rsaPublicKey }), false, changed)
        }
      }
      if (vector.expected_signature !== null && vector.expected_signature !== signature) {
        // The RFC 5849 §3.4.1 misprint (erratum 2550) must not verify.
        assert.equal(verifySignature({ ...credentials, signature: vector.expected_signature }), false)
      }
    })
  }
})

test('vectors: RSA-SHA1 refuses a second base64 spelling of the published signature', () => {
  const vector = ofKind('signature').find((candidate) => candidate.signature_method === 'RSA-SHA1')
  const signature = required(vector?.oauthlib_signature, 'RSA signature')
  // With one "=" of padding the last character carries two unused bits; flipping one keeps the bytes.
  assert.ok(signature.endsWith('=') && !signature.endsWith('=='))
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const index = signature.length - 2
  const respelled = `${signature.slice(0, index)}${alphabet[alphabet.indexOf(signature.charAt(index)) ^ 1]}=`
  assert.notEqual(respelled, signature)
  assert.deepEqual(Buffer.from(respelled, 'base64'), Buffer.from(signature, 'base64'))
  const credentials = {
    signatureMethod: 'RSA-SHA1',
    baseString: required(vector?.oauthlib_base_string, 'base string'),
    consumerSecret: '',
    tokenSecret: '',
    rsaPublicKey: createPublicKey(required(vector?.rsa_certificate_pem, 'certificate')),
  }
  assert.equal(verifySignature({ ...credentials, signature }), true)
  assert.equal(verifySignature({ ...credentials, signature: respelled }), false)
})

test('vectors: bare base strings (oauth_signature is never signed)', () => {
  for (const vector of ofKind('base_string')) {
    const url = required(vector.url, 'url')
    const params = required(vector.params, 'params')
    const sent = `${url}${url.includes('?') ? '&' : '?'}${formEncode(params)}`
    assert.equal(
      signatureBaseString({ method: required(vector.method, 'method'), url: sent }),
      vector.oauthlib_base_string,
      vector.name,
    )
  }
})

test('vectors: HMAC-SHA1 and PLAINTEXT on their own', () => {
  for (const vector of [...ofKind('hmac_sha1_only'), ...ofKind('plaintext_only')]) {
    const consumerSecret = required(vector.consumer_secret, 'consumer_secret')
    const tokenSecret = required(vector.token_secret, 'token_secret')
    if (vector.signing_key !== undefined) assert.equal(signingKey(consumerSecret, tokenSecret), vector.signing_key)
    const credentials = {
      signatureMethod: required(vector.signature_method, 'signature_method'),
      baseString: vector.expected_base_string ?? '',
      consumerSecret,
      tokenSecret,
    }
    const signature = required(vector.oauthlib_signature, 'oauthlib_signature')
    assert.equal(verifySignature({ ...credentials, signature }), true, vector.name)
    for (const changed of mutations(signature)) {
      assert.equal(verifySignature({ ...credentials, signature: changed }), false, `${vector.name}: ${changed}`)
    }
  }
})

test('vectors: percent-encoding', () => {
  for (const vector of ofKind('percent_encoding')) {
    const input = required(vector.input, 'input')
    const encoded = required(vector.oauthlib_encoded, 'oauthlib_encoded')
    assert.equal(percentEncode(input), encoded, vector.name)
    assert.equal(percentDecode(encoded), input, vector.name)
    const lowerHex = encoded.replace(/%[0-9A-F]{2}/g, (triplet) => triplet.toLowerCase())
    assert.equal(percentDecode(lowerHex), input, vector.name)
  }
})

test('vectors: parameter normalization', () => {
  for (const vector of ofKind('normalization')) {
    const params = required(vector.params, 'params')
    if (vector.input_form !== undefined) assert.deepEqual(decodeForm(vector.input_form), params, vector.name)
    assert.equal(normalizeParameters(params), vector.oauthlib_normalized_params, vector.name)
  }
})

test('vectors: base string URIs', () => {
  for (const vector of ofKind('base_string_uri')) {
    const url = required(vector.url, 'url')
    assert.equal(baseStringUri(url), vector.oauthlib_base_string_uri, vector.name)
    assert.equal(baseStringUri(url, vector.host_header), vector.oauthlib_base_string_uri, vector.name)
    // As a server sees it: a request target plus the Host header.
    const target = url.replace(/^[a-z]+:\/\/[^/?#]*/i, '')
    const scheme = url.slice(0, url.indexOf(':'))
    assert.equal(baseStringUri(target, vector.host_header, scheme), vector.oauthlib_base_string_uri, vector.name)
  }
})

test('base string URIs: ports, case, userinfo and IPv6 literals', () => {
  assert.equal(baseStringUri('/a?b=c', '127.0.0.1:8080'), 'http://127.0.0.1:8080/a')
  assert.equal(baseStringUri('/', 'LOCALHOST:80'), 'http://localhost/')
  assert.equal(baseStringUri('https://Example.com:443'), 'https://example.com/')
  assert.equal(baseStringUri('http://example.com:443/x'), 'http://example.com:443/x')
  assert.equal(baseStringUri('http://user:pw@Example.com/x#y'), 'http://example.com/x')
  assert.equal(baseStringUri('/x', '[::1]:8080'), 'http://[::1]:8080/x')
  assert.equal(baseStringUri('/x', '[::1]'), 'http://[::1]/x')
})

// ---------------------------------------------------------------------------------------------
// End to end, over sockets, with a signer written here
// ---------------------------------------------------------------------------------------------

interface Response {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

interface RawRequest {
  method: string
  /** Request target, sent byte for byte. */
  path: string
  headers?: Record<string, string>
  body?: string
}

/** node:http sends the path exactly as given, where fetch-style clients would normalize it first. */
function send(server: OAuth1Server, raw: RawRequest, agent?: Agent): Promise<Response> {
  const { hostname, port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, method: raw.method, path: raw.path, headers: raw.headers, agent: agent ?? false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(raw.body)
  })
}

interface Credentials {
  consumerKey: string
  consumerSecret: string
  token?: string
  tokenSecret?: string
  rsaPrivateKey?: KeyObject
}

interface SignedRequest {
  method: string
  /** Request target as sent, raw query included. */
  path: string
  /** What the query means, decoded by hand: the signer never parses what it sends. */
  query?: Param[]
  /** A form body as sent, and what it means. */
  form?: { raw: string; params: Param[] }
  /** Any other body; the signer adds its oauth_body_hash. */
  body?: { raw: string; contentType: string }
  /** More protocol parameters (oauth_callback, oauth_verifier). */
  oauth?: Param[]
  signatureMethod?: SignatureMethod
  nonce?: string
  timestamp?: string
  version?: string | null
  realm?: string
  /** Where the protocol parameters travel (RFC 5849 §3.5). */
  placement?: 'header' | 'query' | 'form'
  /** Replaces the computed signature. */
  signature?: (signature: string) => string
  bodyHash?: string
}

interface Signed extends RawRequest {
  baseString: string
  protocol: Param[]
}

function now(): string {
  return String(Math.floor(Date.now() / 1000))
}

function sha(signatureMethod: SignatureMethod): 'sha1' | 'sha256' {
  return signatureMethod === 'HMAC-SHA256' ? 'sha256' : 'sha1'
}

/** RFC 5849 §3.4, written for these tests only; it shares the encoding helpers and nothing else. */
function signRequest(server: OAuth1Server, credentials: Credentials, spec: SignedRequest): Signed {
  const signatureMethod = spec.signatureMethod ?? 'HMAC-SHA1'
  const protocol: Param[] = [
    ['oauth_consumer_key', credentials.consumerKey],
    ['oauth_nonce', spec.nonce ?? randomBytes(16).toString('hex')],
    ['oauth_signature_method', signatureMethod],
    ['oauth_timestamp', spec.timestamp ?? now()],
  ]
  if (spec.version !== null) protocol.push(['oauth_version', spec.version ?? '1.0'])
  if (credentials.token !== undefined) protocol.push(['oauth_token', credentials.token])
  protocol.push(...(spec.oauth ?? []))
  if (spec.body !== undefined || spec.bodyHash !== undefined) {
    const hash = createHash(sha(signatureMethod))
      .update(spec.body?.raw ?? '')
      .digest('base64')
    protocol.push(['oauth_body_hash', spec.bodyHash ?? hash])
  }

  const pathOnly = spec.path.replace(/\?.*$/, '')
  const all = [...(spec.query ?? []), ...protocol, ...(spec.form?.params ?? [])]
  const baseString = [
    spec.method,
    percentEncode(`${server.url}${pathOnly}`),
    percentEncode(normalizeParameters(all)),
  ].join('&')
  const key = `${percentEncode(credentials.consumerSecret)}&${percentEncode(credentials.tokenSecret ?? '')}`
  let signature: string
  if (signatureMethod === 'PLAINTEXT') {
    signature = key
  } else if (signatureMethod === 'RSA-SHA1') {
    assert.ok(credentials.rsaPrivateKey, 'RSA-SHA1 needs a private key')
    signature = sign('sha1', Buffer.from(baseString), credentials.rsaPrivateKey).toString('base64')
  } else {
    signature = createHmac(sha(signatureMethod), key).update(baseString).digest('base64')
  }
  if (spec.signature !== undefined) signature = spec.signature(signature)
  const signed: Param[] = [...protocol, ['oauth_signature', signature]]

  const headers: Record<string, string> = {}
  let path = spec.path
  let body = spec.form?.raw ?? spec.body?.raw
  if (spec.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded'
  if (spec.body !== undefined) headers['content-type'] = spec.body.contentType
  const placement = spec.placement ?? 'header'
  if (placement === 'header') {
    const realm: Param[] = spec.realm === undefined ? [] : [['realm', spec.realm]]
    const fields = [...realm, ...signed].map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`)
    headers.authorization = `OAuth ${fields.join(', ')}`
  } else if (placement === 'query') {
    path += `${path.includes('?') ? '&' : '?'}${formEncode(signed)}`
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = body === undefined || body === '' ? formEncode(signed) : `${body}&${formEncode(signed)}`
  }
  return body === undefined
    ? { method: spec.method, path, headers, baseString, protocol }
    : { method: spec.method, path, headers, body, baseString, protocol }
}

function sendSigned(server: OAuth1Server, credentials: Credentials, spec: SignedRequest): Promise<Response> {
  return send(server, signRequest(server, credentials, spec))
}

function formOf(response: Response): Record<string, string> {
  assert.match(response.headers['content-type'] ?? '', /^application\/x-www-form-urlencoded/)
  return Object.fromEntries(new URLSearchParams(response.text))
}

function jsonOf<T>(response: Response): T {
  assert.match(response.headers['content-type'] ?? '', /^application\/json/)
  return JSON.parse(response.text) as T
}

function assertProblem(response: Response, status: number, problem: string): Record<string, string> {
  assert.equal(response.status, status, response.text)
  assert.match(response.headers['www-authenticate'] ?? '', /^OAuth realm="http:\/\/127\.0\.0\.1:\d+"$/)
  const form = formOf(response)
  assert.equal(form.oauth_problem, problem, response.text)
  assert.ok((form.oauth_problem_advice ?? '').length > 0)
  return form
}

function unescapeHtml(value: string): string {
  return value
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
}

/** What a browser would submit: the form's action and hidden fields, read from the page. */
function authorizeForm(html: string): { action: string; fields: Param[] } {
  const action = /<form method="post" action="([^"]*)">/.exec(html)?.[1]
  assert.ok(action !== undefined, 'no authorization form')
  const fields = [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map(
    ([, name, value]) => [unescapeHtml(name ?? ''), unescapeHtml(value ?? '')] as const,
  )
  return { action: unescapeHtml(action), fields }
}

const DEMO = demoConsumers[0] as Consumer
const CALLBACK = 'http://127.0.0.1:9/callback?state=a%20b&x=1'

async function start(t: TestContext, options: StartOAuth1ProviderOptions = {}): Promise<OAuth1Server> {
  const server = await startOAuth1Provider(options)
  t.after(() => server.close())
  return server
}

function demoCredentials(owner: Consumer = DEMO): Credentials {
  return { consumerKey: owner.key, consumerSecret: owner.secret }
}

async function requestToken(
  server: OAuth1Server,
  credentials: Credentials,
  callback = CALLBACK,
): Promise<{ token: string; secret: string }> {
  const response = await sendSigned(server, credentials, {
    method: 'POST',
    path: '/oauth/request_token',
    oauth: [['oauth_callback', callback]],
  })
  assert.equal(response.status, 200, response.text)
  const form = formOf(response)
  assert.equal(form.oauth_callback_confirmed, 'true')
  return { token: form.oauth_token ?? '', secret: form.oauth_token_secret ?? '' }
}

async function decide(
  server: OAuth1Server,
  token: string,
  action: 'authorize' | 'cancel',
  screenName = 'ada',
  path = '/oauth/authorize',
): Promise<Response> {
  const page = await send(server, { method: 'GET', path: `${path}?oauth_token=${percentEncode(token)}` })
  assert.equal(page.status, 200, page.text)
  const form = authorizeForm(page.text)
  const body = formEncode([...form.fields, ['screen_name', screenName], ['action', action]])
  return send(server, {
    method: 'POST',
    path: form.action,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  })
}

async function accessToken(
  server: OAuth1Server,
  credentials: Credentials,
  screenName = 'ada',
): Promise<Credentials & { token: string; tokenSecret: string }> {
  const temporary = await requestToken(server, credentials)
  const redirect = await decide(server, temporary.token, 'authorize', screenName)
  const verifier = new URL(redirect.headers.location ?? '').searchParams.get('oauth_verifier') ?? ''
  const response = await sendSigned(
    server,
    { ...credentials, token: temporary.token, tokenSecret: temporary.secret },
    { method: 'POST', path: '/oauth/access_token', oauth: [['oauth_verifier', verifier]] },
  )
  assert.equal(response.status, 200, response.text)
  const form = formOf(response)
  return { ...credentials, token: form.oauth_token ?? '', tokenSecret: form.oauth_token_secret ?? '' }
}

interface Tweet {
  id: number
  id_str: string
  text: string
  user: { screen_name: string }
}

interface Echo {
  method: string
  baseString: string
  baseStringUri: string
  signatureMethod: string
  consumerKey: string
  token: string | null
  params: Param[]
  bodyHash: string
  contentType: string | null
  body: string
}

test('three-legged flow: request token, authorize page, callback, access token, API', async (t) => {
  const server = await start(t)
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  const credentials = demoCredentials()

  const temporary = await requestToken(server, credentials)
  assert.ok(temporary.token.length >= 16 && temporary.secret.length >= 16)

  const page = await send(server, { method: 'GET', path: `/oauth/authorize?oauth_token=${temporary.token}` })
  assert.equal(page.status, 200)
  assert.match(page.headers['content-type'] ?? '', /^text\/html/)
  assert.match(page.text, /oauth-consumer demo wants to use your account/)
  assert.match(page.text, /<input type="text" name="screen_name"/)
  assert.match(page.text, /<button type="submit" name="action" value="authorize">Authorize app<\/button>/)
  assert.match(page.text, /<button type="submit" name="action" value="cancel" formnovalidate>Cancel<\/button>/)
  assert.deepEqual(authorizeForm(page.text), {
    action: '/oauth/authorize',
    fields: [['oauth_token', temporary.token]],
  })

  const redirect = await decide(server, temporary.token, 'authorize', 'Ada_Lovelace')
  assert.equal(redirect.status, 302)
  const location = redirect.headers.location ?? ''
  // The callback's own query is kept as registered; the provider only appends.
  assert.ok(location.startsWith(`${CALLBACK}&oauth_token=`), location)
  const callback = new URL(location)
  assert.equal(callback.searchParams.get('state'), 'a b')
  assert.equal(callback.searchParams.get('oauth_token'), temporary.token)
  const verifier = callback.searchParams.get('oauth_verifier') ?? ''
  assert.ok(verifier.length >= 16)

  // The decision is final: the page no longer accepts the token.
  const again = await send(server, { method: 'GET', path: `/oauth/authorize?oauth_token=${temporary.token}` })
  assert.equal(again.status, 400)

  const temporaryCredentials = { ...credentials, token: temporary.token, tokenSecret: temporary.secret }
  const exchange = await sendSigned(server, temporaryCredentials, {
    method: 'POST',
    path: '/oauth/access_token',
    oauth: [['oauth_verifier', verifier]],
  })
  assert.equal(exchange.status, 200, exchange.text)
  const tokens = formOf(exchange)
  assert.equal(tokens.screen_name, 'Ada_Lovelace')
  assert.match(tokens.user_id ?? '', /^\d+$/)
  assert.ok(tokens.oauth_token?.startsWith(`${tokens.user_id}-`))
  const user: Credentials = {
    ...credentials,
    token: tokens.oauth_token ?? '',
    tokenSecret: tokens.oauth_token_secret ?? '',
  }
  assert.deepEqual(server.issuedTokens(), [
    { token: tokens.oauth_token, secret: tokens.oauth_token_secret, screenName: 'Ada_Lovelace' },
  ])

  // Request tokens are single-use.
  const replay = await sendSigned(server, temporaryCredentials, {
    method: 'POST',
    path: '/oauth/access_token',
    oauth: [['oauth_verifier', verifier]],
  })
  assertProblem(replay, 401, 'token_rejected')

  const me = await sendSigned(server, user, { method: 'GET', path: '/1.1/account/verify_credentials.json' })
  assert.equal(me.status, 200, me.text)
  const profile = jsonOf<Record<string, unknown>>(me)
  assert.equal(profile.screen_name, 'Ada_Lovelace')
  assert.equal(profile.id_str, tokens.user_id)
  assert.equal(profile.id, Number(tokens.user_id))
  assert.equal(typeof profile.name, 'string')
  const avatar = await send(server, { method: 'GET', path: new URL(String(profile.profile_image_url_https)).pathname })
  assert.equal(avatar.status, 200)
  assert.match(avatar.headers['content-type'] ?? '', /^image\/svg\+xml/)

  const text = 'Hello Ladies + Gentlemen, a signed OAuth request! ☃ 100% *sure*'
  const posted = await sendSigned(server, user, {
    method: 'POST',
    path: '/1.1/statuses/update.json?include_entities=true',
    query: [['include_entities', 'true']],
    form: { raw: `status=${percentEncode(text).replaceAll('%20', '+')}`, params: [['status', text]] },
  })
  assert.equal(posted.status, 200, posted.text)
  const tweet = jsonOf<Tweet>(posted)
  assert.equal(tweet.text, text)
  assert.equal(tweet.user.screen_name, 'Ada_Lovelace')
  assert.equal(tweet.id_str, String(tweet.id))

  const tooLong = await sendSigned(server, user, {
    method: 'POST',
    path: '/1.1/statuses/update.json',
    form: { raw: `status=${'x'.repeat(281)}`, params: [['status', 'x'.repeat(281)]] },
  })
  assert.equal(tooLong.status, 403)
  assert.deepEqual(jsonOf(tooLong), { errors: [{ code: 186, message: 'Status is over 280 characters.' }] })
  const longest = await sendSigned(server, user, {
    method: 'POST',
    path: '/1.1/statuses/update.json',
    form: { raw: `status=${'é'.repeat(280)}`, params: [['status', 'é'.repeat(280)]] },
  })
  assert.equal(longest.status, 200, 'a limit of 280 characters, not bytes')

  const timeline = await sendSigned(server, user, { method: 'GET', path: '/1.1/statuses/home_timeline.json' })
  assert.equal(timeline.status, 200, timeline.text)
  const tweets = jsonOf<Tweet[]>(timeline)
  assert.ok(tweets.length >= 4)
  assert.deepEqual(
    tweets.map((entry) => entry.id),
    tweets.map((entry) => entry.id).sort((a, b) => b - a),
    'newest first',
  )
  assert.deepEqual(
    tweets.slice(0, 2).map((entry) => entry.text),
    ['é'.repeat(280), text],
  )

  assert.ok(server.requests.length >= 7)
  const last = server.requests.at(-1)
  assert.equal(last?.method, 'GET')
  assert.equal(last?.consumerKey, DEMO.key)
  assert.equal(last?.token, user.token)
  assert.equal(last?.baseStringUri, `${server.url}/1.1/statuses/home_timeline.json`)
})

test('/1.1/echo: tricky encodings arrive intact and the base strings agree', async (t) => {
  const server = await start(t)
  const user = await accessToken(server, demoCredentials())

  // Query as a browser or a sloppy client might send it: + for space, lower-case hex, raw
  // sub-delims, a key without "=", a percent sign that is data, duplicate keys.
  const rawQuery =
    "q=a+b&lit=a%2Bb&sp=a%20b&name=%c3%a9t%c3%a9&sub=!*'()&b5=%3D%253D&pct=100%25&flag&a3=a&a=z&a=B&%C3%A9=2&k+e%79=v"
  const query: Param[] = [
    ['q', 'a b'],
    ['lit', 'a+b'],
    ['sp', 'a b'],
    ['name', 'été'],
    ['sub', "!*'()"],
    ['b5', '=%3D'],
    ['pct', '100%'],
    ['flag', ''],
    ['a3', 'a'],
    ['a', 'z'],
    ['a', 'B'],
    ['é', '2'],
    ['k ey', 'v'],
  ]
  const rawForm = [
    'v=%26%3D%2B%24%2C%2F%3F%23%5B%5D%40%3A%3B+end',
    'a3=2+q',
    'text=line1%0Aline2%09x%7F%C2%80',
    'emoji=%F0%9F%98%80',
    'blank=',
    'also',
    'status=Hello%20Ladies%20%2b%20Gentlemen%2c',
  ].join('&')
  const form: Param[] = [
    ['v', '&=+$,/?#[]@:; end'],
    ['a3', '2 q'],
    ['text', 'line1\nline2\tx\u007f\u0080'],
    ['emoji', '😀'],
    ['blank', ''],
    ['also', ''],
    ['status', 'Hello Ladies + Gentlemen,'],
  ]
  const signed = signRequest(server, user, {
    method: 'POST',
    path: `/1.1/echo?${rawQuery}`,
    query,
    form: { raw: rawForm, params: form },
    realm: 'Twitter API',
  })
  const response = await send(server, signed)
  assert.equal(response.status, 200, response.text)
  const echo = jsonOf<Echo>(response)
  assert.equal(echo.baseString, signed.baseString)
  assert.equal(echo.baseStringUri, `${server.url}/1.1/echo`)
  assert.equal(echo.signatureMethod, 'HMAC-SHA1')
  assert.equal(echo.token, user.token)
  assert.equal(echo.bodyHash, 'absent')
  // In the order received: request line, header (realm left out), body.
  assert.deepEqual(echo.params, [...query, ...signed.protocol, ...form])
})

test('/1.1/echo: every signature method, and parameters outside the header', async (t) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const rsaConsumer = consumer(
    'rsa-consumer',
    'unused-secret',
    'RSA app',
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  )
  const server = await start(t, { consumers: [...demoConsumers, rsaConsumer] })
  const hmacUser = await accessToken(server, demoCredentials())
  const rsaUser = { ...(await accessToken(server, demoCredentials(rsaConsumer))), rsaPrivateKey: privateKey }

  const cases: { credentials: Credentials; method: SignatureMethod; placement: 'header' | 'query' | 'form' }[] = [
    { credentials: hmacUser, method: 'HMAC-SHA1', placement: 'header' },
    { credentials: hmacUser, method: 'HMAC-SHA256', placement: 'header' },
    { credentials: hmacUser, method: 'PLAINTEXT', placement: 'header' },
    { credentials: rsaUser, method: 'RSA-SHA1', placement: 'header' },
    { credentials: hmacUser, method: 'HMAC-SHA1', placement: 'query' },
    { credentials: hmacUser, method: 'HMAC-SHA1', placement: 'form' },
    { credentials: rsaUser, method: 'RSA-SHA1', placement: 'query' },
  ]
  for (const { credentials, method, placement } of cases) {
    const response = await sendSigned(server, credentials, {
      method: placement === 'form' ? 'POST' : 'GET',
      path: '/1.1/echo?x=1+2',
      query: [['x', '1 2']],
      signatureMethod: method,
      placement,
      version: null,
    })
    assert.equal(response.status, 200, `${method} in ${placement}: ${response.text}`)
    const echo = jsonOf<Echo>(response)
    assert.equal(echo.signatureMethod, method)
    assert.equal(echo.consumerKey, credentials.consumerKey)
    assert.deepEqual(echo.params[0], ['x', '1 2'])
    assert.ok(!echo.params.some(([name]) => name === 'oauth_signature' || name === 'oauth_version'))
  }

  // A consumer without a public key cannot use RSA-SHA1.
  const refused = await sendSigned(
    server,
    { ...hmacUser, rsaPrivateKey: privateKey },
    {
      method: 'GET',
      path: '/1.1/echo',
      signatureMethod: 'RSA-SHA1',
    },
  )
  assertProblem(refused, 400, 'signature_method_rejected')
})

test('/1.1/echo: JSON bodies need a correct oauth_body_hash', async (t) => {
  const server = await start(t)
  const user = await accessToken(server, demoCredentials())
  const body = { raw: '{"status":"hi ☃","list":[1,2]}', contentType: 'application/json' }

  for (const signatureMethod of ['HMAC-SHA1', 'HMAC-SHA256'] as const) {
    const ok = await sendSigned(server, user, { method: 'POST', path: '/1.1/echo', body, signatureMethod })
    assert.equal(ok.status, 200, ok.text)
    const echo = jsonOf<Echo>(ok)
    assert.equal(echo.bodyHash, 'valid')
    assert.equal(echo.body, body.raw)
    assert.equal(echo.contentType, 'application/json')
    const hash = echo.params.find(([name]) => name === 'oauth_body_hash')?.[1]
    assert.equal(hash, createHash(sha(signatureMethod)).update(body.raw).digest('base64'))
  }

  const plain = signRequest(server, user, { method: 'POST', path: '/1.1/echo' })
  const unsigned = await send(server, {
    ...plain,
    headers: { ...plain.headers, 'content-type': 'application/json' },
    body: body.raw,
  })
  const absent = assertProblem(unsigned, 400, 'parameter_absent')
  assert.equal(absent.oauth_parameters_absent, 'oauth_body_hash')

  const wrongHash = await sendSigned(server, user, {
    method: 'POST',
    path: '/1.1/echo',
    body,
    bodyHash: createHash('sha1').update('something else').digest('base64'),
  })
  assertProblem(wrongHash, 401, 'signature_invalid')

  const tampered = signRequest(server, user, { method: 'POST', path: '/1.1/echo', body })
  assertProblem(await send(server, { ...tampered, body: '{"status":"evil"}' }), 401, 'signature_invalid')

  const hashWithForm = await sendSigned(server, user, {
    method: 'POST',
    path: '/1.1/echo',
    form: { raw: 'a=1', params: [['a', '1']] },
    bodyHash: createHash('sha1').update('a=1').digest('base64'),
  })
  assertProblem(hashWithForm, 400, 'parameter_rejected')
})

test('refusals name the OAuth problem', async (t) => {
  const server = await start(t, { timestampWindow: 60 })
  const credentials = demoCredentials()
  const user = await accessToken(server, credentials)
  const api = { method: 'GET', path: '/1.1/account/verify_credentials.json' }

  const flipped = (signature: string) => (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1)
  const badSignature = await sendSigned(server, user, { ...api, signature: flipped })
  const problem = assertProblem(badSignature, 401, 'signature_invalid')
  assert.ok(problem.oauth_problem_advice?.includes('GET&http%3A%2F%2F127.0.0.1'), 'advice shows the base string')

  const nonce = randomBytes(8).toString('hex')
  const timestamp = now()
  assert.equal((await sendSigned(server, user, { ...api, nonce, timestamp })).status, 200)
  assertProblem(await sendSigned(server, user, { ...api, nonce, timestamp }), 401, 'nonce_used')
  // The same nonce with another timestamp is a different request.
  assert.equal(
    (await sendSigned(server, user, { ...api, nonce, timestamp: String(Number(timestamp) - 1) })).status,
    200,
  )

  const old = assertProblem(
    await sendSigned(server, user, { ...api, timestamp: String(Number(now()) - 90) }),
    401,
    'timestamp_refused',
  )
  assert.match(old.oauth_acceptable_timestamps ?? '', /^\d+-\d+$/)
  assertProblem(
    await sendSigned(server, user, { ...api, timestamp: String(Number(now()) + 90) }),
    401,
    'timestamp_refused',
  )
  assertProblem(await sendSigned(server, user, { ...api, timestamp: 'soon' }), 401, 'timestamp_refused')

  assertProblem(
    await sendSigned(server, { ...user, consumerKey: 'nobody', consumerSecret: 'x' }, api),
    401,
    'consumer_key_unknown',
  )
  assertProblem(await sendSigned(server, { ...user, token: 'not-a-token' }, api), 401, 'token_rejected')
  assertProblem(await sendSigned(server, { ...user, tokenSecret: 'wrong' }, api), 401, 'signature_invalid')
  assertProblem(await sendSigned(server, credentials, api), 400, 'parameter_absent')
  assertProblem(await sendSigned(server, user, { ...api, version: '2.0' }), 400, 'version_rejected')
  assertProblem(
    await sendSigned(server, user, { ...api, signatureMethod: 'HMAC-MD5' as SignatureMethod }),
    400,
    'signature_method_rejected',
  )
  assertProblem(
    await sendSigned(server, user, { ...api, oauth: [['oauth_token', user.token]] }),
    400,
    'parameter_rejected',
  )
  const both = signRequest(server, user, api)
  assertProblem(await send(server, { ...both, path: `${both.path}?oauth_nonce=x` }), 400, 'parameter_rejected')
  assertProblem(
    await send(server, {
      method: 'GET',
      path: api.path,
      headers: { authorization: 'OAuth oauth_consumer_key=unquoted' },
    }),
    400,
    'parameter_rejected',
  )
  assertProblem(await send(server, { method: 'GET', path: api.path }), 400, 'parameter_absent')

  // A request token is not an access token, and an access token belongs to its consumer.
  const temporary = await requestToken(server, credentials)
  assertProblem(
    await sendSigned(server, { ...credentials, token: temporary.token, tokenSecret: temporary.secret }, api),
    401,
    'token_rejected',
  )
  const other = consumer('other-consumer', 'other-secret', 'Other app')
  const two = await start(t, { consumers: [DEMO, other] })
  const demoUser = await accessToken(two, demoCredentials())
  assertProblem(
    await sendSigned(two, { ...demoUser, consumerKey: other.key, consumerSecret: other.secret }, api),
    401,
    'token_rejected',
  )
})

test('request_token and access_token refusals', async (t) => {
  const server = await start(t)
  const credentials = demoCredentials()

  const noCallback = await sendSigned(server, credentials, { method: 'POST', path: '/oauth/request_token' })
  assert.equal(assertProblem(noCallback, 400, 'parameter_absent').oauth_parameters_absent, 'oauth_callback')
  for (const callback of ['javascript:alert(1)', '/relative', 'ftp://example.com/']) {
    const response = await sendSigned(server, credentials, {
      method: 'POST',
      path: '/oauth/request_token',
      oauth: [['oauth_callback', callback]],
    })
    assertProblem(response, 400, 'parameter_rejected')
  }
  const wrongSecret = await sendSigned(
    server,
    { ...credentials, consumerSecret: 'guess' },
    {
      method: 'POST',
      path: '/oauth/request_token',
      oauth: [['oauth_callback', 'oob']],
    },
  )
  assertProblem(wrongSecret, 401, 'signature_invalid')
  // GET works too, with the parameters in the query, as in OAuth Core 1.0.
  const viaQuery = await sendSigned(server, credentials, {
    method: 'GET',
    path: '/oauth/request_token',
    oauth: [['oauth_callback', CALLBACK]],
    placement: 'query',
  })
  assert.equal(viaQuery.status, 200, viaQuery.text)

  const temporary = await requestToken(server, credentials)
  const temporaryCredentials = { ...credentials, token: temporary.token, tokenSecret: temporary.secret }
  const exchange = (verifier: string, extra: Partial<SignedRequest> = {}) =>
    sendSigned(server, temporaryCredentials, {
      method: 'POST',
      path: '/oauth/access_token',
      oauth: [['oauth_verifier', verifier]],
      ...extra,
    })

  assertProblem(await exchange('anything'), 401, 'verifier_invalid')
  const redirect = await decide(server, temporary.token, 'authorize')
  const verifier = new URL(redirect.headers.location ?? '').searchParams.get('oauth_verifier') ?? ''
  assertProblem(await exchange(`${verifier}x`), 401, 'verifier_invalid')
  assertProblem(await exchange(verifier, { oauth: [] }), 400, 'parameter_absent')
  assertProblem(
    await sendSigned(
      server,
      { ...temporaryCredentials, tokenSecret: '' },
      {
        method: 'POST',
        path: '/oauth/access_token',
        oauth: [['oauth_verifier', verifier]],
      },
    ),
    401,
    'signature_invalid',
  )
  // A wrong verifier does not burn the token; a successful exchange does.
  assert.equal((await exchange(verifier)).status, 200)
  assertProblem(await exchange(verifier), 401, 'token_rejected')
})

test('cancel sends denied=<token> to the callback and kills the token', async (t) => {
  const server = await start(t)
  const credentials = demoCredentials()
  const temporary = await requestToken(server, credentials)
  const response = await decide(server, temporary.token, 'cancel', '', '/oauth/authenticate')
  assert.equal(response.status, 302)
  assert.equal(response.headers.location, `${CALLBACK}&denied=${temporary.token}`)
  const exchange = await sendSigned(
    server,
    { ...credentials, token: temporary.token, tokenSecret: temporary.secret },
    {
      method: 'POST',
      path: '/oauth/access_token',
      oauth: [['oauth_verifier', 'x']],
    },
  )
  assertProblem(exchange, 401, 'token_rejected')
  assert.deepEqual(server.issuedTokens(), [])
})

test('oob: the verifier is shown as a PIN', async (t) => {
  const server = await start(t)
  const credentials = demoCredentials()
  const temporary = await requestToken(server, credentials, 'oob')
  const page = await decide(server, temporary.token, 'authorize', 'grace')
  assert.equal(page.status, 200)
  const pin = /<code id="oauth_pin">([^<]+)<\/code>/.exec(page.text)?.[1] ?? ''
  const exchange = await sendSigned(
    server,
    { ...credentials, token: temporary.token, tokenSecret: temporary.secret },
    {
      method: 'POST',
      path: '/oauth/access_token',
      oauth: [['oauth_verifier', unescapeHtml(pin)]],
    },
  )
  assert.equal(exchange.status, 200, exchange.text)
  assert.equal(formOf(exchange).screen_name, 'grace')
})

test('the authorization page escapes every dynamic value', async (t) => {
  const hostile = '<script>alert("x")</script> & \'Co\''
  const evil = consumer('evil', 'evil-secret', hostile)
  const server = await start(t, { consumers: [evil] })
  const credentials = demoCredentials(evil)
  const temporary = await requestToken(server, credentials, 'https://example.com/"><img src=x>?a=<b>')

  const prefill = '"><svg onload=alert(1)>'
  const page = await send(server, {
    method: 'GET',
    path: `/oauth/authorize?oauth_token=${temporary.token}&screen_name=${percentEncode(prefill)}`,
  })
  assert.equal(page.status, 200)
  assert.ok(!page.text.includes('<script>'), page.text)
  assert.ok(!page.text.includes('<svg'), page.text)
  assert.ok(!page.text.includes('<img'), page.text)
  assert.ok(
    page.text.includes(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39; wants to use your account',
    ),
  )
  assert.ok(page.text.includes('value="&quot;&gt;&lt;svg onload=alert(1)&gt;"'))
  assert.match(String(page.headers['content-security-policy']), /default-src 'none'/)

  const emptyName = await decide(server, temporary.token, 'authorize', '   ')
  assert.equal(emptyName.status, 400)
  const refused = await decide(server, temporary.token, 'authorize', prefill)
  assert.equal(refused.status, 302)
  const unknown = await send(server, { method: 'GET', path: '/oauth/authorize?oauth_token=%3Cb%3E' })
  assert.equal(unknown.status, 400)
  assert.ok(!unknown.text.includes('<b>'))
})

test('close() ends kept-alive connections too', async () => {
  const server = await startOAuth1Provider()
  const agent = new Agent({ keepAlive: true })
  try {
    const response = await send(server, { method: 'GET', path: '/' }, agent)
    assert.equal(response.status, 200)
    assert.equal(JSON.parse(response.text).request_token_url, `${server.url}/oauth/request_token`)
    const started = Date.now()
    await server.close()
    assert.ok(Date.now() - started < 1000, 'close waited for an idle connection')
    await assert.rejects(send(server, { method: 'GET', path: '/' }), { code: 'ECONNREFUSED' })
  } finally {
    agent.destroy()
  }
})

test('options: publicHost names the server, bad options are refused', async (t) => {
  const server = await start(t, { publicHost: 'localhost' })
  assert.match(server.url, /^http:\/\/localhost:\d+$/)
  assert.equal(server.port, Number(new URL(server.url).port))
  await assert.rejects(startOAuth1Provider({ timestampWindow: 0 }), TypeError)
  await assert.rejects(startOAuth1Provider({ consumers: [DEMO, DEMO] }), TypeError)
})
