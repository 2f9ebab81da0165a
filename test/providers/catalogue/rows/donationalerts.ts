import { donationalerts } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'donationalerts',
  docs: [
    'https://www.donationalerts.com/apidoc#authorization',
    'https://www.donationalerts.com/apidoc#authorization__authorization_code',
    'https://www.donationalerts.com/apidoc#api_v1__users__user_profile_information',
  ],
  options: donationalerts(creds('donationalerts')),
  authorize: {
    url: 'https://www.donationalerts.com/oauth/authorize',
    params: { scope: 'oauth-user-show' },
    pkce: 'S256',
  },
  token: {
    // grant_type, client_id, client_secret, redirect_uri and code in a form body.
    url: 'https://www.donationalerts.com/oauth/token',
    auth: 'post',
    answer: () => ({
      token_type: 'Bearer',
      access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.donationalerts-access',
      expires_in: 631152000,
      refresh_token: 'def50200donationalerts-refresh',
    }),
  },
  userinfo: {
    url: 'https://www.donationalerts.com/api/v1/user/oauth',
    // The "User Profile Information" sample.
    answer: {
      data: {
        id: 3,
        code: 'tris_the_jam_master',
        name: 'Tris_the_Jam_Master',
        avatar:
          'https://static-cdn.jtvnw.net/jtv_user_pictures/tris_the_jam_master-profile_image-4ea6a1d2d7c7f4c2-300x300.png',
        email: 'tris@jam.master',
        language: 'en',
        is_active: 1,
        socket_connection_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.socket',
      },
    },
  },
  profile: {
    id: '3',
    name: 'Tris_the_Jam_Master',
    username: 'tris_the_jam_master',
    email: 'tris@jam.master',
    avatarUrl:
      'https://static-cdn.jtvnw.net/jtv_user_pictures/tris_the_jam_master-profile_image-4ea6a1d2d7c7f4c2-300x300.png',
  },
  // "Refreshing Access Tokens": grant_type=refresh_token with the client in the body and the
  // scope of the original request.
  refresh: {
    url: 'https://www.donationalerts.com/oauth/token',
    auth: 'post',
    form: { scope: 'oauth-user-show' },
    answer: () => ({
      token_type: 'Bearer',
      access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.donationalerts-access-2',
      expires_in: 631152000,
      refresh_token: 'def50200donationalerts-refresh-2',
    }),
    holds: () => ({
      access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.donationalerts-access-2',
      refresh_token: 'def50200donationalerts-refresh-2',
    }),
  },
} satisfies OAuth2Row
