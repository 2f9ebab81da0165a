/**
 * Where the example signs in: a local OpenID Provider it starts itself (the default, no
 * credentials needed), or GitHub when `GITHUB_CLIENT_ID` is set.
 */
import { OAuth, type OAuth2RemoteApp, type OAuth2Token } from 'oauth-consumer'
import { github } from 'oauth-consumer/providers'
import { startOAuth2Provider } from 'oauth-consumer/testing'

/** A provider the CLI signs in with, and the one API call that says who signed in. */
export interface DeviceProvider {
  /** How the CLI names it: `the local provider`, `GitHub`. */
  readonly label: string
  /** The app whose device flow the CLI runs. */
  readonly app: OAuth2RemoteApp
  /** The scope the CLI asks for. */
  readonly scope: readonly string[]
  /** Calls the API with the token and describes the user it answers for. */
  whoAmI(token: OAuth2Token): Promise<string>
  /** Stops what the provider started (the local server); nothing for GitHub. */
  close(): Promise<void>
}

/** The local provider's answer to `GET me`. */
interface LocalUser {
  readonly sub: string
  readonly name: string
  readonly email: string
}

/**
 * Starts the kit's OpenID Provider on a free loopback port and registers a public client for
 * the device flow there, as a CLI is: it cannot keep a secret (RFC 8628 §5.6), so it has none.
 *
 * @param deviceCodeTtl - Seconds before a user code expires; the provider's 600 by default.
 */
export async function localProvider(deviceCodeTtl?: number): Promise<DeviceProvider> {
  const server = await startOAuth2Provider({
    clients: [
      {
        client_id: 'device-login',
        redirect_uris: [],
        response_types: [],
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      },
    ],
    ...(deviceCodeTtl === undefined ? {} : { deviceCodeTtl }),
  })
  // The issuer alone: discovery finds its device_authorization_endpoint, and the ID token the
  // poll brings back is validated (without a nonce: the device flow has none).
  const app = new OAuth().remoteApp('local', {
    issuer: server.issuer,
    clientId: 'device-login',
    tokenEndpointAuthMethod: 'none',
    baseUrl: server.apiUrl,
  })
  return {
    label: `the local provider at ${server.url}`,
    app,
    scope: ['openid', 'profile', 'email'],
    async whoAmI(token) {
      const me = await app.get<LocalUser>('me', { token })
      if (!me.ok) throw new Error(`GET ${server.apiUrl}me answered HTTP ${me.status}`)
      return `${me.data.name} (${me.data.sub}, ${me.data.email}); the ID token names ${token.claims?.sub ?? 'nobody'}`
    },
    close: () => server.close(),
  }
}

/**
 * GitHub (or GitHub Enterprise Server through `GITHUB_BASE_URL` and `GITHUB_AUTH_URL`, which the
 * preset reads) as a public client: the device flow needs no client secret, and a CLI has none.
 *
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#device-flow
 */
export function githubProvider(clientId: string): DeviceProvider {
  const app = new OAuth().remoteApp('github', github({ clientId, tokenEndpointAuthMethod: 'none' }))
  return {
    label: 'GitHub',
    app,
    scope: ['read:user'],
    async whoAmI(token) {
      const user = await app.get<{ login: string; name: string | null }>('user', { token })
      if (!user.ok) throw new Error(`GET user answered HTTP ${user.status}`)
      return user.data.name === null ? user.data.login : `${user.data.name} (${user.data.login})`
    },
    close: async () => undefined,
  }
}
