import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { type ReadPanel, readChart } from '../helpers/chart-svg.js'

/**
 * docs/performance.md opens with the benchmark's chart, and the chart says what the page's
 * tables say: `npm run bench` writes both from one run, and this holds them together when one
 * of them is edited, or written by another run, without the other.
 */

const root = join(import.meta.dirname, '..', '..', '..')
const page = join(root, 'docs', 'performance.md')
const START_MARK = '<!-- bench:results:start -->'
const END_MARK = '<!-- bench:results:end -->'

/** A table cell's text as the chart writes it: without Markdown's bold and code marks. */
const plain = (cell: string) => cell.replaceAll('**', '').replaceAll('`', '').trim()

function cells(row: string): string[] {
  return row.split('|').slice(1, -1).map(plain)
}

/**
 * Every table of the results section that has a ratio column (`× floor`, `× bare oauth-1.0a`),
 * read as the chart's panels: its heading, its baseline, each row's name and ratio.
 */
function ratioTables(markdown: string): ReadPanel[] {
  const start = markdown.indexOf(START_MARK)
  const end = markdown.indexOf(END_MARK)
  assert.ok(start !== -1 && end > start, 'the page has its results section')
  const panels: ReadPanel[] = []
  let heading: string | undefined
  const lines = markdown.slice(start, end).split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line.startsWith('#### ')) heading = line.slice(5).trim()
    if (!line.startsWith('|') || !(lines[i + 1] ?? '').startsWith('| ---')) continue
    const header = cells(line)
    const column = header.findIndex((h) => h.startsWith('× '))
    const rows: string[][] = []
    for (i += 2; (lines[i] ?? '').startsWith('|'); i++) rows.push(cells(lines[i] ?? ''))
    if (column === -1 || heading === undefined) continue
    panels.push({
      title: heading,
      baseline: header[column]?.slice(2) ?? '',
      bars: rows.map((row) => ({ label: row[0] ?? '', value: row[column] ?? '' })),
    })
  }
  return panels
}

test('docs/performance.md opens with the chart, and the chart is there', () => {
  const markdown = readFileSync(page, 'utf8')
  const [title = '', ...rest] = markdown.split('\n')
  assert.equal(title, '# Performance')
  // The first thing after the title, before any prose.
  const first = rest.find((line) => line.trim() !== '') ?? ''
  const link = /^!\[([^\]]+)\]\(([^)\s]+)\)$/.exec(first)
  assert.ok(link !== null, `the page's first line after its title is the chart: ${first}`)
  assert.equal(link[2], 'images/performance.svg')
  assert.ok((link[1] ?? '').length > 20, 'the link says what the chart shows')
  assert.ok(existsSync(join(dirname(page), link[2] ?? '')), 'docs/images/performance.svg exists')
})

test("the chart is well-formed XML and its ratios are the page's tables', panel by panel and row by row", () => {
  const markdown = readFileSync(page, 'utf8')
  const chart = readChart(readFileSync(join(root, 'docs', 'images', 'performance.svg'), 'utf8'))
  const tables = ratioTables(markdown)
  assert.ok(tables.length > 0 && tables.every((t) => t.bars.length > 0), 'the page has ratio tables')
  assert.deepEqual(chart.panels, tables)
  // The run's date is the chart's too.
  const date = /^- date: (\d{4}-\d{2}-\d{2})T/m.exec(markdown)?.[1]
  assert.ok(date !== undefined, 'the results section names its date')
  assert.ok(chart.desc.startsWith(`Measured ${date} `), chart.desc)
})
