import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { differences, entryPoints } from '../../scripts/api-docs.js'

test('the reference documents every code entry of package.json exports, named as users import it', () => {
  const manifest = {
    name: 'oauth-consumer',
    exports: {
      '.': { types: './dist/src/index.d.ts', default: './dist/src/index.js' },
      './fastify': { types: './dist/src/fastify/index.d.ts', default: './dist/src/fastify/index.js' },
      './testing': './dist/testing/index.js',
      './package.json': './package.json',
    },
  }
  assert.deepEqual(entryPoints(manifest), [
    { name: 'oauth-consumer', source: 'src/index.ts' },
    { name: 'oauth-consumer/fastify', source: 'src/fastify/index.ts' },
    { name: 'oauth-consumer/testing', source: 'testing/index.ts' },
  ])
})

test('a stale reference is told apart file by file', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'oauth-consumer-api-test-'))
  t.after(() => rmSync(root, { recursive: true, force: true }))
  const tree = (name: string, files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(root, name, file, '..'), { recursive: true })
      writeFileSync(join(root, name, file), text)
    }
    return join(root, name)
  }
  const generated = tree('generated', { 'README.md': 'a', 'classes/OAuth.md': 'new', 'functions/added.md': 'x' })
  const committed = tree('committed', { 'README.md': 'a', 'classes/OAuth.md': 'old', 'functions/removed.md': 'y' })
  assert.deepEqual(differences(generated, committed), [
    'out of date: classes/OAuth.md',
    'missing: functions/added.md',
    'not generated any more: functions/removed.md',
  ])
})
