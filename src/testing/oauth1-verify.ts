/**
 * The server side of OAuth 1.0a signatures (RFC 5849 §3.4 to §3.6), written from the RFC alone.
 *
 * The local provider checks the library's own OAuth 1.0a client with it, so it deliberately shares
 * no code with that client nor with any npm OAuth package: a misreading of the RFC in one of them
 * cannot be repeated here unnoticed. Every function is pure; the published test vectors exercise
 * them directly.
 */
import type { KeyObject } from 'node:crypto'
import { createHash, createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto'

/** A decoded name/value pair. Order and repetition matter, so parameters are never a record. */
export type Param = readonly [name: string, value: string]

export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'PLAINTEXT' | 'RSA-SHA1'

export const SIGNATURE_METHODS: readonly SignatureMethod[] = ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT', 'RSA-SHA1']

export function isSignatureMethod(value: string): value is SignatureMethod {
  return (SIGNATURE_METHODS as readonly string[]).includes(value)
}

const HEX = '0123456789ABCDEF'

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  )
}

/**
 * RFC 5849 §3.6: UTF-8, then every byte outside the RFC 3986 unreserved set as `%XX` with upper-case
 * hex. Works on bytes rather than on `encodeURIComponent`, which leaves `!*'()` alone and throws on a
 * lone surrogate.
 */
export function percentEncode(value: string): string {
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`
  }
  return out
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30
  if (code >= 0x41 && code <= 0x46) return code - 0x37
  if (code >= 0x61 && code <= 0x66) return code - 0x57
  return -1
}

/**
 * Percent-decodes once (either hex case) and reads the bytes as UTF-8. A `%` not followed by two hex
 * digits is kept literally, as the WHATWG form parser does, instead of failing the whole request.
 */
export function percentDecode(value: string): string {
  if (!value.includes('%')) return value
  const bytes: number[] = []
  const raw = Buffer.from(value, 'utf8')
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number
    if (byte === 0x25 && i + 2 < raw.length) {
      const high = hexValue(raw[i + 1] as number)
      const low = hexValue(raw[i + 2] as number)
      if (high >= 0 && low >= 0) {
        bytes.push(high * 16 + low)
        i += 2
        continue
      }
    }
    bytes.push(byte)
  }
  return Buffer.from(bytes).toString('utf8')
}

/**
 * Parses `application/x-www-form-urlencoded` text (a query string or a form body) into pairs, in
 * order, duplicates kept. `+` is a space, names are decoded like values, and a name without `=` has
 * an empty value (RFC 5849 §3.4.1.3.1 counts it as a parameter).
 */
export function decodeForm(form: string): Param[] {
  const params: Param[] = []
  for (const part of form.split('&')) {
    if (part === '') continue
    const equals = part.indexOf('=')
    const name = equals === -1 ? part : part.slice(0, equals)
    const value = equals === -1 ? '' : part.slice(equals + 1)
    params.push([percentDecode(name.replaceAll('+', ' ')), percentDecode(value.replaceAll('+', ' '))])
  }
  return params
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' }

/**
 * RFC 5849 §3.4.1.2: scheme and host in lower case, the port only when it is not the scheme's
 * default, the path exactly as sent (an empty path is `/`), no query, no fragment.
 *
 * `url` is absolute, or a request target such as `/path?query` when `host` is given. `host` is the
 * request's Host header; when given it wins over the URL's own authority, since it names the server
 * the client addressed.
 */
export function baseStringUri(url: string, host?: string, scheme = 'http'): string {
  const absolute = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(url)
  let authority: string
  let path: string
  if (absolute !== null) {
    scheme = absolute[1] ?? scheme
    authority = absolute[2] ?? ''
    path = absolute[3] ?? ''
  } else if (host !== undefined) {
    authority = host
    path = /^[^?#]*/.exec(url)?.[0] ?? ''
  } else {
    throw new TypeError(`not an absolute URL and no host given: ${url}`)
  }
  if (host !== undefined) authority = host
  scheme = scheme.toLowerCase()

  // userinfo never belongs in the base string URI
  authority = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase()
  const port = /:(\d*)$/.exec(authority)
  if (port !== null) {
    const hostname = authority.slice(0, port.index)
    const number = port[1] === '' ? '' : String(Number(port[1]))
    authority = number === '' || number === DEFAULT_PORTS[scheme] ? hostname : `${hostname}:${number}`
  }
  return `${scheme}://${authority}${path === '' ? '/' : path}`
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * RFC 5849 §3.4.1.3.2: encode every name and value, sort by encoded name then encoded value. After
 * encoding everything is ASCII, so comparing code units is comparing bytes.
 */
export function normalizeParameters(params: readonly Param[]): string {
  return params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) => compareCodeUnits(nameA, nameB) || compareCodeUnits(valueA, valueB))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

export interface SignatureBaseStringInput {
  method: string
  /** As requested, query included: absolute, or a request target when `host` is given. */
  url: string
  /** The Host header; overrides the URL's authority. */
  host?: string | undefined
  /** Scheme for a request target; the local provider only speaks http. */
  scheme?: string | undefined
  /** The raw body, only when its Content-Type is `application/x-www-form-urlencoded`. */
  formBody?: string | null | undefined
  /** Decoded parameters of the `Authorization: OAuth` header; `realm` and `oauth_signature` are dropped. */
  authorizationParams?: readonly Param[] | undefined
}

function queryOf(url: string): string {
  const start = url.indexOf('?')
  if (start === -1) return ''
  const end = url.indexOf('#', start)
  return url.slice(start + 1, end === -1 ? undefined : end)
}

/**
 * RFC 5849 §3.4.1.3.1: the decoded parameters that are signed, in the order the server receives them
 * (request line, then headers, then body). `oauth_signature` is left out wherever it was sent; `realm`
 * only when it came from the Authorization header, where it is not a parameter.
 */
export function requestParameters(input: SignatureBaseStringInput): Param[] {
  const header = (input.authorizationParams ?? []).filter(([name]) => name !== 'realm')
  const body = input.formBody == null ? [] : decodeForm(input.formBody)
  return [...decodeForm(queryOf(input.url)), ...header, ...body].filter(([name]) => name !== 'oauth_signature')
}

/** RFC 5849 §3.4.1: `METHOD&encoded base string URI&encoded normalized parameters`. */
export function signatureBaseString(input: SignatureBaseStringInput): string {
  return [
    percentEncode(input.method.toUpperCase()),
    percentEncode(baseStringUri(input.url, input.host, input.scheme)),
    percentEncode(normalizeParameters(requestParameters(input))),
  ].join('&')
}

/** RFC 5849 §3.4.2: both secrets encoded, joined by `&` even when the token secret is empty. */
export function signingKey(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`
}

/** Compares without revealing where the first difference is; only the lengths leak. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

export interface VerifySignatureInput {
  signatureMethod: string
  /** The decoded `oauth_signature` value. */
  signature: string
  baseString: string
  consumerSecret: string
  /** Empty when the request carries no token (temporary credentials). */
  tokenSecret: string
  /** Needed for RSA-SHA1: a public key, a certificate, or anything else `createPublicKey` reads. */
  rsaPublicKey?: string | KeyObject | undefined
}

/** Canonical base64 only, so that two spellings of one signature cannot both be accepted. */
function canonicalBase64(value: string): Buffer | undefined {
  const bytes = Buffer.from(value, 'base64')
  return bytes.toString('base64') === value ? bytes : undefined
}

export function verifySignature(input: VerifySignatureInput): boolean {
  const { signatureMethod, signature, baseString } = input
  const key = signingKey(input.consumerSecret, input.tokenSecret)
  switch (signatureMethod) {
    case 'HMAC-SHA1':
      return constantTimeEqual(signature, createHmac('sha1', key).update(baseString, 'utf8').digest('base64'))
    case 'HMAC-SHA256':
      return constantTimeEqual(signature, createHmac('sha256', key).update(baseString, 'utf8').digest('base64'))
    case 'PLAINTEXT':
      return constantTimeEqual(signature, key)
    case 'RSA-SHA1': {
      if (input.rsaPublicKey === undefined) return false
      const bytes = canonicalBase64(signature)
      if (bytes === undefined || bytes.length === 0) return false
      const publicKey =
        typeof input.rsaPublicKey === 'string' ? createPublicKey(input.rsaPublicKey) : input.rsaPublicKey
      // crypto.verify picks the algorithm from the key: an EC key would silently mean ECDSA.
      if (publicKey.asymmetricKeyType !== 'rsa') return false
      try {
        return verify('sha1', Buffer.from(baseString, 'utf8'), publicKey, bytes)
      } catch {
        return false
      }
    }
    default:
      return false
  }
}

/**
 * The OAuth Request Body Hash extension: base64 of the body's digest, using the hash of the
 * signature method (SHA-256 for HMAC-SHA256, SHA-1 for the others).
 */
export function bodyHash(body: Uint8Array | string, signatureMethod: string): string {
  return createHash(signatureMethod === 'HMAC-SHA256' ? 'sha256' : 'sha1')
    .update(body)
    .digest('base64')
}

export interface AuthorizationHeader {
  realm: string | undefined
  /** Every decoded parameter except `realm`, in order. */
  params: Param[]
}

/**
 * RFC 5849 §3.5.1: `OAuth name="value", …` with percent-encoded names and values. Returns undefined
 * for another scheme and throws on a malformed OAuth header, which must not be half-read.
 */
export function parseAuthorizationHeader(header: string): AuthorizationHeader | undefined {
  const scheme = /^\s*OAuth(?:\s+|$)/i.exec(header)
  if (scheme === null) return undefined
  const rest = header.slice(scheme[0].length).trim()
  const params: Param[] = []
  let realm: string | undefined
  if (rest === '') return { realm, params }
  const item = /^([^\s=,"]+)\s*=\s*"([^"]*)"\s*(?:,\s*|$)/
  let remaining = rest
  while (remaining !== '') {
    const match = item.exec(remaining)
    if (match === null) throw new SyntaxError('malformed OAuth Authorization header')
    const name = percentDecode(match[1] ?? '')
    const value = percentDecode(match[2] ?? '')
    if (name === 'realm') {
      realm = value
    } else {
      params.push([name, value])
    }
    remaining = remaining.slice(match[0].length)
  }
  return { realm, params }
}
