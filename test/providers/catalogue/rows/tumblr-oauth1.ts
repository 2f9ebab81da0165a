import { tumblrOAuth1 } from 'oauth-consumer/providers'
import { creds, type OAuth1Row } from '../row.js'

export default {
  protocol: 'oauth1',
  id: 'tumblrOAuth1',
  docs: [
    // "accepting parameters via the Authorization header, with the HMAC-SHA1 signature method
    // only"; request_token is a POST, access_token a GET.
    'https://github.com/tumblr/docs/blob/master/api.md#oauth1-authorization',
    'https://github.com/tumblr/docs/blob/master/api.md#userinfo--get-a-users-information',
    'https://github.com/tumblr/docs/blob/master/api.md#avatar--retrieve-a-blog-avatar',
  ],
  options: tumblrOAuth1(creds('tumblrOAuth1')),
  signatureMethod: 'HMAC-SHA1',
  requestToken: { url: 'https://www.tumblr.com/oauth/request_token', method: 'POST' },
  authorize: { url: 'https://www.tumblr.com/oauth/authorize' },
  accessToken: { url: 'https://www.tumblr.com/oauth/access_token', method: 'GET' },
  userinfo: {
    url: 'https://api.tumblr.com/v2/user/info',
    // The docs' example, its second blog cut to the fields it shows.
    answer: {
      meta: { status: 200, msg: 'OK' },
      response: {
        user: {
          following: 263,
          default_post_format: 'html',
          name: 'derekg',
          likes: 606,
          blogs: [
            {
              name: 'derekg',
              title: 'Derek Gottfrid',
              url: 'https://derekg.org/',
              tweet: 'auto',
              primary: true,
              followers: 33004929,
            },
            { name: 'ihatehipstrz', title: 'I Hate Hipstrz' },
          ],
        },
      },
    },
  },
  profile: {
    id: 'derekg',
    name: 'Derek Gottfrid',
    username: 'derekg',
    email: null,
    // /v2/blog/{blog-identifier}/avatar[/size], a blog name being a blog identifier.
    avatarUrl: 'https://api.tumblr.com/v2/blog/derekg/avatar/128',
  },
} satisfies OAuth1Row
