/**
 * Serves the app: against github.com when GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET are set,
 * else against a local GitHub from the test kit, which needs no account and no credentials.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type GitHubServer, startGitHub } from 'oauth-consumer/testing'
import { type AppOptions, createApp } from './app.js'

/** Where to listen, and the environment to read the settings from. */
export interface StartOptions {
  /** Default 3000; 0 picks a free port. */
  readonly port?: number
  /** Default `localhost`. */
  readonly host?: string
  /** Default `process.env`: GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, OAUTH_SECRET. */
  readonly env?: NodeJS.ProcessEnv
}

/** The running example. */
export interface Example {
  /** The app's origin, e.g. `http://localhost:3000`. */
  readonly url: string
  /** The local GitHub; `undefined` when the app signs in at github.com. */
  readonly github: GitHubServer | undefined
  /** Stops the app and the local GitHub. */
  close(): Promise<void>
}

/** Starts the local GitHub (unless real credentials are set) and the app. */
export async function startExample(options: StartOptions = {}): Promise<Example> {
  const env = options.env ?? process.env
  const host = options.host ?? 'localhost'
  // Listening first settles the port, which the app's URLs need, before a request can arrive.
  const server = await listen(options.port ?? 3000, host)
  const url = `http://${host}:${(server.address() as AddressInfo).port}`
  let local: GitHubServer | undefined
  try {
    const { GITHUB_CLIENT_ID: clientId, GITHUB_CLIENT_SECRET: clientSecret } = env
    let github: AppOptions['github']
    if (clientId !== undefined && clientSecret !== undefined) {
      github = { clientId, clientSecret }
    } else {
      local = await startGitHub({ host, appName: 'oauth-consumer Express example', callbackUrls: [`${url}/callback`] })
      github = {
        clientId: local.clientId,
        clientSecret: local.clientSecret,
        baseUrl: local.apiUrl,
        authUrl: local.authUrl,
      }
    }
    // Without OAUTH_SECRET a secret is drawn at each start: sign-ins in flight across a restart then fail.
    const secret = env.OAUTH_SECRET ?? randomBytes(32).toString('base64url')
    server.on('request', createApp({ publicUrl: url, secret, github }))
  } catch (error) {
    await close(server)
    await local?.close()
    throw error
  }
  const gitHub = local
  return {
    url,
    github: gitHub,
    async close() {
      try {
        await close(server)
      } finally {
        await gitHub?.close()
      }
    },
  }
}

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}

/** Closes the server, and the browser's idle keep-alive connections with it. */
function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)))
    server.closeAllConnections()
  })
}
