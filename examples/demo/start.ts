import { type Demo, startDemo } from './app.js'

let demo: Demo
try {
  demo = await startDemo()
} catch (error) {
  // Most often another demo still holds port 3000, 3001, 3002 or 3003.
  console.error(`Could not start the demo: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
console.log(`Open ${demo.appUrl} and sign in with any name, with GitHub, OpenID Connect or OAuth 1.0a`)
console.log(`(the local GitHub runs at ${demo.githubUrl}, the local OpenID Connect provider at ${demo.providerUrl},`)
console.log(` the local OAuth 1.0a provider at ${demo.oauth1ProviderUrl}; press Ctrl+C to stop)`)
console.log(
  'Real providers join the menu when their credentials are set, e.g. GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET',
)

let stopping = false
const stop = (signal: NodeJS.Signals): void => {
  // A second Ctrl+C means "now", even if closing waits on a stuck connection.
  if (stopping) process.exit(130)
  stopping = true
  console.log(`\n${signal}: stopping the demo`)
  demo.close().catch((error: unknown) => {
    console.error('Stopping the demo failed:', error)
    process.exitCode = 1
  })
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
