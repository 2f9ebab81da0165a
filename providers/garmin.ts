import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Garmin Connect Developer Program (OAuth 2.0 with PKCE; OAuth 1.0a retires on 2026-12-31).
 * Garmin's specification is behind its partner portal: the endpoints and wire format here are
 * those that several independent client implementations agree on. PKCE (S256) is required and
 * fixed; the client authenticates in the body; no scope is sent (the user picks the data to
 * share on Garmin's consent page). Refresh tokens rotate: store the new one after every
 * refresh. The only identity is the Garmin user id, `GET wellness-api/rest/user/id`; identify
 * users by it, not by their token. Garmin's deregistration (`DELETE
 * wellness-api/rest/user/registration`) is not RFC 7009, so the preset has no `revokeUrl`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { garmin } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('garmin', garmin()) // reads GARMIN_CLIENT_ID and GARMIN_CLIENT_SECRET
 * ```
 * @see https://developerportal.garmin.com/developer-programs/connect-developer-api
 */
export const garmin = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'garmin',
  info: {
    name: 'Garmin Connect',
    protocol: 'oauth2',
    docsUrl: 'https://developerportal.garmin.com/developer-programs/connect-developer-api',
    refresh: 'rotating',
    profileFields: [],
  },
  fixed: { pkce: { value: true, because: 'Garmin refuses sign-ins without PKCE (S256)', alike: ['S256'] } },
  defaults: () => ({
    authorizeUrl: 'https://connect.garmin.com/oauth2Confirm',
    accessTokenUrl: 'https://diauth.garmin.com/di-oauth2-service/oauth/token',
    baseUrl: 'https://apis.garmin.com/',
    userInfoUrl: 'wellness-api/rest/user/id',
    tokenEndpointAuthMethod: 'client_secret_post',
    profile: profileFrom('Garmin', { id: 'userId' }),
  }),
})
