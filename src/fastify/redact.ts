import type { FastifyRequest } from 'fastify'

/** Query parameters that carry credentials or single-use values. */
const secretParams =
  /([?&](?:code|state|oauth_token|oauth_verifier|access_token|refresh_token|id_token|token|client_secret|denied)=)[^&#]*/gi

/** The URL with the values of credential-bearing query parameters replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  return url.includes('?') ? url.replace(secretParams, '$1[redacted]') : url
}

/**
 * fastify's request serializer with the URL redacted; the plugin installs it on every request
 * logger. Pass it in your own `serializers.req` if you replace fastify's.
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
