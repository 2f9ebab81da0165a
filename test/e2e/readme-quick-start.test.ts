/**
 * The README as a newcomer follows it: the Quick start app, run as written, against the local
 * GitHub of "Try it without registering an app", signs a user in and shows their GitHub login.
 * The only changes made to the README's code are the two port numbers (free ones, so the test
 * never collides with another server) and `console.log` (read here rather than printed).
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { freePort, signIn } from 'oauth-consumer/testing'
import ts from 'typescript'
import { type Block, docBlocks } from '../../scripts/doc-blocks.js'

const root = process.cwd()
// Inside the package, so `oauth-consumer` resolves to this build as it would from npm.
const dir = join(root, '.tmp', 'readme-quick-start')
const children: ChildProcess[] = []

function readmeBlock(startsWith: string): Block {
  const block = docBlocks(root).blocks.find((b) => b.file === 'README.md' && b.code.includes(startsWith))
  assert.ok(block, `README.md has a ts block with ${startsWith}`)
  return block
}

function asModule(name: string, code: string): string {
  const path = join(dir, name)
  const { outputText } = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  writeFileSync(path, outputText)
  return path
}

interface Running {
  /** Everything it has printed so far. */
  output(): string
  /** Rejects when it exits: neither module should, until the test stops it. */
  readonly exited: Promise<never>
}

function run(path: string, env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [path], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<never>((_resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`${path} exited with ${code}:\n${output}`)))
  })
  exited.catch(() => undefined) // the test kills both at the end
  return { output: () => output, exited }
}

/** Resolves once `running` has printed a line matching `pattern`. */
async function printed(running: Running, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 15_000
  while (!pattern.test(running.output())) {
    if (Date.now() > deadline) assert.fail(`nothing matching ${pattern} was printed:\n${running.output()}`)
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 50)), running.exited])
  }
  return running.output()
}

/** The first answer at `url` once its server listens (the Quick start prints nothing when it does). */
async function answered(url: string): Promise<Response> {
  const deadline = Date.now() + 15_000
  for (;;) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(2000) })
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

let appPort = 0
let githubPort = 0

before(async () => {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  appPort = await freePort()
  githubPort = await freePort()
})

after(() => {
  for (const child of children) child.kill()
  rmSync(dir, { recursive: true, force: true })
})

test('the Quick start signs a user in at the README local GitHub and shows their login', async () => {
  const local = readmeBlock("from 'oauth-consumer/testing'")
  const quickStart = readmeBlock("from 'oauth-consumer/fastify'")
  const github = asModule('local-github.mjs', local.code.replace('port: 4000', `port: ${githubPort}`))
  const app = asModule(
    'app.mjs',
    quickStart.code.replaceAll('localhost:3000', `localhost:${appPort}`).replace('port: 3000', `port: ${appPort}`),
  )

  // The command line the local GitHub prints is the one the README tells the reader to run.
  const text = await printed(run(github, {}), /GITHUB_AUTH_URL=/)
  const variables = Object.fromEntries(
    [...text.matchAll(/\b(GITHUB_[A-Z_]+)=(\S+)/g)].map(([, name = '', value = '']) => [name, value]),
  )
  assert.deepEqual(Object.keys(variables).sort(), [
    'GITHUB_AUTH_URL',
    'GITHUB_BASE_URL',
    'GITHUB_CLIENT_ID',
    'GITHUB_CLIENT_SECRET',
  ])
  assert.match(text, /OAUTH_SECRET=\$\(openssl rand -hex 32\)/)
  const running = run(app, { ...variables, OAUTH_SECRET: 'a3f9c2e8b71d40f6a5e2c9d8b3f1e7a04c6d2b9e8f3a1c5d' })

  // A signed-out visitor is offered the sign-in link, not an error.
  const home = await Promise.race([answered(`http://localhost:${appPort}/`), running.exited])
  assert.equal(home.status, 200)
  assert.match(await home.text(), /<a href="\/login">Sign in with GitHub<\/a>/)

  const { response } = await signIn(`http://localhost:${appPort}/login`, { login: 'octocat' })
  assert.equal(response.status, 200)
  assert.equal(response.url.pathname, '/')
  assert.equal(response.body, 'octocat')
})
