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
