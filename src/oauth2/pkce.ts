import { createHash } from 'node:crypto'
import { randomBytesPooled } from '../random.js'
import type { PkceMethod } from './options.js'

/** A code verifier of 43 characters: 256 random bits (RFC 7636 §4.1). */
export function createCodeVerifier(): string {
  return randomBytesPooled(32).toString('base64url')
}

/** The challenge of a verifier by `method` (RFC 7636 §4.2): its SHA-256, or the verifier itself. */
export function codeChallenge(verifier: string, method: PkceMethod): string {
  return method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url')
}
