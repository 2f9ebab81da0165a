import { invalidOptions } from '../errors.js'
import type { ClientSecretFunction } from '../options/common.js'

/** Where an app's secret is: fixed, or a function (API.md §11). */
export interface ClientSecretSource {
  readonly clientSecret: string
  readonly clientSecretFunction: ClientSecretFunction | undefined
}

/**
 * The client secret for one use (API.md §11). A string is returned as it is, synchronously: an
 * app with a fixed secret pays no microtask for the feature. A function is called every time;
 * what it returns is checked, and a rejection or throw reaches the caller unchanged.
 */
export function clientSecretOf(o: ClientSecretSource): string | Promise<string> {
  const secret = o.clientSecretFunction
  if (secret === undefined) return o.clientSecret
  const value = secret()
  return value instanceof Promise ? value.then(checked) : checked(value)
}

function checked(value: unknown): string {
  // A secret with a line break would split the Basic header or the form body it goes into.
  if (typeof value === 'string' && value !== '' && !/[\u0000-\u001f\u007f]/.test(value)) return value
  const got = typeof value === 'string' ? (value === '' ? 'an empty string' : 'control characters') : typeof value
  throw invalidOptions(
    `"clientSecret": the function must return a non-empty string without control characters; got ${got}`,
  )
}
