import { hkdfSync } from 'node:crypto'
import { invalidOptions } from '../errors.js'
import type { OAuth2Token } from '../oauth2/token.js'
import { MIN_SECRET_LENGTH, unfit } from '../secrets.js'
import { createTokenSealer, type TokenSealer } from '../token-sealer.js'

/** What a value kept in Redis is sealed for: each purpose has keys of its own. */
export type Purpose = 'refresh-hand-over' | 'token-cache'

/**
 * A sealer for tokens kept in Redis, with keys derived from `secret` (newest first) for one
 * purpose. Each key's id is derived from its secret too, so a rotation (a new secret put first)
 * still opens what the previous one sealed.
 */
export function redisSealer(
  secret: unknown,
  purpose: Purpose,
  fn: 'redisRefreshLock' | 'redisTokenCache',
): TokenSealer<OAuth2Token> {
  const list: unknown[] = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? [...secret] : []
  if (list.length === 0) {
    throw invalidOptions(
      `${fn}: "secret" must be a string of at least ${MIN_SECRET_LENGTH} characters, or a non-empty list of them, newest first`,
    )
  }
  list.forEach((item, index) => {
    const reason = unfit(item)
    if (reason !== undefined) {
      const which = list.length === 1 ? '"secret"' : `"secret"[${index}]`
      throw invalidOptions(`${fn}: ${which} ${reason}; use a random string of ${MIN_SECRET_LENGTH} characters or more`)
    }
  })
  const secrets = [...new Set(list as string[])]
  return createTokenSealer<OAuth2Token>({
    keys: secrets.map((s) => ({
      id: Buffer.from(hkdfSync('sha256', s, 'oauth-consumer', `redis/${purpose}/key-id`, 6)).toString('base64url'),
      secret: s,
    })),
  })
}

/** The token sealed under `context`, or `undefined` for a value that does not open (another secret). */
export function openOrNothing(
  sealer: TokenSealer<OAuth2Token>,
  sealed: string | null,
  context: string,
): OAuth2Token | undefined {
  if (sealed === null) return undefined
  try {
    return sealer.open(sealed, context)
  } catch {
    return undefined
  }
}
