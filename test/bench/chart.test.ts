import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type ChartData, chartDescription, formatRatio, performanceChart } from '../../bench/chart.js'
import { readChart } from '../helpers/chart-svg.js'

const data: ChartData = {
  title: 'oauth-consumer beside the floor & its <peers>',
  subtitle: 'Measured 2026-12-03 by npm run bench: 2 CPUs, Node v20.20.2 (linux x64)',
  panels: [
    {
      title: '(a) GET /login',
      baseline: 'floor',
      bars: [
        { label: 'floor', ratio: 1, kind: 'baseline' },
        { label: 'oauth-consumer', ratio: 1.034, kind: 'library' },
        { label: 'oauth-consumer, tokengetter, { request }', ratio: 0.905, kind: 'library' },
        { label: 'passport-oauth2', ratio: 0.2, kind: 'peer' },
      ],
    },
    {
      title: '(d) OAuth 1.0a signing, in-process loop',
      baseline: 'bare oauth-1.0a',
      bars: [
        { label: 'oauth-consumer createSigner', ratio: 1.57, kind: 'library' },
        { label: 'oauth-1.0a authorize + toHeader', ratio: 1, kind: 'baseline' },
        { label: "a peer's <not measured>", ratio: Number.NaN, kind: 'peer' },
      ],
    },
  ],
}

/** The bars' rectangles in document order, with the x and width they were drawn at. */
function rects(svg: string): { kind: string; x: number; width: number }[] {
  return [...svg.matchAll(/<rect class="(library|peer|baseline)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)]
    .slice(3) // the legend's three swatches come first
    .map(([, kind = '', x = '', width = '']) => ({ kind, x: Number(x), width: Number(width) }))
}

test('formatRatio writes ratios as the tables do, and n/a for what was not measured', () => {
  assert.equal(formatRatio(1.034), '1.03×')
  assert.equal(formatRatio(0.905), '0.91×')
  assert.equal(formatRatio(1), '1.00×')
  assert.equal(formatRatio(Number.NaN), 'n/a')
  assert.equal(formatRatio(Number.POSITIVE_INFINITY), 'n/a')
})

test('the chart is well-formed XML whose panels, names and values are the data, in order', () => {
  const chart = readChart(performanceChart(data))
  assert.equal(chart.title, 'oauth-consumer beside the floor & its <peers>')
  assert.deepEqual(chart.panels, [
    {
      title: '(a) GET /login',
      baseline: 'floor',
      bars: [
        { label: 'floor', value: '1.00×' },
        { label: 'oauth-consumer', value: '1.03×' },
        { label: 'oauth-consumer, tokengetter, { request }', value: '0.91×' },
        { label: 'passport-oauth2', value: '0.20×' },
      ],
    },
    {
      title: '(d) OAuth 1.0a signing, in-process loop',
      baseline: 'bare oauth-1.0a',
      bars: [
        { label: 'oauth-consumer createSigner', value: '1.57×' },
        { label: 'oauth-1.0a authorize + toHeader', value: '1.00×' },
        { label: "a peer's <not measured>", value: 'n/a' },
      ],
    },
  ])
})

test('the chart names itself for a screen reader, and its description holds every value', () => {
  const svg = performanceChart(data)
  assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="chart-title chart-desc">\n<title id="chart-title">/)
  const { desc } = readChart(svg)
  assert.equal(desc, chartDescription(data))
  assert.equal(
    desc,
    'Measured 2026-12-03 by npm run bench: 2 CPUs, Node v20.20.2 (linux x64). ' +
      "Each bar: a contestant's rate over its panel's baseline (the dashed 1.0 line), measured side by side; " +
      'longer is faster. (a) GET /login, × floor: floor 1.00×; oauth-consumer 1.03×; ' +
      'oauth-consumer, tokengetter, { request } 0.91×; passport-oauth2 0.20×. ' +
      '(d) OAuth 1.0a signing, in-process loop, × bare oauth-1.0a: oauth-consumer createSigner 1.57×; ' +
      "oauth-1.0a authorize + toHeader 1.00×; a peer's <not measured> n/a.",
  )
})

test('bar lengths are proportional to the ratios on one scale for every panel; an unmeasured one has none', () => {
  const drawn = rects(performanceChart(data))
  assert.deepEqual(
    drawn.map((r) => r.kind),
    ['baseline', 'library', 'library', 'peer', 'library', 'baseline'],
  )
  const unit = drawn[0]?.width ?? 0
  assert.ok(unit > 0)
  const ratios = [1, 1.034, 0.905, 0.2, 1.57, 1]
  drawn.forEach((r, i) => {
    assert.equal(r.x, drawn[0]?.x)
    assert.ok(Math.abs(r.width / unit - (ratios[i] ?? 0)) < 0.002, `bar ${i}: ${r.width} for ${ratios[i]}`)
  })
})

test('each panel draws its 1.0 line where a 1.0 bar ends, and labels it with its baseline', () => {
  const svg = performanceChart(data)
  const [floorBar] = rects(svg)
  const lines = [...svg.matchAll(/<line class="one" x1="([\d.]+)"/g)].map(([, x = '']) => Number(x))
  assert.equal(lines.length, 2)
  for (const x of lines) assert.equal(x, (floorBar?.x ?? 0) + (floorBar?.width ?? 0))
  assert.match(svg, /text-anchor="middle">floor = 1\.0<\/text>/)
  assert.match(svg, /text-anchor="middle">bare oauth-1\.0a = 1\.0<\/text>/)
})

test('the chart brings its own background and text colours for light and for dark', () => {
  const svg = performanceChart(data)
  assert.match(svg, /<rect class="bg" x="0\.5" y="0\.5"/)
  const style = /<style>(.*)<\/style>/s.exec(svg)?.[1] ?? ''
  const [light = '', dark = ''] = style.split('@media (prefers-color-scheme:dark){')
  for (const css of [light, dark]) {
    for (const rule of ['.bg{fill:', '.fg{fill:', '.library{fill:', '.peer{fill:', '.one{stroke:']) {
      assert.ok(css.includes(rule), `${rule} in ${css}`)
    }
  }
  assert.match(light, /\.bg\{fill:#ffffff/)
  assert.match(dark, /\.bg\{fill:#0d1117/)
})

/** The grid's tick labels and where they stand. */
function ticks(svg: string): { x: number; text: string }[] {
  return [...svg.matchAll(/<text class="muted tick" x="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map(
    ([, x = '', text = '']) => ({
      x: Number(x),
      text,
    }),
  )
}

test('the scale reaches past the largest ratio, and past 1.0 when every contestant is slower', () => {
  const slow = performanceChart({
    ...data,
    panels: [{ title: 'slow', baseline: 'floor', bars: [{ label: 'floor', ratio: 0.5, kind: 'peer' }] }],
  })
  assert.deepEqual(
    ticks(slow).map((t) => t.text),
    ['0.00', '0.25', '0.50', '0.75', '1.00', '1.25'],
  )
  const fast = performanceChart({
    ...data,
    panels: [{ title: 'fast', baseline: 'floor', bars: [{ label: 'x', ratio: 3.1, kind: 'library' }] }],
  })
  const scale = ticks(fast)
  assert.deepEqual(
    scale.map((t) => t.text),
    ['0.00', '0.50', '1.00', '1.50', '2.00', '2.50', '3.00', '3.50'],
  )
  const [bar] = rects(fast)
  const zero = scale[0]?.x ?? 0
  const last = scale.at(-1)?.x ?? 0
  assert.equal(bar?.x, zero)
  assert.ok(Math.abs((bar?.width ?? 0) / (last - zero) - 3.1 / 3.5) < 0.002)
})

test('a chart that is not well-formed XML is refused where it breaks', () => {
  const svg = performanceChart(data)
  assert.throws(() => readChart(svg.replace('</svg>', '')), /^Error: not well-formed XML: .* at line \d+$/)
  assert.throws(() => readChart(svg.replace('&amp;', '&')), /^Error: not well-formed XML: /)
})
