import { createCipheriv, createDecipheriv, hkdfSync, timingSafeEqual } from 'node:crypto'
import { invalidOptions } from '../errors.js'
import type { PendingAuthorization } from '../pending.js'
import { randomBytesPooled } from '../random.js'

export type { PendingAuthorization } from '../pending.js'

/** How long a started login may take. */
export const PENDING_TTL_MS = 10 * 60 * 1000
/** Logins started in parallel (several tabs) that one cookie remembers, newest first. */
export const MAX_PENDING = 4
/** Longest `next` kept; a longer one is dropped rather than overflowing the cookie. */
export const MAX_NEXT_LENGTH = 512

const VERSION = 2
/**
 * Browsers keep cookies of up to 4096 bytes, name and value together: the sealed value stays
 * under this, leaving room for the name, so older parallel logins are dropped before it grows.
 */
export const MAX_SEALED_LENGTH = 3900
const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * Seals pending logins into cookie values with AES-256-GCM. Keys are derived from the secrets
 * with HKDF, per public origin; the first secret seals, every secret opens, so a secret can be rotated. The cookie
 * name is the additional authenticated data, so one app's cookie does not open as another's.
 */
export class StateSealer {
  readonly #keys: Buffer[]

  /**
   * `origin` is the app's public origin: the keys are bound to it, so two deployments that share
   * a secret (staging and production) cannot open each other's cookies.
   */
  constructor(secrets: readonly string[], origin: string) {
    if (secrets.length === 0) throw invalidOptions('At least one secret is needed')
    this.#keys = secrets.map((secret) =>
      Buffer.from(hkdfSync('sha256', secret, 'oauth-consumer', `state-cookie/aes-256-gcm/v1 ${origin}`, 32)),
    )
  }

  /**
   * Seals pending logins, newest first. Logins that would take the cookie past
   * `MAX_SEALED_LENGTH` are dropped, oldest first, and the newest login's `next` if it alone is
   * too long: the login itself always survives.
   */
  seal(pending: readonly PendingAuthorization[], aad: string): string {
    let entries = pending.map(toWire)
    for (;;) {
      const sealed = this.#seal(JSON.stringify(entries), aad)
      if (sealed.length <= MAX_SEALED_LENGTH) return sealed
      if (entries.length > 1) entries = entries.slice(0, -1)
      else if (entries[0]?.[5] !== null)
        entries = [[...(entries[0] as Wire).slice(0, 5), null, (entries[0] as Wire)[6]] as Wire]
      else return sealed
    }
  }

  #seal(plain: string, aad: string): string {
    const iv = randomBytesPooled(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#keys[0] as Buffer, iv)
    cipher.setAAD(aadBuffer(aad))
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

/** Cookie names, as bytes: a handful per app, made once. */
const aadBuffers = new Map<string, Buffer>()
function aadBuffer(aad: string): Buffer {
  let buffer = aadBuffers.get(aad)
  if (buffer === undefined) {
    buffer = Buffer.from(aad)
    if (aadBuffers.size < 256) aadBuffers.set(aad, buffer)
  }
  return buffer
}

function decrypt(key: Buffer, iv: Buffer, tag: Buffer, data: Buffer, aad: string): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv)
    decipher.setAAD(aadBuffer(aad))
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(data), decipher.final()])
  } catch {
    return undefined
  }
}

/**
 * A pending login on the wire: a positional array, so the cookie spends its bytes on values:
 * key, secret, verifier, nonce, redirect URI, next, expiry in seconds.
 */
type Wire = [string, string | null, string | null, string | null, string | null, string | null, number]

function toWire(p: PendingAuthorization): Wire {
  return [
    p.key,
    p.secret ?? null,
    p.verifier ?? null,
    p.nonce ?? null,
    p.redirectUri ?? null,
    p.next ?? null,
    Math.ceil(p.expires / 1000),
  ]
}

/** Only what we sealed ourselves decrypts, but the payload is still checked field by field. */
function readPending(plain: Buffer, now: number): PendingAuthorization[] {
  let list: unknown
  try {
    list = JSON.parse(plain.toString('utf8'))
  } catch {
    return []
  }
  if (!Array.isArray(list)) return []
  const result: PendingAuthorization[] = []
  for (const item of list) {
    if (!Array.isArray(item) || item.length !== 7) continue
    const [key, secret, verifier, nonce, redirectUri, next, expiresSec] = item as unknown[]
    if (typeof key !== 'string' || typeof expiresSec !== 'number' || expiresSec * 1000 <= now) continue
    if (!(optional(secret) && optional(verifier) && optional(nonce) && optional(redirectUri) && optional(next)))
      continue
    // Every field, in the order the browser leg writes them: one shape of object for the sealer.
    result.push({
      key,
      secret: secret ?? undefined,
      verifier: verifier ?? undefined,
      nonce: nonce ?? undefined,
      redirectUri: redirectUri ?? undefined,
      next: next ?? undefined,
      expires: expiresSec * 1000,
    })
  }
  return result
}

function optional(value: unknown): value is string | null {
  return value === null || typeof value === 'string'
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
