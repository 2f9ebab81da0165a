import { type OAuth2AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The user who authorised a public connection, as Notion's token answer names it in
 * `owner.user` (Notion has no user-info endpoint for them: `GET /v1/users/me` is the bot).
 *
 * @see https://developers.notion.com/reference/create-a-token
 * @see https://developers.notion.com/reference/user
 */
export interface NotionUser {
  /** Always `user`. */
  readonly object: 'user'
  /** The user's id, a UUID. */
  readonly id: string
  /** `person` for the people who authorise a connection. */
  readonly type?: string
  /** The user's name. */
  readonly name?: string | null
  /** URL of the user's avatar; `null` without one. */
  readonly avatar_url?: string | null
  /** The person's details. */
  readonly person?: {
    /** The user's email. */
    readonly email?: string
  }
}

/** The Notion API version the preset's API calls name; a caller's `headers` can name another. */
const NOTION_VERSION = '2022-06-28'

/**
 * Notion (public connections). The client authenticates with HTTP Basic and the token request is
 * a JSON body, as Notion's reference shows; `owner=user` is sent on the authorize URL. Notion has
 * no scopes (capabilities are set on the connection) and no user-info endpoint for the person
 * who signed in: the profile is the token answer's `owner.user`, so `profile()` needs the token
 * object the sign-in returned, not a bare access token. Every API call carries `Notion-Version`
 * (`2022-06-28` unless `headers` names another). Revocation is not configured (Notion's revoke
 * endpoint was not verified).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { notion } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('notion', notion()) // reads NOTION_CLIENT_ID and NOTION_CLIENT_SECRET
 * ```
 * @see https://developers.notion.com/docs/authorization
 * @see https://developers.notion.com/reference/create-a-token
 */
export const notion = defineProvider<Record<never, never>, OAuth2AppOptions<NotionUser>>({
  name: 'notion',
  info: {
    name: 'Notion',
    protocol: 'oauth2',
    docsUrl: 'https://developers.notion.com/docs/authorization',
    refresh: 'reused',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://api.notion.com/v1/oauth/authorize',
    accessTokenUrl: 'https://api.notion.com/v1/oauth/token',
    baseUrl: 'https://api.notion.com/v1/',
    tokenEndpointAuthMethod: 'client_secret_basic',
    // "Content-Type: application/json" with grant_type, code and redirect_uri.
    // https://developers.notion.com/reference/create-a-token
    tokenRequest: { format: 'json' },
    // https://developers.notion.com/docs/authorization#step-1-navigate-the-user-to-the-integrations-authorization-url
    requestTokenParams: { owner: 'user' },
    // https://developers.notion.com/reference/versioning
    headers: { 'Notion-Version': NOTION_VERSION },
    userInfo: ({ token }) => {
      const owner = typeof token === 'object' && token !== null ? field(token, 'owner') : undefined
      const user = field(owner, 'user')
      if (typeof user !== 'object' || user === null) {
        throw new OAuthInvalidResponseError(
          OAuthErrorCode.INVALID_RESPONSE,
          "Notion's token names no user in owner.user: profile() needs the token object the sign-in returned",
        )
      }
      return { ...user }
    },
    profile: (raw) => ({
      id: requireId(text(field(raw, 'id')), 'Notion'),
      name: text(field(raw, 'name')),
      username: undefined,
      email: text(field(field(raw, 'person'), 'email')),
      avatarUrl: text(field(raw, 'avatar_url')),
      raw: documented<NotionUser>(raw),
    }),
  }),
})
