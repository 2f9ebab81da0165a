import { createCipheriv, createDecipheriv, hkdfSync, timingSafeEqual } from 'node:crypto'
import { OAuthConfigError, OAuthErrorCode } from './errors.js'
import { randomBytesPooled } from './random.js'

/**
 * A login that was started and not finished: what the callback needs to check and complete
 * it. It travels in an encrypted cookie, so the server keeps nothing per pending login.
 */
export interface PendingAuthorization {
  /** OAuth 2.0 `state`, or the OAuth 1.0a request token: what the callback is matched by. */
  readonly key: string
  /** OAuth 1.0a request-token secret. */
  readonly secret?: string
  /** PKCE code verifier. */
  readonly verifier?: string
  /** OpenID Connect nonce. */
  readonly nonce?: string
  /** The `redirect_uri` sent in the first leg, repeated in the token request. */
  readonly redirectUri?: string
  /** Where the app wanted to go after signing in (checked again by `nextUrl`). */
  readonly next?: string
  /** Expiry, ms since the epoch. */
  readonly expires: number
}

/** How long a started login may take. */
export const PENDING_TTL_MS = 10 * 60 * 1000
/** Logins started in parallel (several tabs) that one cookie remembers, newest first. */
export const MAX_PENDING = 4
/** Longest `next` kept; a longer one is dropped rather than overflowing the cookie. */
export const MAX_NEXT_LENGTH = 512

const VERSION = 1
const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * Seals pending logins into cookie values with AES-256-GCM. Keys are derived from the secrets
 * with HKDF; the first secret seals, every secret opens, so a secret can be rotated. The cookie
 * name is the additional authenticated data, so one app's cookie does not open as another's.
 */
export class StateSealer {
  readonly #keys: Buffer[]

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0)
      throw new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, 'At least one secret is needed')
    this.#keys = secrets.map((secret) =>
      Buffer.from(hkdfSync('sha256', secret, 'oauth-consumer', 'state-cookie/aes-256-gcm/v1', 32)),
    )
  }

  seal(pending: readonly PendingAuthorization[], aad: string): string {
    const iv = randomBytesPooled(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#keys[0] as Buffer, iv)
    cipher.setAAD(Buffer.from(aad))
    const plain = Buffer.from(JSON.stringify({ v: VERSION, p: pending }))
    const sealed = Buffer.concat([Buffer.of(VERSION), iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()])
    return sealed.toString('base64url')
  }

  /** The pending logins a cookie holds that have not expired; none for anything forged, tampered or unreadable. */
  open(value: string | undefined, aad: string, now = Date.now()): PendingAuthorization[] {
    if (value === undefined || value.length < 40 || value.length > 8192) return []
    const sealed = Buffer.from(value, 'base64url')
    if (sealed[0] !== VERSION || sealed.length < 1 + IV_BYTES + TAG_BYTES + 1) return []
    const iv = sealed.subarray(1, 1 + IV_BYTES)
    const tag = sealed.subarray(sealed.length - TAG_BYTES)
    const data = sealed.subarray(1 + IV_BYTES, sealed.length - TAG_BYTES)
    for (const key of this.#keys) {
      const plain = decrypt(key, iv, tag, data, aad)
      if (plain !== undefined) return readPending(plain, now)
    }
    return []
  }
}

function decrypt(key: Buffer, iv: Buffer, tag: Buffer, data: Buffer, aad: string): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv)
    decipher.setAAD(Buffer.from(aad))
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(data), decipher.final()])
  } catch {
    return undefined
  }
}

/** Only what we sealed ourselves decrypts, but the payload is still checked field by field. */
function readPending(plain: Buffer, now: number): PendingAuthorization[] {
  let payload: unknown
  try {
    payload = JSON.parse(plain.toString('utf8'))
  } catch {
    return []
  }
  if (typeof payload !== 'object' || payload === null) return []
  const list = (payload as { p?: unknown }).p
  if (!Array.isArray(list)) return []
  const result: PendingAuthorization[] = []
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue
    const p = item as Record<string, unknown>
    if (typeof p.key !== 'string' || typeof p.expires !== 'number' || p.expires <= now) continue
    result.push(item as PendingAuthorization)
  }
  return result
}

/** Finds the pending login a callback belongs to, comparing in constant time. */
export function findPending(pending: readonly PendingAuthorization[], key: string): PendingAuthorization | undefined {
  const wanted = Buffer.from(key)
  let found: PendingAuthorization | undefined
  for (const p of pending) {
    const candidate = Buffer.from(p.key)
    if (candidate.length === wanted.length && timingSafeEqual(candidate, wanted)) found = p
  }
  return found
}

/** 128+ random bits, URL-safe. */
export function randomToken(bytes = 24): string {
  return randomBytesPooled(bytes).toString('base64url')
}
