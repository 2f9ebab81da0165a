import { type OAuth2AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The signed-in user as Linear's GraphQL `viewer` query answers it (the fields the preset asks for).
 *
 * @see https://linear.app/developers/graphql
 */
export interface LinearViewer {
  /** The user's id, a UUID. */
  readonly id: string
  /** The user's full name. */
  readonly name: string
  /** The user's display name, unique in the workspace. */
  readonly displayName: string
  /** The user's email. */
  readonly email: string
  /** URL of the user's avatar, if they set one. */
  readonly avatarUrl?: string | null
}

/** The `viewer` query: who the token belongs to. */
const VIEWER = '{ viewer { id name displayName email avatarUrl } }'

/**
 * Linear. The client authenticates in the body; scopes are comma-separated and `read` is always
 * granted. The profile is the GraphQL `viewer`, posted to `https://api.linear.app/graphql`.
 * Linear issues refresh tokens to apps created from 2025-10-01 (all apps from 2026-04-01).
 * Revocation is not configured: Linear's revoke endpoint is not documented as RFC 7009.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { linear } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('linear', linear()) // reads LINEAR_CLIENT_ID and LINEAR_CLIENT_SECRET
 * ```
 * @see https://linear.app/developers/oauth-2-0-authentication
 */
export const linear = defineProvider<Record<never, never>, OAuth2AppOptions<LinearViewer>>({
  name: 'linear',
  info: {
    name: 'Linear',
    protocol: 'oauth2',
    docsUrl: 'https://linear.app/developers/oauth-2-0-authentication',
    refresh: 'reused',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://linear.app/oauth/authorize',
    accessTokenUrl: 'https://api.linear.app/oauth/token',
    baseUrl: 'https://api.linear.app/',
    scope: ['read'],
    // "scope: (required) Comma separated list of scopes"
    // https://linear.app/developers/oauth-2-0-authentication#redirect-user-access-requests-to-linear
    scopeSeparator: ',',
    userInfo: async ({ request }) => {
      const { data } = await request<unknown>('graphql', { method: 'POST', data: { query: VIEWER }, format: 'json' })
      const viewer = field(field(data, 'data'), 'viewer')
      if (typeof viewer !== 'object' || viewer === null) {
        // GraphQL reports failures in an HTTP 200 with `errors`.
        const errors = field(data, 'errors')
        const message = text(field(field(errors, '0'), 'message'))
        throw new OAuthInvalidResponseError(
          OAuthErrorCode.INVALID_RESPONSE,
          `Linear sent no viewer${message === undefined ? '' : `: ${message}`}`,
        )
      }
      return { ...viewer }
    },
    profile: (raw) => ({
      id: requireId(text(field(raw, 'id')), 'Linear'),
      name: text(field(raw, 'name')),
      username: text(field(raw, 'displayName')),
      email: text(field(raw, 'email')),
      avatarUrl: text(field(raw, 'avatarUrl')),
      raw: documented<LinearViewer>(raw),
    }),
  }),
})
