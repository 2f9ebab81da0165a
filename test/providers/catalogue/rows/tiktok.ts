import { tiktok } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'tiktok',
  docs: [
    'https://developers.tiktok.com/doc/login-kit-web/',
    'https://developers.tiktok.com/doc/oauth-user-access-token-management',
    'https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info',
  ],
  options: tiktok({ ...creds('tiktok'), scope: ['user.info.basic', 'video.list'] }),
  authorize: {
    url: 'https://www.tiktok.com/v2/auth/authorize/',
    params: { scope: 'user.info.basic,video.list' },
    clientIdParam: 'client_key',
    pkce: 'S256',
  },
  token: {
    url: 'https://open.tiktokapis.com/v2/oauth/token/',
    auth: 'post',
    answer: () => ({
      access_token: 'act.example12345Example12345Example',
      expires_in: 86400,
      open_id: 'afd97af1-b87b-48b9-ac98-410aghda5344',
      refresh_expires_in: 31536000,
      refresh_token: 'rft.example12345Example12345Example',
      scope: 'user.info.basic,video.list',
      token_type: 'Bearer',
    }),
  },
  userinfo: {
    url: 'https://open.tiktokapis.com/v2/user/info/?fields=open_id,union_id,avatar_url,display_name',
    answer: {
      data: {
        user: {
          avatar_url:
            'https://p19-sign.tiktokcdn-us.com/tos-useast5-avt-0068-tx/b17f0e4b3a4f4a50993cf72cda8b88b8~c5_168x168.jpeg',
          open_id: '723f24d7-e717-40f8-a2b6-cb8464cd23b4',
          union_id: 'c9c60f44-a68e-4f5d-84dd-ce22faeb0ba1',
          display_name: 'TikTok Developers',
        },
      },
      error: { code: 'ok', message: '', log_id: '20220829194722CBE87ED59D524E727021' },
    },
  },
  profile: {
    id: '723f24d7-e717-40f8-a2b6-cb8464cd23b4',
    name: 'TikTok Developers',
    username: null,
    email: null,
    avatarUrl:
      'https://p19-sign.tiktokcdn-us.com/tos-useast5-avt-0068-tx/b17f0e4b3a4f4a50993cf72cda8b88b8~c5_168x168.jpeg',
  },
  // "Refresh an access token": the token endpoint with client_key, client_secret,
  // grant_type=refresh_token; the answer's refresh token may be the same one, as here.
  refresh: {
    url: 'https://open.tiktokapis.com/v2/oauth/token/',
    auth: 'post',
    answer: () => ({
      access_token: 'act.example12345Example12345Example.refreshed',
      expires_in: 86400,
      open_id: 'afd97af1-b87b-48b9-ac98-410aghda5344',
      refresh_expires_in: 31536000,
      refresh_token: 'rft.example12345Example12345Example',
      scope: 'user.info.basic,video.list',
      token_type: 'Bearer',
    }),
    holds: () => ({
      access_token: 'act.example12345Example12345Example.refreshed',
      refresh_token: 'rft.example12345Example12345Example',
    }),
  },
  // "Revoke access": client_key (never client_id) and client_secret in the body, with the token.
  revoke: {
    url: 'https://open.tiktokapis.com/v2/oauth/revoke/',
    auth: 'post',
    form: { token: 'act.example12345Example12345Example' },
  },
} satisfies OAuth2Row
