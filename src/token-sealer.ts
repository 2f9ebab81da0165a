import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto'
import { invalidArgument, invalidOptions, OAuthSealedTokenError } from './errors.js'
import type { OAuth2Token } from './oauth2/token.js'
import { randomBytesPooled } from './random.js'
import { MIN_SECRET_LENGTH, unfit } from './secrets.js'
import type { TokenInput } from './tokens.js'

/** One key of a {@link TokenSealer}. */
export interface TokenSealerKey {
  /**
   * Names the key inside every value it seals, so the right key opens it after a rotation:
   * 1 to 32 characters of `A-Z a-z 0-9 _ -` (e.g. `2025-06`).
   */
  readonly id: string
  /**
   * A random string of 32 characters or more, under the same rules as the plugin's `secret`
   * (e.g. 32 random bytes as base64url). The AES-256 key is derived from it and the id with HKDF,
   * so the same string under two ids gives two keys.
   */
  readonly secret: string
}

/** Options of {@link createTokenSealer}. */
export interface TokenSealerOptions {
  /** Newest first: the first seals, every one opens. */
  readonly keys: readonly TokenSealerKey[]
}

/**
 * Seals tokens for storage and opens them again; made by {@link createTokenSealer}.
 *
 * @typeParam Token - what is sealed: by default a token as the tokenupdater receives it or a
 * tokengetter returns it. Any value that survives `JSON.stringify` and `JSON.parse` unchanged works.
 */
export interface TokenSealer<Token = TokenInput | OAuth2Token> {
  /**
   * Encrypts and authenticates `token` for the row `context` names.
   *
   * @param token - the token to store
   * @param context - whose token it is, e.g. `user-42` or `user-42:github`: the value opens only
   * with the same `context`, so a sealed token copied into another user's row does not open there
   * @returns `v1.<key id>.<base64url>`: ASCII, safe in any text column
   * @throws OAuthConfigError `OAUTH_INVALID_ARGUMENT` when `context` is not a non-empty string or
   * the token does not serialize to JSON
   */
  seal(token: Token, context: string): string
  /**
   * Decrypts what {@link TokenSealer.seal} made for the same `context`.
   *
   * @param sealed - a value `seal` returned, with any key still in `keys`
   * @param context - the same `context` it was sealed for
   * @returns the token, as it was sealed
   * @throws OAuthSealedTokenError `OAUTH_SEALED_TOKEN_INVALID`, with `data.reason`: `malformed`,
   * `unknown-key` (its key was removed from `keys`) or `not-authentic` (altered, another
   * `context`, or another secret under its key's id)
   */
  open(sealed: string, context: string): Token
  /**
   * Whether `sealed` was made with a key other than the first, and should be opened and sealed
   * again (a rotation's background job). A value of an unknown key is true too; `open` refuses it.
   *
   * @throws OAuthSealedTokenError `OAUTH_SEALED_TOKEN_INVALID` (`malformed`) for a value `seal` did not make
   */
  needsResealing(sealed: string): boolean
}

const FORMAT = 'v1'
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
const IV_BYTES = 12
const TAG_BYTES = 16
const HOW_TO_MAKE_ONE = `e.g. node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`

/**
 * Makes a sealer that encrypts tokens for storage with AES-256-GCM: each value names its key, so
 * keys can be rotated, and is bound to a `context` (the user it belongs to) as additional
 * authenticated data. Uses `node:crypto` only.
 *
 * @param options - `keys`, newest first
 * @returns the sealer
 * @throws OAuthConfigError `OAUTH_INVALID_OPTIONS` naming the key: no keys, a repeated or
 * malformed id, a weak secret
 * @example
 * ```ts
 * import { createTokenSealer } from 'oauth-consumer'
 *
 * const sealer = createTokenSealer({
 *   keys: [
 *     { id: '2025-06', secret: process.env.TOKEN_KEY ?? '' },
 *     { id: '2024-11', secret: process.env.TOKEN_KEY_OLD ?? '' },
 *   ],
 * })
 * const stored = sealer.seal({ access_token: 'gho_x', refresh_token: 'ghr_y' }, 'user-42')
 * const token = sealer.open(stored, 'user-42')
 * ```
 * @see https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf (GCM)
 * @see https://www.rfc-editor.org/rfc/rfc5869 (HKDF)
 */
export function createTokenSealer<Token = TokenInput | OAuth2Token>(options: TokenSealerOptions): TokenSealer<Token> {
  const keys = readKeys(options)
  const current = keys.values().next().value as Buffer
  const currentId = keys.keys().next().value as string

  return {
    seal(token, context) {
      checkContext(context)
      let plain: string | undefined
      try {
        plain = JSON.stringify(token)
      } catch (cause) {
        throw invalidArgument(`seal(token): the token cannot be serialized to JSON (${String(cause)})`)
      }
      if (plain === undefined) throw invalidArgument('seal(token): the token cannot be serialized to JSON')
      const iv = randomBytesPooled(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', current, iv)
      cipher.setAAD(aad(currentId, context))
      const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()])
      return `${FORMAT}.${currentId}.${body.toString('base64url')}`
    },

    open(sealed, context) {
      checkContext(context)
      const { id, body } = parse(sealed)
      const key = keys.get(id)
      if (key === undefined) {
        throw new OAuthSealedTokenError('unknown-key', `The sealed token's key "${id}" is not among the sealer's keys`)
      }
      const iv = body.subarray(0, IV_BYTES)
      const tag = body.subarray(body.length - TAG_BYTES)
      let plain: string
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv)
        decipher.setAAD(aad(id, context))
        decipher.setAuthTag(tag)
        plain = Buffer.concat([
          decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8')
      } catch (cause) {
        throw new OAuthSealedTokenError(
          'not-authentic',
          'The sealed token does not open with its key for this context: it was altered, sealed for another context, or with another secret',
          { cause },
        )
      }
      // Authenticated above: only a value this sealer's key made gets here, so it is the JSON `seal` wrote.
      return JSON.parse(plain) as Token
    },

    needsResealing(sealed) {
      return parse(sealed).id !== currentId
    },
  }
}

/** The keys by id, in order, each derived once. */
function readKeys(options: TokenSealerOptions): Map<string, Buffer> {
  const list: unknown = typeof options === 'object' && options !== null ? options.keys : undefined
  if (!Array.isArray(list) || list.length === 0) {
    throw invalidOptions('createTokenSealer: "keys" must be a non-empty list of { id, secret }, newest first')
  }
  const keys = new Map<string, Buffer>()
  list.forEach((item: unknown, index) => {
    const id: unknown = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined
    const secret: unknown =
      typeof item === 'object' && item !== null ? (item as { secret?: unknown }).secret : undefined
    if (typeof id !== 'string' || !KEY_ID.test(id)) {
      throw invalidOptions(`createTokenSealer: "keys"[${index}].id must be 1 to 32 characters of A-Z a-z 0-9 _ -`)
    }
    if (keys.has(id)) throw invalidOptions(`createTokenSealer: the key id "${id}" is given twice`)
    const reason = unfit(secret)
    if (reason !== undefined) {
      throw invalidOptions(
        `createTokenSealer: the secret of key "${id}" ${reason}; use a random string of ${MIN_SECRET_LENGTH} characters or more (${HOW_TO_MAKE_ONE})`,
      )
    }
    keys.set(
      id,
      Buffer.from(hkdfSync('sha256', secret as string, 'oauth-consumer', `token-sealer/aes-256-gcm/v1 ${id}`, 32)),
    )
  })
  return keys
}

function checkContext(context: unknown): void {
  if (typeof context !== 'string' || context === '') {
    throw invalidArgument(
      '"context" must be a non-empty string naming whose token it is (e.g. the user id), so a sealed token opens only in its own row',
    )
  }
}

/** The version and key id are authenticated too, so neither can be swapped. */
function aad(id: string, context: string): Buffer {
  return Buffer.from(`oauth-consumer sealed token ${FORMAT}\u0000${id}\u0000${context}`, 'utf8')
}

function parse(sealed: unknown): { id: string; body: Buffer } {
  const parts = typeof sealed === 'string' ? sealed.split('.') : []
  const [format, id = '', encoded = ''] = parts
  const body = Buffer.from(encoded, 'base64url')
  if (
    parts.length !== 3 ||
    format !== FORMAT ||
    !KEY_ID.test(id) ||
    !/^[A-Za-z0-9_-]+$/.test(encoded) ||
    body.length < IV_BYTES + TAG_BYTES + 1
  ) {
    throw new OAuthSealedTokenError('malformed', 'The sealed token is not a value createTokenSealer().seal() made')
  }
  return { id, body }
}
