import type { HttpAdapter } from './adapter.js'
import { OAuthConfigError, OAuthErrorCode } from './errors.js'
import type { OAuth1TokenResponse } from './oauth1/flow.js'
import type { OAuth2Token } from './oauth2/token.js'
import {
  type OAuth1AppOptions,
  type OAuth2AppOptions,
  type RemoteAppOptions,
  resolveOptions,
  type SharedOptions,
  validateSharedOptions,
} from './options.js'
import { RemoteApp } from './remote-app.js'

export interface RemoteAppSettings {
  /** Keep the app in the registry. Default true. */
  readonly register?: boolean
}

const adapters = new WeakMap<OAuth, HttpAdapter>()
/** Registries one of whose apps has a tokengetter or tokenupdater, which need the request. */
const contextual = new WeakSet<OAuth>()

/** @internal Whether the framework must bind each request for this registry's apps. */
export function needsRequestContext(oauth: OAuth): boolean {
  return contextual.has(oauth)
}

/** @internal How a framework adapter (the fastify plugin) attaches itself to a registry. */
export function attachAdapter(oauth: OAuth, adapter: HttpAdapter): void {
  adapters.set(oauth, adapter)
}

/**
 * The registry of remote apps, as Flask-OAuth's `OAuth`: `remoteApp()` registers one by name,
 * `get()` finds it. Defaults given here apply to every app that does not set its own.
 */
export class OAuth {
  readonly #apps = new Map<string, RemoteApp>()
  readonly #defaults: SharedOptions

  constructor(defaults: SharedOptions = {}) {
    this.#defaults = { ...validateSharedOptions(defaults) }
  }

  /** The registered apps by name. */
  get remoteApps(): ReadonlyMap<string, RemoteApp> {
    return this.#apps
  }

  /**
   * Creates a remote app and registers it under `name` (unless `register: false`). Options are
   * validated here: a bad one throws `OAUTH_INVALID_OPTIONS` naming it.
   */
  remoteApp(name: string, options: OAuth1AppOptions, settings?: RemoteAppSettings): RemoteApp<OAuth1TokenResponse>
  remoteApp(name: string, options: OAuth2AppOptions, settings?: RemoteAppSettings): RemoteApp<OAuth2Token>
  remoteApp(name: string, options: RemoteAppOptions, settings?: RemoteAppSettings): RemoteApp
  remoteApp(name: string, options: RemoteAppOptions, { register = true }: RemoteAppSettings = {}): RemoteApp {
    if (typeof name !== 'string' || !/^[A-Za-z0-9][\w.-]{0,63}$/.test(name)) {
      throw new OAuthConfigError(
        OAuthErrorCode.INVALID_OPTIONS,
        `A remote app name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit; got ${JSON.stringify(name)}`,
      )
    }
    if (register && this.#apps.has(name)) {
      throw new OAuthConfigError(OAuthErrorCode.DUPLICATE_APP, `A remote app named "${name}" is registered already`)
    }
    const app = new RemoteApp(
      name,
      resolveOptions(name, options, this.#defaults),
      () => this.#adapter(),
      () => contextual.add(this),
    )
    if (register) this.#apps.set(name, app)
    return app
  }

  /** The app registered under `name`; `OAUTH_UNKNOWN_APP` if there is none. */
  get(name: string): RemoteApp {
    const app = this.#apps.get(name)
    if (app === undefined)
      throw new OAuthConfigError(OAuthErrorCode.UNKNOWN_APP, `No remote app named ${JSON.stringify(name)}`)
    return app
  }

  #adapter(): HttpAdapter {
    const adapter = adapters.get(this)
    if (adapter === undefined) {
      throw new OAuthConfigError(
        OAuthErrorCode.NOT_MOUNTED,
        'Signing users in needs a web framework: register the plugin first, e.g. app.register(fastifyOAuth, { oauth, secret })',
      )
    }
    return adapter
  }
}
