import { yandex } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const accessToken = 'AQAAAACy1C6ZAAAAfa6vDLuItEy8pg-iIpnDxIs'

export default {
  protocol: 'oauth2',
  id: 'yandex',
  docs: [
    'https://yandex.com/dev/id/doc/en/codes/code-url',
    'https://yandex.com/dev/id/doc/en/tokens/refresh-client',
    'https://yandex.com/dev/id/doc/en/user-information',
  ],
  options: yandex(creds('yandex')),
  authorize: {
    url: 'https://oauth.yandex.com/authorize',
    params: { scope: 'login:info login:email login:avatar' },
    pkce: 'S256',
  },
  token: {
    url: 'https://oauth.yandex.com/token',
    // "Authorization: Basic <encoded string client_id:client_secret>" (or both in the body).
    auth: 'basic',
    // The token answer of "Exchanging an authorization code for a token".
    answer: () => ({
      token_type: 'bearer',
      access_token: accessToken,
      expires_in: 124234123534,
      refresh_token: '1:GN686QVt0mmakDd9:A4pYuW9LGk0_UnlrMIWklkAuJkUWbq27loFekJVmSYrdfzdePBy7:A-2dHOmBxiXgajnD-kYOwQ',
    }),
  },
  userinfo: {
    url: 'https://login.yandex.ru/info?format=json',
    // The recommended request: "Authorization: OAuth <OAuth token>".
    headers: { authorization: `OAuth ${accessToken}` },
    // The response sample of "Exchanging the token for information about the user".
    answer: {
      login: 'ivan',
      old_social_login: 'uid-mmzxrnry',
      default_email: 'test@yandex.ru',
      id: '1000034426',
      client_id: '4760187d81bc4b7799476b42b5103713',
      emails: ['test@yandex.ru', 'other-test@yandex.ru'],
      default_avatar_id: '131652443',
      is_avatar_empty: false,
      default_phone: { id: 12345678, number: '+79037659418' },
      psuid: '1.AAceCw.tbHgw5DtJ9_zeqPrk-Ba2w.qPWSRC5v2t2IaksPJgnge',
      first_name: 'Иван',
      last_name: 'Иванов',
      display_name: 'ivan',
      real_name: 'Иван Иванов',
      sex: 'male',
      birthday: '1987-03-12',
    },
  },
  profile: {
    id: '1000034426',
    name: 'ivan',
    username: 'ivan',
    email: 'test@yandex.ru',
    // "https://avatars.yandex.net/get-yapic/<default_avatar_id>/<size>", islands-200 being 200×200.
    avatarUrl: 'https://avatars.yandex.net/get-yapic/131652443/islands-200',
  },
  // "Update a token": the same endpoint and authentication; "a token and a new refresh token".
  refresh: {
    url: 'https://oauth.yandex.com/token',
    auth: 'basic',
    answer: () => ({
      token_type: 'bearer',
      access_token: `${accessToken}.refreshed`,
      expires_in: 31536000,
      refresh_token: '1:GN686QVt0mmakDd9:next',
    }),
    holds: () => ({ access_token: `${accessToken}.refreshed`, refresh_token: '1:GN686QVt0mmakDd9:next' }),
  },
} satisfies OAuth2Row
