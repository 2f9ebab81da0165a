import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { brokenLinks, githubSlug, linkedFiles } from '../../scripts/links.js'

/** A repository of Markdown files, removed when the test ends. */
function repository(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'oauth-consumer-links-'))
  t.after(() => rmSync(root, { recursive: true, force: true }))
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true })
    writeFileSync(join(root, file), text)
  }
  return root
}

test('headings get the anchors GitHub gives them', () => {
  assert.equal(githubSlug('Add a provider'), 'add-a-provider')
  assert.equal(githubSlug('`OAuth#remoteApp()`: the registry!'), 'oauthremoteapp-the-registry')
  assert.equal(githubSlug('Where a [new feature](x.md) goes'), 'where-a-new-feature-goes')
  assert.equal(githubSlug('access_token and expires_at'), 'access_token-and-expires_at')
  assert.equal(githubSlug('Class: RemoteApp\\<Resp\\>'), 'class-remoteappresp')
  assert.equal(githubSlug('Réponses — 1.0a'), 'réponses--10a')
})

test('a link to a missing file is reported at its file and line', (t) => {
  const root = repository(t, {
    'README.md': '# Title\n\nSee [the guide](docs/guide.md) and [setup](docs/setup.md).\n',
    'docs/guide.md': '# Guide\n',
  })
  assert.deepEqual(brokenLinks(root), ['README.md:3: no such file: docs/setup.md'])
})

test('an anchor that names no heading is reported, in the same file and in another', (t) => {
  const root = repository(t, {
    'README.md': [
      '# Title',
      '',
      '## Add a provider',
      '',
      '[ok](#add-a-provider), [ok](docs/guide.md#tokens-1), [ok](docs/guide.md#property-scope)',
      '[bad](#add-provider) and [bad](docs/guide.md#refresh)',
    ].join('\n'),
    'docs/guide.md': '# Guide\n\n## Tokens\n\n## Tokens\n\n<a id="property-scope"></a> scope\n',
  })
  assert.deepEqual(brokenLinks(root), [
    'README.md:6: no such anchor: #add-provider',
    'README.md:6: no such anchor: docs/guide.md#refresh',
  ])
})

test('external links must be well-formed https, and are not fetched', (t) => {
  const root = repository(t, {
    'CHANGELOG.md': [
      '[ok](https://www.rfc-editor.org/rfc/rfc6749#section-4.1) <https://example.com/x> [ok](http://localhost:3000/)',
      '[bad](http://example.com/) [bad](https://) [bad](ftp://example.com/x)',
    ].join('\n'),
  })
  assert.deepEqual(brokenLinks(root), [
    'CHANGELOG.md:2: not an https link (http:): http://example.com/',
    'CHANGELOG.md:2: malformed URL: https://',
    'CHANGELOG.md:2: not an https link (ftp:): ftp://example.com/x',
  ])
})

test('links in code blocks and code spans are not links', (t) => {
  const root = repository(t, {
    'docs/a.md': '```md\n[x](missing.md)\n```\n\n`[y](missing.md)` and [z](../CONTRIBUTING.md)\n',
    'CONTRIBUTING.md': '# Contributing\n',
  })
  assert.deepEqual(linkedFiles(root), ['CONTRIBUTING.md', 'docs/a.md'])
  assert.deepEqual(brokenLinks(root), [])
})

test('a link may not leave the repository', (t) => {
  const root = repository(t, { 'docs/a.md': '[up](../../outside.md)\n' })
  assert.deepEqual(brokenLinks(root), ['docs/a.md:1: link outside the repository: ../../outside.md'])
})
