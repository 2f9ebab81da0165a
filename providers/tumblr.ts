import type { OAuth2AppOptions, UserInfoObject } from '../src/index.js'
import { at, defineProvider, field, profileFrom } from './define.js'

/** The user's primary blog in a `user/info` answer (`response.user.blogs`, `primary: true`). */
function primaryBlog(raw: UserInfoObject): unknown {
  const blogs = field(field(field(raw, 'response'), 'user'), 'blogs')
  return Array.isArray(blogs) ? blogs.find((blog) => field(blog, 'primary') === true) : undefined
}

/**
 * Tumblr, through OAuth 2.0 (the OAuth 1.0a API is `tumblrOAuth1`). The client authenticates in
 * the body, as Tumblr's token requests show; a refresh token comes only with the
 * `offline_access` scope, which the preset asks for, and is replaced on every refresh. Tumblr's
 * token answer carries `"id_token": false`, which the preset drops. `user/info` wraps the user in
 * `{ meta, response }` and names no numeric id: the profile's id is the account's name (which
 * the user can change), its picture the primary blog's avatar URL. Tumblr has no revocation
 * endpoint. Its docs do not mention PKCE; the S256 challenge is sent, as everywhere.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { tumblr } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('tumblr', tumblr()) // reads TUMBLR_CLIENT_ID and TUMBLR_CLIENT_SECRET
 * ```
 * @see https://www.tumblr.com/docs/en/api/v2#oauth2-authorization
 * @see https://www.tumblr.com/docs/en/api/v2#userinfo--get-a-users-information
 */
export const tumblr = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'tumblr',
  info: {
    name: 'Tumblr',
    protocol: 'oauth2',
    docsUrl: 'https://www.tumblr.com/docs/en/api/v2#oauth2-authorization',
    refresh: 'conditional',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://www.tumblr.com/oauth2/authorize',
    accessTokenUrl: 'https://api.tumblr.com/v2/oauth2/token',
    baseUrl: 'https://api.tumblr.com/v2/',
    userInfoUrl: 'user/info',
    scope: ['basic', 'offline_access'],
    // A boolean where RFC 6749 and OpenID Connect have a JWT string: not an ID token at all.
    tokenResponse: ({ id_token, ...answer }) => (typeof id_token === 'string' ? { ...answer, id_token } : answer),
    profile: profileFrom('Tumblr', {
      id: 'response.user.name',
      name: (raw) => at(primaryBlog(raw), 'title'),
      username: 'response.user.name',
      // The avatar endpoint answers an unsigned request with the image itself.
      // https://www.tumblr.com/docs/en/api/v2#avatar--retrieve-a-blog-avatar
      avatarUrl: (raw) => {
        const blog = at(primaryBlog(raw), 'name')
        return blog === undefined ? undefined : `https://api.tumblr.com/v2/blog/${encodeURIComponent(blog)}/avatar/512`
      },
    }),
  }),
})
