/**
 * `npm run example:express`: the app at http://localhost:3000, signing in at the local GitHub,
 * or at github.com when GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are set (README.md).
 */
import { type Example, startExample } from './server.js'

let example: Example
try {
  example = await startExample({ port: Number(process.env.PORT ?? 3000) })
} catch (error) {
  // Most often another app still holds port 3000: PORT=3001 picks another.
  console.error(`Could not start the example: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
console.log(`Open ${example.url} and sign in with GitHub`)
console.log(
  example.github === undefined
    ? '(at github.com, as the OAuth app GITHUB_CLIENT_ID names; press Ctrl+C to stop)'
    : `(the local GitHub at ${example.github.url}: any username and password sign in; press Ctrl+C to stop)`,
)

const stop = (signal: NodeJS.Signals): void => {
  console.log(`\n${signal}: stopping`)
  example.close().catch((error: unknown) => {
    console.error('Stopping failed:', error)
    process.exitCode = 1
  })
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
