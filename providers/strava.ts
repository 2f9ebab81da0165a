import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The signed-in athlete as Strava's `GET /athlete` answers (the fields sign-in uses; Strava sends more).
 *
 * @see https://developers.strava.com/docs/reference/#api-Athletes-getLoggedInAthlete
 */
export interface StravaAthlete {
  /** The athlete's id, an integer (the profile has it as a string). */
  readonly id: number
  /** The athlete's username, when they chose one; `null` otherwise. */
  readonly username?: string | null
  /** 1 meta, 2 summary, 3 detail: how much of the athlete the answer holds. */
  readonly resource_state?: number
  /** The athlete's first name. */
  readonly firstname?: string
  /** The athlete's last name. */
  readonly lastname?: string
  /** The athlete's city. */
  readonly city?: string
  /** The athlete's state or region. */
  readonly state?: string
  /** The athlete's country. */
  readonly country?: string
  /** `M`, `F`, or absent. */
  readonly sex?: string
  /** Whether the athlete has a subscription. */
  readonly premium?: boolean
  /** Whether the athlete has a Summit subscription. */
  readonly summit?: boolean
  /** When the account was created, ISO 8601. */
  readonly created_at?: string
  /** When the account was last updated, ISO 8601. */
  readonly updated_at?: string
  /** URL of a 62×62 profile picture. */
  readonly profile_medium?: string
  /** URL of a 124×124 profile picture. */
  readonly profile?: string
}

/**
 * Strava. The client authenticates in the body, as Strava's guide shows; scopes are
 * comma-separated, and the athlete may untick some: the callback's `scope` (in
 * `callbackParams`) says what was granted. The token answer's absolute `expires_at` is kept as
 * the token's expiry (access tokens last six hours); refresh tokens rotate, so store the newest.
 * Strava's deauthorization is not RFC 7009, so the preset has no `revokeUrl`. Strava shares no
 * email. Strava's docs do not mention PKCE; the library's S256 challenge is sent, as everywhere
 * (a server ignores parameters it does not know, RFC 7636 §5).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { strava } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('strava', strava({ scope: ['read', 'activity:read'] })) // reads STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET
 * ```
 * @see https://developers.strava.com/docs/authentication/
 */
export const strava = defineProvider<Record<never, never>, OAuth2AppOptions<StravaAthlete>>({
  name: 'strava',
  info: {
    name: 'Strava',
    protocol: 'oauth2',
    docsUrl: 'https://developers.strava.com/docs/authentication/',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://www.strava.com/oauth/authorize',
    // Strava's guide posts to /oauth/token (/api/v3/oauth/token is served too).
    accessTokenUrl: 'https://www.strava.com/oauth/token',
    baseUrl: 'https://www.strava.com/api/v3/',
    userInfoUrl: 'athlete',
    scope: ['read'],
    // "scope: Requested scopes, as a comma delimited string"
    // https://developers.strava.com/docs/authentication/#detailsaboutrequestingaccess
    scopeSeparator: ',',
    // The answer's expires_at is absolute (seconds since the epoch): passed on, it is kept as the
    // token's expiry rather than one computed from expires_in at receipt.
    // https://developers.strava.com/docs/authentication/#tokenexchange
    tokenResponse: (answer) => ({ ...answer }),
    profile: (raw) => {
      const full = [text(field(raw, 'firstname')), text(field(raw, 'lastname'))].filter(Boolean).join(' ')
      return {
        id: requireId(text(field(raw, 'id')), 'Strava'),
        name: full === '' ? undefined : full,
        username: text(field(raw, 'username')),
        email: undefined,
        avatarUrl: text(field(raw, 'profile')),
        raw: documented<StravaAthlete>(raw),
      }
    },
  }),
})
