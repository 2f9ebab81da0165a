import { dribbble } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'dribbble',
  docs: ['https://developer.dribbble.com/v2/oauth/', 'https://developer.dribbble.com/v2/user/'],
  options: dribbble(creds('dribbble')),
  authorize: { url: 'https://dribbble.com/oauth/authorize', params: { scope: 'public' }, pkce: 'S256' },
  token: {
    // "POST https://dribbble.com/oauth/token" with client_id, client_secret, code and redirect_uri.
    url: 'https://dribbble.com/oauth/token',
    auth: 'post',
    // The guide's answer: a bearer token that does not expire, and no refresh token.
    answer: () => ({
      access_token: '29ed478ab86c07f1c069b1af76088f7431396b7c4a2523d06911345da82224a0',
      token_type: 'bearer',
      scope: 'public',
      created_at: 1580937613,
    }),
  },
  userinfo: {
    url: 'https://api.dribbble.com/v2/user',
    // The "Get the authenticated user" sample (shortened).
    answer: {
      id: 1,
      name: 'Dan Cederholm',
      login: 'simplebits',
      html_url: 'https://dribbble.com/simplebits',
      avatar_url: 'https://d13yacurqjgara.cloudfront.net/users/1/avatars/normal/dc.jpg?1371679243',
      bio: 'Co-founder &amp; designer of <a href="https://dribbble.com/dribbble">@Dribbble</a>.',
      location: 'Salem, MA',
      can_upload_shot: true,
      pro: true,
      followers_count: 29262,
      created_at: '2009-07-08T02:51:22Z',
      type: 'Player',
    },
  },
  profile: {
    id: '1',
    name: 'Dan Cederholm',
    username: 'simplebits',
    email: null,
    avatarUrl: 'https://d13yacurqjgara.cloudfront.net/users/1/avatars/normal/dc.jpg?1371679243',
  },
} satisfies OAuth2Row
