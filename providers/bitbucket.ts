import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Bitbucket Cloud. The client authenticates with HTTP Basic, as Bitbucket's guide shows; the
 * permissions (`account`, `email`, …) are chosen on the OAuth consumer, so no scope is asked for.
 * Access tokens last two hours; the refresh token, from the same endpoint, keeps working. The
 * profile is `GET /2.0/user`, which has no email: with the consumer's `email` permission it is
 * `GET /2.0/user/emails` (the primary entry), which the app calls itself. Bitbucket documents no
 * RFC 7009 revocation, so the preset has no `revokeUrl`; nor does it mention PKCE, whose S256
 * challenge is sent, as everywhere (RFC 7636 §5).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { bitbucket } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('bitbucket', bitbucket()) // reads BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET
 * ```
 * @see https://developer.atlassian.com/cloud/bitbucket/oauth-2/
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users/#api-user-get
 */
export const bitbucket = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'bitbucket',
  info: {
    name: 'Bitbucket',
    protocol: 'oauth2',
    docsUrl: 'https://developer.atlassian.com/cloud/bitbucket/oauth-2/',
    refresh: 'reused',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://bitbucket.org/site/oauth2/authorize',
    accessTokenUrl: 'https://bitbucket.org/site/oauth2/access_token',
    baseUrl: 'https://api.bitbucket.org/2.0/',
    userInfoUrl: 'user',
    tokenEndpointAuthMethod: 'client_secret_basic',
    // `uuid` never changes; `username` is kept only on some accounts, `nickname` on all.
    profile: profileFrom('Bitbucket', {
      id: 'uuid',
      name: ['display_name', 'nickname'],
      username: ['username', 'nickname'],
      avatarUrl: 'links.avatar.href',
    }),
  }),
})
