import {
  type ClientMetadata,
  client,
  type OAuth2Server,
  startOAuth2Server,
} from '../../examples/local-provider/oauth2-server.js'

export interface CountingServer extends OAuth2Server {
  /** Token-endpoint requests the server has answered, successes and refusals. */
  readonly tokenRequests: number
}

/** The local authorization server, counting token requests so tests can show none was made. */
export async function startCountingServer(clients: ClientMetadata[], accessTokenTtl?: number): Promise<CountingServer> {
  const server = await startOAuth2Server({ clients, ...(accessTokenTtl === undefined ? {} : { accessTokenTtl }) })
  let count = 0
  server.provider.on('grant.success', () => count++)
  server.provider.on('grant.error', () => count++)
  return {
    issuer: server.issuer,
    port: server.port,
    provider: server.provider,
    apiUrl: server.apiUrl,
    close: () => server.close(),
    get tokenRequests() {
      return count
    },
  }
}

export { client }
