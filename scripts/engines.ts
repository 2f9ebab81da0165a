/**
 * Reads `engines.node` ranges well enough to ask whether the oldest Node the package promises
 * satisfies them. npm only checks engines against the Node it runs on, so a check on a newer Node
 * would never see a dependency that left the oldest behind. The subset is what packages write:
 * `||`, `>=`, `>`, `<`, `<=`, `^`, `~`, `=`, x-ranges; anything else throws rather than pass.
 */

type Version = readonly [number, number, number]
type Test = (version: Version) => boolean

const comparator = /^(>=|<=|>|<|=|\^|~)?v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}

/** One comparator as the half-open interval [low, high) it allows. */
function interval(text: string): Test {
  const match = comparator.exec(text)
  if (match === null) throw new Error(`engines range not understood: ${text}`)
  const [, op = '=', ...parts] = match
  const given = parts.filter((p): p is string => p !== undefined && /^\d+$/.test(p)).map(Number)
  if (given.length === 0) return () => true
  const low: Version = [given[0] ?? 0, given[1] ?? 0, given[2] ?? 0]
  // The first version past the given precision: `20` ends before 21.0.0, `20.18` before 20.19.0.
  const next: Version =
    given.length === 1
      ? [low[0] + 1, 0, 0]
      : given.length === 2
        ? [low[0], low[1] + 1, 0]
        : [low[0], low[1], low[2] + 1]
  const caretEnd: Version = low[0] > 0 ? [low[0] + 1, 0, 0] : low[1] > 0 ? [0, low[1] + 1, 0] : next
  const tildeEnd: Version = given.length === 1 ? next : [low[0], low[1] + 1, 0]
  switch (op) {
    case '>=':
      return (v) => compare(v, low) >= 0
    case '>':
      return (v) => compare(v, next) >= 0
    case '<':
      return (v) => compare(v, low) < 0
    case '<=':
      return (v) => compare(v, next) < 0
    case '^':
      return (v) => compare(v, low) >= 0 && compare(v, caretEnd) < 0
    case '~':
      return (v) => compare(v, low) >= 0 && compare(v, tildeEnd) < 0
    default:
      return (v) => compare(v, low) >= 0 && compare(v, next) < 0
  }
}

/** Whether `version` is in the npm range `range`. */
export function satisfies(version: Version, range: string): boolean {
  return range.split('||').some((alternative) => {
    const comparators = alternative
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter((c) => c !== '')
    return comparators.every((c) => interval(c)(version))
  })
}

/** The oldest Node a `>=x.y.z` engines range allows (`>=20.18` is 20.18.0). */
export function oldestNode(range: string): Version {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim())
  if (match === null) throw new Error(`engines.node should read ">=x.y.z", not "${range}"`)
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)]
}
