import { tumblr } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const docs = 'https://www.tumblr.com/docs/en/api/v2'

export default {
  protocol: 'oauth2',
  id: 'tumblr',
  docs: [
    `${docs}#oauth2-authorization`,
    `${docs}#v2oauth2token---refresh-token-grant-request`,
    `${docs}#userinfo--get-a-users-information`,
    `${docs}#avatar--retrieve-a-blog-avatar`,
  ],
  options: tumblr(creds('tumblr')),
  // "scope: A space delimited list of scopes"; offline_access for a refresh token.
  authorize: {
    url: 'https://www.tumblr.com/oauth2/authorize',
    params: { scope: 'basic offline_access' },
    pkce: 'S256',
  },
  token: {
    url: 'https://api.tumblr.com/v2/oauth2/token',
    // "curl -F grant_type=authorization_code -F code={code} -F client_id=… -F client_secret=…"
    auth: 'post',
    // The answer of "Step Three: Retrieve an access token", its boolean id_token included.
    answer: () => ({
      access_token: '{access_token}',
      expires_in: 2520,
      id_token: false,
      refresh_token: '{refresh_token}',
      scope: 'write offline_access',
      token_type: 'bearer',
    }),
  },
  userinfo: {
    url: 'https://api.tumblr.com/v2/user/info',
    // The `/user/info` example, less the second blog's elided fields.
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
    // `api.tumblr.com/v2/blog/{blog-identifier}/avatar[/size]`, a blog name being an identifier.
    avatarUrl: 'https://api.tumblr.com/v2/blog/derekg/avatar/512',
  },
  // The id_token Tumblr sends is a boolean, not an ID token: the sign-in's token does not keep it.
  tokenHolds: () => ({ id_token: undefined, refresh_token: '{refresh_token}' }),
  // "Step Five": the same endpoint and credentials; "a new OAuth2 access token and refresh token".
  refresh: {
    url: 'https://api.tumblr.com/v2/oauth2/token',
    auth: 'post',
    answer: () => ({
      access_token: '{access_token}.refreshed',
      expires_in: 2520,
      id_token: false,
      refresh_token: '{refresh_token}.next',
      scope: 'write offline_access',
      token_type: 'bearer',
    }),
    holds: () => ({ access_token: '{access_token}.refreshed', refresh_token: '{refresh_token}.next' }),
  },
} satisfies OAuth2Row
