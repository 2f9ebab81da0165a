import { mastodon } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'mastodon',
  docs: [
    'https://docs.joinmastodon.org/methods/oauth/',
    'https://docs.joinmastodon.org/methods/accounts/#verify_credentials',
  ],
  options: mastodon({ ...creds('mastodon'), instance: 'Mastodon.Social' }),
  authorize: { url: 'https://mastodon.social/oauth/authorize', params: { scope: 'read:accounts' }, pkce: 'S256' },
  token: {
    url: 'https://mastodon.social/oauth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0',
      token_type: 'Bearer',
      scope: 'read:accounts',
      created_at: 1573979017,
    }),
  },
  userinfo: {
    url: 'https://mastodon.social/api/v1/accounts/verify_credentials',
    answer: {
      id: '14715',
      username: 'trwnh',
      acct: 'trwnh',
      display_name: 'infinite love ⴳ',
      locked: false,
      bot: false,
      created_at: '2016-11-24T10:02:12.085Z',
      note: '<p>i have approximate knowledge of many things.</p>',
      url: 'https://mastodon.social/@trwnh',
      avatar: 'https://files.mastodon.social/accounts/avatars/000/014/715/original/34aa222f4ae2e0a9.png',
      avatar_static: 'https://files.mastodon.social/accounts/avatars/000/014/715/original/34aa222f4ae2e0a9.png',
      header: 'https://files.mastodon.social/accounts/headers/000/014/715/original/5c6fc24edb3bb873.jpg',
      followers_count: 821,
      following_count: 178,
      statuses_count: 33120,
    },
  },
  profile: {
    id: '14715',
    name: 'infinite love ⴳ',
    username: 'trwnh@mastodon.social',
    email: null,
    avatarUrl: 'https://files.mastodon.social/accounts/avatars/000/014/715/original/34aa222f4ae2e0a9.png',
  },
  // "Revoke a token": POST /oauth/revoke with client_id, client_secret and token.
  revoke: {
    url: 'https://mastodon.social/oauth/revoke',
    auth: 'post',
    form: { token: 'ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0' },
  },
} satisfies OAuth2Row
