/**
 * Runs every compiled test file with Node's test runner. Node 20 takes no glob patterns and
 * Node 22 does not search directories, so the files are listed here for both. The security
 * tests print their figures (`fuzz: …`, `faults: …`, `concurrent: …`); they are gathered with
 * the checklist of docs/security.md into one summary at the end.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
const tests = join(import.meta.dirname, '..', 'test')
const filter = process.argv.slice(2)
const files = readdirSync(tests, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.js'))
  .filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)))
  .sort()
  .map((file) => join(tests, file))

if (files.length === 0) {
  console.error('No test files matched', filter)
  process.exit(1)
}

const concurrency = process.env.TEST_CONCURRENCY ?? '2'
const child = spawn(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: ['inherit', 'pipe', 'inherit'],
})
const figures: string[] = []
let pending = ''
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk)
  pending += chunk.toString('utf8')
  const lines = pending.split('\n')
  pending = lines.pop() ?? ''
  for (const line of lines) {
    const figure = /(?:^|#\s)((?:fuzz|faults|concurrent): .*)$/.exec(line.trim())?.[1]
    if (figure !== undefined && !figures.includes(figure)) figures.push(figure)
  }
})
child.on('close', (code) => {
  if (filter.length === 0) printSummary()
  process.exit(code ?? 1)
})

/**
 * The checklist of docs/security.md names a test for every item, as `file › test name`: an
 * item counts as tested when that file exists and holds a test of that name.
 */
function printSummary(): void {
  const doc = join(root, 'docs', 'security.md')
  const lines = ['', 'Summary figures']
  if (existsSync(doc)) {
    let total = 0
    let tested = 0
    for (const match of readFileSync(doc, 'utf8').matchAll(/`(test\/[\w./-]+\.test\.ts) › ([^`]+)`/g)) {
      total++
      const [, file = '', name = ''] = match
      const path = join(root, file)
      if (existsSync(path) && readFileSync(path, 'utf8').includes(name)) tested++
    }
    lines.push(`- checklist: items tested ${tested} / ${total}`)
  }
  for (const figure of figures) lines.push(`- ${figure}`)
  console.log(lines.join('\n'))
}
