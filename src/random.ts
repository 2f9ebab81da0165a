import { randomFillSync } from 'node:crypto'

/**
 * Random bytes from a CSPRNG, drawn from a pool refilled 4 KiB at a time, as Node's own
 * `randomUUID` does: one system call serves many logins. Each byte is handed out once.
 */
const POOL_SIZE = 4096
const pool = Buffer.allocUnsafe(POOL_SIZE)
let offset = POOL_SIZE

export function randomBytesPooled(size: number): Buffer {
  if (size > POOL_SIZE) return randomFillSync(Buffer.allocUnsafe(size))
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool)
    offset = 0
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size))
  // Spent bytes are zeroed, so nothing of them lingers in the pool.
  pool.fill(0, offset, offset + size)
  offset += size
  return bytes
}

/** 128+ random bits, URL-safe: states, nonces. */
export function randomToken(bytes = 24): string {
  return randomBytesPooled(bytes).toString('base64url')
}
