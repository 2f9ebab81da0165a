import { twitter } from 'oauth-consumer/providers'
import type { OAuth1Row } from '../row.js'

export default {
  protocol: 'oauth1',
  id: 'twitter',
  docs: [
    'https://developer.x.com/en/docs/authentication/oauth-1-0a/obtaining-user-access-tokens',
    'https://developer.x.com/en/docs/authentication/api-reference/request_token',
    'https://developer.x.com/en/docs/x-api/v1/accounts-and-users/manage-account-settings/api-reference/get-account-verify_credentials',
  ],
  options: twitter({ consumerKey: 'twitter-client', consumerSecret: 'twitter-secret' }),
  signatureMethod: 'HMAC-SHA1',
  requestToken: { url: 'https://api.twitter.com/oauth/request_token' },
  authorize: { url: 'https://api.twitter.com/oauth/authenticate' },
  accessToken: {
    url: 'https://api.twitter.com/oauth/access_token',
    // The access-token answer names the user.
    answer: { user_id: '6253282', screen_name: 'twitterapi' },
  },
  userinfo: {
    url: 'https://api.twitter.com/1.1/account/verify_credentials.json',
    answer: {
      id: 6253282,
      id_str: '6253282',
      name: 'Twitter API',
      screen_name: 'twitterapi',
      profile_image_url_https: 'https://pbs.twimg.com/profile_images/942858479592554497/BbazLO9L_normal.jpg',
    },
  },
  profile: {
    id: '6253282',
    name: 'Twitter API',
    username: 'twitterapi',
    email: null,
    avatarUrl: 'https://pbs.twimg.com/profile_images/942858479592554497/BbazLO9L_normal.jpg',
  },
} satisfies OAuth1Row
