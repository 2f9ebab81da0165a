import { OAuthResponseError } from '../errors.js'
import { bodyKind, mediaType, type OAuthResponse } from '../response.js'

/** Long enough for any provider's sentence, short enough for a log line. */
const MAX_DETAIL = 200

/**
 * The error of a non-2xx API answer, saying which call it was and what the provider said. The
 * URL's path only: its query may hold a token or a key.
 */
export function httpError(method: string, url: URL, response: OAuthResponse): OAuthResponseError {
  const detail = providerMessage(response)
  const said = detail === undefined ? '' : `: ${detail}`
  return new OAuthResponseError(response, `${method} ${url.pathname} answered HTTP ${response.status}${said}`)
}

/** The provider's own words: a JSON error's sentence (or its code), or a plain-text body. */
function providerMessage(response: OAuthResponse): string | undefined {
  const type = response.header('content-type')
  const kind = bodyKind(type)
  if (kind === 'json' || kind === 'form') return oneLine(fieldOf(response.data))
  // An HTML error page is markup, not a message.
  if (kind === 'text' && mediaType(type) !== 'text/html') return oneLine(response.data)
  return undefined
}

function fieldOf(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return undefined
  const { error_description: description, message, error } = data as Record<string, unknown>
  if (typeof description === 'string' && description !== '') return description
  if (typeof message === 'string' && message !== '') return message
  // Google and Facebook nest theirs: { error: { message } }.
  if (typeof error === 'object' && error !== null) return (error as Record<string, unknown>).message
  return error
}

// One line, bounded: the message goes to logs and JSON answers as it is.
function oneLine(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const line = value.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim()
  if (line === '') return undefined
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line
}
