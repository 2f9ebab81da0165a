/**
 * examples/device-login run as a user runs it, a child process: its own local provider (or a
 * stand-in for GitHub built from GitHub's docs), the page with the code filled in read from what
 * it prints, the user's part played by `approveDevice`. Asserts what the terminal shows and the
 * exit code: signed in, denied, expired, Ctrl-C, a usage error.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, type TestContext, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { approveDevice } from 'oauth-consumer/testing'
import { sendJson, startFaultServer } from '../helpers/fault-server.js'

const CLI = fileURLToPath(new URL('../../examples/device-login/cli.js', import.meta.url))
const TIMEOUT = 30_000

interface Cli {
  readonly child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves to the exit code, or to the signal's name when a signal ended it. */
  readonly exited: Promise<number | string>
}

/** Starts the CLI without any of the user's GitHub settings, and kills it when the test ends. */
function startCli(t: TestContext, env: Record<string, string> = {}, args: readonly string[] = []): Cli {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('GITHUB_') && name !== 'DEVICE_CODE_TTL'),
  )
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  // 'close', not 'exit': by then everything the child printed has been read.
  const exited = once(child, 'close').then(([code, signal]) => (code ?? signal) as number | string)
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill()
      await exited
    }
  })
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
}

/** Resolves to the match once the CLI's standard output matches `pattern`; fails if it exits first. */
async function printed(cli: Cli, pattern: RegExp): Promise<RegExpExecArray> {
  let exitedWith: number | string | undefined
  cli.exited.then((code) => {
    exitedWith = code
  })
  for (;;) {
    const match = pattern.exec(cli.stdout())
    if (match !== null) return match
    if (exitedWith !== undefined) {
      assert.fail(`the CLI exited with ${exitedWith} before printing ${pattern}:\n${cli.stdout()}${cli.stderr()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** What the CLI prints before it polls, read back: the provider's URL, the user code, the complete URL. */
async function instructions(cli: Cli): Promise<{ provider: string; code: string; complete: string }> {
  const [, provider = '', code = '', complete = ''] = await printed(
    cli,
    /^To sign in with the local provider at (\S+), open this page on any device:\n {2}\S+\nand enter the code {2}(\S+)\nor open the page with the code filled in:\n {2}(\S+)\nWaiting for you to approve.*\n/,
  )
  assert.equal(
    cli.stdout(),
    `To sign in with the local provider at ${provider}, open this page on any device:
  ${provider}/device
and enter the code  ${code}
or open the page with the code filled in:
  ${provider}/device?user_code=${code}
Waiting for you to approve (checking every 5 s; Ctrl-C to cancel)…
`,
  )
  assert.match(code, /^[A-Z]{4}-[A-Z]{4}$/)
  return { provider, code, complete }
}

describe('the device-login example', { concurrency: true, timeout: TIMEOUT }, () => {
  test('the user approves: it prints who signed in, read from the API, and exits 0', async (t) => {
    const cli = startCli(t)
    const { provider, code, complete } = await instructions(cli)
    await approveDevice(complete, { login: 'carol' })
    assert.equal(await cli.exited, 0, cli.stderr())
    assert.equal(
      cli.stdout(),
      `To sign in with the local provider at ${provider}, open this page on any device:
  ${provider}/device
and enter the code  ${code}
or open the page with the code filled in:
  ${provider}/device?user_code=${code}
Waiting for you to approve (checking every 5 s; Ctrl-C to cancel)…
Signed in as Carol (carol, carol@example.test); the ID token names carol
`,
    )
    assert.equal(cli.stderr(), '')
  })

  test('the user denies: a clear message and exit code 3', async (t) => {
    const cli = startCli(t)
    const { complete } = await instructions(cli)
    await approveDevice(complete, { login: 'dave', deny: true })
    assert.equal(await cli.exited, 3)
    assert.equal(
      cli.stderr(),
      'Sign-in denied: the request was declined on the provider’s page. Run the command again to retry.\n',
    )
    assert.doesNotMatch(cli.stdout(), /Signed in/)
  })

  test('nobody approves before the code expires: a clear message and exit code 4', async (t) => {
    const cli = startCli(t, { DEVICE_CODE_TTL: '2' })
    const { code } = await instructions(cli)
    assert.equal(await cli.exited, 4)
    assert.equal(
      cli.stderr(),
      `The code ${code} expired before it was approved. Run the command again for a new one.\n`,
    )
  })

  test('Ctrl-C while waiting aborts polling: exit code 130', async (t) => {
    const cli = startCli(t)
    await instructions(cli)
    cli.child.kill('SIGINT')
    assert.equal(await cli.exited, 130)
    assert.equal(cli.stderr(), 'Cancelled (Ctrl-C): stopped waiting for approval; the code will not be used.\n')
  })

  test('an unknown argument or a malformed DEVICE_CODE_TTL is a usage error: exit code 2', async (t) => {
    const unknown = startCli(t, {}, ['--provider=github'])
    const ttl = startCli(t, { DEVICE_CODE_TTL: 'soon' })
    assert.equal(await unknown.exited, 2)
    assert.match(unknown.stderr(), /^Unknown argument: --provider=github\n\nUsage: /)
    assert.equal(await ttl.exited, 2)
    assert.match(ttl.stderr(), /^DEVICE_CODE_TTL must be a whole number of seconds\n\nUsage: /)
    const help = startCli(t, {}, ['--help'])
    assert.equal(await help.exited, 0)
    assert.match(help.stdout(), /GITHUB_CLIENT_ID {3}sign in with GitHub/)
  })

  // GitHub's device flow as its docs show it: the device code, the token, `GET /user`; the stand-in
  // is reached through the preset's GITHUB_AUTH_URL and GITHUB_BASE_URL (GitHub Enterprise Server's).
  // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#device-flow
  async function gitHub(t: TestContext, tokenAnswer: Record<string, string>) {
    const server = await startFaultServer({
      '/login/device/code': (_req, res) =>
        sendJson(res, 200, {
          device_code: '3584d83530557fdd1f46af8289938c8ef79f9dc5',
          user_code: 'WDJB-MJHT',
          verification_uri: 'https://github.com/login/device',
          expires_in: 900,
          interval: 5,
        }),
      // GitHub answers refusals as HTTP 200 with an `error` field.
      '/login/oauth/access_token': (_req, res) => sendJson(res, 200, tokenAnswer),
      '/api/v3/user': (_req, res) => sendJson(res, 200, { login: 'octocat', id: 1, name: 'The Octocat' }),
    })
    t.after(() => server.close())
    const cli = startCli(t, {
      GITHUB_CLIENT_ID: 'Iv1.8a61f9b3a7aba766',
      // Set by a user who also runs a web app: a public client still never sends it.
      GITHUB_CLIENT_SECRET: 'a-secret-the-cli-must-not-send',
      GITHUB_AUTH_URL: `${server.url}/login/oauth/`,
      GITHUB_BASE_URL: `${server.url}/api/v3/`,
    })
    return { server, cli }
  }

  test('with GITHUB_CLIENT_ID: GitHub as a public client, then GET user', async (t) => {
    const { server, cli } = await gitHub(t, {
      access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a',
      token_type: 'bearer',
      scope: 'read:user',
    })
    assert.equal(await cli.exited, 0, cli.stderr())
    assert.equal(
      cli.stdout(),
      `To sign in with GitHub, open this page on any device:
  https://github.com/login/device
and enter the code  WDJB-MJHT
Waiting for you to approve (checking every 5 s; Ctrl-C to cancel)…
Signed in as The Octocat (octocat)
`,
    )
    const [device] = server.to('/login/device/code')
    assert.deepEqual(Object.fromEntries(device?.form ?? []), { scope: 'read:user', client_id: 'Iv1.8a61f9b3a7aba766' })
    const [poll] = server.to('/login/oauth/access_token')
    assert.equal(poll?.form.get('client_id'), 'Iv1.8a61f9b3a7aba766')
    assert.equal(poll?.form.get('client_secret'), null, 'a public client sends no secret')
    assert.equal(poll?.headers.authorization, undefined)
    assert.equal(server.to('/api/v3/user')[0]?.headers.authorization, 'Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a')
  })

  test('GitHub with the device flow not enabled for the app: the error, and what to do, exit code 1', async (t) => {
    const { cli } = await gitHub(t, {
      error: 'device_flow_disabled',
      error_description: 'Device flow has not been enabled for this app.',
    })
    assert.equal(await cli.exited, 1)
    assert.match(cli.stderr(), /^Sign-in failed \(OAUTH_TOKEN_REQUEST_FAILED\): .*device_flow_disabled/)
    assert.match(cli.stderr(), /\nEnable "Device Flow" in the app’s settings on GitHub, then try again\.\n$/)
  })
})
