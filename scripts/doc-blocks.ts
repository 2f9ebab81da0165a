/**
 * The ```ts blocks of README.md and docs/**\/*.md, as the docs check and the package check both
 * compile them. A block opts out only with a ```ts nocheck fence and, on the line right above the
 * fence, a `<!-- nocheck: reason -->` comment saying why.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

export interface Block {
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

/** The Markdown files under `root/docs`, relative to `root`, with `/` separators, unsorted. */
export function docsMarkdown(root: string): string[] {
  const files: string[] = []
  const walk = (dir: string) => {
    if (!existsSync(join(root, dir))) return
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.md')) files.push(path)
    }
  }
  walk('docs')
  return files
}

function markdownFiles(root: string): string[] {
  return ['README.md', ...docsMarkdown(root)].sort()
}

/** The ```ts blocks of one file; misused fences go to `problems`. */
function extract(root: string, file: string, problems: string[]): { blocks: Block[]; skipped: number } {
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

export interface DocBlocks {
  readonly blocks: Block[]
  /** Blocks marked nocheck. */
  readonly skipped: number
  /** Misused fences, and no blocks at all. */
  readonly problems: string[]
}

/** Every checked ```ts block of the Markdown under `root`. */
export function docBlocks(root: string): DocBlocks {
  const problems: string[] = []
  const blocks: Block[] = []
  let skipped = 0
  for (const file of markdownFiles(root)) {
    const found = extract(root, file, problems)
    blocks.push(...found.blocks)
    skipped += found.skipped
  }
  if (blocks.length === 0) problems.push('No ```ts blocks found in README.md or docs/')
  return { blocks, skipped, problems }
}

/** A module name for the block, unique among the blocks, that says where it came from. */
export function blockModuleName(block: Block): string {
  return `${block.file.replace(/[^\w.-]+/g, '_')}_L${block.line}.ts`
}

/**
 * tsc's output (`--pretty false`, run in `cwd`) with each diagnostic in a block moved to its
 * Markdown file and line; other lines are kept as tsc printed them.
 */
export function blockDiagnostics(output: string, cwd: string, dir: string, byName: Map<string, Block>): string[] {
  const problems: string[] = []
  for (const text of output.split('\n')) {
    if (text.trim() === '') continue
    const diagnostic = /^(.*?)\((\d+),(\d+)\): (.*)$/.exec(text)
    const block = diagnostic === null ? undefined : byName.get(relative(dir, resolve(cwd, diagnostic[1] ?? '')))
    if (diagnostic === null || block === undefined) {
      // Continuation lines of a message, and errors outside the blocks, as tsc printed them.
      problems.push(text)
      continue
    }
    const line = block.line + Number(diagnostic[2])
    const column = block.indent + Number(diagnostic[3])
    problems.push(`${block.file}:${line}:${column}: ${diagnostic[4]} (in the block at line ${block.line})`)
  }
  return problems
}

/**
 * The blocks split into the programs they compile in. Each framework adapter merges its request
 * and reply types into the core's, so a block that loads the Express entry compiles apart from
 * the others, as an Express app would: in one program the fastify blocks' handlers would be
 * typed with both frameworks' objects.
 */
export function blockPrograms(blocks: readonly Block[]): { readonly name: string; readonly blocks: Block[] }[] {
  const express = blocks.filter((block) => /from ['"]oauth-consumer\/express['"]/.test(block.code))
  const others = blocks.filter((block) => !express.includes(block))
  return [
    { name: 'main', blocks: others },
    { name: 'express', blocks: express },
  ].filter((program) => program.blocks.length > 0)
}
