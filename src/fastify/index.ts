// The published declarations must carry @fastify/cookie's augmentation of FastifyRequest and
// FastifyReply, or an app's `request.cookies` and `reply.setCookie` fail to compile; a value
// import alone is dropped from the .d.ts, and `preserve` keeps this directive in it.
/// <reference types="@fastify/cookie" preserve="true" />
import fastifyCookie from '@fastify/cookie'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import {
  type AuthorizedResponse,
  attachAdapter,
  bindRequest,
  type HttpAdapter,
  OAuth,
  OAuthAuthorizationError,
  OAuthConfigError,
  OAuthError,
  OAuthErrorCode,
  type PendingAuthorization,
  type PendingCookieOptions,
  PendingCookies,
  type RemoteApp,
} from '../index.js'
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

declare module '../index.js' {
  interface FrameworkTypes {
    /** fastify's request and reply, which handlers and tokengetters get once this entry is imported. */
    fastify: { request: FastifyRequest; reply: FastifyReply }
  }
}

/** The plugin's optional login and callback routes, one pair for every registered app. */
export interface FastifyOAuthRoutes {
  /**
   * Where the routes are mounted: `GET {prefix}/:name/login`, and `GET` and `POST` (`form_post`
   * apps) `{prefix}/:name/callback`. Default `/auth`.
   */
  readonly prefix?: string
  /** Called with the token once a user has signed in with app `name`. */
  onSuccess(name: string, resp: AuthorizedResponse, request: FastifyRequest, reply: FastifyReply): unknown
  /** Called when the user denied or the provider answered `error=`; by default the error is thrown (HTTP 400). */
  onDenied?(name: string, error: OAuthError, request: FastifyRequest, reply: FastifyReply): unknown
}

/** The plugin's options: the registry, the pending-login cookie's (`secret`, `publicUrl`, `cookie`), and its own. */
export interface FastifyOAuthOptions extends PendingCookieOptions {
  /** The registry whose apps sign users in. */
  readonly oauth: OAuth
  /**
   * Binds each request for tokengetters, so `gh.get('user')` in a route finds the user. Default
   * true. On Node 20 the binding (an AsyncLocalStorage) costs every request of the process about
   * 8–10% CPU once an app has a tokengetter; with `false`, routes pass the request instead:
   * `gh.get('user', { request })`.
   */
  readonly requestContext?: boolean
  /** Mounts a login and a callback route for every registered app. */
  readonly routes?: FastifyOAuthRoutes | undefined
  /**
   * Answer `OAuthError`s as `{ error, message }` JSON with their status. Default true; set false
   * when the app renders errors itself (its handler sees `error.code` and `error.statusCode`).
   */
  readonly errorHandler?: boolean
}

const kConfig = Symbol('oauth-consumer.config')

function invalid(message: string): OAuthConfigError {
  return new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, message)
}

/** Until the response is sent, or the client has gone away; a hijacked reply counts while open. */
function isServing(reply: FastifyReply): boolean {
  const res = reply.raw
  return !res.writableEnded && !res.destroyed
}

function cookiesOf(request: FastifyRequest): PendingCookies {
  return (request.server as FastifyInstance & { [kConfig]: PendingCookies })[kConfig]
}

const NO_PARAMS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null))

/**
 * A POST callback's parameters: its body only when that is a form (OAuth 2.0 Form Post Response
 * Mode), whatever parser read it; a JSON or other body is no provider's callback.
 */
function formBody(request: FastifyRequest): Readonly<Record<string, unknown>> {
  const type = request.headers['content-type'] ?? ''
  const body = request.body
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) return NO_PARAMS
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Readonly<Record<string, unknown>>)
    : NO_PARAMS
}

/** The size a form-post callback's body may have: a code, a state, an ID token, Apple's `user`. */
const FORM_BODY_LIMIT = 64 * 1024

/** A urlencoded body as a null-prototype object; a repeated name becomes an array, as in a query. */
function parseForm(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null)
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = fields[key]
    fields[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return fields
}

const fastifyAdapter: HttpAdapter<FastifyRequest, FastifyReply> = {
  requestOf: (reply) => reply.request,
  query: (request) =>
    request.method === 'POST' ? formBody(request) : ((request.query ?? {}) as Readonly<Record<string, unknown>>),
  method: (request) => request.method,
  publicUrl: (request) => cookiesOf(request).publicUrl,
  host: (request) => request.host,
  readPending(request, app) {
    const cookies = cookiesOf(request)
    return cookies.open(app, request.cookies[cookies.name(app)])
  },
  // Written as a header, not through setCookie: name and base64url value need no encoding, and
  // fastify appends Set-Cookie headers, so the app's own cookies are kept.
  writePending(reply, app, pending: readonly PendingAuthorization[], options) {
    const cookies = cookiesOf(reply.request)
    if (pending.length > 0) {
      const warning = cookies.hostWarning(app, reply.request.host)
      if (warning !== undefined) reply.request.log.warn(warning)
    }
    reply.header('set-cookie', cookies.setCookie(app, pending, options.crossSite))
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

const plugin: FastifyPluginAsync<FastifyOAuthOptions> = async (fastify, options) => {
  if (!(options.oauth instanceof OAuth)) {
    throw invalid('oauth-consumer: the plugin needs "oauth", an OAuth registry')
  }
  if (options.requestContext !== undefined && typeof options.requestContext !== 'boolean') {
    throw invalid('oauth-consumer: "requestContext" must be a boolean')
  }
  const cookies = new PendingCookies(options, (message) => fastify.log.warn(message))

  if (!fastify.hasReplyDecorator('setCookie')) await fastify.register(fastifyCookie)
  fastify.decorate(kConfig, cookies)
  fastify.decorate('oauth', options.oauth)
  fastify.decorateRequest('oauthError', null)
  attachAdapter(options.oauth, fastifyAdapter, { publicUrl: cookies.publicUrl })

  // form_post callbacks are urlencoded POSTs (§10). An app's own parser, registered before the
  // plugin (@fastify/formbody), is kept.
  const form = 'application/x-www-form-urlencoded'
  if (!fastify.hasContentTypeParser(form)) {
    fastify.addContentTypeParser(form, { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, parseForm(String(body)))
    })
  }

  // Tokengetters find the request through this context; preHandler runs after the body is read.
  if (options.requestContext !== false) {
    const oauth = options.oauth
    fastify.addHook('preHandler', (request, reply, done) => {
      bindRequest(oauth, request, () => isServing(reply), done)
    })
  }

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
    throw invalid('oauth-consumer: "routes.onSuccess" must be a function')
  }
  const prefix = (routes.prefix ?? '/auth').replace(/\/+$/, '')
  if (prefix !== '' && !/^\/[\w./-]*$/.test(prefix)) {
    throw invalid(`oauth-consumer: "routes.prefix" must be a path; got ${JSON.stringify(routes.prefix)}`)
  }
  const handlers = new WeakMap<RemoteApp, (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>>()
  const handlerOf = (app: RemoteApp) => {
    let handler = handlers.get(app)
    if (handler === undefined) {
      handler = app.authorizedHandler(async (resp, request: FastifyRequest, reply: FastifyReply) => {
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
  // The name comes from the URL: a visitor is told it is unknown, not which names are registered.
  const appNamed = (name: string): RemoteApp => {
    const app = oauth.remoteApps.get(name)
    if (app === undefined)
      throw new OAuthConfigError(OAuthErrorCode.UNKNOWN_APP, `No remote app named ${JSON.stringify(name)}`)
    return app
  }
  type Params = { Params: { name: string }; Querystring: { next?: unknown } }
  fastify.get<Params>(`${prefix}/:name/login`, (request, reply) => {
    const app = appNamed(request.params.name)
    return app.authorize(reply, { callback: `${prefix}/${app.name}/callback`, next: request.query.next })
  })
  const callback = (request: FastifyRequest<Params>, reply: FastifyReply) =>
    handlerOf(appNamed(request.params.name))(request, reply)
  fastify.get<Params>(`${prefix}/:name/callback`, callback)
  // form_post apps' callbacks; each app accepts only its own method.
  fastify.post<Params>(`${prefix}/:name/callback`, callback)
}

/**
 * The fastify plugin: state cookies, request context, error mapping, log redaction, optional routes.
 * It registers `@fastify/cookie` if the app has not, decorates `app.oauth` with the registry, binds
 * each request for tokengetters, and answers an `OAuthError` with its `statusCode` and
 * `{ error: code, message }`.
 *
 * @throws {@link "oauth-consumer".OAuthConfigError | OAuthConfigError} `OAUTH_INVALID_OPTIONS` at registration for a missing `oauth`,
 * `publicUrl` or (outside `NODE_ENV` development and test) `secret`, or a secret shorter than 32
 * characters or degenerate
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import { OAuth } from 'oauth-consumer'
 * import fastifyOAuth from 'oauth-consumer/fastify'
 * import { github } from 'oauth-consumer/providers'
 *
 * const oauth = new OAuth()
 * oauth.remoteApp('github', github())
 * const app = Fastify()
 * await app.register(fastifyOAuth, {
 *   oauth,
 *   secret: process.env.OAUTH_SECRET, // 32 characters or more
 *   publicUrl: 'https://app.example.com',
 *   routes: { onSuccess: (_name, _token, _request, reply) => reply.redirect('/') }, // GET /auth/github/login and /callback
 * })
 * ```
 * @see https://fastify.dev/docs/latest/Reference/Plugins/
 */
export const fastifyOAuth = fp(plugin, { fastify: '5.x', name: 'oauth-consumer' })
export default fastifyOAuth
export { redactingRequestSerializer, redactUrl } from './redact.js'
