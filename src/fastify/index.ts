import fastifyCookie from '@fastify/cookie'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type HttpAdapter, requestContext } from '../adapter.js'
import { type PendingAuthorization, StateSealer } from '../browser/state.js'
import { invalidOptions, OAuthAuthorizationError, OAuthError, OAuthErrorCode } from '../errors.js'
import { attachAdapter, needsRequestContext, OAuth } from '../registry.js'
import type { AuthorizedResponse, RemoteApp } from '../remote-app.js'
import { readSecrets } from '../secrets.js'
import { redactLogs, redactUrl } from './redact.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The registry given to the plugin. */
    oauth: OAuth
  }
  interface FastifyRequest {
    /** Why an authorized handler got `null`: the callback's denial or error. */
    oauthError: OAuthError | null
  }
}

declare module '../adapter.js' {
  interface FrameworkTypes {
    request: FastifyRequest
    reply: FastifyReply
  }
}

export interface FastifyOAuthRoutes {
  /** Where the routes are mounted: `GET {prefix}/:name/login` and `GET {prefix}/:name/callback`. Default `/auth`. */
  readonly prefix?: string
  /** Called with the token once a user has signed in with app `name`. */
  onSuccess(name: string, resp: AuthorizedResponse, request: FastifyRequest, reply: FastifyReply): unknown
  /** Called when the user denied or the provider answered `error=`; by default the error is thrown (HTTP 400). */
  onDenied?(name: string, error: OAuthError, request: FastifyRequest, reply: FastifyReply): unknown
}

export interface FastifyOAuthOptions {
  /** The registry whose apps sign users in. */
  readonly oauth: OAuth
  /**
   * Keys the state cookie's encryption: 32 characters at least, or a list (newest first) so a
   * secret can be rotated. Required unless NODE_ENV is `development` or `test`.
   */
  readonly secret?: string | readonly string[] | undefined
  /**
   * The app's external origin as browsers reach it (e.g. `https://app.example.com`): callback
   * URLs are made absolute from it, and an https one makes the state cookie `Secure` and
   * `__Host-`. Required.
   */
  readonly publicUrl: string
  readonly cookie?: {
    /** The state cookies are named `{name}-{app}` (with `__Host-` before it over https). Default `oauth`. */
    readonly name?: string
  }
  /** Mounts a login and a callback route for every registered app. */
  readonly routes?: FastifyOAuthRoutes | undefined
  /**
   * Answer `OAuthError`s as `{ error, message }` JSON with their status. Default true; set false
   * when the app renders errors itself (its handler sees `error.code` and `error.statusCode`).
   */
  readonly errorHandler?: boolean
}

interface PluginConfig {
  readonly sealer: StateSealer
  readonly publicUrl: URL
  readonly cookiePrefix: string
  /** `; Path=/; HttpOnly; SameSite=Lax`, and `; Secure` over https. */
  readonly attributes: string
}

const kConfig = Symbol('oauth-consumer.config')

/** Until the response is sent, or the client has gone away; a hijacked reply counts while open. */
function isServing(reply: FastifyReply): boolean {
  const res = reply.raw
  return !res.writableEnded && !res.destroyed
}

function configOf(request: FastifyRequest): PluginConfig {
  return (request.server as FastifyInstance & { [kConfig]: PluginConfig })[kConfig]
}

function cookieName(config: PluginConfig, app: string): string {
  return `${config.cookiePrefix}-${app}`
}

const fastifyAdapter: HttpAdapter = {
  requestOf: (reply) => reply.request,
  query: (request) => (request.query ?? {}) as Readonly<Record<string, unknown>>,
  publicUrl: (request) => configOf(request).publicUrl,
  readPending(request, app) {
    const config = configOf(request)
    const name = cookieName(config, app)
    return config.sealer.open(request.cookies[name], name)
  },
  writePending(reply, app, pending: readonly PendingAuthorization[]) {
    const config = configOf(reply.request)
    const name = cookieName(config, app)
    // Written as a header, not through setCookie: name and base64url value need no encoding,
    // and fastify appends Set-Cookie headers, so the app's own cookies are kept.
    if (pending.length === 0) {
      reply.header('set-cookie', `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT${config.attributes}`)
      return
    }
    let latest = 0
    for (const p of pending) latest = Math.max(latest, p.expires)
    const maxAge = Math.max(1, Math.ceil((latest - Date.now()) / 1000))
    reply.header('set-cookie', `${name}=${config.sealer.seal(pending, name)}; Max-Age=${maxAge}${config.attributes}`)
  },
  redirect: (reply, url) => reply.redirect(url, 302),
  protect(reply) {
    reply.header('cache-control', 'no-store')
    reply.header('referrer-policy', 'no-referrer')
  },
  setOAuthError(request, error) {
    request.oauthError = error
  },
}

function readPublicUrl(publicUrl: unknown): URL {
  if (publicUrl === undefined || publicUrl === null || publicUrl === '') {
    // The cookie's attributes follow from it: without it, an https app's state cookie would be
    // neither Secure nor __Host-, and a sibling subdomain could plant one.
    throw invalidOptions(
      'oauth-consumer: the plugin needs "publicUrl", the app\'s external origin as browsers reach it (e.g. https://app.example.com, or http://localhost:3000 in development): callback URLs and the state cookie\'s attributes are made from it',
    )
  }
  let url: URL | undefined
  try {
    url = new URL(String(publicUrl))
  } catch {
    url = undefined
  }
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.username !== '' || url.password !== '') {
    throw invalidOptions(
      `oauth-consumer: "publicUrl" must be the app's external http(s) origin, e.g. https://app.example.com; got ${JSON.stringify(publicUrl)}`,
    )
  }
  url.search = ''
  url.hash = ''
  return url
}

const plugin: FastifyPluginAsync<FastifyOAuthOptions> = async (fastify, options) => {
  if (!(options.oauth instanceof OAuth)) {
    throw invalidOptions('oauth-consumer: the plugin needs "oauth", an OAuth registry')
  }
  const publicUrl = readPublicUrl(options.publicUrl)
  const secure = publicUrl.protocol === 'https:'
  const prefix = options.cookie?.name ?? 'oauth'
  if (!/^[\w.-]{1,32}$/.test(prefix)) {
    throw invalidOptions('oauth-consumer: "cookie.name" must be 1 to 32 letters, digits, ".", "_" or "-"')
  }
  const config: PluginConfig = {
    sealer: new StateSealer(
      readSecrets(options.secret, (message) => fastify.log.warn(message)),
      publicUrl.origin,
    ),
    publicUrl,
    cookiePrefix: secure ? `__Host-${prefix}` : prefix,
    attributes: `; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
  }

  if (!fastify.hasReplyDecorator('setCookie')) await fastify.register(fastifyCookie)
  fastify.decorate(kConfig, config)
  fastify.decorate('oauth', options.oauth)
  fastify.decorateRequest('oauthError', null)
  attachAdapter(options.oauth, fastifyAdapter)

  // Tokengetters find the request through this context; preHandler runs after the body is read.
  // On Node 20 the context costs every request, so it is entered only once an app needs it.
  const oauth = options.oauth
  fastify.addHook('preHandler', (request, reply, done) => {
    if (needsRequestContext(oauth)) requestContext.run({ request, isOpen: () => isServing(reply) }, done)
    else done()
  })

  // A mistyped callback path reaches a not-found handler: fastify's repeats the URL in its log
  // message and its answer, and an app's own may too. Both see it redacted.
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.is404 && request.raw.url !== undefined) request.raw.url = redactUrl(request.raw.url)
    done()
  })

  // Callback URLs carry codes, states and tokens: keep them out of the logs. Without a logger
  // (its child is itself) there are none, and nothing is set up: no request pays for it.
  if (fastify.log.child({}) !== fastify.log) redactLogs(fastify)

  if (options.errorHandler !== false) {
    const parentErrorHandler = fastify.errorHandler
    fastify.setErrorHandler(function (error, request, reply) {
      if (error instanceof OAuthError) {
        if (error.statusCode >= 500) request.log.error({ err: error }, error.message)
        else request.log.info({ code: error.code }, error.message)
        return reply.code(error.statusCode).send({ error: error.code, message: error.message })
      }
      return parentErrorHandler.call(this, error, request, reply)
    })
  }

  if (options.routes !== undefined) mountRoutes(fastify, options.oauth, options.routes)
}

function mountRoutes(fastify: FastifyInstance, oauth: OAuth, routes: FastifyOAuthRoutes): void {
  if (typeof routes.onSuccess !== 'function') {
    throw invalidOptions('oauth-consumer: "routes.onSuccess" must be a function')
  }
  const prefix = (routes.prefix ?? '/auth').replace(/\/+$/, '')
  if (prefix !== '' && !/^\/[\w./-]*$/.test(prefix)) {
    throw invalidOptions(`oauth-consumer: "routes.prefix" must be a path; got ${JSON.stringify(routes.prefix)}`)
  }
  const handlers = new WeakMap<RemoteApp, ReturnType<RemoteApp['authorizedHandler']>>()
  const handlerOf = (app: RemoteApp) => {
    let handler = handlers.get(app)
    if (handler === undefined) {
      handler = app.authorizedHandler(async (resp, request, reply) => {
        if (resp !== null) return routes.onSuccess(app.name, resp, request, reply)
        const error =
          request.oauthError ??
          new OAuthAuthorizationError(OAuthErrorCode.AUTHORIZATION_ERROR, 'The sign-in did not complete')
        if (routes.onDenied === undefined) throw error
        return routes.onDenied(app.name, error, request, reply)
      })
      handlers.set(app, handler)
    }
    return handler
  }
  type Params = { Params: { name: string }; Querystring: { next?: unknown } }
  fastify.get<Params>(`${prefix}/:name/login`, (request, reply) => {
    const app = oauth.get(request.params.name)
    return app.authorize(reply, { callback: `${prefix}/${app.name}/callback`, next: request.query.next })
  })
  fastify.get<Params>(`${prefix}/:name/callback`, (request, reply) =>
    handlerOf(oauth.get(request.params.name))(request, reply),
  )
}

/** The fastify plugin: state cookies, request context, error mapping, log redaction, optional routes. */
export const fastifyOAuth = fp(plugin, { fastify: '5.x', name: 'oauth-consumer' })
export default fastifyOAuth
export { redactingRequestSerializer, redactUrl } from './redact.js'
