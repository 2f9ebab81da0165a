/**
 * Generates the API reference, docs/reference/api/, from the TSDoc of the package's entry points
 * with TypeDoc and its Markdown plugin. The entry points are read from package.json's `exports`,
 * so a new one is documented without touching this file, and each module is named as users
 * import it (`oauth-consumer/fastify`).
 *
 * Either way the run fails on an export, or a public member of an exported class or interface,
 * without a comment, and on a `{@link}` that leads nowhere. With `--check` the reference is
 * generated into a temporary directory and compared with the committed one: a difference fails
 * with the files concerned, so the reference never lags behind the comments.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve, sep } from 'node:path'
import { Application, Converter, ReflectionKind, TSConfigReader, type TypeDocOptions } from 'typedoc'
import type { PluginOptions } from 'typedoc-plugin-markdown'

const root = resolve(import.meta.dirname, '..', '..')
const committed = join(root, 'docs', 'reference', 'api')

/** An entry point of the package: the name users import and the source file behind it. */
export interface EntryPoint {
  readonly name: string
  readonly source: string
}

type ExportTarget = string | { readonly types?: string; readonly default?: string } | null

/**
 * The entry points of a package.json's `exports`, each mapped from its compiled declarations
 * (`./dist/src/index.d.ts`) back to its source (`src/index.ts`). Entries that are not code
 * (`./package.json`) are left out.
 */
export function entryPoints(manifest: {
  readonly name: string
  readonly exports?: Record<string, ExportTarget>
}): EntryPoint[] {
  const found: EntryPoint[] = []
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    // A preset's own entry (`oauth-consumer/providers/github`) exports what the providers entry
    // documents: one page per preset would say it all twice.
    if (subpath.includes('*')) continue
    const declarations = typeof target === 'string' ? target : (target?.types ?? target?.default)
    if (declarations === undefined || !/\.(d\.ts|js)$/.test(declarations)) continue
    const source = declarations.replace(/^\.\/dist\//, '').replace(/\.(d\.ts|js)$/, '.ts')
    found.push({ name: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`, source })
  }
  return found
}

async function generate(out: string): Promise<boolean> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Parameters<typeof entryPoints>[0]
  const entries = entryPoints(manifest)
  const options: TypeDocOptions & Partial<PluginOptions> = {
    entryPoints: entries.map((entry) => join(root, entry.source)),
    // The program of every entry, the Express one included (its types merge into the core's).
    tsconfig: join(root, 'tsconfig.express.json'),
    plugin: ['typedoc-plugin-markdown'],
    out,
    readme: 'none',
    excludePrivate: true,
    excludeInternal: true,
    // Source links would carry line numbers, and so change with every edit of the code.
    disableSources: true,
    disableGit: true,
    includeVersion: false,
    hidePageHeader: true,
    // The reference is read on GitHub: its anchors follow GitHub's heading slugs.
    entryFileName: 'README.md',
    parametersFormat: 'table',
    interfacePropertiesFormat: 'table',
    classPropertiesFormat: 'table',
    typeDeclarationFormat: 'table',
    propertyMembersFormat: 'table',
    // Members of a type written inline on one line (a preset's settings, a method's result): their
    // owner's comment describes them, and a comment of their own would mean rewriting code lines.
    // A new entry here is for the same case only; a new interface documents its members.
    intentionallyNotDocumented: [
      'oauth-consumer.OAuthResponse.toJSON.__type.status',
      'oauth-consumer.OAuthResponse.toJSON.__type.headers',
      'oauth-consumer.OAuthResponse.toJSON.__type.data',
      'oauth-consumer.RemoteApp.fetchRequestToken.__type.token',
      'oauth-consumer.RemoteApp.fetchRequestToken.__type.secret',
      'oauth-consumer.RemoteApp.fetchRequestToken.__type.authorizeUrl',
      'oauth-consumer.FrameworkRequest.__type.request',
      'oauth-consumer.FrameworkReply.__type.reply',
      'oauth-consumer.OAuth1AppOptions.__type.requestTokenUrl',
      'oauth-consumer.OAuth2AppOptions.__type.requestTokenUrl',
      'oauth-consumer.ResolvedOptions.__type.protocol',
      'oauth-consumer.FrameworkTypes.fastify.__type.request',
      'oauth-consumer.FrameworkTypes.fastify.__type.reply',
      'oauth-consumer.OAuth1Token.__type.token',
      'oauth-consumer.OAuth1Token.__type.secret',
      'oauth-consumer.OAuth1Token.__type.oauth_token',
      'oauth-consumer.OAuth1Token.__type.oauth_token_secret',
      'oauth-consumer/providers.evernote.__type.sandbox',
      'oauth-consumer/providers.flickr.__type.perms',
      'oauth-consumer/providers.smugmug.__type.access',
      'oauth-consumer/providers.smugmug.__type.permissions',
      'oauth-consumer/providers.trello.__type.expiration',
      'oauth-consumer/providers.trello.__type.appName',
      'oauth-consumer/providers.facebook.__type.version',
      'oauth-consumer/providers.github.__type.authUrl',
      'oauth-consumer/providers.github.__type.baseUrl',
      'oauth-consumer/providers.gitlab.__type.baseUrl',
      'oauth-consumer/providers.google.__type.offline',
      'oauth-consumer/providers.intuit.__type.sandbox',
      'oauth-consumer/providers.microsoft.__type.tenant',
      'oauth-consumer/providers.paypal.__type.sandbox',
      'oauth-consumer/providers.twitter.__type.intent',
      'oauth-consumer/providers.zoho.__type.dc',
      'oauth-consumer/testing.parseSetCookie.__type.name',
      'oauth-consumer/testing.parseSetCookie.__type.value',
      'oauth-consumer/testing.parseSetCookie.__type.attributes',
      'oauth-consumer/testing.StartOAuth2ProviderOptions.jwks.__type.keys',
    ],
    validation: {
      notDocumented: true,
      invalidLink: true,
      notExported: false,
      rewrittenLink: true,
      unusedMergeModuleWith: true,
    },
    logLevel: 'Warn',
  }
  const app = await Application.bootstrapWithPlugins(options, [new TSConfigReader()])
  // Every warning fails the run, as the CLI's treatWarningsAsErrors would: the API is not called
  // through the CLI, so the logger is asked after each step.
  const clean = () => !app.logger.hasErrors() && !app.logger.hasWarnings()
  const bySource = new Map(entries.map((entry) => [entry.source, entry.name]))
  // Renamed as they are made, before TypeDoc sorts them and derives their pages' paths.
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return
    const source = context.project.getSymbolIdFromReflection(reflection)?.packagePath
    const name = source === undefined ? undefined : bySource.get(source)
    if (name !== undefined) reflection.name = name
  })
  const project = await app.convert()
  if (project === undefined || !clean()) return false
  app.validate(project)
  // Written even when a comment is missing, so the page can be looked at while writing it.
  const documented = clean()
  await app.generateOutputs(project)
  return documented && clean()
}

/** Every file under `dir`, relative to it, with `/` separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
}

/** The files that differ between two trees: missing from one, or with other contents. */
export function differences(expected: string, actual: string): string[] {
  const want = filesUnder(expected)
  const have = new Set(filesUnder(actual))
  const out: string[] = []
  for (const file of want) {
    if (!have.has(file)) out.push(`missing: ${file}`)
    else if (readFileSync(join(expected, file), 'utf8') !== readFileSync(join(actual, file), 'utf8')) {
      out.push(`out of date: ${file}`)
    }
    have.delete(file)
  }
  for (const file of have) out.push(`not generated any more: ${file}`)
  return out
}

async function main(): Promise<void> {
  if (!process.argv.includes('--check')) {
    if (!(await generate(committed))) process.exit(1)
    console.log(`docs:api: wrote ${filesUnder(committed).length} files to docs/reference/api/`)
    return
  }
  const scratch = mkdtempSync(join(tmpdir(), 'oauth-consumer-api-'))
  try {
    if (!(await generate(scratch))) {
      console.error('docs:api: the reference cannot be generated (see above)')
      process.exit(1)
    }
    const found = differences(scratch, committed)
    if (found.length > 0) {
      console.error(found.map((line) => `docs/reference/api/ ${line}`).join('\n'))
      console.error('docs:api: the committed reference is out of date: run npm run docs:api')
      process.exit(1)
    }
    console.log(`docs:api: the reference is up to date (${filesUnder(scratch).length} files)`)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

if (import.meta.filename === process.argv[1]) await main()
