import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import fc from 'fast-check'
import { createTokenSealer, type OAuth2Token, OAuthSealedTokenError } from 'oauth-consumer'
import { assertClassAgrees } from '../helpers/error-classes.js'

const secret = (): string => randomBytes(32).toString('base64url')

/** Asserts that `call` throws the sealer's error with `reason`, and returns its message. */
function refused(call: () => unknown, reason: string): string {
  try {
    call()
  } catch (error) {
    assertClassAgrees(error)
    assert.ok(error instanceof OAuthSealedTokenError)
    assert.equal(error.code, 'OAUTH_SEALED_TOKEN_INVALID')
    assert.equal(error.statusCode, 500)
    assert.equal(error.data.reason, reason)
    return error.message
  }
  assert.fail('the call succeeded')
}

/**
 * `sealed` with one character of its body changed. Not the last character, whose low bits may
 * be base64url padding that decodes to the same bytes.
 */
function flip(sealed: string, at: number): string {
  const chars = [...sealed]
  const index = sealed.lastIndexOf('.') + 1 + at
  chars[index] = chars[index] === 'A' ? 'B' : 'A'
  return chars.join('')
}

test('token sealer: a token object and a string round-trip, sealed as versioned base64url naming the key', () => {
  const sealer = createTokenSealer({ keys: [{ id: '2025-06', secret: secret() }] })
  const token: OAuth2Token = {
    access_token: 'gho_abc',
    token_type: 'bearer',
    refresh_token: 'ghr_def',
    expires_at: 1_750_000_000,
    scope: 'read:user',
  }
  const sealed = sealer.seal(token, 'user-42')
  assert.match(sealed, /^v1\.2025-06\.[A-Za-z0-9_-]+$/)
  assert.ok(!sealed.includes('gho_abc'))
  assert.deepEqual(sealer.open(sealed, 'user-42'), token)
  assert.equal(sealer.open(sealer.seal('just-an-access-token', 'user-42'), 'user-42'), 'just-an-access-token')
  assert.notEqual(sealer.seal(token, 'user-42'), sealed, 'a fresh IV every time')
  assert.equal(sealer.needsResealing(sealed), false)
})

test('token sealer: rotation seals with the first key, opens with every key, and says which values to re-seal', () => {
  const oldKey = { id: 'k1', secret: secret() }
  const newKey = { id: 'k2', secret: secret() }
  const before = createTokenSealer({ keys: [oldKey] })
  const after = createTokenSealer({ keys: [newKey, oldKey] })
  const old = before.seal({ token: 'oauth1-token', secret: 'oauth1-secret' }, 'user-1')

  assert.deepEqual(after.open(old, 'user-1'), { token: 'oauth1-token', secret: 'oauth1-secret' })
  assert.equal(after.needsResealing(old), true)
  const resealed = after.seal(after.open(old, 'user-1'), 'user-1')
  assert.match(resealed, /^v1\.k2\./)
  assert.equal(after.needsResealing(resealed), false)

  // Once the old key is dropped, what it sealed names a key the sealer no longer has.
  const later = createTokenSealer({ keys: [newKey] })
  assert.equal(later.needsResealing(old), true)
  assert.equal(
    refused(() => later.open(old, 'user-1'), 'unknown-key'),
    `The sealed token's key "k1" is not among the sealer's keys`,
  )
  assert.equal(later.open(resealed, 'user-1') !== undefined, true)
})

test('token sealer: an altered value, another context, or another secret under the same id is refused', () => {
  const key = { id: 'k1', secret: secret() }
  const sealer = createTokenSealer({ keys: [key] })
  const sealed = sealer.seal({ access_token: 'at', refresh_token: 'rt' }, 'user-1')
  const notAuthentic =
    'The sealed token does not open with its key for this context: it was altered, sealed for another context, or with another secret'

  assert.equal(
    refused(() => sealer.open(sealed, 'user-2'), 'not-authentic'),
    notAuthentic,
  )
  for (const at of [0, 12, 20, sealed.length - sealed.lastIndexOf('.') - 3]) {
    assert.equal(
      refused(() => sealer.open(flip(sealed, at), 'user-1'), 'not-authentic'),
      notAuthentic,
    )
  }
  const impostor = createTokenSealer({ keys: [{ id: 'k1', secret: secret() }] })
  refused(() => impostor.open(sealed, 'user-1'), 'not-authentic')
  // The key id is authenticated: relabelling a value with another key id of the same sealer fails.
  const two = createTokenSealer({ keys: [key, { id: 'k0', secret: key.secret }] })
  refused(() => two.open(sealed.replace('.k1.', '.k0.'), 'user-1'), 'not-authentic')

  const malformed = 'The sealed token is not a value createTokenSealer().seal() made'
  for (const value of [
    '',
    'v1',
    'v2.k1.AAAA',
    `v2${sealed.slice(2)}`,
    `${sealed}.x`,
    'v1.k1.AAAA',
    'v1.k!.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  ]) {
    assert.equal(
      refused(() => sealer.open(value, 'user-1'), 'malformed'),
      malformed,
      value,
    )
  }
  refused(() => sealer.needsResealing('not sealed'), 'malformed')
})

test('token sealer: keys and arguments are checked, naming what is wrong', () => {
  const misuse = (call: () => unknown, code: string, message: string): void => {
    assert.throws(call, (error: unknown) => {
      assertClassAgrees(error)
      assert.equal(error.code, code)
      assert.equal(error.message, message)
      return true
    })
  }
  const good = secret()
  misuse(
    () => createTokenSealer({ keys: [] }),
    'OAUTH_INVALID_OPTIONS',
    'createTokenSealer: "keys" must be a non-empty list of { id, secret }, newest first',
  )
  misuse(
    () => createTokenSealer({ keys: [{ id: 'a b', secret: good }] }),
    'OAUTH_INVALID_OPTIONS',
    'createTokenSealer: "keys"[0].id must be 1 to 32 characters of A-Z a-z 0-9 _ -',
  )
  misuse(
    () =>
      createTokenSealer({
        keys: [
          { id: 'k', secret: good },
          { id: 'k', secret: secret() },
        ],
      }),
    'OAUTH_INVALID_OPTIONS',
    'createTokenSealer: the key id "k" is given twice',
  )
  misuse(
    () => createTokenSealer({ keys: [{ id: 'k', secret: 'short' }] }),
    'OAUTH_INVALID_OPTIONS',
    `createTokenSealer: the secret of key "k" has fewer than 32 characters; use a random string of 32 characters or more (e.g. node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))")`,
  )
  misuse(
    () => createTokenSealer({ keys: [{ id: 'k', secret: 'a'.repeat(40) }] }),
    'OAUTH_INVALID_OPTIONS',
    `createTokenSealer: the secret of key "k" repeats too few distinct characters to be random; use a random string of 32 characters or more (e.g. node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))")`,
  )
  const sealer = createTokenSealer({ keys: [{ id: 'k', secret: good }] })
  const noContext =
    '"context" must be a non-empty string naming whose token it is (e.g. the user id), so a sealed token opens only in its own row'
  misuse(() => sealer.seal('at', ''), 'OAUTH_INVALID_ARGUMENT', noContext)
  misuse(() => sealer.open(sealer.seal('at', 'u'), undefined as unknown as string), 'OAUTH_INVALID_ARGUMENT', noContext)
  misuse(
    () => sealer.seal(undefined as unknown as string, 'u'),
    'OAUTH_INVALID_ARGUMENT',
    'seal(token): the token cannot be serialized to JSON',
  )
})

test('token sealer: any JSON token round-trips for its context and opens for no other (property)', () => {
  const sealer = createTokenSealer<unknown>({
    keys: [
      { id: 'k2', secret: secret() },
      { id: 'k1', secret: secret() },
    ],
  })
  fc.assert(
    fc.property(
      fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown),
      fc.string({ minLength: 1 }),
      fc.string({ minLength: 1 }),
      (token, context, other) => {
        const sealed = sealer.seal(token, context)
        assert.deepEqual(sealer.open(sealed, context), token)
        assert.equal(sealer.needsResealing(sealed), false)
        if (other !== context) refused(() => sealer.open(sealed, other), 'not-authentic')
      },
    ),
    { seed: 20250601, numRuns: 300 },
  )
})
