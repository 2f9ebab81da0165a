import { createHash, createHmac, createPrivateKey, type KeyObject, sign as rsaSign } from 'node:crypto'
import OAuth1 from 'oauth-1.0a'
import { invalidOptions } from '../errors.js'
import { randomBytesPooled } from '../random.js'
import type { SignatureMethod } from './options.js'

/**
 * OAuth 1.0a request signing (RFC 5849 §3), the one module that uses `oauth-1.0a`.
 *
 * Used as it is, that package fails several published vectors, so it is wrapped: the base string
 * URI is normalized here, query and form parameters are decoded here (`+` is a space, keys
 * decoded, a key in both query and body kept twice), it is handed copies (it mutates what it is
 * given) and null-prototype objects (a `__proto__` parameter is data), the nonce comes from a
 * CSPRNG (it uses `Math.random`), the method is explicit (it defaults to PLAINTEXT), and
 * `oauth_version` may be left out.
 */

export type Pair = readonly [key: string, value: string]

/** The protocol parameters of one request, without `oauth_signature`. */
export type ProtocolParams = Readonly<Record<`oauth_${string}`, string>>

export interface SignerOptions {
  readonly consumerKey: string
  readonly consumerSecret: string
  readonly signatureMethod: SignatureMethod
  /** PEM, for RSA-SHA1. */
  readonly privateKey?: string | undefined
  readonly realm?: string | undefined
  /** Send `oauth_version="1.0"` (optional in RFC 5849 §3.1). Default true. */
  readonly version?: boolean
}

export interface SignInput {
  readonly method: string
  /** The request URL, query included. */
  readonly url: URL
  /** Decoded parameters of an `application/x-www-form-urlencoded` body. */
  readonly bodyParams?: readonly Pair[]
  /** Protocol parameters beyond the ones the signer sets (`oauth_callback`, `oauth_verifier`, `oauth_body_hash`). */
  readonly extra?: ProtocolParams
  readonly token?: string | undefined
  readonly tokenSecret?: string | undefined
  /** Fixed values, for published test vectors; otherwise fresh ones. */
  readonly nonce?: string
  readonly timestamp?: string
}

export interface Signed {
  /** Every protocol parameter sent, `oauth_signature` included. */
  readonly params: Readonly<Record<string, string>>
  readonly baseString: string
  readonly signature: string
  /** The `Authorization: OAuth …` header value. */
  readonly header: string
}

/** RFC 3986 §2.3 unreserved characters stay; everything else is %XX of its UTF-8 bytes (RFC 5849 §3.6). */
export function percentEncode(value: string): string {
  // Most names and values (keys, nonces, timestamps, tokens) need no encoding at all.
  if (UNRESERVED.test(value)) return value
  const encoded = encodeURIComponent(value)
  return SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS_ALL, (c) => SUB_DELIM_CODES[c] ?? c) : encoded
}

const UNRESERVED = /^[\w.~-]*$/
const SUB_DELIMS = /[!'()*]/
const SUB_DELIMS_ALL = /[!'()*]/g
const SUB_DELIM_CODES: Record<string, string> = { '!': '%21', "'": '%27', '(': '%28', ')': '%29', '*': '%2A' }

/**
 * `application/x-www-form-urlencoded` decoding (RFC 5849 §3.4.1.3.1): `+` is a space, keys and
 * values are percent-decoded, a key without `=` has an empty value, order is kept.
 */
export function decodeForm(text: string): Pair[] {
  const pairs: Pair[] = []
  if (text === '') return pairs
  for (const part of text.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = eq === -1 ? part : part.slice(0, eq)
    const value = eq === -1 ? '' : part.slice(eq + 1)
    pairs.push([decodeComponent(key), decodeComponent(value)])
  }
  return pairs
}

function decodeComponent(value: string): string {
  const spaced = value.replaceAll('+', ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    // A stray `%` is kept as it was sent, as browsers and servers do.
    return spaced.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
  }
}

/** RFC 5849 §3.4.1.2: scheme and host lower case, default port dropped, no query or fragment. */
export function baseStringUri(url: URL): string {
  // WHATWG URL already lower-cases scheme and host and drops default ports.
  return `${url.protocol}//${url.host}${url.pathname}`
}

const protocolNames = new Set([
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
  'oauth_callback',
  'oauth_verifier',
  'oauth_body_hash',
])

/** True for a parameter name the protocol owns; callers may not send one of their own. */
export function isProtocolParam(key: string): boolean {
  return protocolNames.has(key)
}

/** Builds the signer of one remote app; keys and the `oauth-1.0a` instance are made once. */
export function createSigner(options: SignerOptions): (input: SignInput) => Signed {
  const method = options.signatureMethod
  let privateKey: KeyObject | undefined
  if (method === 'RSA-SHA1') {
    try {
      privateKey = createPrivateKey(options.privateKey ?? '')
    } catch (cause) {
      throw invalidOptions('"privateKey" is not a readable PEM private key', { cause })
    }
  }
  const hash = hashFunction(method, privateKey)
  const oauth = new OAuth1({
    consumer: { key: options.consumerKey, secret: options.consumerSecret },
    signature_method: method,
    hash_function: hash,
    ...(options.realm === undefined ? {} : { realm: options.realm }),
  })
  // oauth-1.0a encodes with five regex passes per name and value; same output, one test.
  oauth.percentEncode = percentEncode
  const sendVersion = options.version ?? true

  return (input) => {
    const params: Record<string, string> = Object.create(null)
    params.oauth_consumer_key = options.consumerKey
    params.oauth_nonce = input.nonce ?? randomBytesPooled(18).toString('base64url')
    params.oauth_signature_method = method
    params.oauth_timestamp = input.timestamp ?? String(Math.floor(Date.now() / 1000))
    if (sendVersion) params.oauth_version = '1.0'
    if (input.token !== undefined) params.oauth_token = input.token
    for (const [key, value] of Object.entries(input.extra ?? {})) params[key] = value

    const request = { url: baseStringUri(input.url), method: input.method.toUpperCase(), data: requestData(input) }
    // oauth-1.0a merges the request's parameters into the object it is given: hand it a copy.
    const data = Object.assign(Object.create(null), params) as OAuth1.Data
    const baseString = oauth.getBaseString(request, data)
    const signature = hash(baseString, oauth.getSigningKey(input.tokenSecret))
    params.oauth_signature = signature
    const header = oauth.toHeader(params as unknown as OAuth1.Authorization).Authorization
    return { params, baseString, signature, header }
  }
}

/** Query and body parameters as the `data` oauth-1.0a expects: a repeated key becomes an array. */
function requestData(input: SignInput): Record<string, string | string[]> {
  const data: Record<string, string | string[]> = Object.create(null)
  const add = ([key, value]: Pair) => {
    const existing = data[key]
    if (existing === undefined) data[key] = value
    else if (Array.isArray(existing)) existing.push(value)
    else data[key] = [existing, value]
  }
  decodeForm(input.url.search.slice(1)).forEach(add)
  input.bodyParams?.forEach(add)
  return data
}

/** The signature of a base string under a signing key (RFC 5849 §3.4.2–3.4.4). */
export function hashFunction(method: SignatureMethod, privateKey?: KeyObject): (base: string, key: string) => string {
  switch (method) {
    case 'HMAC-SHA1':
      return (base, key) => createHmac('sha1', key).update(base).digest('base64')
    case 'HMAC-SHA256':
      return (base, key) => createHmac('sha256', key).update(base).digest('base64')
    case 'PLAINTEXT':
      return (_base, key) => key
    case 'RSA-SHA1':
      return (base) => rsaSign('sha1', Buffer.from(base), privateKey as KeyObject).toString('base64')
  }
}

/** `oauth_body_hash`: the body's SHA-1 (SHA-256 for HMAC-SHA256), Base64. */
export function bodyHash(body: string | Buffer, method: SignatureMethod): string {
  return createHash(method === 'HMAC-SHA256' ? 'sha256' : 'sha1')
    .update(body)
    .digest('base64')
}

/** An `oauth-1.0a` instance for the pure parts of the algorithm, which need no credentials. */
const algorithm = new OAuth1({
  consumer: { key: '', secret: '' },
  signature_method: 'HMAC-SHA1',
  hash_function: (b) => b,
})
algorithm.percentEncode = percentEncode

function asData(pairs: readonly Pair[]): Record<string, string | string[]> {
  return requestData({ method: 'GET', url: new URL('http://localhost/'), bodyParams: pairs })
}

/** RFC 5849 §3.4.1.3.2: the normalized parameter string of decoded pairs. */
export function normalizeParameters(pairs: readonly Pair[]): string {
  return algorithm.getParameterString({ url: '', method: 'GET', data: asData(pairs) }, Object.create(null))
}

/** RFC 5849 §3.4.1: the signature base string; `url`'s query counts, `params` are the rest (body and protocol). */
export function signatureBaseString(method: string, url: URL, params: readonly Pair[]): string {
  // The signature itself is never part of what it signs (§3.4.1.3.1).
  const data = requestData({ method, url, bodyParams: params.filter(([key]) => key !== 'oauth_signature') })
  return algorithm.getBaseString({ url: baseStringUri(url), method: method.toUpperCase(), data }, Object.create(null))
}
