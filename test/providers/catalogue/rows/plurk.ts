import { plurk } from 'oauth-consumer/providers'
import { creds, type OAuth1Row } from '../row.js'

export default {
  protocol: 'oauth1',
  id: 'plurk',
  docs: [
    // "Plurk OAuth service endpoints" (request_token and access_token by GET or POST), OAuth
    // parameters in the Authorization header, HMAC-SHA1 in the test console; /APP/Profile/
    // getOwnProfile and how a user's avatar URL is made from has_profile_image and avatar.
    'https://www.plurk.com/API',
    'https://www.plurk.com/API#/APP/Profile/getOwnProfile',
  ],
  options: plurk(creds('plurk')),
  signatureMethod: 'HMAC-SHA1',
  requestToken: { url: 'https://www.plurk.com/OAuth/request_token' },
  authorize: { url: 'https://www.plurk.com/OAuth/authorize' },
  accessToken: { url: 'https://www.plurk.com/OAuth/access_token' },
  userinfo: {
    url: 'https://www.plurk.com/APP/Profile/getOwnProfile',
    // The answer's user_info, with the fields the API documents for a user.
    answer: {
      fans_count: 3,
      friends_count: 12,
      privacy: 'world',
      user_info: {
        id: 3146394,
        nick_name: 'plurkbuddy',
        display_name: 'Plurk Buddy',
        full_name: 'Plurk Buddy',
        has_profile_image: 1,
        avatar: 7,
        location: 'Taipei, Taiwan',
        default_lang: 'en',
        karma: 81.27,
        gender: 1,
      },
    },
  },
  profile: {
    id: '3146394',
    name: 'Plurk Buddy',
    username: 'plurkbuddy',
    email: null,
    avatarUrl: 'https://avatars.plurk.com/3146394-medium7.gif',
  },
} satisfies OAuth1Row
