import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Row } from './row.js'

/** Every row, each from its own file in rows/: adding a preset's row adds its test. */
export async function loadRows(): Promise<Row[]> {
  const dir = join(import.meta.dirname, 'rows')
  const rows: Row[] = []
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort()) {
    const module = (await import(join(dir, file))) as { default: Row }
    rows.push(module.default)
  }
  return rows
}
