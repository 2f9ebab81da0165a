import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import type { SignatureMethod } from 'oauth-consumer'
import {
  baseStringUri,
  createSigner,
  decodeForm,
  hashFunction,
  normalizeParameters,
  type Pair,
  percentEncode,
  signatureBaseString,
} from '../../src/oauth1/sign.js'

/**
 * The published OAuth 1.0a vectors (RFC 5849, OAuth Core 1.0, Twitter, the oauth.net wiki and
 * edge cases computed independently); test/vectors/README.md names the sources. Assertions use
 * the `oauthlib_*` fields, which equal the published values except RFC 5849's misprint.
 */
interface Vector {
  name: string
  kind: string
  method: string | null
  url: string | null
  params: [string, string][] | null
  oauth_params: [string, string][] | null
  body_params: [string, string][] | null
  body_raw: string | null
  realm: string | null
  consumer_key: string | null
  consumer_secret: string | null
  token: string | null
  token_secret: string | null
  signature_method: SignatureMethod | null
  input?: string
  input_form?: string
  rsa_private_key_pem?: string
  oauthlib_base_string?: string
  oauthlib_signature?: string
  oauthlib_normalized_params?: string
  oauthlib_encoded?: string
  oauthlib_base_string_uri?: string
  expected_base_string?: string | null
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../test/vectors/oauth1-vectors.json', import.meta.url), 'utf8'),
) as Vector[]
const of = (kind: string) => vectors.filter((v) => v.kind === kind)
const protocolOwn = new Set([
  'oauth_consumer_key',
  'oauth_nonce',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_token',
  'oauth_version',
])

test('every kind of published vector is present', () => {
  assert.equal(vectors.length, 68)
  for (const kind of [
    'signature',
    'base_string',
    'percent_encoding',
    'normalization',
    'base_string_uri',
    'hmac_sha1_only',
    'plaintext_only',
  ]) {
    assert.ok(of(kind).length > 0, kind)
  }
})

for (const v of of('signature')) {
  test(`signature vector ${v.name}: base string and signature byte for byte`, () => {
    const oauth = new Map(v.oauth_params ?? [])
    const sign = createSigner({
      consumerKey: v.consumer_key ?? '',
      consumerSecret: v.consumer_secret ?? '',
      signatureMethod: v.signature_method ?? 'HMAC-SHA1',
      privateKey: v.rsa_private_key_pem,
      realm: v.realm ?? undefined,
      version: oauth.has('oauth_version'),
    })
    const extra: Record<`oauth_${string}`, string> = {}
    for (const [key, value] of oauth) if (!protocolOwn.has(key)) extra[key as `oauth_${string}`] = value
    const body: Pair[] = v.body_raw === null ? (v.body_params ?? []) : decodeForm(v.body_raw)
    const signed = sign({
      method: v.method ?? 'GET',
      url: new URL(v.url ?? ''),
      bodyParams: body,
      extra,
      token: oauth.get('oauth_token'),
      tokenSecret: v.token_secret ?? '',
      nonce: oauth.get('oauth_nonce') ?? '',
      timestamp: oauth.get('oauth_timestamp') ?? '',
    })
    assert.equal(signed.baseString, v.oauthlib_base_string)
    assert.equal(signed.signature, v.oauthlib_signature)
    assert.match(signed.header, /^OAuth /)
    assert.ok(signed.header.includes(`oauth_signature="${percentEncode(signed.signature)}"`))
    if (v.realm !== null) assert.ok(signed.header.startsWith(`OAuth realm="${v.realm}", `))
  })
}

for (const v of of('base_string')) {
  test(`base string vector ${v.name}`, () => {
    const base = signatureBaseString(v.method ?? 'GET', new URL(v.url ?? ''), v.params ?? [])
    assert.equal(base, v.oauthlib_base_string ?? v.expected_base_string)
  })
}

for (const v of of('percent_encoding')) {
  test(`percent-encoding vector ${v.name}`, () => {
    assert.equal(percentEncode(v.input ?? ''), v.oauthlib_encoded)
  })
}

for (const v of of('normalization')) {
  test(`normalization vector ${v.name}`, () => {
    const pairs = v.input_form === undefined ? (v.params ?? []) : decodeForm(v.input_form)
    assert.equal(normalizeParameters(pairs), v.oauthlib_normalized_params)
  })
}

for (const v of of('base_string_uri')) {
  test(`base string URI vector ${v.name}`, () => {
    assert.equal(baseStringUri(new URL(v.url ?? '')), v.oauthlib_base_string_uri)
  })
}

for (const v of [...of('hmac_sha1_only'), ...of('plaintext_only')]) {
  test(`signing-key vector ${v.name}`, () => {
    const method = v.signature_method ?? 'HMAC-SHA1'
    const key = `${percentEncode(v.consumer_secret ?? '')}&${percentEncode(v.token_secret ?? '')}`
    assert.equal(hashFunction(method)(v.expected_base_string ?? '', key), v.oauthlib_signature)
  })
}
