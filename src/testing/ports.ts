import { createServer } from 'node:net'
import { OAuthErrorCode, OAuthNetworkError } from '../index.js'

/**
 * A loopback port that is free now, for an app whose URL must be known before it starts (its
 * callback URL registered at {@link startOAuth2Provider}, its `publicUrl`). Another process
 * could take the port in between; in a test run that is rare enough.
 *
 * @param host - The interface to probe; default `127.0.0.1`.
 * @returns The port number.
 * @example
 * ```ts
 * import { freePort, startOAuth2Provider } from 'oauth-consumer/testing'
 *
 * const port = await freePort()
 * const provider = await startOAuth2Provider({ redirectUris: [`http://127.0.0.1:${port}/callback`] })
 * // …start the app on `port`, sign in through it, then:
 * await provider.close()
 * ```
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, resolve)
  })
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') {
    throw new OAuthNetworkError(OAuthErrorCode.NETWORK_ERROR, `No TCP port could be taken on ${host}`)
  }
  return address.port
}
