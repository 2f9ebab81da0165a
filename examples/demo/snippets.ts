/**
 * The demo's "code behind this page" panels: pieces of the demo's own source, cut between
 * `// snippet: <name>` and `// end snippet` comments, so what a panel shows is the code that
 * just ran and cannot drift from it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const START = /^\s*\/\/ snippet: ([\w-]+)\s*$/
const END = /^\s*\/\/ end snippet\s*$/

/**
 * The snippets of one module, by name. `moduleUrl` is the running module's `import.meta.url`;
 * the TypeScript source beside the build (`dist/x/y.js` → `x/y.ts`) is read when it is there,
 * the compiled module itself otherwise (the compiler keeps comments).
 */
export function loadSnippets(moduleUrl: string): ReadonlyMap<string, string> {
  const compiled = fileURLToPath(moduleUrl)
  const source = compiled.replace(/([\\/])dist[\\/](.*)\.js$/, '$1$2.ts')
  const text = readFileSync(source !== compiled && existsSync(source) ? source : compiled, 'utf8')
  const snippets = new Map<string, string>()
  let name: string | undefined
  let lines: string[] = []
  for (const line of text.split('\n')) {
    if (name === undefined) {
      name = START.exec(line)?.[1]
      lines = []
    } else if (END.test(line)) {
      snippets.set(name, dedent(lines))
      name = undefined
    } else {
      lines.push(line)
    }
  }
  return snippets
}

function dedent(lines: readonly string[]): string {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0)
  const cut = Math.min(...indents)
  return lines
    .map((line) => line.slice(cut))
    .join('\n')
    .trim()
}
