import { OAuthConfigError, OAuthErrorCode } from '../src/index.js'

// A tenancy setting ends up in the host or path of the URLs a user's browser and the token
// request are sent to: a value that could name another host (`evil.com#.okta.com`,
// `https://evil/..`, `user@evil`) would send codes and secrets there, so each is checked whole.

/** The value as a message quotes it: JSON-escaped and cut short, so a hostile value cannot forge lines. */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

function refuse(preset: string, message: string): OAuthConfigError {
  return new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, `${preset}(): ${message}`)
}

/**
 * A preset setting the provider cannot work without, as a non-empty string, optionally of a
 * given form. For presets written with `defineProvider`, so a missing or malformed tenant
 * is refused when the preset is called, naming the setting and an example.
 *
 * @param preset - the preset's id, which starts the message (`okta(): …`)
 * @param name - the setting's name
 * @param value - what the caller gave
 * @param example - a valid value, shown in the message
 * @param pattern - the form the whole value must have, if any
 * @returns the value
 * @throws {OAuthConfigError} `OAUTH_INVALID_OPTIONS` when the value is missing, not a string or
 * not of the pattern: `okta(): "domain" is required, e.g. dev-123.okta.com`
 * @example
 * ```ts
 * import { requireSetting } from 'oauth-consumer/providers'
 *
 * const region = requireSetting('acme', 'region', 'eu', 'eu', /^(eu|us)$/) // 'eu'
 * ```
 */
export function requireSetting(
  preset: string,
  name: string,
  value: unknown,
  example: string,
  pattern?: RegExp,
): string {
  if (value === undefined || value === null || value === '') {
    throw refuse(preset, `"${name}" is required, e.g. ${example}`)
  }
  if (typeof value !== 'string')
    throw refuse(preset, `"${name}" must be a string, e.g. ${example}; got ${quote(value)}`)
  if (pattern !== undefined && !pattern.test(value)) {
    throw refuse(preset, `"${name}" must look like ${example}; got ${quote(value)}`)
  }
  return value
}

// LDH labels (RFC 1123 §2.1), at least two, the last alphabetic: a registered name, never an IP
// literal or a single-label name (`localhost`, an intranet host) that would resolve locally.
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
const TLD = /^[a-z][a-z0-9-]*$/

/**
 * A preset setting that is a host name (`dev-123.okta.com`): lower-cased; only letters, digits,
 * hyphens and dots, at least two labels; no scheme, port, path, user info, IP literal or
 * `localhost`.
 *
 * @param preset - the preset's id, which starts the message
 * @param name - the setting's name (`domain`, `instance`)
 * @param value - what the caller gave
 * @param example - a valid host, shown in the message
 * @returns the host, lower-cased, without a final dot
 * @throws {OAuthConfigError} `OAUTH_INVALID_OPTIONS` when the value is missing or is not such a host
 * @see https://www.rfc-editor.org/rfc/rfc1123#section-2.1
 */
export function hostSetting(preset: string, name: string, value: unknown, example: string): string {
  const host = requireSetting(preset, name, value, example).toLowerCase().replace(/\.$/, '')
  const labels = host.split('.')
  const last = labels.at(-1) ?? ''
  if (host.length > 253 || labels.length < 2 || !labels.every((label) => LABEL.test(label)) || !TLD.test(last)) {
    throw refuse(
      preset,
      `"${name}" must be a host name such as ${example} (no scheme, port or path); got ${quote(value)}`,
    )
  }
  return host
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/**
 * A preset setting that is a URL (`https://sso.example.com/realms/acme`): https, or http on a
 * loopback host (for tests and local servers); no user info, query or fragment; `.`/`..`
 * segments and backslashes refused rather than resolved. A final `/` is dropped.
 *
 * @param preset - the preset's id, which starts the message
 * @param name - the setting's name (`realmUrl`)
 * @param value - what the caller gave
 * @param example - a valid URL, shown in the message
 * @returns the URL as given, without its final `/`
 * @throws {OAuthConfigError} `OAUTH_INVALID_OPTIONS` when the value is missing or is not such a URL
 */
export function urlSetting(preset: string, name: string, value: unknown, example: string): string {
  const given = requireSetting(preset, name, value, example)
  const bad = (why: string): OAuthConfigError =>
    refuse(preset, `"${name}" ${why}, e.g. ${example}; got ${quote(value)}`)
  // Checked on the text as given: the URL parser would quietly resolve `..` and `\`.
  if (/[\\\s]|[\u0000-\u001f\u007f]/.test(given) || /\/\.{1,2}(\/|$)/.test(given) || /%2e|%2f|%5c/i.test(given)) {
    throw bad('must be a plain URL')
  }
  let url: URL
  try {
    url = new URL(given)
  } catch {
    throw bad('must be an absolute URL')
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw bad('must be an https URL (http only on loopback)')
  }
  if (url.username !== '' || url.password !== '' || given.includes('@')) throw bad('must not hold user info')
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(given)) throw bad('must not hold a query or fragment')
  return url.href.replace(/\/+$/, '')
}
