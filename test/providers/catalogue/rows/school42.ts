import { school42 } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'school42',
  docs: [
    'https://api.intra.42.fr/apidoc/guides/web_application_flow',
    'https://api.intra.42.fr/apidoc/2.0/users/me.html',
  ],
  options: school42(creds('school42')),
  // "scope: A space separated list of scopes"; `public` is the default scope of 42's apps.
  authorize: { url: 'https://api.intra.42.fr/oauth/authorize', params: { scope: 'public' }, pkce: 'S256' },
  token: {
    url: 'https://api.intra.42.fr/oauth/token',
    // The guide posts grant_type, client_id, client_secret, code and redirect_uri.
    auth: 'post',
    // The guide's token answer: no refresh token.
    answer: () => ({
      access_token: '42804d1f2e6e8ed7a3c2cd0a2a9e1a60b7a3b1b42ca26ca6e0f3fcd9b2a5f2a0',
      token_type: 'bearer',
      expires_in: 7200,
      scope: 'public',
      created_at: 1443451918,
    }),
  },
  userinfo: {
    url: 'https://api.intra.42.fr/v2/me',
    // The example answer of GET /v2/me, cut to the fields a sign-in reads and a few more.
    answer: {
      id: 2,
      email: 'andre@42.fr',
      login: 'andre',
      first_name: 'André',
      last_name: 'Aubin',
      usual_full_name: 'Juliette Aubin',
      usual_first_name: 'Juliette',
      url: 'https://api.intra.42.fr/v2/users/andre',
      phone: 'hidden',
      displayname: 'André Aubin',
      kind: 'admin',
      image: {
        link: 'https://cdn.intra.42.fr/users/1234567890/andre.jpg',
        versions: {
          large: 'https://cdn.intra.42.fr/users/1234567890/large_andre.jpg',
          medium: 'https://cdn.intra.42.fr/users/1234567890/medium_andre.jpg',
          small: 'https://cdn.intra.42.fr/users/1234567890/small_andre.jpg',
          micro: 'https://cdn.intra.42.fr/users/1234567890/micro_andre.jpg',
        },
      },
      'staff?': false,
      correction_point: 4,
      pool_month: 'july',
      pool_year: '2016',
      wallet: 0,
      'alumni?': false,
      'active?': true,
    },
  },
  profile: {
    id: '2',
    name: 'Juliette Aubin',
    username: 'andre',
    email: 'andre@42.fr',
    avatarUrl: 'https://cdn.intra.42.fr/users/1234567890/andre.jpg',
  },
} satisfies OAuth2Row
