/**
 * Checks the package as npm would publish it: packs it once, lints the tarball with publint and
 * the types of every entry point with arethetypeswrong, then imports each entry point from the
 * unpacked tarball so a missing file or a broken export map fails here and not for users.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = resolve(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'oauth-consumer-pack-'))
const bin = (name: string) => join(root, 'node_modules', '.bin', name)
const run = (command: string, args: string[], cwd = root) => execFileSync(command, args, { cwd, stdio: 'inherit' })

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
} finally {
  rmSync(work, { recursive: true, force: true })
}
