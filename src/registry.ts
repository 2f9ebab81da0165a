import { type FrameworkRequest, type HttpAdapter, requestContext } from './adapter.js'
import { type Fail, invalidOptions, OAuthConfigError, OAuthErrorCode } from './errors.js'
import type { OAuth1TokenResponse } from './oauth1/flow.js'
import { OAuth1Protocol } from './oauth1/protocol.js'
import { OAuth2Protocol, plainOAuth2 } from './oauth2/protocol.js'
import type { OAuth2Token } from './oauth2/token.js'
import { openIdConnect } from './oidc/layer.js'
import { baseUrlWarning } from './options/common.js'
import {
  type OAuth1AppOptions,
  type OAuth2AppOptions,
  type RemoteAppOptions,
  type ResolvedOptions,
  resolveOptions,
  type SharedOptions,
  type UserInfoObject,
  validateSharedOptions,
} from './options.js'
import type { AuthorizedResponse, Protocol } from './protocol.js'
import { RemoteApp } from './remote-app.js'
import { TokenHooks } from './token-hooks.js'
import { isLoopback, resolveUrl } from './url.js'

/** The `code` of the process warning for a `baseUrl` without its final `/`. */
export const BASE_URL_WARNING = 'OAUTH_BASE_URL_WITHOUT_SLASH'

/** How `remoteApp()` registers an app. */
export interface RemoteAppSettings {
  /** Keep the app in the registry. Default true. */
  readonly register?: boolean
}

const adapters = new WeakMap<OAuth, HttpAdapter>()
/** The public URL each registry's adapter serves, when it said: a `form_post` app needs https there. */
const publicUrls = new WeakMap<OAuth, URL>()
/** The `form_post` apps of each registry, registered or not, by name. */
const formPostApps = new WeakMap<OAuth, Set<string>>()

/** Options of {@link attachAdapter}. */
export interface AttachOptions {
  /**
   * The app's external origin the adapter serves (its `publicUrl`): a `form_post` app's state
   * cookie is `SameSite=None; Secure`, so such an app is refused with a plain-http one other
   * than loopback.
   */
  readonly publicUrl?: URL | string | undefined
}

/**
 * Refuses a `form_post` app with a public URL whose cookies cannot be `Secure`: over http, only
 * a loopback host (browsers treat it as a secure context).
 */
function checkFormPost(app: string, publicUrl: URL | undefined): void {
  if (publicUrl === undefined || publicUrl.protocol === 'https:') return
  if (publicUrl.protocol === 'http:' && isLoopback(publicUrl.hostname)) return
  throw invalidOptions(
    `Remote app "${app}": "responseMode" form_post needs an https "publicUrl" (or http on loopback): its state cookie must be SameSite=None; Secure; got ${publicUrl.origin}`,
  )
}
/** Registries one of whose apps has a tokengetter or tokenupdater, which need the request. */
const contextual = new WeakSet<OAuth>()

/**
 * Runs `next` with `request` as the current request of the registry's tokengetters, for as
 * long as `isOpen()` says it is being served. A framework adapter calls it for every request,
 * before the route's handler; until an app of the registry has a tokengetter or tokenupdater it
 * only calls `next`, since on Node 20 the context makes every promise of the process pay.
 */
export function bindRequest<Request, T>(oauth: OAuth, request: Request, isOpen: () => boolean, next: () => T): T {
  if (!contextual.has(oauth)) return next()
  // The adapter binds its own framework's request: the one its apps' tokengetters are typed with.
  return requestContext.run({ request: request as FrameworkRequest, isOpen }, next)
}

/**
 * Attaches a framework adapter to a registry: its apps then sign users in through it. The
 * fastify plugin calls it at registration; an adapter for another framework does the same.
 *
 * @param oauth - the registry
 * @param adapter - the framework's adapter
 * @param options - the `publicUrl` the adapter serves, so `form_post` apps can be checked against it
 * @throws {@link OAuthConfigError} `OAUTH_INVALID_OPTIONS` for a registry that is not one, or a
 *   `form_post` app of the registry with a plain-http `publicUrl` other than loopback
 */
export function attachAdapter<Request, Reply>(
  oauth: OAuth,
  adapter: HttpAdapter<Request, Reply>,
  options: AttachOptions = {},
): void {
  if (!(oauth instanceof OAuth))
    throw invalidOptions('attachAdapter(oauth, adapter): "oauth" must be an OAuth registry')
  const publicUrl = options.publicUrl === undefined ? undefined : resolveUrl(String(options.publicUrl), undefined)
  if (options.publicUrl !== undefined && publicUrl === undefined)
    throw invalidOptions(`attachAdapter(): "publicUrl" must be a URL; got ${JSON.stringify(String(options.publicUrl))}`)
  for (const app of formPostApps.get(oauth) ?? []) checkFormPost(app, publicUrl)
  if (publicUrl === undefined) publicUrls.delete(oauth)
  else publicUrls.set(oauth, publicUrl)
  // The core hands an adapter only the requests and replies that adapter's framework gave it.
  adapters.set(oauth, adapter as unknown as HttpAdapter)
}

/**
 * The protocol an app speaks, chosen once from its options: a request-token URL makes it
 * OAuth 1.0a, an issuer OpenID Connect, anything else OAuth 2.0.
 */
function protocolOf(name: string, o: ResolvedOptions, hooks: TokenHooks): Protocol {
  const fail: Fail = (message) => invalidOptions(`Remote app "${name}": ${message}`)
  const { requestTokenUrl, accessTokenUrl, authorizeUrl, issuer } = o
  if (issuer !== undefined) return new OAuth2Protocol(name, o, openIdConnect({ ...o, issuer }, name), hooks)
  // Without an issuer, the options' validation made the token endpoint required, and the
  // authorize endpoint for OAuth 1.0a; an OAuth 2.0 app without one signs nobody in.
  if (accessTokenUrl === undefined) throw fail('"accessTokenUrl" is required')
  if (requestTokenUrl !== undefined) {
    if (authorizeUrl === undefined) throw fail('"authorizeUrl" is required')
    // Every OAuth 1.0a request is signed with it (RFC 5849 §3.4.2): a secret per use has no place.
    if (o.clientSecretFunction !== undefined)
      throw fail('"consumerSecret" (or "clientSecret") must be a string for OAuth 1.0a; a function is for OAuth 2.0')
    return new OAuth1Protocol(name, { ...o, requestTokenUrl, accessTokenUrl, authorizeUrl })
  }
  return new OAuth2Protocol(name, o, plainOAuth2({ ...o, accessTokenUrl, authorizeUrl }, name), hooks)
}

/**
 * The registry of remote apps, as Flask-OAuth's `OAuth`: `remoteApp()` registers one by name,
 * `get()` finds it. Defaults given here apply to every app that does not set its own.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 *
 * const oauth = new OAuth({ timeout: 5000 })
 * const twitter = oauth.remoteApp('twitter', {
 *   baseUrl: 'https://api.twitter.com/1.1/',
 *   requestTokenUrl: 'https://api.twitter.com/oauth/request_token',
 *   accessTokenUrl: 'https://api.twitter.com/oauth/access_token',
 *   authorizeUrl: 'https://api.twitter.com/oauth/authenticate',
 *   consumerKey: process.env.TWITTER_CLIENT_ID ?? '',
 *   consumerSecret: process.env.TWITTER_CLIENT_SECRET ?? '',
 * })
 * console.log(oauth.get('twitter') === twitter, twitter.protocol) // true 'oauth1'
 * ```
 * @see https://github.com/mitsuhiko/flask-oauth (the model: a registry, `remote_app`, `authorize`, `authorized_handler`)
 */
export class OAuth {
  readonly #apps = new Map<string, RemoteApp>()
  readonly #defaults: SharedOptions

  /**
   * @param defaults - options every app of the registry gets unless it sets its own (`timeout`, `userAgent`, `retries`, `refreshLock`, …)
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_OPTIONS` for a bad default, naming it
   */
  constructor(defaults: SharedOptions = {}) {
    this.#defaults = { ...validateSharedOptions(defaults) }
  }

  /** The registered apps by name. */
  get remoteApps(): ReadonlyMap<string, RemoteApp> {
    return this.#apps
  }

  /**
   * Creates a remote app and registers it under `name` (unless `register: false`). Options are
   * validated here: a bad one throws `OAUTH_INVALID_OPTIONS` naming it. A `requestTokenUrl`
   * makes it an OAuth 1.0a app, an `issuer` an OpenID Connect one, anything else OAuth 2.0. A
   * `baseUrl` whose last path segment lacks its final `/` is a process warning
   * (`OAUTH_BASE_URL_WITHOUT_SLASH`). `profile()` is typed by the options' `profile` mapping: a
   * preset's documented answer.
   *
   * @param name - 1 to 64 letters, digits, `.`, `_` or `-`; names the app in `get()`, errors and cookies
   * @param options - the endpoints, credentials and settings (see {@link RemoteAppOptions}), or a preset's
   * @param settings - `register: false` keeps the app out of the registry
   * @throws {@link OAuthConfigError} `OAUTH_INVALID_OPTIONS` for a bad name or option (a missing `accessTokenUrl`, a non-URL, a non-https token URL outside loopback, an unknown signature method), `OAUTH_DUPLICATE_APP` for a name already registered
   * @example
   * ```ts
   * import { OAuth } from 'oauth-consumer'
   * import { github } from 'oauth-consumer/providers'
   *
   * const oauth = new OAuth()
   * const gh = oauth.remoteApp('github', github({ scope: ['read:user'] }))
   * const scratch = oauth.remoteApp('scratch', github(), { register: false }) // not in oauth.remoteApps
   * console.log(gh.name, scratch.name, [...oauth.remoteApps.keys()]) // github scratch [ 'github' ]
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-2 (client registration)
   */
  remoteApp<Raw = UserInfoObject>(
    name: string,
    options: OAuth1AppOptions<Raw>,
    settings?: RemoteAppSettings,
  ): RemoteApp<OAuth1TokenResponse, Raw>
  remoteApp<Raw = UserInfoObject>(
    name: string,
    options: OAuth2AppOptions<Raw>,
    settings?: RemoteAppSettings,
  ): RemoteApp<OAuth2Token, Raw>
  remoteApp<Raw = UserInfoObject>(
    name: string,
    options: RemoteAppOptions<Raw>,
    settings?: RemoteAppSettings,
  ): RemoteApp<AuthorizedResponse, Raw>
  remoteApp(name: string, options: RemoteAppOptions, { register = true }: RemoteAppSettings = {}): RemoteApp {
    if (typeof name !== 'string' || !/^[A-Za-z0-9][\w.-]{0,63}$/.test(name)) {
      throw invalidOptions(
        `A remote app name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit; got ${JSON.stringify(name)}`,
      )
    }
    if (register && this.#apps.has(name)) {
      throw new OAuthConfigError(OAuthErrorCode.DUPLICATE_APP, `A remote app named "${name}" is registered already`)
    }
    const resolved = resolveOptions(name, options, this.#defaults)
    if (resolved.responseMode === 'form_post') {
      checkFormPost(name, publicUrls.get(this))
      let names = formPostApps.get(this)
      if (names === undefined) {
        names = new Set()
        formPostApps.set(this, names)
      }
      names.add(name)
    }
    const warning = baseUrlWarning(name, resolved.baseUrl)
    // The registry has no logger of its own: Node's warning channel reaches stderr by default,
    // and `process.on('warning')` or a logger that listens there.
    if (warning !== undefined) process.emitWarning(warning, { type: 'OAuthConsumerWarning', code: BASE_URL_WARNING })
    const hooks = new TokenHooks()
    const app = new RemoteApp(name, resolved, {
      protocol: protocolOf(name, resolved, hooks),
      hooks,
      adapter: () => this.#adapter(),
      needsRequest: () => contextual.add(this),
    })
    if (register) this.#apps.set(name, app)
    return app
  }

  /**
   * The app registered under `name`.
   *
   * @throws {@link OAuthConfigError} `OAUTH_UNKNOWN_APP`, naming the registered ones, if there is none
   */
  get(name: string): RemoteApp {
    const app = this.#apps.get(name)
    if (app === undefined) throw this.#unknown(name)
    return app
  }

  // A misspelt name is the usual cause: the names that would have matched show which.
  #unknown(name: string): OAuthConfigError {
    const names = [...this.#apps.keys()].map((known) => JSON.stringify(known))
    const known = names.length === 0 ? 'none are registered' : `registered: ${names.join(', ')}`
    return new OAuthConfigError(OAuthErrorCode.UNKNOWN_APP, `No remote app named ${JSON.stringify(name)}; ${known}`)
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
