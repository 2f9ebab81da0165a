/**
 * What the catalogue promises of every preset: a row of test/providers/catalogue/rows/ that
 * replays its sign-in, a page in docs/providers/, an entry in the index with its
 * `<ID>_CLIENT_ID` / `<ID>_CLIENT_SECRET` variables, and an index that agrees with the row: the
 * profile fields it lists are the ones the documented sample fills, and a provider that hands
 * out refresh tokens has its refresh replayed.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import * as providers from 'oauth-consumer/providers'
import { catalogue, envPrefix } from 'oauth-consumer/providers'
import { presetPage } from '../../../scripts/provider-table.js'
import { loadRows } from './load.js'

const root = join(import.meta.dirname, '..', '..', '..', '..')
const rows = await loadRows()

test('every preset has a row, a docs page, an index entry and credentials from the environment', () => {
  const exported = Object.entries(providers as Record<string, unknown>)
    .filter(([, value]) => typeof value === 'function' && 'info' in value)
    .map(([id]) => id)
  assert.deepEqual(
    catalogue.map((entry) => entry.id),
    exported,
  )
  const ids = rows.map((row) => row.id)
  assert.deepEqual(
    [...ids].sort(),
    catalogue.map((entry) => entry.id).filter((id) => id !== 'oidc'),
    'one row per preset (the generic oidc preset is replayed by its own tests)',
  )
  for (const entry of catalogue) {
    assert.ok(existsSync(join(root, 'docs', 'providers', presetPage(entry.id))), `${entry.id}: docs page`)
    assert.deepEqual(entry.env, [`${envPrefix(entry.id)}_CLIENT_ID`, `${envPrefix(entry.id)}_CLIENT_SECRET`])
  }
})

test("each row agrees with its preset's index entry: protocol, profile fields, refresh", () => {
  for (const row of rows) {
    const entry = catalogue.find((candidate) => candidate.id === row.id)
    assert.ok(entry, `${row.id}: in the catalogue`)
    assert.equal(row.protocol, entry.protocol, `${row.id}: protocol`)
    const filled = (['name', 'username', 'email', 'avatarUrl'] as const).filter((name) => row.profile[name] !== null)
    assert.deepEqual(entry.profileFields, filled, `${row.id}: profileFields are what the documented sample fills`)
    if (row.protocol === 'oauth1') {
      assert.equal(entry.refresh, 'none', `${row.id}: OAuth 1.0a has no refresh`)
    } else if (entry.refresh === 'none') {
      assert.equal(row.refresh, undefined, `${row.id}: no refresh offered, none replayed`)
    } else {
      assert.ok(row.refresh, `${row.id}: refresh "${entry.refresh}" is replayed`)
    }
  }
})
