/**
 * Checks the package as npm would publish it: packs it once, lints the tarball with publint and
 * the types of every entry point with arethetypeswrong, then imports each entry point from the
 * unpacked tarball so a missing file or a broken export map fails here and not for users.
 * Last, it installs the tarball into a fresh project as a newcomer would make one (`"type":
 * "module"`, `tsc --init`, which is strict): every package that brings in must run on the oldest
 * Node that `engines` promises (else npm warns EBADENGINE there), and every ```ts block of the
 * README and the docs must compile there, against the published declarations.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Block, blockDiagnostics, blockModuleName, blockPrograms, docBlocks } from './doc-blocks.js'
import { oldestNode, satisfies } from './engines.js'

const root = resolve(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'oauth-consumer-pack-'))
const bin = (name: string) => join(root, 'node_modules', '.bin', name)
const run = (command: string, args: string[], cwd = root) => execFileSync(command, args, { cwd, stdio: 'inherit' })

interface Manifest {
  readonly name: string
  readonly version: string
  readonly engines?: { readonly node?: string }
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
const npmInstall = (specs: string[], cwd: string) =>
  run('npm', ['install', ...specs, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], cwd)

/** `name@version` as installed here, so the fresh project gets what the cache already holds. */
function installed(name: string): string {
  return `${name}@${readManifest(join(root, 'node_modules', name)).version}`
}

/** Every package under a node_modules directory, nested ones included. */
function packagesIn(modules: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue
    const dir = join(modules, entry.name)
    const dirs = entry.name.startsWith('@') ? readdirSync(dir).map((name) => join(dir, name)) : [dir]
    for (const pkg of dirs) {
      found.push(pkg)
      const nested = join(pkg, 'node_modules')
      if (readdirSync(pkg).includes('node_modules')) found.push(...packagesIn(nested))
    }
  }
  return found
}

/** The packages the tarball brings into `app` that the oldest promised Node does not satisfy. */
function tooNew(app: string): string[] {
  const promised = readManifest(root).engines?.node ?? ''
  const oldest = oldestNode(promised)
  return packagesIn(join(app, 'node_modules'))
    .map(readManifest)
    .filter((m) => m.engines?.node !== undefined && !satisfies(oldest, m.engines.node))
    .map((m) => `${m.name}@${m.version} wants Node ${m.engines?.node}, the package promises ${promised}`)
}

/** Installs `tarball` alone into a fresh ESM project, checks what it brought, then adds the rest. */
function freshProject(tarball: string): string {
  const app = join(work, 'app')
  mkdirSync(app)
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'snippets', private: true, type: 'module' })}\n`)
  // fastify and ioredis are optional peers, so this brings in only the library's own dependencies.
  npmInstall([tarball], app)
  const problems = tooNew(app)
  if (problems.length > 0) {
    console.error(problems.join('\n'))
    throw new Error('check-package: a dependency does not run on the oldest Node in engines')
  }
  console.log('check-package: every dependency runs on the oldest Node in engines')
  // The docs' blocks use the optional peers they are about (fastify, express, ioredis).
  npmInstall(
    [
      installed('fastify'),
      installed('express'),
      installed('@types/express'),
      installed('ioredis'),
      installed('@types/node'),
      installed('typescript'),
    ],
    app,
  )
  return app
}

/** Compiles the docs' ```ts blocks in `app`, a project that installed the tarball. */
function compileSnippets(app: string): void {
  const { blocks, problems } = docBlocks(root)
  const tsc = join(app, 'node_modules', '.bin', 'tsc')
  execFileSync(tsc, ['--init'], { cwd: app })
  // One program per framework entry the blocks load (`blockPrograms`), each in its own folder.
  for (const program of blockPrograms(blocks)) {
    const dir = join(app, program.name)
    mkdirSync(dir)
    writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] })}\n`)
    const byName = new Map<string, Block>()
    for (const block of program.blocks) {
      const name = blockModuleName(block)
      byName.set(name, block)
      writeFileSync(join(dir, name), block.code)
    }
    // --noEmit only: the snippets are checked, never run.
    const result = spawnSync(tsc, ['-p', '.', '--noEmit', '--pretty', 'false'], { cwd: dir, encoding: 'utf8' })
    if (result.error !== undefined) throw result.error
    problems.push(...blockDiagnostics(`${result.stdout}${result.stderr}`, dir, dir, byName))
    if (result.status !== 0 && problems.length === 0) problems.push(`tsc exited with ${result.status}`)
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'))
    throw new Error(
      `check-package: the docs' TypeScript does not compile against the packed package (${blocks.length} blocks)`,
    )
  }
  console.log(`check-package: ${blocks.length} TypeScript blocks compile against the packed package`)
}

try {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' })
  const tarball = join(work, out.trim().split('\n').at(-1) ?? '')
  run(bin('publint'), ['run', tarball, '--strict'])
  run(bin('attw'), [tarball, '--profile', 'esm-only'])

  // Import each entry point from the unpacked package, resolving its dependencies from ours.
  const unpacked = join(work, 'node_modules', 'oauth-consumer')
  mkdirSync(unpacked, { recursive: true })
  run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'])
  symlinkSync(join(root, 'node_modules'), join(unpacked, 'node_modules'), 'dir')
  const probe = join(work, 'probe.mjs')
  // A preset alone is an entry too (`oauth-consumer/providers/<page name>`); the modules the
  // presets share are not.
  const entries = [
    'oauth-consumer',
    'oauth-consumer/fastify',
    'oauth-consumer/express',
    'oauth-consumer/providers',
    'oauth-consumer/providers/github',
    'oauth-consumer/providers/amazon-cognito',
    'oauth-consumer/testing',
    'oauth-consumer/redis',
  ]
  writeFileSync(
    probe,
    entries
      .map(
        (entry, i) =>
          `import * as m${i} from '${entry}'\nif (Object.keys(m${i}).length === 0) throw new Error('${entry} exports nothing')\n`,
      )
      .join('') +
      `await import('oauth-consumer/providers/define').then(() => { throw new Error('providers/define is exported') }, (error) => { if (error.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error })\n` +
      `console.log('imported ${entries.join(', ')}')\n`,
  )
  run(process.execPath, [pathToFileURL(probe).pathname], work)
  compileSnippets(freshProject(tarball))
} finally {
  rmSync(work, { recursive: true, force: true })
}
