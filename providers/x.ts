import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The answer of X's `GET /2/users/me` with `user.fields=profile_image_url,confirmed_email`.
 *
 * @see https://docs.x.com/x-api/users/user-lookup-me
 */
export interface XUsersMe {
  /** The signed-in user. */
  readonly data: {
    /** The user's id (a 64-bit integer written as a string). */
    readonly id: string
    /** The display name. */
    readonly name: string
    /** The handle, without `@`; it can change, so `id` is the key. */
    readonly username: string
    /** URL of the profile image (asked for with `user.fields`). */
    readonly profile_image_url?: string
    /** The user's confirmed email, with the `users.email` scope (asked for with `user.fields`). */
    readonly confirmed_email?: string
  }
}

/**
 * X (Twitter) with OAuth 2.0 and API v2; `twitter` is the OAuth 1.0a preset. X refuses sign-ins
 * without PKCE, so it cannot be turned off. Confidential clients authenticate with HTTP Basic;
 * a public client gives `tokenEndpointAuthMethod: 'none'` and no secret. A refresh token needs
 * `offline.access`; `users.read` needs `tweet.read` beside it for `/2/users/me`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { x } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('x', x()) // reads X_CLIENT_ID and X_CLIENT_SECRET
 * ```
 * @see https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code
 * @see https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/user-access-token
 */
export const x = defineProvider<Record<never, never>, OAuth2AppOptions<XUsersMe>>({
  name: 'x',
  info: {
    name: 'X',
    protocol: 'oauth2',
    docsUrl: 'https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  fixed: { pkce: { value: true, alike: ['S256'], because: 'X refuses sign-ins without PKCE' } },
  defaults: () => ({
    authorizeUrl: 'https://x.com/i/oauth2/authorize',
    accessTokenUrl: 'https://api.x.com/2/oauth2/token',
    revokeUrl: 'https://api.x.com/2/oauth2/revoke',
    baseUrl: 'https://api.x.com/2/',
    userInfoUrl: 'users/me?user.fields=profile_image_url,confirmed_email',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['users.read', 'tweet.read', 'offline.access'],
    profile: (raw) => {
      const user = field(raw, 'data')
      return {
        id: requireId(text(field(user, 'id')), 'X'),
        name: text(field(user, 'name')),
        username: text(field(user, 'username')),
        email: text(field(user, 'confirmed_email')),
        avatarUrl: text(field(user, 'profile_image_url')),
        raw: documented<XUsersMe>(raw),
      }
    },
  }),
})
