/**
 * The testing entry is optional: the other entries never load it nor `oidc-provider`, and it
 * loads without `oidc-provider` until a test starts the OAuth 2.0 provider. The Redis entry is
 * optional too: no other entry loads it or `ioredis`, and it needs no `ioredis` of its own (the
 * app hands it its client). Each check runs in
 * a child process whose module resolution is watched (and `oidc-provider` hidden) by a
 * module-customization hook, which is how Node lets a program see what gets imported.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'

const dist = join(import.meta.dirname, '..', '..')

// Runs in the loader's thread: appends each resolved URL to LOG, and answers an import of
// oidc-provider (or ioredis) as Node does when the package is not installed.
const HOOKS = `
import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  for (const name of (process.env.HIDE_PACKAGES ?? '').split(',').filter(Boolean)) {
    if (specifier === name || specifier.startsWith(name + '/')) {
      const error = new Error("Cannot find package '" + name + "' imported from " + context.parentURL)
      error.code = 'ERR_MODULE_NOT_FOUND'
      throw error
    }
  }
  const resolved = await next(specifier, context)
  appendFileSync(process.env.RESOLVE_LOG, resolved.url + '\\n')
  return resolved
}
`

interface Run {
  readonly stdout: string
  readonly resolved: string[]
}

async function runWithHooks(code: string, hide: readonly string[]): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-consumer-entries-'))
  try {
    const hooks = join(dir, 'hooks.mjs')
    const register = join(dir, 'register.mjs')
    const log = join(dir, 'resolved.log')
    writeFileSync(hooks, HOOKS)
    writeFileSync(
      register,
      `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`,
    )
    writeFileSync(log, '')
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', pathToFileURL(register).href, '--input-type=module', '--eval', code],
        {
          cwd: dir,
          timeout: 30_000,
          env: { ...process.env, RESOLVE_LOG: log, HIDE_PACKAGES: hide.join(',') },
        },
        (error, out, err) => (error === null ? resolve(out) : reject(new Error(`${error.message}\n${err}`))),
      )
    })
    return {
      stdout,
      resolved: readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const entry = (path: string) => pathToFileURL(join(dist, path)).href

test('the core, fastify and providers entries load neither the testing kit, oidc-provider, the Redis entry nor ioredis', async () => {
  const entries = ['src/index.js', 'src/fastify/index.js', 'providers/index.js'].map(entry)
  const { resolved } = await runWithHooks(
    `${entries.map((url) => `await import(${JSON.stringify(url)})`).join('\n')}\nconsole.log('loaded')`,
    [],
  )
  // The watch works: the entries and their dependencies were seen.
  for (const url of entries) assert.ok(resolved.includes(url), url)
  assert.ok(resolved.some((url) => url.includes('/node_modules/undici/')))
  assert.deepEqual(
    resolved.filter(
      (url) =>
        url.includes('/src/testing/') ||
        url.includes('/oidc-provider/') ||
        url.includes('/src/redis/') ||
        url.includes('/ioredis/'),
    ),
    [],
  )
})

test('the Redis entry loads without ioredis installed, and makes its lock and cache', async () => {
  const redisEntry = entry('src/redis/index.js')
  const { stdout, resolved } = await runWithHooks(
    `const { redisRefreshLock, redisTokenCache } = await import(${JSON.stringify(redisEntry)})
const client = { get: async () => null, set: async () => 'OK', del: async () => 0, eval: async () => 0 }
const secret = 'k'.repeat(16) + 'abcdefghijklmnop'
console.log(typeof redisRefreshLock(client, { secret }), typeof redisTokenCache(client, { secret }).get)`,
    ['ioredis'],
  )
  assert.equal(stdout.trim(), 'function function')
  assert.ok(resolved.includes(redisEntry))
  assert.deepEqual(
    resolved.filter((url) => url.includes('/ioredis/') || url.includes('/src/testing/')),
    [],
  )
})

test('without oidc-provider the testing entry loads, and startOAuth2Provider says how to install it', async () => {
  const kit = entry('src/testing/index.js')
  const { stdout, resolved } = await runWithHooks(
    `const kit = await import(${JSON.stringify(kit)})
const twitter = await kit.startTwitter()
await twitter.close()
try {
  await kit.startOAuth2Provider()
  console.log('started')
} catch (error) {
  console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message, cause: error.cause?.code }))
}`,
    ['oidc-provider'],
  )
  assert.ok(resolved.includes(kit))
  assert.deepEqual(JSON.parse(stdout), {
    name: 'OAuthConfigError',
    code: 'OAUTH_INVALID_OPTIONS',
    message:
      'startOAuth2Provider() runs oidc-provider, an optional peer dependency that is not installed: npm install -D oidc-provider',
    cause: 'ERR_MODULE_NOT_FOUND',
  })
})

test('one preset loads alone: its own module, the modules presets share and the core, no other preset', async () => {
  const github = entry('providers/github.js')
  const { stdout, resolved } = await runWithHooks(
    `const { github } = await import(${JSON.stringify(github)})\nconsole.log(github.info.id)`,
    [],
  )
  assert.equal(stdout.trim(), 'github')
  const files = new Set(
    resolved.filter((url) => url.includes('/dist/providers/')).map((url) => url.slice(url.lastIndexOf('/') + 1)),
  )
  assert.ok(files.has('github.js') && files.has('define.js'), [...files].join())
  // Only github's own module and what presets share (define.js, settings.js): not the catalogue.
  assert.deepEqual(
    [...files].filter((file) => !['github.js', 'define.js', 'settings.js'].includes(file)),
    [],
  )
  assert.ok(resolved.includes(entry('src/index.js')))
})
