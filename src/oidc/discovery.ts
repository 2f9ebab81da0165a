import { invalidResponse } from '../errors.js'
import { callEndpoint, type HttpSettings } from '../http.js'
import type { ProviderMetadata } from '../protocol.js'

export type { ProviderMetadata } from '../protocol.js'

import { OAuthResponse } from '../response.js'
import { isSecureUrl } from '../url.js'

const METADATA_LIMIT = 512 * 1024

/** Where the metadata of `issuer` lives: its path plus `/.well-known/openid-configuration` (Discovery §4). */
export function metadataUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`)
}

/**
 * Fetches and checks provider metadata. The document's `issuer` must equal the configured one
 * exactly (Discovery §4.3): otherwise another provider could stand in for it.
 */
export async function fetchMetadata(o: HttpSettings, url: URL, issuer: string): Promise<ProviderMetadata> {
  const res = await callEndpoint(o, {
    method: 'GET',
    url,
    accept: 'application/json',
    maxSize: METADATA_LIMIT,
    what: 'discovery endpoint',
  })
  const response = new OAuthResponse(res.status, res.headers, res.body)
  const bad = (message: string) =>
    invalidResponse(`The discovery document ${message}`, {
      response,
      endpoint: url.origin,
    })
  if (res.status !== 200) throw bad(`answered HTTP ${res.status}`)
  let doc: unknown
  try {
    doc = JSON.parse(res.body.toString('utf8'))
  } catch {
    throw bad('is not JSON')
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('is not a JSON object')
  const m = doc as Record<string, unknown>
  if (m.issuer !== issuer) {
    throw bad(`names the issuer ${JSON.stringify(m.issuer)}, not the configured ${JSON.stringify(issuer)}`)
  }
  for (const key of [
    'authorization_endpoint',
    'token_endpoint',
    'userinfo_endpoint',
    'jwks_uri',
    'revocation_endpoint',
    'end_session_endpoint',
    'device_authorization_endpoint',
  ]) {
    const value = m[key]
    if (value === undefined) continue
    let endpoint: URL | undefined
    try {
      endpoint = typeof value === 'string' ? new URL(value) : undefined
    } catch {
      endpoint = undefined
    }
    if (endpoint === undefined || !isSecureUrl(endpoint)) throw bad(`has an unusable ${key}: ${JSON.stringify(value)}`)
  }
  if (typeof m.authorization_endpoint !== 'string') throw bad('has no authorization_endpoint')
  const algs = m.id_token_signing_alg_values_supported
  if (algs !== undefined && !(Array.isArray(algs) && algs.every((a) => typeof a === 'string'))) {
    throw bad('has a malformed id_token_signing_alg_values_supported')
  }
  return m as ProviderMetadata
}
