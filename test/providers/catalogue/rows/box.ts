import { box } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'box',
  docs: [
    'https://developer.box.com/guides/authentication/oauth2/without-sdk/',
    'https://developer.box.com/reference/post-oauth2-token/',
    'https://developer.box.com/reference/post-oauth2-revoke/',
    'https://developer.box.com/reference/get-users-me/',
  ],
  options: box(creds('box')),
  // Scopes are set on the app ("scope: optional").
  authorize: { url: 'https://account.box.com/api/oauth2/authorize', absent: ['scope'], pkce: 'S256' },
  token: {
    url: 'https://api.box.com/oauth2/token',
    // client_id, client_secret, code and grant_type in a form body.
    auth: 'post',
    // The AccessToken resource of the token reference.
    answer: () => ({
      access_token: 'c3FIOG9vSGV4VHz8QiWpmabpTtZI5gxaTDXJr8-0fnRA',
      expires_in: 3600,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      refresh_token: 'c3FIOG9vSGV4VHz8QiWpmabpTtZI5gxaTDXJr8-0fnRA',
      restricted_to: [],
      token_type: 'bearer',
    }),
  },
  userinfo: {
    url: 'https://api.box.com/2.0/users/me',
    // The User resource of the reference's example, cut to the fields a sign-in reads and a few more.
    answer: {
      id: '11446498',
      type: 'user',
      address: '900 Jefferson Ave, Redwood City, CA 94063',
      avatar_url: 'https://www.box.com/api/avatar/large/181216415',
      created_at: '2012-12-12T10:53:43-08:00',
      job_title: 'CEO',
      language: 'en',
      login: 'ceo@example.com',
      max_upload_size: 2147483648,
      modified_at: '2012-12-12T10:53:43-08:00',
      name: 'Aaron Levie',
      phone: '6509241374',
      space_amount: 11345156112,
      space_used: 1237009912,
      status: 'active',
      timezone: 'Africa/Bujumbura',
    },
  },
  profile: {
    id: '11446498',
    name: 'Aaron Levie',
    username: null,
    email: 'ceo@example.com',
    avatarUrl: 'https://www.box.com/api/avatar/large/181216415',
  },
  // grant_type=refresh_token at the same endpoint, the client in the body; refresh tokens are
  // single use, so the answer holds a new one.
  refresh: {
    url: 'https://api.box.com/oauth2/token',
    auth: 'post',
    answer: () => ({
      access_token: 'c3FIOG9vSGV4VHz8QiWpmabpTtZI5gxaTDXJr8-refreshed',
      expires_in: 3600,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      refresh_token: 'c3FIOG9vSGV4VHz8QiWpmabpTtZI5gxaTDXJr8-rotated',
      restricted_to: [],
      token_type: 'bearer',
    }),
    holds: () => ({
      access_token: 'c3FIOG9vSGV4VHz8QiWpmabpTtZI5gxaTDXJr8-refreshed',
      refresh_token: 'c3FIOG9vSGV4VHz8QiWpmabpTtZI5gxaTDXJr8-rotated',
    }),
  },
  // client_id, client_secret and token in a form body.
  revoke: {
    url: 'https://api.box.com/oauth2/revoke',
    auth: 'post',
    form: { token: 'c3FIOG9vSGV4VHz8QiWpmabpTtZI5gxaTDXJr8-0fnRA' },
  },
} satisfies OAuth2Row
