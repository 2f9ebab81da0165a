/**
 * The links of the Markdown the project publishes: README.md, CONTRIBUTING.md, CHANGELOG.md and
 * docs/**\/*.md. A relative link must lead to a file or folder of the repository and its `#anchor`
 * to a heading (by GitHub's slug rules) or an `id` of the Markdown file it names; an external link
 * is not fetched, but must be a well-formed https URL (http only to a loopback host, as the
 * examples' local servers are). Code blocks and code spans are not read.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { docsMarkdown } from './doc-blocks.js'

/** The Markdown files whose links are checked, relative to `root`, with `/` separators. */
export function linkedFiles(root: string): string[] {
  const top = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md'].filter((file) => existsSync(join(root, file)))
  return [...top, ...docsMarkdown(root)].sort()
}

/**
 * The anchor GitHub gives a heading: its text as rendered (no Markdown, no HTML), lower-cased,
 * without punctuation other than `-` and `_`, spaces turned into `-`.
 */
export function githubSlug(heading: string): string {
  return renderedText(heading)
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

function renderedText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(?<!\\)<[^>]+>/g, '')
    .replace(/`+/g, '')
    .replace(/(\*+|~~)/g, '')
    .replace(/\\(.)/g, '$1')
}

interface Parsed {
  /** Every anchor a link may name: heading slugs (numbered when repeated) and HTML ids. */
  readonly anchors: Set<string>
  readonly links: { readonly line: number; readonly target: string }[]
}

/** The lines of a Markdown text outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = []
  let fence: string | undefined
  text.split(/\r?\n/).forEach((content, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(content)?.[1]
    if (fence === undefined && marker !== undefined) fence = marker
    else if (fence !== undefined && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) {
      fence = undefined
    } else if (fence === undefined) out.push({ line: index + 1, text: content })
  })
  return out
}

function parse(text: string): Parsed {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  const links: { line: number; target: string }[] = []
  for (const { line, text: content } of proseLines(text)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(content)?.[1]
    if (heading !== undefined) {
      const slug = githubSlug(heading)
      const count = seen.get(slug) ?? 0
      seen.set(slug, count + 1)
      anchors.add(count === 0 ? slug : `${slug}-${count}`)
    }
    for (const id of content.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) anchors.add(id[1] ?? '')
    const prose = content.replace(/(`+)(?:(?!\1).)+\1/g, '')
    for (const link of prose.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line, target: (link[1] ?? '').replace(/^<(.*)>$/, '$1') })
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*(\S+)/.exec(prose)?.[1]
    if (definition !== undefined) links.push({ line, target: definition.replace(/^<(.*)>$/, '$1') })
    for (const auto of prose.matchAll(/<((?:https?|mailto):[^>\s]*)>/g)) links.push({ line, target: auto[1] ?? '' })
  }
  return { anchors, links }
}

const loopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

function externalProblem(target: string): string | undefined {
  if (target.startsWith('mailto:')) return /^mailto:[^@\s]+@[^@\s]+$/.test(target) ? undefined : 'malformed mailto link'
  let url: URL
  try {
    url = new URL(target)
  } catch {
    return 'malformed URL'
  }
  if (url.protocol === 'https:' && url.hostname.includes('.')) return undefined
  if (url.protocol === 'http:' && loopback.test(url.hostname)) return undefined
  if (url.protocol === 'https:') return 'https URL without a host name'
  return `not an https link (${url.protocol})`
}

/**
 * Every broken link in `files` (default: {@link linkedFiles}), as `file:line: message` lines.
 *
 * @param root - the repository's root, against which `/`-rooted links resolve as on GitHub
 */
export function brokenLinks(root: string, files: readonly string[] = linkedFiles(root)): string[] {
  const cache = new Map<string, Parsed>()
  const parsed = (path: string): Parsed => {
    let found = cache.get(path)
    if (found === undefined) {
      found = parse(readFileSync(path, 'utf8'))
      cache.set(path, found)
    }
    return found
  }
  const problems: string[] = []
  for (const file of files) {
    const path = join(root, file)
    for (const { line, target } of parsed(path).links) {
      const say = (message: string) => problems.push(`${file}:${line}: ${message}: ${target}`)
      if (/^[a-z][a-z\d+.-]*:/i.test(target)) {
        const problem = externalProblem(target)
        if (problem !== undefined) say(problem)
        continue
      }
      const hashAt = target.indexOf('#')
      const pathPart = hashAt === -1 ? target : target.slice(0, hashAt)
      const anchor = hashAt === -1 ? undefined : target.slice(hashAt + 1)
      let linked = path
      if (pathPart !== '') {
        let decoded: string
        try {
          decoded = decodeURIComponent(pathPart)
        } catch {
          say('malformed link')
          continue
        }
        linked = decoded.startsWith('/') ? join(root, decoded) : resolve(dirname(path), decoded)
        const inside = relative(root, linked)
        if (inside.startsWith(`..${sep}`) || inside === '..') {
          say('link outside the repository')
          continue
        }
        if (!existsSync(linked)) {
          say('no such file')
          continue
        }
      }
      if (anchor === undefined || anchor === '') continue
      if (!linked.endsWith('.md') || statSync(linked).isDirectory()) {
        // GitHub's line anchors of source files (`#L10`, `#L10-L20`).
        if (!/^L\d+(-L\d+)?$/.test(anchor)) say('anchor into a file that is not Markdown')
        continue
      }
      if (!parsed(linked).anchors.has(decodeURIComponent(anchor).toLowerCase())) say('no such anchor')
    }
  }
  return problems
}
