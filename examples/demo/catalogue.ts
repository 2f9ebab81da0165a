/**
 * The presets the demo's "Sign in with…" menu offers, and which of them the environment
 * enables against the real provider.
 */

import type { RemoteAppOptions } from 'oauth-consumer'
import * as providers from 'oauth-consumer/providers'
import { catalogue, type PresetInfo } from 'oauth-consumer/providers'

/** One preset, as the providers' catalogue index describes it. */
export type CatalogueEntry = PresetInfo

/** Every preset the package ships, from the catalogue index: the menu cannot miss one. */
export const CATALOGUE: readonly CatalogueEntry[] = catalogue

type Preset = (input?: RemoteAppOptions & Record<string, unknown>) => RemoteAppOptions

/** A preset function by its catalogue id, which is its export name. */
function presetOf(id: string): Preset | undefined {
  const candidate = (providers as Readonly<Record<string, unknown>>)[id]
  return typeof candidate === 'function' && 'info' in candidate ? (candidate as unknown as Preset) : undefined
}

/** `baseUrl` → `BASE_URL`. */
function envName(id: string, setting: string): string {
  return `${id}_${setting.replace(/[A-Z]/g, (c) => `_${c}`)}`.toUpperCase()
}

/** The environment variables that configure an entry: its credentials, then its settings. */
export function variablesOf(entry: CatalogueEntry): string[] {
  return [...entry.env, ...entry.settings.map((setting) => envName(entry.id, setting))]
}

/**
 * The remote-app options of an entry whose credentials the environment holds, with each
 * setting read from `<ID>_<SETTING>` when set; `undefined` when a credential is missing.
 */
export function realOptions(entry: CatalogueEntry, env: NodeJS.ProcessEnv): RemoteAppOptions | undefined {
  const preset = presetOf(entry.id)
  if (preset === undefined || entry.env.some((name) => (env[name] ?? '') === '')) return undefined
  const [idVariable = '', secretVariable = ''] = entry.env
  const settings: Record<string, unknown> = { clientId: env[idVariable], clientSecret: env[secretVariable] }
  for (const setting of entry.settings) {
    const value = env[envName(entry.id, setting)]
    if (value !== undefined && value !== '') settings[setting] = value === 'true' ? true : value
  }
  return preset(settings)
}
