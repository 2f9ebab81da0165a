import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Atlassian (Jira, Confluence and other Atlassian Cloud products: OAuth 2.0 "3LO" apps). The
 * authorize URL carries `audience=api.atlassian.com` and `prompt=consent`, and token requests are
 * JSON bodies carrying the client id and secret, as Atlassian's guide sends them. `offline_access`
 * is asked for, so the sign-in yields a refresh token; refresh tokens rotate: store the newest.
 * The profile is `GET https://api.atlassian.com/me` (`read:me`). A site's APIs are reached
 * through `oauth/token/accessible-resources` (its `id` is the cloud id of
 * `https://api.atlassian.com/ex/jira/{cloudid}/…`). Atlassian documents no RFC 7009 revocation,
 * so the preset has no `revokeUrl`; nor does it mention PKCE, whose S256 challenge is sent, as
 * everywhere (RFC 7636 §5).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { atlassian } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('atlassian', atlassian({ scope: ['read:me', 'offline_access', 'read:jira-work'] })) // reads ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET
 * ```
 * @see https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
 */
export const atlassian = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'atlassian',
  info: {
    name: 'Atlassian',
    protocol: 'oauth2',
    docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://auth.atlassian.com/authorize',
    accessTokenUrl: 'https://auth.atlassian.com/oauth/token',
    baseUrl: 'https://api.atlassian.com/',
    userInfoUrl: 'me',
    scope: ['read:me', 'offline_access'],
    // "audience: (required) Set this to api.atlassian.com"; "prompt: (required) Set this to consent".
    requestTokenParams: { audience: 'api.atlassian.com', prompt: 'consent' },
    tokenRequest: { format: 'json' },
    profile: profileFrom('Atlassian', {
      id: 'account_id',
      name: 'name',
      username: 'nickname',
      email: 'email',
      avatarUrl: 'picture',
    }),
  }),
})
