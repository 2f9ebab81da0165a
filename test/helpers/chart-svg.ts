import { XMLParser, XMLValidator } from 'fast-xml-parser'

/** A panel of the benchmark's chart as a reader sees it: its heading, its baseline, each bar's name and value. */
export interface ReadPanel {
  readonly title: string
  readonly baseline: string
  readonly bars: readonly { readonly label: string; readonly value: string }[]
}

/** What the chart says, read back from its SVG. */
export interface ReadChart {
  readonly title: string
  readonly desc: string
  readonly panels: readonly ReadPanel[]
}

/** A node of fast-xml-parser's ordered output: one tag name mapped to its children, and `:@` its attributes. */
type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> }

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@')
}

function childrenOf(node: OrderedNode): OrderedNode[] {
  const tag = tagOf(node)
  const children = tag === undefined ? undefined : node[tag]
  return Array.isArray(children) ? (children as OrderedNode[]) : []
}

function classesOf(node: OrderedNode): string[] {
  return (node[':@']?.['@_class'] ?? '').split(/\s+/)
}

function textOf(node: OrderedNode): string {
  return childrenOf(node)
    .map((child) => (tagOf(child) === '#text' ? String(child['#text']) : textOf(child)))
    .join('')
}

function find(nodes: readonly OrderedNode[], tag: string, className?: string): OrderedNode[] {
  return nodes.filter((n) => tagOf(n) === tag && (className === undefined || classesOf(n).includes(className)))
}

function only(nodes: readonly OrderedNode[], tag: string, className?: string): OrderedNode {
  const [first, ...rest] = find(nodes, tag, className)
  if (first === undefined || rest.length > 0) throw new Error(`expected one <${tag} class="${className}">`)
  return first
}

/**
 * Parses the chart's SVG as XML (it throws at the first place it is not well-formed) and reads
 * back the texts a reader sees, panel by panel.
 */
export function readChart(svg: string): ReadChart {
  const valid = XMLValidator.validate(svg)
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at line ${valid.err.line}`)
  const parsed = new XMLParser({ preserveOrder: true, ignoreAttributes: false, trimValues: false }).parse(
    svg,
  ) as OrderedNode[]
  const root = only(parsed, 'svg')
  const top = childrenOf(root)
  const panels = find(top, 'g', 'panel').map((panel) => {
    const inside = childrenOf(panel)
    return {
      title: textOf(only(inside, 'text', 'panel-title')),
      baseline: textOf(only(inside, 'text', 'baseline-name')).replace(/ = 1\.0$/, ''),
      bars: find(inside, 'g', 'bar').map((bar) => ({
        label: textOf(only(childrenOf(bar), 'text', 'label')),
        value: textOf(only(childrenOf(bar), 'text', 'value')),
      })),
    }
  })
  return { title: textOf(only(top, 'title')), desc: textOf(only(top, 'desc')), panels }
}
