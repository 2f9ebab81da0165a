/**
 * The one look of every local provider's HTML pages (sign-in, consent, errors), so a person
 * clicking through a test or the demo sees at a glance which provider a page belongs to and
 * that it is a local stand-in, not the real site.
 */

/**
 * Escapes text for HTML bodies and attribute values.
 *
 * @param value - Any text, e.g. a login name a user typed.
 * @returns The text with `& < > " '` replaced by their entities.
 */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/**
 * The style sheet of the pages, also meant for an app that wants to look the same (the demo
 * adds its own rules after it). Inline, with no web fonts or images, so pages render offline
 * under a `default-src 'none'; style-src 'unsafe-inline'` policy.
 */
export const PAGE_STYLE = `
  :root { color-scheme: light; --accent: #2457d6; --muted: #5b6472; --line: #dde1e8; --bg: #f4f6fa; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2330;
    background: var(--bg); }
  header { background: #fff; border-bottom: 1px solid var(--line); }
  header .bar { max-width: 46rem; margin: 0 auto; padding: .75rem 1.25rem; display: flex; align-items: center;
    gap: 1rem; }
  header .brand { font-weight: 700; color: inherit; text-decoration: none; margin-right: auto; }
  header .tag { font-size: .8rem; color: var(--muted); border: 1px solid var(--line); border-radius: 999px;
    padding: .1rem .6rem; }
  main { max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
  main.narrow { max-width: 28rem; }
  h1 { font-size: 1.6rem; margin: 0 0 .75rem; }
  h2 { font-size: 1.2rem; margin: 0 0 .5rem; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem 1.5rem;
    margin-bottom: 1.25rem; }
  .hint { color: var(--muted); font-size: .9rem; }
  .error { color: #b3261e; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 .75rem; }
  dt { color: var(--muted); }
  dd { margin: 0; }
  code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
  pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .75rem; overflow: auto; }
  form { margin: .75rem 0; }
  form.inline { display: inline; margin: 0; }
  label { display: block; margin: .75rem 0 .25rem; }
  .row { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
  input[type=text], input[type=password] { width: 100%; font: inherit; padding: .45rem .6rem;
    border: 1px solid #b9c0cc; border-radius: 6px; }
  .row input[type=text] { flex: 1; width: auto; }
  button, .button { display: inline-block; font: inherit; font-weight: 600; padding: .45rem 1rem; border-radius: 6px;
    border: 1px solid var(--accent); background: var(--accent); color: #fff; text-decoration: none; cursor: pointer; }
  button.secondary, .button.secondary { background: #fff; color: var(--accent); }
  .actions { display: flex; gap: .75rem; align-items: center; margin-top: 1rem; }
  .actions button ~ button { background: #fff; color: var(--accent); }
  ul.scopes { padding-left: 1.25rem; }
`

/** What {@link renderPage} puts on a page. */
export interface PageContent {
  /** The page's title, shown in the tab (escaped). */
  readonly title: string
  /** Which local provider serves the page, e.g. `GitHub` (escaped), shown in its header. */
  readonly provider: string
  /** The page's markup, already safe: build it with {@link escapeHtml} around every dynamic value. */
  readonly body: string
}

/**
 * Renders a whole HTML document in the shared look of the local providers.
 *
 * @param content - The title and provider (escaped here) and the body markup.
 * @returns The document, ready to send as `text/html; charset=utf-8`.
 * @example
 * ```ts
 * res.end(renderPage({ title: 'Sign in', provider: 'GitHub', body: `<h1>Hello, ${escapeHtml(name)}</h1>` }))
 * ```
 */
export function renderPage(content: PageContent): string {
  const provider = escapeHtml(content.provider)
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)} · ${provider}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><div class="bar"><span class="brand">${provider}</span><span class="tag">local test provider</span></div></header>
<main class="narrow">
<section class="card">
${content.body}
</section>
</main>
</body>
</html>`
}
