import type { FastifyInstance, FastifyRequest } from 'fastify'

/**
 * Query parameters that carry credentials or single-use values, by decoded lower-case name:
 * the callbacks' (RFC 6749 §4.1.2, RFC 5849 §2.2), the token endpoint's (RFC 6749 §4.1.3,
 * §5.1, RFC 7636 §4.5, RFC 7523, RFC 8628), and OpenID Connect's.
 */
const secretNames = new Set([
  'code',
  'state',
  'denied',
  'oauth_token',
  'oauth_verifier',
  'oauth_token_secret',
  'code_verifier',
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'token',
  'client_secret',
  'client_assertion',
  'assertion',
  'device_code',
])

const REDACTED = '[redacted]'

/**
 * The URL with the values of credential-bearing query parameters replaced by `[redacted]`.
 * The query is read as fastify's query parser reads it (pairs split on `&`, names decoded), and
 * a name counts however it is written: percent-encoded (once or more), in any case, with `+`
 * or spaces around it, or with qs-style brackets (`code[]`). A value also holds a further
 * query after a `?` or `#` in it, as when a provider appends `?code=` to a redirect URI that had
 * a query already: its parameters are redacted too.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?')
  return start === -1 ? url : url.slice(0, start + 1) + redactQuery(url.slice(start + 1))
}

function redactQuery(query: string): string {
  return query.split('&').map(redactPair).join('&')
}

/**
 * One `&`-separated pair: from its first secret name on, the value is redacted to the next `&`.
 * Only a pair with `?` or `#` in it can hold more than one name.
 */
function redactPair(pair: string): string {
  const eq = pair.indexOf('=')
  if (eq === -1) return pair
  if (isSecretName(pair.slice(0, eq))) return pair.slice(0, eq + 1) + REDACTED
  return /[?#]/.test(pair) ? redactNestedPair(pair) : pair
}

/** A name and its `=` at the start of a pair or after a `?` or `#` in it. */
const nameBeforeValue = /(?:^|[?#])([^=?#]*)=/g

function redactNestedPair(pair: string): string {
  for (const match of pair.matchAll(nameBeforeValue)) {
    if (isSecretName(match[1] ?? '')) return pair.slice(0, match.index + match[0].length) + REDACTED
  }
  return pair
}

const percentEscape = /%([0-9a-f]{2})/gi
/** Bounded, so a long run of `%25` costs little: a name encoded four times is still found. */
const MAX_DECODES = 4
/** Longer than the longest secret name encoded four times (9 characters each). */
const MAX_NAME_LENGTH = 256

/** How names are usually written: nothing to decode. */
const plainName = /^[a-z0-9_]*$/

function isSecretName(raw: string): boolean {
  if (plainName.test(raw)) return secretNames.has(raw)
  if (raw.length > MAX_NAME_LENGTH) return false
  let name = raw.replace(/\+/g, ' ')
  for (let i = 0; i < MAX_DECODES && name.includes('%'); i++) {
    const decoded = name.replace(percentEscape, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    if (decoded === name) break
    name = decoded
  }
  return secretNames.has(
    name
      .trim()
      .replace(/\[[^\]]*\]$/, '')
      .toLowerCase(),
  )
}

/**
 * fastify's request serializer with the URL redacted. The plugin redacts the URL of whatever
 * request serializer fastify was built with, so this one is needed only by apps that log
 * requests with a logger of their own.
 */
export function redactingRequestSerializer(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}

/** A serializer as loggers hold them; never called here with anything but what it was given. */
type Serializer<T = never> = (value: T) => unknown

/** `serialize`, with the `url` of the object it returns redacted. */
function redactingRequests<T>(serialize: Serializer<T>): Serializer<T> {
  return (request) => {
    const serialized = serialize(request)
    if (typeof serialized !== 'object' || serialized === null) return serialized
    const url = (serialized as { url?: unknown }).url
    const redacted = typeof url === 'string' ? redactUrl(url) : url
    return redacted === url ? serialized : { ...serialized, url: redacted }
  }
}

/**
 * `serialize`, without the bytes of a request Node could not parse (`rawPacket`, which fastify
 * logs at trace as "client error"): they hold its URL and headers.
 */
function redactingErrors<T>(serialize: Serializer<T>): Serializer<T> {
  return (error) => {
    const serialized = serialize(error)
    if (typeof serialized !== 'object' || serialized === null || !('rawPacket' in serialized)) return serialized
    return { ...serialized, rawPacket: REDACTED }
  }
}

type Serializers = Record<string, Serializer>

/** Where pino keeps a logger's serializers; fastify reads it too, to keep those of a logger it is given. */
const pinoSerializers = Symbol.for('pino.serializers')

/**
 * Redacts callback codes, states and tokens from the request logs of an app that has a logger.
 *
 * Every request logger is a child of fastify's logger, made when the request comes in with the
 * serializers of its route. So the logger's own `req` and `err` serializers, which the children
 * share or copy, are the one place that covers every route: those registered before the plugin
 * or in other encapsulated plugins, and the not-found handlers, whose logger factory was fixed
 * before the plugin ran. A route's own `req` serializer takes the logger's place: it is wrapped
 * as the route is added. No child logger factory is set, so making a request's logger costs
 * what it did.
 */
export function redactLogs(fastify: FastifyInstance): void {
  const serializers = (fastify.log as unknown as { [pinoSerializers]?: Serializers })[pinoSerializers]
  if (serializers === undefined) {
    redactThroughChildLoggers(fastify)
    return
  }
  serializers.req = redactingRequests(serializers.req ?? redactingRequestSerializer)
  if (serializers.err !== undefined) serializers.err = redactingErrors(serializers.err)
  fastify.addHook('onRoute', (route) => {
    const own = route.logSerializers
    if (own?.req !== undefined) {
      // Own and inherited (the encapsulating plugins') serializers are both kept: pino reads them with for…in.
      route.logSerializers = Object.assign(Object.create(own) as typeof own, { req: redactingRequests(own.req) })
    }
  })
}

/**
 * A logger other than pino: its request loggers are given the redacting `req` serializer as they
 * are made, which reaches the routes registered after the plugin.
 */
function redactThroughChildLoggers(fastify: FastifyInstance): void {
  type ChildSerializers = NonNullable<Parameters<FastifyInstance['childLoggerFactory']>[2]['serializers']>
  const parentFactory = fastify.childLoggerFactory
  const redacting = new WeakMap<ChildSerializers, ChildSerializers>()
  const onlyRedacting: ChildSerializers = { req: redactingRequestSerializer }
  fastify.setChildLoggerFactory(function (logger, bindings, childOptions, rawRequest) {
    const given = childOptions.serializers
    let serializers = given === undefined ? onlyRedacting : redacting.get(given)
    if (serializers === undefined) {
      // A route's serializers are one object for all its requests: wrapped once.
      serializers = { ...given, req: redactingRequests(given?.req ?? redactingRequestSerializer) }
      redacting.set(given as ChildSerializers, serializers)
    }
    return parentFactory.call(this, logger, bindings, { ...childOptions, serializers }, rawRequest)
  })
}
