import { shikimori } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'shikimori',
  docs: [
    'https://shikimori.one/oauth',
    'https://shikimori.one/api/doc/1.0/users/whoami',
    // whoami's fields: UserInfoSerializer over UserSerializer.
    'https://github.com/shikimori/shikimori/blob/master/app/serializers/user_serializer.rb',
    'https://github.com/shikimori/shikimori/blob/master/app/serializers/user_info_serializer.rb',
  ],
  // "User-Agent: APPLICATION_NAME" on every call.
  options: shikimori({ ...creds('shikimori'), userAgent: 'Catalogue Test App' }),
  authorize: { url: 'https://shikimori.one/oauth/authorize', absent: ['scope'], pkce: 'S256' },
  token: {
    url: 'https://shikimori.one/oauth/token',
    // Step 3: client_id and client_secret as request parameters.
    auth: 'post',
    headers: { 'user-agent': 'Catalogue Test App' },
    answer: () => ({
      access_token: 'shikimori-access-token',
      token_type: 'Bearer',
      // "Access Token is expired in 1 day."
      expires_in: 86400,
      refresh_token: 'shikimori-refresh-token',
    }),
  },
  userinfo: {
    url: 'https://shikimori.one/api/users/whoami',
    headers: { 'user-agent': 'Catalogue Test App' },
    answer: {
      id: 1,
      nickname: 'morr',
      avatar: 'https://shikimori.one/system/users/x48/1.png',
      image: {
        x160: 'https://shikimori.one/system/users/x160/1.png',
        x148: 'https://shikimori.one/system/users/x148/1.png',
        x80: 'https://shikimori.one/system/users/x80/1.png',
        x64: 'https://shikimori.one/system/users/x64/1.png',
        x48: 'https://shikimori.one/system/users/x48/1.png',
        x32: 'https://shikimori.one/system/users/x32/1.png',
        x16: 'https://shikimori.one/system/users/x16/1.png',
      },
      last_online_at: '2024-01-01T00:00:00.000+03:00',
      url: 'https://shikimori.one/morr',
      name: null,
      sex: 'male',
      website: '',
      birth_on: null,
      locale: 'ru',
    },
  },
  profile: {
    id: '1',
    name: 'morr',
    username: 'morr',
    email: null,
    avatarUrl: 'https://shikimori.one/system/users/x160/1.png',
  },
  // Step 5: "obtain new Access Token and Refresh Token", with the same User-Agent.
  refresh: {
    url: 'https://shikimori.one/oauth/token',
    auth: 'post',
    headers: { 'user-agent': 'Catalogue Test App' },
    answer: () => ({
      access_token: 'shikimori-access-token-2',
      token_type: 'Bearer',
      expires_in: 86400,
      refresh_token: 'shikimori-refresh-token-2',
    }),
    holds: () => ({ access_token: 'shikimori-access-token-2', refresh_token: 'shikimori-refresh-token-2' }),
  },
} satisfies OAuth2Row
