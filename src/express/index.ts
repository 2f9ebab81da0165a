import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express'
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
  type PendingCookieOptions,
  PendingCookies,
  type RemoteApp,
} from '../index.js'
import { readForm } from './form.js'

declare global {
  namespace Express {
    interface Request {
      /** Why an authorized handler got `null`: the callback's denial or error (set by `expressOAuth`). */
      oauthError: OAuthError | null
    }
  }
}

declare module '../index.js' {
  interface FrameworkTypes {
    /** Express's request and response, which handlers and tokengetters get once this entry is imported. */
    express: {
      /** Express's request. */
      request: Request
      /** Express's response. */
      reply: Response
    }
  }
}

/** The middleware's optional login and callback routes, one pair for every registered app. */
export interface ExpressOAuthRoutes {
  /**
   * Where the routes are mounted, below the middleware's own mount path: `GET {prefix}/:name/login`,
   * and `GET` and `POST` (`form_post` apps) `{prefix}/:name/callback`. Default `/auth`.
   */
  readonly prefix?: string
  /** Called with the token once a user has signed in with app `name`. */
  onSuccess(name: string, resp: AuthorizedResponse, req: Request, res: Response): unknown
  /** Called when the user denied or the provider answered `error=`; by default the error goes to `next()` (HTTP 400). */
  onDenied?(name: string, error: OAuthError, req: Request, res: Response): unknown
}

/** The middleware's options: the registry, the pending-login cookie's (`secret`, `publicUrl`, `cookie`), and its own. */
export interface ExpressOAuthOptions extends PendingCookieOptions {
  /** The registry whose apps sign users in. */
  readonly oauth: OAuth
  /**
   * Binds each request for tokengetters, so `gh.get('user')` in a route finds the user. Default
   * true; with `false`, routes pass the request instead: `gh.get('user', { request: req })`.
   */
  readonly requestContext?: boolean
  /** Mounts a login and a callback route for every registered app. */
  readonly routes?: ExpressOAuthRoutes | undefined
  /**
   * Where warnings go (a secret drawn for development, a plain-http `publicUrl`, a sign-in opened
   * at another host than `publicUrl`'s): Express has no logger of its own. Default `console.warn`.
   */
  readonly warn?: (message: string) => void
}

/** Until the response is sent, or the client has gone away. */
function isServing(res: Response): boolean {
  return !res.writableEnded && !res.destroyed
}

const NO_PARAMS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null))
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i

/**
 * A POST callback's parameters: its body only when that is a form (OAuth 2.0 Form Post Response
 * Mode), whatever parser read it; a JSON or other body is no provider's callback.
 */
function formBody(req: Request): Readonly<Record<string, unknown>> {
  const body: unknown = req.body
  if (!FORM_TYPE.test(req.headers['content-type'] ?? '')) return NO_PARAMS
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Readonly<Record<string, unknown>>)
    : NO_PARAMS
}

/** The cookie named `name` in a `Cookie` header; the first of a repeated name wins, as in `cookie.parse`. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=')
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim()
  }
  return undefined
}

/** The last app's request prototype (`app.request`) given `oauthError`: most processes have one app. */
let declaredOn: object | undefined

/**
 * Gives the app's request prototype (`app.request`, which its mounted apps' requests inherit)
 * `oauthError: null`, once, as fastify's `decorateRequest` does; false for a request that is not
 * an Express app's. Adding the property to each request instead, after Express has swapped the
 * request's prototype, is slow in V8: about 3 µs of every request in the benchmark, the
 * middleware's whole cost on a route that does not sign anyone in.
 */
function declareOAuthError(req: Request): boolean {
  const proto: unknown = Object.getPrototypeOf(req)
  if (proto === declaredOn) return true
  if (typeof proto !== 'object' || proto === null || proto !== (req as { app?: { request?: unknown } }).app?.request) {
    return false
  }
  if (!Object.hasOwn(proto, 'oauthError')) {
    Object.defineProperty(proto, 'oauthError', { value: null, writable: true, configurable: true })
  }
  declaredOn = proto
  return true
}

function invalid(message: string): OAuthConfigError {
  return new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, message)
}

/** The adapter of one `expressOAuth()` call: its cookies, and the warnings' destination. */
function expressAdapter(cookies: PendingCookies, warn: (message: string) => void): HttpAdapter<Request, Response> {
  return {
    requestOf: (res) => res.req,
    query: (req) => (req.method === 'POST' ? formBody(req) : (req.query as Readonly<Record<string, unknown>>)),
    method: (req) => req.method,
    publicUrl: () => cookies.publicUrl,
    host: (req) => req.headers.host,
    readPending: (req, app) => cookies.open(app, cookieValue(req.headers.cookie, cookies.name(app))),
    // Appended: the app's own cookies on this response are kept.
    writePending(res, app, pending, options) {
      if (pending.length > 0) {
        const warning = cookies.hostWarning(app, res.req.headers.host)
        if (warning !== undefined) warn(warning)
      }
      res.append('Set-Cookie', cookies.setCookie(app, pending, options.crossSite))
    },
    redirect(res, url) {
      res.redirect(302, url)
      return res
    },
    protect(res) {
      res.setHeader('Cache-Control', 'no-store')
      res.setHeader('Referrer-Policy', 'no-referrer')
    },
    setOAuthError(req, error) {
      req.oauthError = error
    },
  }
}

/**
 * The Express middleware: state cookies (read and written without `cookie-parser`), the
 * urlencoded bodies of `form_post` callbacks (64 KiB at most; an app's own parser mounted before
 * it is kept), the request bound for tokengetters, and the optional login and callback routes.
 * `OAuthError`s reach `next()` with their `statusCode`; `oauthErrorHandler()` answers them as
 * JSON. Works with Express 5 and 4; on Express 4, which ignores a handler's rejected promise,
 * pass an async handler's errors to `next()` yourself.
 *
 * @param options - the registry, `secret`, `publicUrl`, and optionally `cookie`, `routes`, `requestContext`, `warn`
 * @returns the middleware, to `app.use()` before the routes that sign users in
 * @throws {@link "oauth-consumer".OAuthConfigError | OAuthConfigError} `OAUTH_INVALID_OPTIONS` for a missing `oauth`,
 * `publicUrl` or (outside `NODE_ENV` development and test) `secret`, or a secret shorter than 32
 * characters or degenerate
 * @example
 * ```ts
 * import express from 'express'
 * import { OAuth } from 'oauth-consumer'
 * import { expressOAuth, oauthErrorHandler } from 'oauth-consumer/express'
 * import { github } from 'oauth-consumer/providers'
 *
 * const oauth = new OAuth()
 * const gh = oauth.remoteApp('github', github({ scope: ['read:user'] }))
 * const app = express()
 * app.use(expressOAuth({ oauth, secret: process.env.OAUTH_SECRET, publicUrl: 'http://localhost:3000' }))
 * app.get('/login', (req, res) => gh.authorize(res, { callback: '/callback' }))
 * app.get(
 *   '/callback',
 *   gh.authorizedHandler((token, req: express.Request, res: express.Response) => {
 *     if (token === null) return res.status(403).send(req.oauthError?.message) // the user said no
 *     // keep token.access_token (and token.refresh_token) in the user's session here
 *     return res.redirect(gh.nextUrl(req) ?? '/')
 *   }),
 * )
 * app.use(oauthErrorHandler())
 * ```
 * @see https://expressjs.com/en/guide/writing-middleware.html
 */
export function expressOAuth(options: ExpressOAuthOptions): RequestHandler {
  if (options === null || typeof options !== 'object' || !(options.oauth instanceof OAuth)) {
    throw invalid('oauth-consumer: the middleware needs "oauth", an OAuth registry')
  }
  if (options.requestContext !== undefined && typeof options.requestContext !== 'boolean') {
    throw invalid('oauth-consumer: "requestContext" must be a boolean')
  }
  if (options.warn !== undefined && typeof options.warn !== 'function') {
    throw invalid('oauth-consumer: "warn" must be a function')
  }
  const warn = options.warn ?? ((message: string) => console.warn(message))
  const cookies = new PendingCookies(options, warn)
  const oauth = options.oauth
  attachAdapter(oauth, expressAdapter(cookies, warn), { publicUrl: cookies.publicUrl })
  const bind = options.requestContext !== false
  const route = options.routes === undefined ? undefined : routesOf(oauth, options.routes)

  return (req, res, next) => {
    if (!declareOAuthError(req)) req.oauthError = null
    const serve = (error?: unknown) => {
      if (error !== undefined) return next(error)
      const handle = route === undefined ? next : () => route(req, res, next)
      return bind ? bindRequest(oauth, req, () => isServing(res), handle) : handle()
    }
    if (req.method === 'POST' && FORM_TYPE.test(req.headers['content-type'] ?? '')) readForm(req, serve)
    else serve()
  }
}

/** The auto routes: a function that serves a request under the prefix, or passes it on. */
function routesOf(oauth: OAuth, routes: ExpressOAuthRoutes): (req: Request, res: Response, next: NextFunction) => void {
  if (routes === null || typeof routes !== 'object' || typeof routes.onSuccess !== 'function') {
    throw invalid('oauth-consumer: "routes.onSuccess" must be a function')
  }
  const prefix = (routes.prefix ?? '/auth').replace(/\/+$/, '')
  if (prefix !== '' && !/^\/[\w./-]*$/.test(prefix)) {
    throw invalid(`oauth-consumer: "routes.prefix" must be a path; got ${JSON.stringify(routes.prefix)}`)
  }
  const handlers = new WeakMap<RemoteApp, (req: Request, res: Response) => Promise<unknown>>()
  const handlerOf = (app: RemoteApp) => {
    let handler = handlers.get(app)
    if (handler === undefined) {
      handler = app.authorizedHandler(async (resp, req: Request, res: Response) => {
        if (resp !== null) return routes.onSuccess(app.name, resp, req, res)
        const error =
          req.oauthError ??
          new OAuthAuthorizationError(OAuthErrorCode.AUTHORIZATION_ERROR, 'The sign-in did not complete')
        if (routes.onDenied === undefined) throw error
        return routes.onDenied(app.name, error, req, res)
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
  const start = `${prefix}/`
  return (req, res, next) => {
    const path = req.path
    if (!path.startsWith(start)) return next()
    const [name, step, ...rest] = path.slice(start.length).split('/')
    if (name === undefined || name === '' || rest.length > 0) return next()
    const login = step === 'login' && (req.method === 'GET' || req.method === 'HEAD')
    const callback = step === 'callback' && (req.method === 'GET' || req.method === 'POST')
    if (!login && !callback) return next()
    let app: RemoteApp
    try {
      app = appNamed(decodeURIComponent(name))
    } catch (error) {
      return next(error)
    }
    // Under the middleware's own mount path, as the app's other routes are.
    const base = `${req.baseUrl}${prefix}/${encodeURIComponent(app.name)}`
    const done = login
      ? app.authorize(res, { callback: `${base}/callback`, next: req.query.next })
      : handlerOf(app)(req, res)
    done.then(undefined, next)
  }
}

/**
 * The error handler for Express: an `OAuthError` is answered with its `statusCode` and
 * `{ error: code, message }`, as the fastify plugin does; any other error, or one that comes
 * after the response has started, goes on to the next error handler. Register it after the
 * routes.
 *
 * @returns an Express error-handling middleware
 * @example
 * ```ts
 * import express from 'express'
 * import { oauthErrorHandler } from 'oauth-consumer/express'
 *
 * const app = express()
 * // app.use(expressOAuth(…)) and the routes first
 * app.use(oauthErrorHandler())
 * ```
 * @see https://expressjs.com/en/guide/error-handling.html
 */
export function oauthErrorHandler(): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (!(error instanceof OAuthError) || res.headersSent) return next(error)
    res.status(error.statusCode).json({ error: error.code, message: error.message })
  }
}
