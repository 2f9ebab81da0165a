import { createHash } from 'node:crypto'
import { randomBytesPooled } from '../random.js'

/** A code verifier of 43 characters: 256 random bits (RFC 7636 §4.1). */
export function createCodeVerifier(): string {
  return randomBytesPooled(32).toString('base64url')
}

/** The S256 challenge of a verifier (RFC 7636 §4.2). */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}
