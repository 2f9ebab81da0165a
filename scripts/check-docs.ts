/**
 * Type-checks the TypeScript in the docs. Every ```ts block of README.md and docs/**\/*.md is
 * written to .tmp/doc-blocks/ as its own module and compiled with the project's tsc, against the
 * public entry points (`oauth-consumer`, `oauth-consumer/fastify`, `oauth-consumer/providers`,
 * `oauth-consumer/testing`) as the root tsconfig maps them. A failure is reported at the Markdown
 * file and line. Then every link of the docs, README.md, CONTRIBUTING.md and CHANGELOG.md must
 * resolve (`./links.ts`).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { type Block, blockDiagnostics, blockModuleName, blockPrograms, docBlocks } from './doc-blocks.js'
import { brokenLinks, linkedFiles } from './links.js'

const root = resolve(import.meta.dirname, '..', '..')
const out = join(root, '.tmp', 'doc-blocks')

const { blocks, skipped, problems } = docBlocks(root)

rmSync(out, { recursive: true, force: true })
// One program per framework entry the blocks load (`blockPrograms`).
for (const program of blockPrograms(blocks)) {
  const dir = join(out, program.name)
  mkdirSync(dir, { recursive: true })
  const byName = new Map<string, Block>()
  for (const block of program.blocks) {
    const name = blockModuleName(block)
    byName.set(name, block)
    writeFileSync(join(dir, name), block.code)
  }
  const tsconfig = {
    extends: relative(dir, join(root, 'tsconfig.json')).split(sep).join('/'),
    compilerOptions: {
      noEmit: true,
      // Every block is a module (so top-level await works) even without an import or export.
      moduleDetection: 'force',
      // A snippet may show a value without using it.
      noUnusedLocals: false,
      noUnusedParameters: false,
    },
    files: [...byName.keys()],
    include: [],
  }
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`)
  const tsc = spawnSync(
    join(root, 'node_modules', '.bin', 'tsc'),
    ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
  if (tsc.error !== undefined) throw tsc.error
  problems.push(...blockDiagnostics(`${tsc.stdout}${tsc.stderr}`, root, dir, byName))
  if (tsc.status !== 0 && problems.length === 0) problems.push(`tsc exited with ${tsc.status}`)
}

const linked = linkedFiles(root)
problems.push(...brokenLinks(root, linked))

if (problems.length > 0) {
  console.error(problems.join('\n'))
  console.error(
    `check-docs: failed (${blocks.length} blocks checked, ${skipped} marked nocheck; links of ${linked.length} files checked)`,
  )
  process.exit(1)
}
console.log(
  `check-docs: ${blocks.length} TypeScript blocks type-check (${skipped} marked nocheck); the links of ${linked.length} files resolve`,
)
