import { facebook } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'facebook',
  docs: [
    'https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow',
    'https://developers.facebook.com/docs/graph-api/reference/user/',
    'https://developers.facebook.com/docs/graph-api/reference/user/picture/',
  ],
  options: facebook(creds('facebook')),
  authorize: {
    url: 'https://www.facebook.com/v26.0/dialog/oauth',
    // Permissions joined with commas.
    params: { scope: 'public_profile,email' },
    pkce: 'S256',
  },
  token: {
    url: 'https://graph.facebook.com/v26.0/oauth/access_token',
    auth: 'post',
    // "Exchanging Code for an Access Token": the answer's three fields.
    answer: () => ({ access_token: 'EAAG-fb', token_type: 'bearer', expires_in: 5183944 }),
  },
  userinfo: {
    // Fields come only when asked for by name.
    url: 'https://graph.facebook.com/v26.0/me?fields=id,name,email,picture',
    answer: {
      id: '10158',
      name: 'Mark Example',
      email: 'mark@example.test',
      picture: {
        data: { height: 50, is_silhouette: false, url: 'https://platform-lookaside.example/p.jpg', width: 50 },
      },
    },
  },
  profile: {
    id: '10158',
    name: 'Mark Example',
    username: null,
    email: 'mark@example.test',
    avatarUrl: 'https://platform-lookaside.example/p.jpg',
  },
} satisfies OAuth2Row
