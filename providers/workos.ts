import type { OAuth2AppOptions, UserInfoObject } from '../src/index.js'
import { at, defineProvider, field, profileFrom } from './define.js'

/**
 * WorkOS SSO. The client secret is the environment's API key (`sk_…`), sent in the body of a
 * JSON token request, as WorkOS documents `/sso/token`. Each sign-in names its connection:
 * `connection`, `organization` or `provider` as an authorize parameter (in `requestTokenParams`,
 * or per call: `authorize(reply, { organization: 'org_…' })`). The token answer carries the user's
 * profile, which `profile()` reads from the sign-in's token without a call; given only an access
 * token it asks `GET /sso/profile`. Access tokens last minutes and are not refreshed; there is no
 * revocation. AuthKit (`/user_management/…`) is another API.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { workos } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('workos', workos({ requestTokenParams: { organization: 'org_123' } })) // reads WORKOS_CLIENT_ID and WORKOS_CLIENT_SECRET
 * ```
 * @see https://workos.com/docs/reference/sso/get-authorization-url
 * @see https://workos.com/docs/reference/sso/profile
 */
export const workos = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'workos',
  info: {
    name: 'WorkOS',
    protocol: 'oauth2',
    docsUrl: 'https://workos.com/docs/reference/sso',
    refresh: 'none',
    profileFields: ['name', 'email'],
  },
  defaults: () => ({
    authorizeUrl: 'https://api.workos.com/sso/authorize',
    accessTokenUrl: 'https://api.workos.com/sso/token',
    baseUrl: 'https://api.workos.com/',
    userInfoUrl: 'sso/profile',
    // The "Get a Profile and Token" request is JSON. https://workos.com/docs/reference/sso/profile
    tokenRequest: { format: 'json' },
    userInfo: async ({ url, token, request }) => {
      const profile = field(token, 'profile')
      if (typeof profile === 'object' && profile !== null) return { ...profile }
      return (await request<UserInfoObject>(url ?? 'sso/profile')).data
    },
    profile: profileFrom('WorkOS', {
      id: 'id',
      name: (raw) => [at(raw, 'first_name'), at(raw, 'last_name')].filter(Boolean).join(' ') || undefined,
      email: 'email',
    }),
  }),
})
