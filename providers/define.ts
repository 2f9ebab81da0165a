import { clientIdEnv, OAuthErrorCode, OAuthInvalidResponseError, type RemoteAppOptions } from '../src/index.js'

/** What a preset takes: any remote-app option, which wins over the preset's, plus its own settings. */
export type ProviderInput<Extra extends object = Record<never, never>> = RemoteAppOptions & Partial<Extra>

/** A preset: credentials and overrides in, the remote app's options out. */
export type Provider<Extra extends object = Record<never, never>, Out extends RemoteAppOptions = RemoteAppOptions> = (
  input?: ProviderInput<Extra>,
) => Out

/** What {@link defineProvider} makes a preset from. */
export interface ProviderSpec<Extra extends object, Out extends RemoteAppOptions = RemoteAppOptions> {
  /** Names the credentials' environment variables: `github` reads `GITHUB_CLIENT_ID` and `GITHUB_CLIENT_SECRET`. */
  readonly name: string
  /** The preset's own settings (e.g. `authUrl`), which are not remote-app options. */
  readonly extra?: readonly (keyof Extra & string)[]
  /** The provider's endpoints and quirks, given the input. */
  defaults(input: ProviderInput<Extra>): Out
}

/**
 * Makes a preset from typed data. Providers use only the public API, so any user can write one
 * the same way. The preset reads the client id and secret from `<NAME>_CLIENT_ID` and
 * `<NAME>_CLIENT_SECRET` unless given; the caller's options win over the preset's defaults, and
 * its `extra` settings are not passed on to `remoteApp()`.
 *
 * @param spec - the name, the preset's own settings, and the defaults it makes from the input
 * @returns the preset: credentials and overrides in, the remote app's options out
 * @example
 * ```ts
 * import { OAuth, type OAuth2AppOptions } from 'oauth-consumer'
 * import { defineProvider } from 'oauth-consumer/providers'
 *
 * const acme = defineProvider<{ region: 'eu' | 'us' }, OAuth2AppOptions>({
 *   name: 'acme', // ACME_CLIENT_ID, ACME_CLIENT_SECRET
 *   extra: ['region'],
 *   defaults: ({ region = 'eu' }) => ({
 *     baseUrl: `https://api.${region}.acme.example/v1/`,
 *     authorizeUrl: `https://${region}.acme.example/oauth/authorize`,
 *     accessTokenUrl: `https://${region}.acme.example/oauth/token`,
 *   }),
 * })
 * const app = new OAuth().remoteApp('acme', acme({ region: 'us', scope: ['read'] }))
 * ```
 */
export function defineProvider<
  Extra extends object = Record<never, never>,
  Out extends RemoteAppOptions = RemoteAppOptions,
>(spec: ProviderSpec<Extra, Out>): Provider<Extra, Out> {
  const env = spec.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')
  const extra = new Set<string>(spec.extra ?? [])
  return (input = {}) => {
    const overrides: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(input)) {
      if (!extra.has(key) && value !== undefined) overrides[key] = value
    }
    const clientId = input.clientId ?? input.consumerKey ?? process.env[`${env}_CLIENT_ID`]
    const clientSecret = input.clientSecret ?? input.consumerSecret ?? process.env[`${env}_CLIENT_SECRET`]
    delete overrides.consumerKey
    delete overrides.consumerSecret
    return {
      ...spec.defaults(input),
      ...overrides,
      // Without a client id, registration names the variable the user can set.
      ...(clientId === undefined ? { [clientIdEnv]: `${env}_CLIENT_ID` } : { clientId }),
      ...(clientSecret === undefined ? {} : { clientSecret }),
    } as Out
  }
}

/** A field of an untyped provider answer as a string, if it is one (numbers count: ids often are). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** An object field of an untyped provider answer. */
export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
}

/** A user's id from a profile answer: without one, the answer names nobody and cannot be used. */
export function requireId(id: string | undefined, provider: string): string {
  if (id === undefined) {
    throw new OAuthInvalidResponseError(OAuthErrorCode.INVALID_RESPONSE, `${provider} sent a user without an id`)
  }
  return id
}

/** A base URL with its final `/`, so relative paths join under it rather than beside its last segment. */
export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}
