/**
 * Type-checks the TypeScript in the docs. Every ```ts block of README.md and docs/**\/*.md is
 * written to .tmp/doc-blocks/ as its own module and compiled with the project's tsc, against the
 * public entry points (`oauth-consumer`, `oauth-consumer/fastify`, `oauth-consumer/providers`) as
 * the root tsconfig maps them. A failure is reported at the Markdown file and line.
 *
 * A block opts out only with a ```ts nocheck fence and, on the line right above the fence, a
 * `<!-- nocheck: reason -->` comment saying why.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'

const root = resolve(import.meta.dirname, '..', '..')
const out = join(root, '.tmp', 'doc-blocks')

interface Block {
  /** The Markdown file, relative to the root, with `/` separators. */
  readonly file: string
  /** 1-based line of the opening fence. */
  readonly line: number
  /** Columns of indentation removed from every line of the block. */
  readonly indent: number
  readonly code: string
}

const checkedLanguages = new Set(['ts', 'typescript'])
const nocheckReason = /^\s*<!--\s*nocheck:\s*\S.*-->\s*$/

function markdownFiles(): string[] {
  const files = ['README.md']
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.md')) files.push(path)
    }
  }
  walk('docs')
  return files.sort()
}

/** The ```ts blocks of one file; misused fences go to `problems`. */
function extract(file: string, problems: string[]): { blocks: Block[]; skipped: number } {
  const lines = readFileSync(join(root, file), 'utf8').split(/\r?\n/)
  const blocks: Block[] = []
  let skipped = 0
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/.exec(lines[i] ?? '')
    if (open === null) continue
    const [, indentText = '', fence = '', lang = '', flags = ''] = open
    const close = new RegExp(`^ *${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`)
    let end = i + 1
    while (end < lines.length && !close.test(lines[end] ?? '')) end++
    const body = lines.slice(i + 1, end)
    const line = i + 1
    i = end
    if (!checkedLanguages.has(lang.toLowerCase())) continue
    const flagList = flags.split(/\s+/).filter((f) => f !== '')
    if (flagList.some((f) => f !== 'nocheck')) {
      problems.push(`${file}:${line}: unknown fence flag in "${flags}"; the only one is "nocheck"`)
      continue
    }
    if (flagList.includes('nocheck')) {
      if (!nocheckReason.test(lines[line - 2] ?? '')) {
        problems.push(`${file}:${line}: a nocheck block needs "<!-- nocheck: reason -->" on the line above the fence`)
      }
      skipped++
      continue
    }
    const indent = indentText.length
    const code = body.map((l) => (l.slice(0, indent).trim() === '' ? l.slice(indent) : l)).join('\n')
    blocks.push({ file, line, indent, code: `${code}\n` })
  }
  return { blocks, skipped }
}

const problems: string[] = []
const blocks: Block[] = []
let skipped = 0
for (const file of markdownFiles()) {
  const found = extract(file, problems)
  blocks.push(...found.blocks)
  skipped += found.skipped
}
if (blocks.length === 0) problems.push('No ```ts blocks found in README.md or docs/')

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const byName = new Map<string, Block>()
for (const block of blocks) {
  const name = `${block.file.replace(/[^\w.-]+/g, '_')}_L${block.line}.ts`
  byName.set(name, block)
  writeFileSync(join(out, name), block.code)
}
const tsconfig = {
  extends: relative(out, join(root, 'tsconfig.json')).split(sep).join('/'),
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
writeFileSync(join(out, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`)

if (blocks.length > 0) {
  const tsc = spawnSync(
    join(root, 'node_modules', '.bin', 'tsc'),
    ['-p', join(out, 'tsconfig.json'), '--pretty', 'false'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
  if (tsc.error !== undefined) throw tsc.error
  for (const text of `${tsc.stdout}${tsc.stderr}`.split('\n')) {
    if (text.trim() === '') continue
    const diagnostic = /^(.*?)\((\d+),(\d+)\): (.*)$/.exec(text)
    const block = diagnostic === null ? undefined : byName.get(relative(out, resolve(root, diagnostic[1] ?? '')))
    if (diagnostic === null || block === undefined) {
      // Continuation lines of a message, and errors outside the blocks, as tsc printed them.
      problems.push(text)
      continue
    }
    const line = block.line + Number(diagnostic[2])
    const column = block.indent + Number(diagnostic[3])
    problems.push(`${block.file}:${line}:${column}: ${diagnostic[4]} (in the block at line ${block.line})`)
  }
  if (tsc.status !== 0 && problems.length === 0) problems.push(`tsc exited with ${tsc.status}`)
}

if (problems.length > 0) {
  console.error(problems.join('\n'))
  console.error(`check-docs: failed (${blocks.length} blocks checked, ${skipped} marked nocheck)`)
  process.exit(1)
}
console.log(`check-docs: ${blocks.length} TypeScript blocks type-check (${skipped} marked nocheck)`)
