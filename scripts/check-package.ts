/**
 * Checks the package as npm would publish it: packs it once, lints the tarball with publint and
 * the types of every entry point with arethetypeswrong, then imports each entry point from the
 * unpacked tarball so a missing file or a broken export map fails here and not for users.
 * Last, it installs the tarball into a fresh project as a newcomer would make one (`"type":
 * "module"`, `tsc --init`, which is strict) and compiles every ```ts block of the README and the
 * docs there, so the published declarations are what the snippets are checked against.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Block, blockDiagnostics, blockModuleName, docBlocks } from './doc-blocks.js'

const root = resolve(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'oauth-consumer-pack-'))
const bin = (name: string) => join(root, 'node_modules', '.bin', name)
const run = (command: string, args: string[], cwd = root) => execFileSync(command, args, { cwd, stdio: 'inherit' })

/** `name@version` as installed here, so the fresh project gets what the cache already holds. */
function installed(name: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
    version: string
  }
  return `${name}@${manifest.version}`
}

/** Compiles the docs' ```ts blocks in a fresh project that installed `tarball` from npm's side. */
function compileSnippets(tarball: string): void {
  const { blocks, problems } = docBlocks(root)
  const app = join(work, 'app')
  mkdirSync(app)
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'snippets', private: true, type: 'module' })}\n`)
  const dependencies = [tarball, installed('fastify'), installed('@types/node'), installed('typescript')]
  run('npm', ['install', ...dependencies, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app)
  const tsc = join(app, 'node_modules', '.bin', 'tsc')
  execFileSync(tsc, ['--init'], { cwd: app })
  const byName = new Map<string, Block>()
  for (const block of blocks) {
    const name = blockModuleName(block)
    byName.set(name, block)
    writeFileSync(join(app, name), block.code)
  }
  // --noEmit only: the snippets are checked, never run.
  const result = spawnSync(tsc, ['-p', '.', '--noEmit', '--pretty', 'false'], { cwd: app, encoding: 'utf8' })
  if (result.error !== undefined) throw result.error
  problems.push(...blockDiagnostics(`${result.stdout}${result.stderr}`, app, app, byName))
  if (result.status !== 0 && problems.length === 0) problems.push(`tsc exited with ${result.status}`)
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
  const entries = ['oauth-consumer', 'oauth-consumer/fastify', 'oauth-consumer/providers']
  writeFileSync(
    probe,
    entries
      .map(
        (entry, i) =>
          `import * as m${i} from '${entry}'\nif (Object.keys(m${i}).length === 0) throw new Error('${entry} exports nothing')\n`,
      )
      .join('') + `console.log('imported ${entries.join(', ')}')\n`,
  )
  run(process.execPath, [pathToFileURL(probe).pathname], work)
  compileSnippets(tarball)
} finally {
  rmSync(work, { recursive: true, force: true })
}
