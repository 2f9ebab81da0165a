import type { OAuth1AppOptions, UserInfoObject } from '../src/index.js'
import { at, defineProvider, field, profileFrom, text } from './define.js'

const DOCS = 'https://github.com/tumblr/docs/blob/master/api.md#oauth1-authorization'

// The user's blog marked `primary` in `response.user.blogs`.
const primaryBlog = (raw: UserInfoObject): unknown => {
  const list = field(field(field(raw, 'response'), 'user'), 'blogs')
  return Array.isArray(list) ? list.find((blog) => field(blog, 'primary') === true) : undefined
}

/**
 * Tumblr with OAuth 1.0a (HMAC-SHA1 only), for apps that keep OAuth 1.0a tokens; Tumblr also
 * offers OAuth 2.0. The access token is fetched with a GET, as Tumblr documents it. Tumblr users
 * have no numeric id: the profile's id is the user's short name (`response.user.name`), which
 * the user can change. The avatar is Tumblr's avatar route for that name, which redirects to the
 * image. No email, no refresh (OAuth 1.0a tokens do not expire), no revocation.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { tumblrOAuth1 } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('tumblr', tumblrOAuth1()) // reads TUMBLR_OAUTH1_CLIENT_ID and TUMBLR_OAUTH1_CLIENT_SECRET
 * ```
 * @see https://github.com/tumblr/docs/blob/master/api.md#oauth1-authorization
 */
export const tumblrOAuth1 = defineProvider<Record<never, never>, OAuth1AppOptions>({
  name: 'tumblrOAuth1',
  info: {
    name: 'Tumblr (OAuth 1.0a)',
    protocol: 'oauth1',
    docsUrl: DOCS,
    refresh: 'none',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: () => ({
    requestTokenUrl: 'https://www.tumblr.com/oauth/request_token',
    authorizeUrl: 'https://www.tumblr.com/oauth/authorize',
    accessTokenUrl: 'https://www.tumblr.com/oauth/access_token',
    // "https://www.tumblr.com/oauth/access_token | GET"
    accessTokenMethod: 'GET',
    baseUrl: 'https://api.tumblr.com/v2/',
    userInfoUrl: 'user/info',
    profile: profileFrom('Tumblr', {
      id: 'response.user.name',
      name: (raw) => text(field(primaryBlog(raw), 'title')) ?? at(raw, 'response.user.name'),
      username: 'response.user.name',
      // "you can embed this method in an img tag": it redirects to the image.
      // https://github.com/tumblr/docs/blob/master/api.md#avatar--retrieve-a-blog-avatar
      avatarUrl: (raw) => {
        const name = at(raw, 'response.user.name')
        return name === undefined ? undefined : `https://api.tumblr.com/v2/blog/${encodeURIComponent(name)}/avatar/128`
      },
    }),
  }),
})
