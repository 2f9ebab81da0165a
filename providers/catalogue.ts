import type { PresetInfo } from './define.js'
import * as presets from './presets.js'

/**
 * Every preset the package ships, described from its own file: id (the export name), display
 * name, protocol, documentation, the environment variables of its credentials and its own
 * settings. Ordered by id.
 *
 * @example
 * ```ts
 * import { catalogue } from 'oauth-consumer/providers'
 *
 * const menu = catalogue
 *   .filter((preset) => preset.env.every((name) => process.env[name] !== undefined))
 *   .map((preset) => `<a href="/auth/${preset.id}/login">Sign in with ${preset.name}</a>`)
 * ```
 */
export const catalogue: readonly PresetInfo[] = Object.freeze(Object.values(presets).map((preset) => preset.info))
