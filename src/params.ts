import { invalidArgument } from './errors.js'

/** A scope given as a string, or an array joined with the app's separator. */
export function joinScope(scope: string | readonly string[], separator: string): string {
  if (typeof scope === 'string') return scope
  if (Array.isArray(scope) && scope.every((s) => typeof s === 'string')) return scope.join(separator)
  throw invalidArgument('authorize(): "scope" must be a string or an array of strings')
}

/** The extra authorize-URL parameters given to `authorize()`, as strings; null and undefined dropped. */
export function extraParams(extra: Readonly<Record<string, unknown>>): [string, string][] {
  const result: [string, string][] = []
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined || value === null) continue
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw invalidArgument(`authorize(): "${key}" must be a string, number or boolean`)
    }
    result.push([key, String(value)])
  }
  return result
}

/** Callback parameters that belong to the protocol, not to `callbackParams`. */
const PROTOCOL_CALLBACK_PARAMS: ReadonlySet<string> = new Set([
  'code',
  'state',
  'iss',
  'oauth_token',
  'oauth_verifier',
  '__proto__',
])

/**
 * The callback's own values (Intuit's `realmId`, Apple's `user`, Strava's granted `scope`): every
 * parameter but the protocol's, as strings; a repeated one keeps its first value. A fresh object,
 * so nothing the provider sent can reach a prototype.
 */
export function callbackParamsOf(query: Readonly<Record<string, unknown>>): Readonly<Record<string, string>> {
  return callbackValuesOf(query, PROTOCOL_CALLBACK_PARAMS)
}

const PROTOTYPE_KEY: ReadonlySet<string> = new Set(['__proto__'])

/**
 * Every parameter of a callback but those `left` out, as strings; a repeated one keeps its
 * first value. What a `callbackCheck` verifies.
 */
export function callbackValuesOf(
  query: Readonly<Record<string, unknown>>,
  left: ReadonlySet<string> = PROTOTYPE_KEY,
): Record<string, string> {
  const params: Record<string, string> = {}
  for (const [key, value] of Object.entries(query)) {
    if (left.has(key)) continue
    const first: unknown = Array.isArray(value) ? value[0] : value
    if (typeof first === 'string') params[key] = first
  }
  return params
}

/**
 * A stored token's `callbackParams`, when it is what a sign-in set (an object of strings): a
 * token comes back from the app's storage, where anything may have become of it.
 */
export function storedCallbackParams(value: unknown): Readonly<Record<string, string>> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const entries = Object.entries(value)
  return entries.every(([, v]) => typeof v === 'string') ? Object.fromEntries(entries) : undefined
}
