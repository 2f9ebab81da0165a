import { type OAuth2AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { defineProvider, field, profileFrom, text } from './define.js'

/** The `Viewer` query: who the token belongs to, with the fields the profile reads. */
const VIEWER = '{ Viewer { id name avatar { large medium } siteUrl } }'

/**
 * AniList. The token request is a JSON body carrying the client id and secret, as AniList's
 * guide sends it; AniList has no scopes (a token reaches almost all of the user's data), no
 * refresh tokens (access tokens last a year) and no revocation endpoint. The profile is the
 * GraphQL `Viewer`, posted to `https://graphql.anilist.co`; AniList shares no email. AniList's
 * docs do not mention PKCE; the library's S256 challenge is sent, as everywhere (RFC 7636 §5).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { anilist } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('anilist', anilist()) // reads ANILIST_CLIENT_ID and ANILIST_CLIENT_SECRET
 * ```
 * @see https://docs.anilist.co/guide/auth/
 * @see https://docs.anilist.co/guide/auth/authorization-code
 * @see https://docs.anilist.co/guide/graphql/queries/user
 */
export const anilist = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'anilist',
  info: {
    name: 'AniList',
    protocol: 'oauth2',
    docsUrl: 'https://docs.anilist.co/guide/auth/authorization-code',
    refresh: 'none',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://anilist.co/api/v2/oauth/authorize',
    accessTokenUrl: 'https://anilist.co/api/v2/oauth/token',
    baseUrl: 'https://graphql.anilist.co/',
    userInfoUrl: 'https://graphql.anilist.co/',
    tokenRequest: { format: 'json' },
    userInfo: async ({ url, request }) => {
      const { data } = await request<unknown>(url ?? 'https://graphql.anilist.co/', {
        method: 'POST',
        data: { query: VIEWER },
        format: 'json',
      })
      const viewer = field(field(data, 'data'), 'Viewer')
      if (typeof viewer !== 'object' || viewer === null) {
        // GraphQL reports failures in `errors`, with or without an error status.
        const message = text(field(field(field(data, 'errors'), '0'), 'message'))
        throw new OAuthInvalidResponseError(
          OAuthErrorCode.INVALID_RESPONSE,
          `AniList sent no Viewer${message === undefined ? '' : `: ${message}`}`,
        )
      }
      return { ...viewer }
    },
    // `name` is the user's unique handle, which AniList also shows as their name.
    profile: profileFrom('AniList', { id: 'id', name: 'name', username: 'name', avatarUrl: 'avatar.large' }),
  }),
})
