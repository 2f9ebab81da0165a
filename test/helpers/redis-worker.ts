/**
 * One instance of an app, in a child process of the Redis tests: an OAuth 2.0 app on the test
 * provider, with `redisRefreshLock` and `redisTokenCache` on its own ioredis client. The test
 * drives it over IPC: a burst of API calls holding one token, or of client-credentials requests;
 * it answers with each call's outcome and what its tokenupdater heard.
 */
import { Redis } from 'ioredis'
import { OAuth, type OAuth2Token, OAuthError } from 'oauth-consumer'
import { redisRefreshLock, redisTokenCache } from 'oauth-consumer/redis'

/** What the test starts a worker with (its first argument, as JSON). */
export interface WorkerConfig {
  readonly redisPort: number
  readonly providerUrl: string
  readonly secret: string
  readonly timeout: number
  readonly lockTtlMs?: number
}

/** What the test asks of a worker. */
export type WorkerCommand =
  | { readonly type: 'calls'; readonly id: number; readonly count: number; readonly token: OAuth2Token }
  | { readonly type: 'app-tokens'; readonly id: number; readonly count: number }
  | { readonly type: 'exit' }

/** The outcome of one call. */
export interface CallOutcome {
  readonly ok: boolean
  /** The access token the API saw, for a call that succeeded. */
  readonly token?: string
  readonly code?: string
  readonly name?: string
  readonly ms: number
}

/** A worker's answer to a command. */
export interface WorkerReply {
  readonly type: 'done'
  readonly id: number
  readonly outcomes: CallOutcome[]
  /** The access tokens the tokenupdater was told of, since the worker started. */
  readonly updates: string[]
  /** Unhandled rejections seen since the worker started. */
  readonly unhandled: string[]
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig
const updates: string[] = []
const unhandled: string[] = []
process.on('unhandledRejection', (reason) => unhandled.push(String(reason)))

const redis = new Redis({ port: config.redisPort, host: '127.0.0.1', lazyConnect: true })
// ioredis reports a lost connection as an 'error' event; an app logs it. The calls' own
// failures are what the tests look at.
redis.on('error', () => {})
await redis.connect()

const oauth = new OAuth({
  timeout: config.timeout,
  refreshLock: redisRefreshLock(redis, {
    secret: config.secret,
    ...(config.lockTtlMs === undefined ? {} : { lockTtlMs: config.lockTtlMs }),
  }),
  tokenCache: redisTokenCache(redis, { secret: config.secret }),
})
const remote = oauth.remoteApp('acme', {
  baseUrl: `${config.providerUrl}/api/`,
  authorizeUrl: `${config.providerUrl}/authorize`,
  accessTokenUrl: `${config.providerUrl}/token`,
  clientId: 'acme-client',
  clientSecret: 'acme-secret',
})
remote.tokenupdater((token) => {
  updates.push(token.access_token)
})

async function timed(run: () => Promise<string>): Promise<CallOutcome> {
  const began = Date.now()
  try {
    const token = await run()
    return { ok: true, token, ms: Date.now() - began }
  } catch (error) {
    const code = error instanceof OAuthError ? error.code : undefined
    const name = error instanceof Error ? error.constructor.name : typeof error
    return { ok: false, ms: Date.now() - began, ...(code === undefined ? {} : { code }), name }
  }
}

process.on('message', async (command: WorkerCommand) => {
  if (command.type === 'exit') {
    redis.disconnect()
    process.disconnect()
    return
  }
  const outcomes = await Promise.all(
    Array.from({ length: command.count }, () =>
      timed(async () => {
        if (command.type === 'app-tokens') return (await remote.clientCredentials()).access_token
        const res = await remote.get<{ token: string }>('me', { token: command.token })
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`)
        return res.data.token
      }),
    ),
  )
  const reply: WorkerReply = {
    type: 'done',
    id: command.id,
    outcomes,
    updates: [...updates],
    unhandled: [...unhandled],
  }
  process.send?.(reply)
})
process.send?.({ type: 'ready' })
