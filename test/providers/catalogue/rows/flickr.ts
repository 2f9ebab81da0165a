import { flickr } from 'oauth-consumer/providers'
import { creds, type OAuth1Row } from '../row.js'

const rest = (args: string) => `https://api.flickr.com/services/rest/?${args}&format=json&nojsoncallback=1`

export default {
  protocol: 'oauth1',
  id: 'flickr',
  docs: [
    // "Flickr only supports HMAC-SHA1"; the three URLs, called as GETs in the guide's samples;
    // perms=read|write|delete on the authorize URL; the access-token answer's fullname,
    // user_nsid and username.
    'https://www.flickr.com/services/api/auth.oauth.html',
    'https://www.flickr.com/services/api/response.json.html',
    'https://www.flickr.com/services/api/flickr.test.login.html',
    'https://www.flickr.com/services/api/flickr.people.getInfo.html',
    'https://www.flickr.com/services/api/misc.buddyicons.html',
  ],
  options: flickr(creds('flickr')),
  signatureMethod: 'HMAC-SHA1',
  requestToken: { url: 'https://www.flickr.com/services/oauth/request_token', method: 'GET' },
  authorize: { url: 'https://www.flickr.com/services/oauth/authorize', params: { perms: 'read' } },
  accessToken: {
    url: 'https://www.flickr.com/services/oauth/access_token',
    method: 'GET',
    answer: { fullname: 'Jamal Fanaian', user_nsid: '21207597@N07', username: 'jamalfanaian' },
  },
  userinfo: {
    url: rest('method=flickr.test.login'),
    // The method's sample (<user id="12037949754@N01"><username>Bees</username></user>) as JSON,
    // text content under _content.
    answer: { user: { id: '12037949754@N01', username: { _content: 'Bees' } }, stat: 'ok' },
    more: [
      {
        url: rest('method=flickr.people.getInfo&user_id=12037949754%40N01'),
        // The method's sample, as JSON.
        answer: {
          person: {
            id: '12037949754@N01',
            nsid: '12037949754@N01',
            ispro: 0,
            iconserver: '122',
            iconfarm: 1,
            username: { _content: 'bees' },
            realname: { _content: 'Cal Henderson' },
            location: { _content: 'Vancouver, Canada' },
            photosurl: { _content: 'http://www.flickr.com/photos/bees/' },
            profileurl: { _content: 'http://www.flickr.com/people/bees/' },
          },
          stat: 'ok',
        },
      },
    ],
  },
  profile: {
    id: '12037949754@N01',
    name: 'Cal Henderson',
    username: 'bees',
    email: null,
    avatarUrl: 'https://farm1.staticflickr.com/122/buddyicons/12037949754@N01.jpg',
  },
} satisfies OAuth1Row
