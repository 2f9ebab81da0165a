/**
 * The benchmark's chart, docs/performance.md's picture: one panel per scenario, one horizontal
 * bar per contestant, its ratio to the panel's baseline written at the bar's end, and the
 * baseline's 1.0 as a dashed line. Pure: data in, SVG text out, so a test can hold it to its
 * numbers and the run draws it from the same summaries as its tables.
 *
 * The picture carries its own background, light or dark by `prefers-color-scheme`: GitHub shows
 * an SVG as an image, whose media query follows the reader's system and not always GitHub's own
 * theme, so text and background switch together and stay readable on either page.
 */

/** What a bar stands for: the panel's baseline, one of the library's contestants, or a peer. */
export type BarKind = 'baseline' | 'library' | 'peer'

/** One contestant in one scenario. */
export interface ChartBar {
  /** As the table names it, without Markdown. */
  readonly label: string
  /** Its rate over the baseline's; `NaN` when not measured, drawn as `n/a` with no bar. */
  readonly ratio: number
  readonly kind: BarKind
}

/** One scenario: the heading of its table, what its ratios are over, and its contestants in table order. */
export interface ChartPanel {
  readonly title: string
  /** The baseline's name, as in `floor = 1.0`. */
  readonly baseline: string
  readonly bars: readonly ChartBar[]
}

/** The whole picture: its name, when and where it was measured, and its panels in the tables' order. */
export interface ChartData {
  /** The picture's accessible name, and its heading. */
  readonly title: string
  /** A line under the heading: when and where it was measured. */
  readonly subtitle: string
  readonly panels: readonly ChartPanel[]
}

/**
 * A ratio as the tables print it: two decimals and `×`, or `n/a`.
 *
 * @param ratio - a rate over the baseline's
 * @returns `1.03×`, or `n/a` when `ratio` is not finite
 */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a'
}

const WIDTH = 820
/** Right edge of the contestants' names. */
const LABEL_RIGHT = 300
const PLOT_LEFT = 310
/** Room right of the longest bar for its value. */
const PLOT_WIDTH = WIDTH - PLOT_LEFT - 70
const ROW = 20
const BAR = 14
const PANEL_HEAD = 34
const PANEL_FOOT = 30
const TOP = 92

const STYLE = [
  'text{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;font-size:12px}',
  '.bg{fill:#ffffff;stroke:#d1d9e0}',
  '.fg{fill:#1f2328}',
  '.muted{fill:#59636e}',
  '.grid{stroke:#d1d9e0;stroke-width:1}',
  '.one{stroke:#1f2328;stroke-width:1.5;stroke-dasharray:4 3}',
  '.library{fill:#0969da}',
  '.peer{fill:#8c959f}',
  '.baseline{fill:#57606a}',
  // A halo of the background's colour keeps a value readable where it crosses the 1.0 line.
  '.value{paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round}',
  '.heading{font-size:16px;font-weight:600}',
  '.panel-title{font-size:13px;font-weight:600}',
  '@media (prefers-color-scheme:dark){',
  '.bg{fill:#0d1117;stroke:#3d444d}',
  '.fg{fill:#f0f6fc}',
  '.muted{fill:#9198a1}',
  '.grid{stroke:#3d444d}',
  '.one{stroke:#f0f6fc}',
  '.library{fill:#4493f8}',
  '.peer{fill:#656c76}',
  '.baseline{fill:#9198a1}',
  '.value{stroke:#0d1117}',
  '}',
].join('')

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}

const EXPLAINED =
  "Each bar: a contestant's rate over its panel's baseline (the dashed 1.0 line), measured side by side; longer is faster."

const px = (n: number) => String(Math.round(n * 10) / 10)

/** The scale: past every ratio and past 1.0, in four to eight grid steps. */
function scaleOf(panels: readonly ChartPanel[]): { end: number; step: number } {
  const ratios = panels.flatMap((p) => p.bars.map((b) => b.ratio)).filter((r) => Number.isFinite(r) && r > 0)
  const reach = Math.max(1, ...ratios) * 1.02
  const step = reach <= 2 ? 0.25 : reach <= 4 ? 0.5 : 1
  return { end: Math.max(1.25, Math.ceil(reach / step) * step), step }
}

/**
 * The text the picture gives a screen reader: every panel's values in table order.
 *
 * @param data - what the chart shows
 * @returns one sentence per panel
 */
export function chartDescription(data: ChartData): string {
  const panels = data.panels.map(
    (p) => `${p.title}, × ${p.baseline}: ${p.bars.map((b) => `${b.label} ${formatRatio(b.ratio)}`).join('; ')}.`,
  )
  return [`${data.subtitle}.`, EXPLAINED, ...panels].join(' ')
}

/**
 * Draws the benchmark's chart.
 *
 * @param data - the panels, in the tables' order, with the ratios the tables print
 * @returns a standalone SVG document
 * @example
 * ```ts
 * writeFileSync('docs/images/performance.svg', performanceChart({
 *   title: 'Throughput over the floor',
 *   subtitle: 'Measured 2026-12-03',
 *   panels: [{ title: '(a) GET /login', baseline: 'floor', bars: [{ label: 'floor', ratio: 1, kind: 'baseline' }] }],
 * }))
 * ```
 */
export function performanceChart(data: ChartData): string {
  const { end, step } = scaleOf(data.panels)
  const x = (ratio: number) => PLOT_LEFT + (Math.min(ratio, end) / end) * PLOT_WIDTH
  const body: string[] = []
  let y = TOP
  for (const panel of data.panels) {
    const plotTop = y + PANEL_HEAD - 6
    const plotBottom = y + PANEL_HEAD + panel.bars.length * ROW
    const grid: string[] = []
    for (let tick = 0; tick <= end + 1e-9; tick += step) {
      const at = px(x(tick))
      if (Math.abs(tick - 1) > 1e-9) {
        grid.push(`<line class="grid" x1="${at}" y1="${px(plotTop)}" x2="${at}" y2="${px(plotBottom)}"/>`)
      }
      grid.push(
        `<text class="muted tick" x="${at}" y="${px(plotBottom + 14)}" text-anchor="middle">${tick.toFixed(2)}</text>`,
      )
    }
    const rects: string[] = []
    const bars = panel.bars.map((bar, i) => {
      const top = y + PANEL_HEAD + i * ROW
      const middle = px(top + BAR / 2 + 4)
      const measured = Number.isFinite(bar.ratio) && bar.ratio > 0
      const right = measured ? x(bar.ratio) : PLOT_LEFT
      const weight = bar.kind === 'library' ? ' font-weight="600"' : ''
      if (measured) {
        rects.push(
          `<rect class="${bar.kind}" x="${PLOT_LEFT}" y="${px(top)}" width="${px(right - PLOT_LEFT)}" height="${BAR}" rx="2"/>`,
        )
      }
      return [
        `<g class="bar ${bar.kind}-bar">`,
        `<text class="fg label" x="${LABEL_RIGHT}" y="${middle}" text-anchor="end"${weight}>${escapeXml(bar.label)}</text>`,
        `<text class="fg value" x="${px(right + 4)}" y="${middle}"${weight}>${escapeXml(formatRatio(bar.ratio))}</text>`,
        '</g>',
      ].join('')
    })
    const one = px(x(1))
    // Bars, then the 1.0 line over them, then the names and values over both.
    body.push(
      '<g class="panel">',
      `<text class="fg panel-title" x="20" y="${px(y + 16)}">${escapeXml(panel.title)}</text>`,
      `<text class="muted baseline-name" x="${one}" y="${px(y + 16)}" text-anchor="middle">${escapeXml(panel.baseline)} = 1.0</text>`,
      ...grid,
      ...rects,
      `<line class="one" x1="${one}" y1="${px(plotTop)}" x2="${one}" y2="${px(plotBottom)}"/>`,
      ...bars,
      '</g>',
    )
    y = plotBottom + PANEL_FOOT
  }
  const height = y + 6
  const legend = [
    ['library', 'oauth-consumer'],
    ['baseline', 'baseline (1.0)'],
    ['peer', 'peers'],
  ].map(([kind, name], i) => {
    const left = 20 + i * 150
    return (
      `<rect class="${kind}" x="${left}" y="${TOP - 22}" width="12" height="12" rx="2"/>` +
      `<text class="fg" x="${left + 18}" y="${TOP - 12}">${name}</text>`
    )
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ` +
      'role="img" aria-labelledby="chart-title chart-desc">',
    `<title id="chart-title">${escapeXml(data.title)}</title>`,
    `<desc id="chart-desc">${escapeXml(chartDescription(data))}</desc>`,
    `<style>${STYLE}</style>`,
    `<rect class="bg" x="0.5" y="0.5" width="${WIDTH - 1}" height="${height - 1}" rx="6"/>`,
    `<text class="fg heading" x="20" y="26">${escapeXml(data.title)}</text>`,
    `<text class="muted" x="20" y="44">${escapeXml(data.subtitle)}</text>`,
    `<text class="muted" x="20" y="60">${escapeXml(EXPLAINED)}</text>`,
    ...legend,
    ...body,
    '</svg>',
    '',
  ].join('\n')
}
