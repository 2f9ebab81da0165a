/**
 * Signs in from a terminal with the OAuth 2.0 device flow (RFC 8628), then calls the API as the
 * user who approved. README.md beside this file says how to run it; in short:
 *
 *   npm run example:device                           # a local OpenID Provider, no credentials
 *   GITHUB_CLIENT_ID=Iv1.… npm run example:device    # GitHub (the app must allow the device flow)
 *
 * Exit codes: 0 signed in, 1 another failure, 2 a usage error, 3 denied, 4 expired, 130 Ctrl-C.
 */
import { isOAuthError, type OAuth2Token, OAuthErrorCode } from 'oauth-consumer'
import { showProgress } from './progress.js'
import { type DeviceProvider, githubProvider, localProvider } from './providers.js'

const EXIT = { signedIn: 0, failed: 1, usage: 2, denied: 3, expired: 4, interrupted: 130 } as const

const USAGE = `Usage: node dist/examples/device-login/cli.js

Signs in with the OAuth 2.0 device flow and prints who signed in.

Environment:
  GITHUB_CLIENT_ID   sign in with GitHub as this OAuth app or GitHub App (a public client: no secret);
                     without it, a local OpenID Provider is started and used
  GITHUB_BASE_URL,
  GITHUB_AUTH_URL    GitHub Enterprise Server's API and OAuth URLs (see the github preset)
  DEVICE_CODE_TTL    the local provider only: seconds before a code expires (default 600)

Exit codes: 0 signed in, 1 another failure, 2 a usage error, 3 denied, 4 expired, 130 Ctrl-C.
`

/**
 * GitHub's own refusals of the device flow, as its docs list them, and what the user can do.
 *
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#error-codes-for-the-device-flow
 */
const HINTS: Readonly<Record<string, string>> = {
  device_flow_disabled: 'Enable "Device Flow" in the app’s settings on GitHub, then try again.',
  incorrect_client_credentials: 'Check GITHUB_CLIENT_ID: it is the app’s Client ID, shown on its settings page.',
}

/** The reason the signal carries after Ctrl-C, told apart from every other failure. */
class Interrupted extends Error {
  constructor() {
    super('Interrupted')
    this.name = 'Interrupted'
  }
}

const controller = new AbortController()
process.on('SIGINT', () => {
  // A second Ctrl-C means "now", even if closing the local provider hangs.
  if (controller.signal.aborted) process.exit(EXIT.interrupted)
  controller.abort(new Interrupted())
})

process.exitCode = await main(process.argv.slice(2))

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE)
    return EXIT.signedIn
  }
  if (args.length > 0) return usage(`Unknown argument: ${args[0]}`)
  const ttl = process.env.DEVICE_CODE_TTL
  if (ttl !== undefined && !/^[1-9]\d*$/.test(ttl)) return usage('DEVICE_CODE_TTL must be a whole number of seconds')
  const clientId = process.env.GITHUB_CLIENT_ID

  let provider: DeviceProvider
  try {
    provider = clientId ? githubProvider(clientId) : await localProvider(ttl === undefined ? undefined : Number(ttl))
  } catch (error) {
    return fail(error)
  }
  try {
    return await signIn(provider)
  } catch (error) {
    return fail(error)
  } finally {
    await provider.close()
  }
}

async function signIn(provider: DeviceProvider): Promise<number> {
  const { signal } = controller
  signal.throwIfAborted()
  const device = await provider.app.deviceAuthorization({ scope: provider.scope })
  signal.throwIfAborted()
  const lines = [
    `To sign in with ${provider.label}, open this page on any device:`,
    `  ${device.verificationUri}`,
    `and enter the code  ${device.userCode}`,
  ]
  if (device.verificationUriComplete !== undefined) {
    lines.push('or open the page with the code filled in:', `  ${device.verificationUriComplete}`)
  }
  console.log(lines.join('\n'))

  const progress = showProgress(
    process.stdout,
    `Waiting for you to approve (checking every ${device.interval} s; Ctrl-C to cancel)`,
    Date.now() + device.expiresIn * 1000,
  )
  let token: OAuth2Token
  try {
    token = await device.poll({ signal })
  } catch (error) {
    progress.stop()
    if (isOAuthError(error) && error.code === OAuthErrorCode.DEVICE_CODE_EXPIRED) {
      console.error(`The code ${device.userCode} expired before it was approved. Run the command again for a new one.`)
      return EXIT.expired
    }
    throw error
  }
  progress.stop()
  // The token stays in this process: a real CLI would keep it in the system's keychain.
  console.log(`Signed in as ${await provider.whoAmI(token)}`)
  return EXIT.signedIn
}

/** Tells the user what went wrong, in their terms, and returns the exit code that says it. */
function fail(error: unknown): number {
  if (error instanceof Interrupted) {
    console.error('Cancelled (Ctrl-C): stopped waiting for approval; the code will not be used.')
    return EXIT.interrupted
  }
  if (!isOAuthError(error)) {
    console.error(`Sign-in failed: ${error instanceof Error ? error.message : String(error)}`)
    return EXIT.failed
  }
  if (error.code === OAuthErrorCode.ACCESS_DENIED) {
    console.error('Sign-in denied: the request was declined on the provider’s page. Run the command again to retry.')
    return EXIT.denied
  }
  console.error(`Sign-in failed (${error.code}): ${error.message}`)
  const hint = HINTS[String(error.data?.error)]
  if (hint !== undefined) console.error(hint)
  return EXIT.failed
}

function usage(message: string): number {
  console.error(`${message}\n\n${USAGE}`)
  return EXIT.usage
}
