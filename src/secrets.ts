import { randomBytes } from 'node:crypto'
import { invalidOptions } from './errors.js'

export const MIN_SECRET_LENGTH = 32
/**
 * Fewer distinct characters than this is a pattern, not a secret. A random hex string of 32
 * characters has fewer than 6 distinct ones with a probability under 10⁻¹², base64 far less.
 */
const MIN_DISTINCT_CHARACTERS = 6

const HOW_TO_MAKE_ONE =
  `e.g. node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))", ` +
  'kept in an environment variable such as OAUTH_SECRET'

/**
 * Why a secret is unfit to derive keys from, or `undefined` when it is fit: too short, with
 * whitespace (a copied line's newline, a passphrase), or too few distinct characters.
 */
export function unfit(secret: unknown): string | undefined {
  if (typeof secret !== 'string') return 'is not a string'
  if (secret.length < MIN_SECRET_LENGTH) return `has fewer than ${MIN_SECRET_LENGTH} characters`
  if (/[\s\u0000-\u001f\u007f]/.test(secret)) return 'holds whitespace or control characters'
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS) return 'repeats too few distinct characters to be random'
  return undefined
}

/**
 * The secrets an adapter keys its cookies with, newest first, checked once at startup. Without
 * one, development and test runs get a random secret for the process (and a warning); any other
 * environment is refused.
 */
export function readSecrets(
  secret: string | readonly string[] | undefined | null,
  warn: (message: string) => void,
): string[] {
  if (secret === undefined || secret === null) {
    const env = process.env.NODE_ENV
    if (env === 'development' || env === 'test') {
      warn(
        `oauth-consumer: no "secret" given; using a random one for this process (NODE_ENV=${env}). Logins started before a restart will fail.`,
      )
      return [randomBytes(32).toString('base64url')]
    }
    throw invalidOptions(
      `oauth-consumer: the plugin needs "secret", a random string of ${MIN_SECRET_LENGTH} characters or more that keys the state cookies (${HOW_TO_MAKE_ONE})`,
    )
  }
  const list: unknown[] = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? [...secret] : []
  if (list.length === 0) {
    throw invalidOptions(
      `oauth-consumer: "secret" must be a string of at least ${MIN_SECRET_LENGTH} characters, or a non-empty list of them (${HOW_TO_MAKE_ONE})`,
    )
  }
  list.forEach((item, index) => {
    const reason = unfit(item)
    if (reason === undefined) return
    const which = list.length === 1 ? '"secret"' : `"secret"[${index}]`
    throw invalidOptions(
      `oauth-consumer: ${which} ${reason}; use a random string of ${MIN_SECRET_LENGTH} characters or more (${HOW_TO_MAKE_ONE})`,
    )
  })
  return list as string[]
}
