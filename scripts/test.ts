/**
 * Runs every compiled test file with Node's test runner. Node 20 takes no glob patterns and
 * Node 22 does not search directories, so the files are listed here for both.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', 'test')
const filter = process.argv.slice(2)
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.js'))
  .filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)))
  .sort()
  .map((file) => join(root, file))

if (files.length === 0) {
  console.error('No test files matched', filter)
  process.exit(1)
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2'
const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
