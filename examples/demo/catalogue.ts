/**
 * The presets the demo's "Sign in with…" menu offers, and which of them the environment
 * enables against the real provider.
 */

import type { RemoteAppOptions } from 'oauth-consumer'
import { facebook, github, gitlab, google, linkedin, microsoft, oidc, twitter } from 'oauth-consumer/providers'

/** One preset, described as the providers' catalogue index describes it. */
export interface CatalogueEntry {
  readonly id: string
  readonly name: string
  readonly protocol: 'oauth1' | 'oauth2' | 'oidc'
  readonly docsUrl: string
  /** The environment variables holding the credentials. */
  readonly env: readonly string[]
  /** The preset's own settings (tenancy, versions), each readable from `<ID>_<SETTING>` here. */
  readonly settings: readonly string[]
}

// replaced by the providers' catalogue index
export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'github',
    name: 'GitHub',
    protocol: 'oauth2',
    docsUrl: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
    env: ['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'],
    settings: ['baseUrl', 'authUrl'],
  },
  {
    id: 'gitlab',
    name: 'GitLab',
    protocol: 'oidc',
    docsUrl: 'https://docs.gitlab.com/integration/openid_connect_provider/',
    env: ['GITLAB_CLIENT_ID', 'GITLAB_CLIENT_SECRET'],
    settings: ['baseUrl'],
  },
  {
    id: 'google',
    name: 'Google',
    protocol: 'oidc',
    docsUrl: 'https://developers.google.com/identity/openid-connect/openid-connect',
    env: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
    settings: ['offline'],
  },
  {
    id: 'facebook',
    name: 'Facebook',
    protocol: 'oauth2',
    docsUrl: 'https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow',
    env: ['FACEBOOK_CLIENT_ID', 'FACEBOOK_CLIENT_SECRET'],
    settings: ['version'],
  },
  {
    id: 'linkedin',
    name: 'LinkedIn',
    protocol: 'oidc',
    docsUrl: 'https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2',
    env: ['LINKEDIN_CLIENT_ID', 'LINKEDIN_CLIENT_SECRET'],
    settings: [],
  },
  {
    id: 'microsoft',
    name: 'Microsoft',
    protocol: 'oidc',
    docsUrl: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc',
    env: ['MICROSOFT_CLIENT_ID', 'MICROSOFT_CLIENT_SECRET'],
    settings: ['tenant'],
  },
  {
    id: 'twitter',
    name: 'Twitter (OAuth 1.0a)',
    protocol: 'oauth1',
    docsUrl: 'https://docs.x.com/resources/fundamentals/authentication/oauth-1-0a/obtaining-user-access-tokens',
    env: ['TWITTER_CLIENT_ID', 'TWITTER_CLIENT_SECRET'],
    settings: ['intent'],
  },
  {
    id: 'oidc',
    name: 'Any OpenID Provider',
    protocol: 'oidc',
    docsUrl: 'https://openid.net/specs/openid-connect-discovery-1_0.html',
    env: ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'],
    settings: ['issuer'],
  },
]

type Preset = (input?: RemoteAppOptions & Record<string, unknown>) => RemoteAppOptions

/** The preset functions by catalogue id. */
const PRESETS: Readonly<Record<string, Preset>> = {
  github: github as Preset,
  gitlab: gitlab as Preset,
  google: google as Preset,
  facebook: facebook as Preset,
  linkedin: linkedin as Preset,
  microsoft: microsoft as Preset,
  twitter: twitter as Preset,
  oidc: oidc as Preset,
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
  const preset = PRESETS[entry.id]
  if (preset === undefined || entry.env.some((name) => (env[name] ?? '') === '')) return undefined
  const [idVariable = '', secretVariable = ''] = entry.env
  const settings: Record<string, unknown> = { clientId: env[idVariable], clientSecret: env[secretVariable] }
  for (const setting of entry.settings) {
    const value = env[envName(entry.id, setting)]
    if (value !== undefined && value !== '') settings[setting] = value === 'true' ? true : value
  }
  return preset(settings)
}
