/**
 * Each preset's page in docs/providers/ against the preset: a page for every preset, its
 * options table naming every setting of the preset and nothing the preset does not take, and the
 * README's table as the catalogue makes it. (The pages' code blocks are compiled against the
 * presets' types by `npm run test:docs`, so an option they pass that the preset lacks fails there.)
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { catalogue } from 'oauth-consumer/providers'
import { presetPage, presetTable, README, withTable } from '../../scripts/provider-table.js'
import { OAUTH1_OPTION_NAMES } from '../../src/oauth1/options.js'
import { OAUTH2_OPTION_NAMES } from '../../src/oauth2/options.js'
import { OIDC_OPTION_NAMES } from '../../src/oidc/options.js'
import { COMMON_OPTION_NAMES } from '../../src/options/common.js'
import { SHARED_OPTION_NAMES } from '../../src/options/shared.js'

const root = join(import.meta.dirname, '..', '..', '..')

/** Every option `remoteApp()` takes, whatever the protocol. */
const APP_OPTIONS = new Set([
  ...Object.keys(COMMON_OPTION_NAMES),
  ...Object.keys(SHARED_OPTION_NAMES),
  ...Object.keys(OAUTH1_OPTION_NAMES),
  ...Object.keys(OAUTH2_OPTION_NAMES),
  ...Object.keys(OIDC_OPTION_NAMES),
])

/** The names in the first column of the first table under `## Options`, in code spans. */
function optionsTable(markdown: string): string[] {
  const section = /^## Options\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1] ?? ''
  const lines = section.split('\n')
  const first = lines.findIndex((line) => line.startsWith('|'))
  if (first === -1) return []
  const table = lines.slice(first, lines.findIndex((line, index) => index > first && !line.startsWith('|')) >>> 0)
  return table.slice(2).flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''))
}

test('docs/providers: a page per preset, whose options table names its settings and only options it takes', () => {
  for (const entry of catalogue) {
    const path = join(root, 'docs', 'providers', presetPage(entry.id))
    assert.ok(existsSync(path), `${entry.id} has no page at docs/providers/${presetPage(entry.id)}`)
    const named = optionsTable(readFileSync(path, 'utf8'))
    assert.ok(named.length > 0, `${presetPage(entry.id)} has no options table under "## Options"`)
    for (const name of named) {
      assert.ok(
        entry.settings.includes(name) || APP_OPTIONS.has(name),
        `${presetPage(entry.id)} names "${name}", which ${entry.id}() does not take`,
      )
    }
    for (const setting of entry.settings) {
      assert.ok(named.includes(setting), `${presetPage(entry.id)} does not name ${entry.id}()'s setting "${setting}"`)
    }
  }
})

test('docs/providers: the check reads the options table, and catches a setting the preset does not take', () => {
  const page =
    '# P\n\n## Options\n\n| input | default |\n| --- | --- |\n| `clientId`, `clientSecret` | env |\n| `domian` | required |\n\nText `other`.\n\n## Quirks\n\n| `notAnOption` |\n'
  assert.deepEqual(optionsTable(page), ['clientId', 'clientSecret', 'domian'])
  assert.ok(!APP_OPTIONS.has('domian'))
  assert.ok(APP_OPTIONS.has('tokenEndpointAuthMethod') && APP_OPTIONS.has('userAgent'))
})

test('docs/providers/README.md: the presets table is the one the catalogue makes', () => {
  const readme = readFileSync(join(root, README), 'utf8')
  assert.equal(
    readme,
    withTable(readme, presetTable()),
    'the table is stale: run `npm run build && node dist/scripts/provider-table.js` and commit docs/providers/README.md',
  )
  for (const entry of catalogue) assert.ok(readme.includes(`(${presetPage(entry.id)})`), entry.id)
})
