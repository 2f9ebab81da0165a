import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The signed-in user as Zoom's `GET /users/me` answers (the fields sign-in uses; Zoom sends more).
 *
 * @see https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}
 */
export interface ZoomUser {
  /** The user's id at Zoom. */
  readonly id: string
  /** The user's first name. */
  readonly first_name?: string
  /** The user's last name. */
  readonly last_name?: string
  /** The user's display name. */
  readonly display_name?: string
  /** The user's email address. */
  readonly email?: string
  /** The user's type: 1 basic, 2 licensed, 4 unassigned, 99 none. */
  readonly type?: number
  /** The user's role in the account, e.g. `Owner`, `Member`. */
  readonly role_name?: string
  /** The user's personal meeting id. */
  readonly pmi?: number
  /** The user's time zone, e.g. `America/Los_Angeles`. */
  readonly timezone?: string
  /** Whether the user's account is verified: 1 yes, 0 no. */
  readonly verified?: number
  /** URL of the user's profile picture. */
  readonly pic_url?: string
  /** The user's language, e.g. `en-US`. */
  readonly language?: string
  /** The user's status: `pending`, `active` or `inactive`. */
  readonly status?: string
  /** The id of the account the user belongs to. */
  readonly account_id?: string
  /** When the account was created, ISO 8601. */
  readonly created_at?: string
}

/**
 * Zoom (user-managed OAuth apps). The client authenticates with HTTP Basic, as Zoom's guide
 * shows; scopes are chosen on the app (e.g. `user:read:user`), so none is asked for. Refresh
 * tokens rotate: store the newest one.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { zoom } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('zoom', zoom()) // reads ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET
 * ```
 * @see https://developers.zoom.us/docs/integrations/oauth/
 */
export const zoom = defineProvider<Record<never, never>, OAuth2AppOptions<ZoomUser>>({
  name: 'zoom',
  info: {
    name: 'Zoom',
    protocol: 'oauth2',
    docsUrl: 'https://developers.zoom.us/docs/integrations/oauth/',
    refresh: 'rotating',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://zoom.us/oauth/authorize',
    accessTokenUrl: 'https://zoom.us/oauth/token',
    revokeUrl: 'https://zoom.us/oauth/revoke',
    baseUrl: 'https://api.zoom.us/v2/',
    userInfoUrl: 'users/me',
    tokenEndpointAuthMethod: 'client_secret_basic',
    profile: (raw) => {
      const full = [text(field(raw, 'first_name')), text(field(raw, 'last_name'))].filter(Boolean).join(' ')
      return {
        id: requireId(text(field(raw, 'id')), 'Zoom'),
        name: text(field(raw, 'display_name')) ?? (full === '' ? undefined : full),
        username: undefined,
        email: text(field(raw, 'email')),
        avatarUrl: text(field(raw, 'pic_url')),
        raw: documented<ZoomUser>(raw),
      }
    },
  }),
})
