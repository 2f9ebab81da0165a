/**
 * A local OAuth 1.0a provider (RFC 5849) for tests and the demo, modelled on Twitter's classic API:
 * temporary credentials at /oauth/request_token, an authorization page at /oauth/authorize (and
 * /oauth/authenticate), token credentials at /oauth/access_token, and a small protected API under
 * /1.1/.
 *
 * Anyone may sign in under any screen name, so it proves nothing about users; it is strict about the
 * protocol instead, because it is the independent check of the library's own OAuth 1.0a client.
 * Signatures are verified by ./oauth1-verify.ts, which shares no code with that client.
 */
import type { KeyObject } from 'node:crypto'
import { createHash, createPublicKey, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closer, sendJson } from './http.js'
import {
  baseStringUri,
  bodyHash,
  constantTimeEqual,
  decodeForm,
  type Param,
  parseAuthorizationHeader,
  percentEncode,
  requestParameters,
  SIGNATURE_METHODS,
  type SignatureBaseStringInput,
  type SignatureMethod,
  signatureBaseString,
  verifySignature,
} from './oauth1-verify.js'
import { escapeHtml, renderPage as renderProviderPage } from './page.js'

/** A registered consumer (client) of the OAuth 1.0a provider. */
export interface Consumer {
  /** The consumer key (`oauth_consumer_key`), the app's `consumerKey`. */
  key: string
  /** The consumer secret, the app's `consumerSecret`; it signs HMAC and PLAINTEXT requests. */
  secret: string
  /** Shown on the authorization page. */
  name: string
  /** PEM public key (or certificate) enabling RSA-SHA1 for this consumer. */
  rsaPublicKey?: string
}

/** Options of {@link startOAuth1Provider}; every one is optional. */
export interface StartOAuth1ProviderOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number
  /** Interface to bind. */
  host?: string
  /** Hostname used in the URLs the server prints and returns; defaults to `host`. */
  publicHost?: string
  /** The registered consumers; by default `demo-consumer` with secret `demo-consumer-secret` (see {@link consumer}). */
  consumers?: readonly Consumer[]
  /** How far `oauth_timestamp` may be from the server's clock, in seconds. */
  timestampWindow?: number
}

/** `valid`: `oauth_body_hash` was sent and matches the body; `absent`: not sent (form or empty body). */
export type BodyHashCheck = 'valid' | 'absent'

/** One request whose signature the server accepted, as the server saw it. */
export interface VerifiedRequest {
  /** The HTTP method, e.g. `POST`. */
  method: string
  /** The request target as received, query included. */
  target: string
  /** The base string URI the server derived from the request (RFC 5849 §3.4.1.2). */
  baseStringUri: string
  /** The signature base string the server checked the signature against (RFC 5849 §3.4.1). */
  baseString: string
  /** The `oauth_signature_method` the request was signed with. */
  signatureMethod: SignatureMethod
  /** The `oauth_consumer_key` the request named. */
  consumerKey: string
  /** The `oauth_token` the request carried; `null` without one (the request-token step). */
  token: string | null
  /** Every signed parameter, decoded, in the order received: query, Authorization header, form body. */
  params: Param[]
  /** Whether the request carried an `oauth_body_hash`, which then matched its body. */
  bodyHash: BodyHashCheck
}

/** Token credentials the provider handed out. */
export interface IssuedToken {
  /** The token (`oauth_token`). */
  token: string
  /** The token secret (`oauth_token_secret`). */
  secret: string
  /** The screen name the user signed in under, which the token acts for. */
  screenName: string
}

/** A running OAuth 1.0a provider, as {@link startOAuth1Provider} resolves to it. */
export interface OAuth1Server {
  /** e.g. `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string
  /** The port the server listens on. */
  readonly port: number
  /** `url + '/oauth/request_token'`: give it as `requestTokenUrl`. */
  readonly requestTokenUrl: string
  /** `url + '/oauth/authorize'`, the page that always asks (`/oauth/authenticate` is the same page). */
  readonly authorizeUrl: string
  /** `url + '/oauth/access_token'`: give it as `accessTokenUrl`. */
  readonly accessTokenUrl: string
  /** `url + '/1.1/'`, the protected API: give it as `baseUrl`. */
  readonly apiUrl: string
  /** The first registered consumer's key. */
  readonly consumerKey: string
  /** The first registered consumer's secret. */
  readonly consumerSecret: string
  /** Closes the listener and every open connection. */
  close(): Promise<void>
  /** Requests whose signature verified, oldest first (the latest 1000). */
  readonly requests: VerifiedRequest[]
  /** Token credentials handed out by /oauth/access_token, oldest first. */
  issuedTokens(): IssuedToken[]
}

/** A consumer registration; `rsaPublicKey` (PEM) enables RSA-SHA1 for it. */
export function consumer(key: string, secret: string, name: string, rsaPublicKey?: string): Consumer {
  return rsaPublicKey === undefined ? { key, secret, name } : { key, secret, name, rsaPublicKey }
}

/** The consumers registered when none are given. */
export const demoConsumers: readonly Consumer[] = [
  consumer('demo-consumer', 'demo-consumer-secret', 'oauth-consumer demo'),
]

/** The OAuth Problem Reporting extension's names for why a request was refused. */
export type OAuthProblem =
  | 'signature_invalid'
  | 'signature_method_rejected'
  | 'timestamp_refused'
  | 'nonce_used'
  | 'consumer_key_unknown'
  | 'token_rejected'
  | 'verifier_invalid'
  | 'parameter_absent'
  | 'parameter_rejected'
  | 'version_rejected'

/** The user object embedded in a Tweet of X's v1.1 API. */
export interface TweetUser {
  /** The user's id, derived from the screen name (case-insensitively) and below 2^53, so exact as a number. */
  id: number
  /** `id` as a string, the form X recommends reading. */
  id_str: string
  /** The display name: the screen name with its first letter in upper case. */
  name: string
  /** The screen name the user signed in under. */
  screen_name: string
}

/** The user of `account/verify_credentials.json` in X's v1.1 API. */
export interface User extends TweetUser {
  /** The user's avatar, served by the local server itself under `/profile_images/` (so plain `http`). */
  profile_image_url_https: string
}

/** A Tweet as X's v1.1 API answers it, with the fields the kit fills. */
export interface Tweet {
  /** The post's id. */
  id: number
  /** `id` as a string. */
  id_str: string
  /** The post's text. */
  text: string
  /** When it was posted, in X's v1.1 format: `Wed Oct 10 20:19:24 +0000 2018`. */
  created_at: string
  /** Who posted it. */
  user: TweetUser
}

const MAX_BODY_BYTES = 64 * 1024
const MAX_NONCES = 100_000
const MAX_LOGGED_REQUESTS = 1000
const REQUEST_TOKEN_TTL_MS = 15 * 60 * 1000
const MAX_STATUS_LENGTH = 280
const MAX_SCREEN_NAME_LENGTH = 50

/**
 * Refusals follow RFC 5849 §3.2: 400 for a request the server cannot read (missing, duplicated or
 * unsupported parameters), 401 for one that fails authentication.
 */
class Refusal extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly problem: OAuthProblem,
    readonly advice: string,
    readonly extra: readonly Param[] = [],
  ) {
    super(`${problem}: ${advice}`)
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

class NoncesExhausted extends Error {}

function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url')
}

function formEncode(params: readonly Param[]): string {
  return params.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Twitter's v1.1 date format, e.g. `Wed Oct 10 20:19:24 +0000 2018`. */
function twitterDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  const day = `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())}`
  return `${day} ${time} +0000 ${date.getUTCFullYear()}`
}

/** A stable id per screen name (case-insensitive, as on Twitter), kept below 2^53 so `id` is exact. */
function userIdFor(screenName: string): number {
  return createHash('sha256').update(screenName.toLowerCase()).digest().readUIntBE(0, 6)
}

function tweetUser(screenName: string): TweetUser {
  const id = userIdFor(screenName)
  return {
    id,
    id_str: String(id),
    name: screenName.charAt(0).toUpperCase() + screenName.slice(1),
    screen_name: screenName,
  }
}

interface RequestToken {
  token: string
  secret: string
  consumerKey: string
  /** An absolute http(s) URL, or `oob`. */
  callback: string
  expiresAt: number
  /** Set once the user authorizes; the token cannot be exchanged before. */
  verifier?: string
  screenName?: string
}

interface AccessToken extends IssuedToken {
  consumerKey: string
}

/**
 * Remembers nonces until their timestamp falls out of the window, after which the timestamp check
 * refuses a replay anyway. Bounded: when full of live nonces it refuses new requests rather than
 * forgetting one that could then be replayed.
 */
class NonceStore {
  private readonly seen = new Map<string, number>()

  has(key: string): boolean {
    return this.seen.has(key)
  }

  add(key: string, expiresAt: number, now: number): void {
    if (this.seen.size >= MAX_NONCES) {
      for (const [stored, expiry] of this.seen) {
        if (expiry < now) this.seen.delete(stored)
      }
      if (this.seen.size >= MAX_NONCES) throw new NoncesExhausted('too many live nonces')
    }
    this.seen.set(key, expiresAt)
  }
}

type Step = 'request_token' | 'access_token' | 'resource'

interface Incoming {
  method: string
  target: string
  host: string
  contentType: string
  body: Buffer
  authorization: string | undefined
}

interface Verified {
  consumer: Consumer
  protocol: ReadonlyMap<string, string>
  requestToken: RequestToken | undefined
  accessToken: AccessToken | undefined
  record: VerifiedRequest
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0]?.trim().toLowerCase() ?? ''
}

function queryOf(target: string): string {
  const start = target.indexOf('?')
  return start === -1 ? '' : target.slice(start + 1)
}

function pathOf(target: string): string {
  return /^[^?#]*/.exec(target)?.[0] ?? ''
}

function absent(names: readonly string[]): Refusal {
  return new Refusal(400, 'parameter_absent', `Missing ${names.join(', ')}.`, [
    ['oauth_parameters_absent', names.map(percentEncode).join('&')],
  ])
}

function rejected(names: readonly string[], advice: string): Refusal {
  return new Refusal(400, 'parameter_rejected', advice, [
    ['oauth_parameters_rejected', names.map(percentEncode).join('&')],
  ])
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

function isCallback(value: string): boolean {
  if (value === 'oob') return true
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** Appends to the callback's own query, which is kept exactly as the consumer registered it. */
function callbackWith(callback: string, params: readonly Param[]): string {
  const url = new URL(callback)
  const extra = formEncode(params)
  url.search = url.search === '' ? extra : `${url.search.slice(1)}&${extra}`
  return url.href
}

interface Page {
  title: string
  body: string
}

function renderPage({ title, body }: Page): string {
  return renderProviderPage({ title, body, provider: 'Twitter-like OAuth 1.0a provider' })
}

/**
 * Starts an OAuth 1.0a provider (RFC 5849) on a loopback port, an independent check of a client:
 * HMAC-SHA1, HMAC-SHA256, RSA-SHA1 and PLAINTEXT (loopback only) signatures verified by code
 * written from the RFC alone, nonces and timestamps checked, `oauth_body_hash` for bodies that
 * are not forms, an authorization page that accepts any screen name, and a Twitter-like API
 * under `/1.1/`.
 *
 * @param options - Port, consumers, the timestamp window.
 * @returns The running server; `close()` it when the test ends.
 * @throws {TypeError} When an option is out of range or a consumer is registered twice.
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { startOAuth1Provider } from 'oauth-consumer/testing'
 *
 * const provider = await startOAuth1Provider()
 * const app = new OAuth().remoteApp('local', {
 *   baseUrl: provider.apiUrl,
 *   requestTokenUrl: provider.requestTokenUrl,
 *   accessTokenUrl: provider.accessTokenUrl,
 *   authorizeUrl: provider.authorizeUrl,
 *   consumerKey: provider.consumerKey,
 *   consumerSecret: provider.consumerSecret,
 * })
 * // …sign in through the app, then:
 * await provider.close()
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849
 */
export async function startOAuth1Provider(options: StartOAuth1ProviderOptions = {}): Promise<OAuth1Server> {
  const { port = 0, host = '127.0.0.1', consumers = demoConsumers, timestampWindow = 300 } = options
  const publicHost = options.publicHost ?? host
  if (!Number.isSafeInteger(timestampWindow) || timestampWindow <= 0) {
    throw new TypeError('timestampWindow must be a positive whole number of seconds')
  }
  // PLAINTEXT puts the secrets themselves on the wire, and RFC 5849 §3.4.4 allows it only over TLS.
  // This server speaks plain http, so it takes PLAINTEXT only while listening on loopback, where the
  // secrets never cross a network.
  const plaintextAllowed = isLoopback(host)
  const consumersByKey = new Map<string, Consumer>()
  const rsaKeys = new Map<string, KeyObject>()
  for (const registered of consumers) {
    if (consumersByKey.has(registered.key)) throw new TypeError(`consumer ${registered.key} is registered twice`)
    consumersByKey.set(registered.key, { ...registered })
    if (registered.rsaPublicKey !== undefined) {
      const key = createPublicKey(registered.rsaPublicKey)
      if (key.asymmetricKeyType !== 'rsa') throw new TypeError(`consumer ${registered.key}: rsaPublicKey is not RSA`)
      rsaKeys.set(registered.key, key)
    }
  }

  const requestTokens = new Map<string, RequestToken>()
  const accessTokens = new Map<string, AccessToken>()
  const nonces = new NonceStore()
  const requests: VerifiedRequest[] = []
  const tweetsByUser = new Map<number, Tweet[]>()
  let nextTweetId = 1_000_000_000_000_000

  function newTweet(text: string, screenName: string, createdAt: Date): Tweet {
    const id = nextTweetId++
    return { id, id_str: String(id), text, created_at: twitterDate(createdAt), user: tweetUser(screenName) }
  }

  const started = Date.now()
  const seeds: readonly (readonly [screenName: string, text: string])[] = [
    ['oauth_consumer', 'Signed requests, verified by a server that shares no code with the client.'],
    ['rfc5849', 'Percent-encode twice: once for the parameters, once more for the base string.'],
    ['flask_oauth', 'Twitter-style sign-in, now in TypeScript.'],
  ]
  const seedTweets = seeds.map(([screenName, text], index) =>
    newTweet(text, screenName, new Date(started - (seeds.length - index) * 3600_000)),
  )

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy()
      } else if (error instanceof Refusal) {
        refuse(res, error)
      } else if (error instanceof HttpError) {
        sendJson(res, error.status, { errors: [{ message: error.message }] })
      } else if (error instanceof NoncesExhausted) {
        sendJson(res, 503, { errors: [{ message: 'Too many requests; try again later.' }] }, { 'retry-after': '5' })
      } else {
        sendJson(res, 500, { errors: [{ message: 'Internal error.' }] })
      }
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const actualPort = (server.address() as AddressInfo).port
  const url = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${actualPort}`
  const fallbackHost = `${host.includes(':') ? `[${host}]` : host}:${actualPort}`

  function refuse(res: ServerResponse, refusal: Refusal): void {
    const payload = formEncode([
      ['oauth_problem', refusal.problem],
      ['oauth_problem_advice', refusal.advice],
      ...refusal.extra,
    ])
    res.writeHead(refusal.status, {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(payload),
      'www-authenticate': `OAuth realm="${url}"`,
      'cache-control': 'no-store',
    })
    res.end(payload)
  }

  function sendForm(res: ServerResponse, params: readonly Param[]): void {
    const payload = formEncode(params)
    res.writeHead(200, {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(payload),
      'cache-control': 'no-store',
    })
    res.end(payload)
  }

  function sendHtml(res: ServerResponse, status: number, page: Page): void {
    const payload = renderPage(page)
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
      'cache-control': 'no-store',
      // No form-action: browsers apply it to the redirect that follows the POST, i.e. the callback.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
    })
    res.end(payload)
  }

  function redirect(res: ServerResponse, location: string): void {
    res.writeHead(302, { location, 'content-length': 0, 'cache-control': 'no-store' })
    res.end()
  }

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large.')
      chunks.push(chunk)
    }
    return Buffer.concat(chunks)
  }

  function liveRequestToken(token: string): RequestToken | undefined {
    const found = requestTokens.get(token)
    if (found !== undefined && found.expiresAt <= Date.now()) {
      requestTokens.delete(token)
      return undefined
    }
    return found
  }

  /**
   * RFC 5849 §3.2. Checks that need no secret come first; the nonce is remembered only once the
   * signature holds, so that forged requests cannot use up a consumer's nonces.
   */
  function authenticate(incoming: Incoming, step: Step): Verified {
    const isForm = mediaType(incoming.contentType) === 'application/x-www-form-urlencoded'
    const formBody = isForm ? incoming.body.toString('utf8') : null
    let header: ReturnType<typeof parseAuthorizationHeader>
    try {
      header = parseAuthorizationHeader(incoming.authorization ?? '')
    } catch {
      throw new Refusal(400, 'parameter_rejected', 'The Authorization header is not a valid OAuth header.')
    }

    const elsewhere = [...decodeForm(queryOf(incoming.target)), ...(formBody === null ? [] : decodeForm(formBody))]
    const sentElsewhere = elsewhere.filter(([name]) => name.startsWith('oauth_'))
    // RFC 5849 §3.5: protocol parameters travel in exactly one place.
    if (header !== undefined && sentElsewhere.length > 0) {
      throw rejected(
        [...new Set(sentElsewhere.map(([name]) => name))],
        'Send the oauth_ parameters either in the Authorization header or in the query/body, not both.',
      )
    }
    const protocolList = header?.params ?? sentElsewhere
    const protocol = new Map<string, string>()
    const duplicated = new Set<string>()
    for (const [name, value] of protocolList) {
      if (protocol.has(name)) duplicated.add(name)
      protocol.set(name, value)
    }
    if (duplicated.size > 0) throw rejected([...duplicated], 'A protocol parameter was sent more than once.')

    const version = protocol.get('oauth_version')
    if (version !== undefined && version !== '1.0') {
      throw new Refusal(400, 'version_rejected', 'Only OAuth 1.0 is supported.', [
        ['oauth_acceptable_versions', '1.0-1.0'],
      ])
    }

    const signatureMethod = protocol.get('oauth_signature_method') ?? ''
    const required = ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature']
    // RFC 5849 §3.1: PLAINTEXT may leave out the timestamp and nonce (it relies on TLS instead).
    if (signatureMethod !== 'PLAINTEXT') required.push('oauth_timestamp', 'oauth_nonce')
    if (step !== 'request_token') required.push('oauth_token')
    if (step === 'request_token') required.push('oauth_callback')
    if (step === 'access_token') required.push('oauth_verifier')
    const missing = required.filter((name) => !protocol.has(name))
    if (missing.length > 0) throw absent(missing)

    const consumerKey = protocol.get('oauth_consumer_key') ?? ''
    const found = consumersByKey.get(consumerKey)
    if (found === undefined) throw new Refusal(401, 'consumer_key_unknown', 'Unknown oauth_consumer_key.')

    const accepted = SIGNATURE_METHODS.filter(
      (method) => (method !== 'RSA-SHA1' || rsaKeys.has(consumerKey)) && (method !== 'PLAINTEXT' || plaintextAllowed),
    )
    const method = accepted.find((candidate) => candidate === signatureMethod)
    if (method === undefined) {
      throw new Refusal(400, 'signature_method_rejected', `Sign with ${accepted.join(', ')}.`)
    }

    const now = Math.floor(Date.now() / 1000)
    const timestampText = protocol.get('oauth_timestamp')
    let timestamp: number | undefined
    if (timestampText !== undefined) {
      timestamp = /^\d{1,15}$/.test(timestampText) ? Number(timestampText) : Number.NaN
      // Written so that NaN fails too.
      if (!(Math.abs(timestamp - now) <= timestampWindow)) {
        throw new Refusal(
          401,
          'timestamp_refused',
          `oauth_timestamp must be within ${timestampWindow} seconds of now.`,
          [['oauth_acceptable_timestamps', `${now - timestampWindow}-${now + timestampWindow}`]],
        )
      }
    }

    const callback = protocol.get('oauth_callback')
    if (step === 'request_token' && callback !== undefined && !isCallback(callback)) {
      throw rejected(['oauth_callback'], 'oauth_callback must be an absolute http(s) URL or "oob".')
    }

    const token = protocol.get('oauth_token')
    let tokenSecret = ''
    let requestToken: RequestToken | undefined
    let accessToken: AccessToken | undefined
    if (step === 'request_token') {
      // Some clients send an empty oauth_token before they have one; it is still signed.
      if (token !== undefined && token !== '') {
        throw new Refusal(401, 'token_rejected', 'Temporary credentials are requested without a token.')
      }
    } else if (step === 'access_token') {
      requestToken = liveRequestToken(token ?? '')
      if (requestToken === undefined || requestToken.consumerKey !== consumerKey) {
        throw new Refusal(401, 'token_rejected', 'Unknown, expired or already exchanged request token.')
      }
      tokenSecret = requestToken.secret
    } else {
      accessToken = accessTokens.get(token ?? '')
      if (accessToken === undefined || accessToken.consumerKey !== consumerKey) {
        throw new Refusal(401, 'token_rejected', 'Unknown access token.')
      }
      tokenSecret = accessToken.secret
    }

    const nonce = protocol.get('oauth_nonce')
    const nonceKey = JSON.stringify([consumerKey, timestampText ?? '', token ?? '', nonce ?? ''])
    if (nonce !== undefined && nonces.has(nonceKey)) {
      throw new Refusal(401, 'nonce_used', 'This oauth_nonce was already used with this timestamp and token.')
    }

    const hashSent = protocol.get('oauth_body_hash')
    if (isForm && hashSent !== undefined) {
      throw rejected(['oauth_body_hash'], 'oauth_body_hash must not be sent with a form-encoded body.')
    }
    // A body that is not a form is not covered by the signature unless its hash is.
    if (!isForm && incoming.body.length > 0 && hashSent === undefined) throw absent(['oauth_body_hash'])

    const baseInput: SignatureBaseStringInput = {
      method: incoming.method,
      url: incoming.target,
      host: incoming.host,
      scheme: 'http',
      formBody,
      authorizationParams: header?.params,
    }
    const baseString = signatureBaseString(baseInput)
    const valid = verifySignature({
      signatureMethod,
      signature: protocol.get('oauth_signature') ?? '',
      baseString,
      consumerSecret: found.secret,
      tokenSecret,
      rsaPublicKey: rsaKeys.get(consumerKey),
    })
    if (!valid) {
      throw new Refusal(401, 'signature_invalid', `Invalid signature. The server's base string: ${baseString}`)
    }
    if (hashSent !== undefined && !constantTimeEqual(hashSent, bodyHash(incoming.body, signatureMethod))) {
      throw new Refusal(401, 'signature_invalid', 'oauth_body_hash does not match the body.')
    }

    if (nonce !== undefined) nonces.add(nonceKey, (timestamp ?? now) + timestampWindow, now)

    const record: VerifiedRequest = {
      method: incoming.method,
      target: incoming.target,
      baseStringUri: baseStringUri(incoming.target, incoming.host, 'http'),
      baseString,
      signatureMethod: method,
      consumerKey,
      token: token === undefined || token === '' ? null : token,
      params: requestParameters(baseInput),
      bodyHash: hashSent === undefined ? 'absent' : 'valid',
    }
    requests.push(record)
    if (requests.length > MAX_LOGGED_REQUESTS) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS)
    return { consumer: found, protocol, requestToken, accessToken, record }
  }

  function requestTokenEndpoint(res: ServerResponse, incoming: Incoming): void {
    const verified = authenticate(incoming, 'request_token')
    for (const [stored, entry] of requestTokens) {
      if (entry.expiresAt <= Date.now()) requestTokens.delete(stored)
    }
    const issued: RequestToken = {
      token: randomToken(),
      secret: randomToken(),
      consumerKey: verified.consumer.key,
      callback: verified.protocol.get('oauth_callback') ?? 'oob',
      expiresAt: Date.now() + REQUEST_TOKEN_TTL_MS,
    }
    requestTokens.set(issued.token, issued)
    sendForm(res, [
      ['oauth_token', issued.token],
      ['oauth_token_secret', issued.secret],
      ['oauth_callback_confirmed', 'true'],
    ])
  }

  function accessTokenEndpoint(res: ServerResponse, incoming: Incoming): void {
    const { requestToken, protocol, consumer: owner } = authenticate(incoming, 'access_token')
    if (requestToken === undefined) throw new Error('access_token step without a request token')
    const verifier = protocol.get('oauth_verifier') ?? ''
    if (requestToken.verifier === undefined || requestToken.screenName === undefined) {
      throw new Refusal(401, 'verifier_invalid', 'The request token has not been authorized yet.')
    }
    if (!constantTimeEqual(verifier, requestToken.verifier)) {
      throw new Refusal(401, 'verifier_invalid', 'Wrong oauth_verifier.')
    }
    requestTokens.delete(requestToken.token)
    const user = tweetUser(requestToken.screenName)
    const issued: AccessToken = {
      token: `${user.id_str}-${randomToken()}`,
      secret: randomToken(),
      screenName: user.screen_name,
      consumerKey: owner.key,
    }
    accessTokens.set(issued.token, issued)
    sendForm(res, [
      ['oauth_token', issued.token],
      ['oauth_token_secret', issued.secret],
      ['user_id', user.id_str],
      ['screen_name', user.screen_name],
    ])
  }

  function authorizePage(
    path: string,
    entry: RequestToken,
    appName: string,
    screenName: string,
    error: string | undefined,
  ): Page {
    const next =
      entry.callback === 'oob'
        ? 'You will then get a PIN to enter in the app.'
        : `You will then return to ${new URL(entry.callback).host}.`
    return {
      title: `Authorize ${appName}`,
      body: `<h1>${escapeHtml(appName)} wants to use your account</h1>
<p>It will be able to read your timeline, see your profile and post for you.
${escapeHtml(next)}</p>
${error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`}
<form method="post" action="${escapeHtml(path)}">
<input type="hidden" name="oauth_token" value="${escapeHtml(entry.token)}">
<label>Screen name <input type="text" name="screen_name" value="${escapeHtml(screenName)}" required
  maxlength="${MAX_SCREEN_NAME_LENGTH}" autocomplete="username" autofocus></label>
<div class="actions">
<button type="submit" name="action" value="authorize">Authorize app</button>
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</div>
</form>`,
    }
  }

  function invalidTokenPage(res: ServerResponse): void {
    sendHtml(res, 400, {
      title: 'Invalid request token',
      body: `<h1>This authorization link is not valid</h1>
<p>The request token is unknown, expired or already used. Start again from the app.</p>`,
    })
  }

  function authorizeEndpoint(res: ServerResponse, incoming: Incoming, path: string): void {
    const isPost = incoming.method === 'POST'
    if (isPost && mediaType(incoming.contentType) !== 'application/x-www-form-urlencoded') {
      throw new HttpError(415, 'Submit the authorization form as application/x-www-form-urlencoded.')
    }
    const fields = new Map<string, string>()
    for (const [name, value] of decodeForm(isPost ? incoming.body.toString('utf8') : queryOf(incoming.target))) {
      if (!fields.has(name)) fields.set(name, value)
    }
    const entry = liveRequestToken(fields.get('oauth_token') ?? '')
    // A decision is final: an authorized token cannot be re-authorized under another name.
    if (entry === undefined || entry.verifier !== undefined) {
      invalidTokenPage(res)
      return
    }
    const appName = consumersByKey.get(entry.consumerKey)?.name ?? entry.consumerKey
    const screenName = (fields.get('screen_name') ?? '').trim()
    if (!isPost) {
      sendHtml(res, 200, authorizePage(path, entry, appName, screenName, undefined))
      return
    }

    if (fields.get('action') === 'cancel') {
      requestTokens.delete(entry.token)
      if (entry.callback === 'oob') {
        sendHtml(res, 200, {
          title: 'Access denied',
          body: `<h1>You did not authorize ${escapeHtml(appName)}</h1>\n<p>No access was granted.</p>`,
        })
      } else {
        redirect(res, callbackWith(entry.callback, [['denied', entry.token]]))
      }
      return
    }
    if (fields.get('action') !== 'authorize') {
      sendHtml(res, 400, authorizePage(path, entry, appName, screenName, 'Choose "Authorize app" or "Cancel".'))
      return
    }
    if (screenName === '' || [...screenName].length > MAX_SCREEN_NAME_LENGTH) {
      const problem = `Enter a screen name of 1 to ${MAX_SCREEN_NAME_LENGTH} characters.`
      sendHtml(res, 400, authorizePage(path, entry, appName, screenName, problem))
      return
    }

    entry.verifier = randomToken()
    entry.screenName = screenName
    if (entry.callback === 'oob') {
      sendHtml(res, 200, {
        title: 'Authorized',
        body: `<h1>You authorized ${escapeHtml(appName)}</h1>
<p>Enter this PIN in the app to finish: <code id="oauth_pin">${escapeHtml(entry.verifier)}</code></p>`,
      })
    } else {
      redirect(
        res,
        callbackWith(entry.callback, [
          ['oauth_token', entry.token],
          ['oauth_verifier', entry.verifier],
        ]),
      )
    }
  }

  function userOf(accessToken: AccessToken): User {
    const user = tweetUser(accessToken.screenName)
    return { ...user, profile_image_url_https: `${url}/profile_images/${user.id_str}/avatar.svg` }
  }

  function tweetsOf(userId: number): Tweet[] {
    let list = tweetsByUser.get(userId)
    if (list === undefined) {
      list = []
      tweetsByUser.set(userId, list)
    }
    return list
  }

  function api(res: ServerResponse, incoming: Incoming, path: string): void {
    const routes: Record<string, readonly string[] | 'any'> = {
      '/1.1/account/verify_credentials.json': ['GET'],
      '/1.1/statuses/home_timeline.json': ['GET'],
      '/1.1/statuses/update.json': ['POST'],
      '/1.1/echo': 'any',
    }
    const allowed = routes[path]
    if (allowed === undefined) {
      sendJson(res, 404, { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] })
      return
    }
    if (allowed !== 'any' && !allowed.includes(incoming.method)) {
      sendJson(res, 405, { errors: [{ message: `Use ${allowed.join(' or ')}.` }] }, { allow: allowed.join(', ') })
      return
    }

    const { accessToken, record } = authenticate(incoming, 'resource')
    if (accessToken === undefined) throw new Error('resource step without an access token')
    const user = userOf(accessToken)
    const params = record.params.filter(([name]) => !name.startsWith('oauth_'))
    const first = (name: string) => params.find(([key]) => key === name)?.[1]

    switch (path) {
      case '/1.1/account/verify_credentials.json':
        sendJson(res, 200, user)
        return
      case '/1.1/statuses/home_timeline.json': {
        const requested = Number(first('count') ?? 20)
        const count = Number.isSafeInteger(requested) ? Math.min(Math.max(requested, 1), 200) : 20
        const timeline = [...seedTweets, ...tweetsOf(user.id)].sort((a, b) => b.id - a.id).slice(0, count)
        sendJson(res, 200, timeline)
        return
      }
      case '/1.1/statuses/update.json': {
        const status = first('status')
        if (status === undefined || status === '') {
          sendJson(res, 400, { errors: [{ code: 170, message: 'Missing required parameter: status.' }] })
          return
        }
        // Twitter counts code points after NFC normalization.
        if ([...status.normalize('NFC')].length > MAX_STATUS_LENGTH) {
          sendJson(res, 403, { errors: [{ code: 186, message: 'Status is over 280 characters.' }] })
          return
        }
        const tweet = newTweet(status, user.screen_name, new Date())
        tweetsOf(user.id).push(tweet)
        sendJson(res, 200, tweet)
        return
      }
      default: {
        const type = mediaType(incoming.contentType)
        sendJson(res, 200, {
          method: record.method,
          target: record.target,
          baseStringUri: record.baseStringUri,
          baseString: record.baseString,
          signatureMethod: record.signatureMethod,
          consumerKey: record.consumerKey,
          token: record.token,
          params: record.params,
          bodyHash: record.bodyHash,
          contentType: type === '' ? null : type,
          body: incoming.body.toString('utf8'),
        })
      }
    }
  }

  function avatar(res: ServerResponse, id: string): void {
    const hue = Number(BigInt(id) % 360n)
    const payload = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">',
      `<rect width="48" height="48" rx="24" fill="hsl(${hue} 60% 45%)"/>`,
      '<circle cx="24" cy="19" r="8" fill="#fff"/>',
      '<path d="M10 40c2-8 8-12 14-12s12 4 14 12" fill="#fff"/>',
      '</svg>',
    ].join('')
    res.writeHead(200, {
      'content-type': 'image/svg+xml',
      'content-length': Buffer.byteLength(payload),
      'cache-control': 'public, max-age=86400',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    })
    res.end(payload)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/'
    const incoming: Incoming = {
      method: req.method ?? 'GET',
      target,
      host: req.headers.host ?? fallbackHost,
      contentType: req.headers['content-type'] ?? '',
      body: await readBody(req),
      authorization: req.headers.authorization,
    }
    // An absolute-form target (as sent to a proxy) is routed by its path.
    const path = pathOf(target.startsWith('/') ? target : target.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, ''))
    const methods = (allowed: readonly string[]): boolean => {
      if (allowed.includes(incoming.method)) return true
      sendJson(res, 405, { errors: [{ message: `Use ${allowed.join(' or ')}.` }] }, { allow: allowed.join(', ') })
      return false
    }

    if (path === '/oauth/request_token') {
      if (methods(['POST', 'GET'])) requestTokenEndpoint(res, incoming)
    } else if (path === '/oauth/access_token') {
      if (methods(['POST', 'GET'])) accessTokenEndpoint(res, incoming)
    } else if (path === '/oauth/authorize' || path === '/oauth/authenticate') {
      if (methods(['GET', 'POST'])) authorizeEndpoint(res, incoming, path)
    } else if (path.startsWith('/1.1/')) {
      api(res, incoming, path)
    } else if (/^\/profile_images\/\d{1,16}\/avatar\.svg$/.test(path)) {
      if (methods(['GET', 'HEAD'])) avatar(res, path.split('/')[2] ?? '0')
    } else if (path === '/') {
      if (methods(['GET', 'HEAD'])) {
        sendJson(res, 200, {
          request_token_url: `${url}/oauth/request_token`,
          authorize_url: `${url}/oauth/authorize`,
          authenticate_url: `${url}/oauth/authenticate`,
          access_token_url: `${url}/oauth/access_token`,
          api_base_url: `${url}/1.1/`,
        })
      }
    } else {
      sendJson(res, 404, { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] })
    }
  }

  const close = closer(server)

  const [first] = consumers
  return {
    url,
    port: actualPort,
    requestTokenUrl: `${url}/oauth/request_token`,
    authorizeUrl: `${url}/oauth/authorize`,
    accessTokenUrl: `${url}/oauth/access_token`,
    apiUrl: `${url}/1.1/`,
    consumerKey: first?.key ?? '',
    consumerSecret: first?.secret ?? '',
    close,
    requests,
    issuedTokens: () =>
      [...accessTokens.values()].map(({ token, secret, screenName }) => ({ token, secret, screenName })),
  }
}
