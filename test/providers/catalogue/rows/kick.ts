import { kick } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'kick',
  docs: [
    'https://docs.kick.com/getting-started/generating-tokens-oauth2-flow',
    'https://docs.kick.com/apis/users',
    'https://api.kick.com/swagger/v1/doc.json',
  ],
  options: kick(creds('kick')),
  // "code_challenge_method: Yes, S256".
  authorize: { url: 'https://id.kick.com/oauth/authorize', params: { scope: 'user:read' }, pkce: 'S256' },
  token: {
    // The token endpoint's body: code, client_id, client_secret, redirect_uri, grant_type, code_verifier.
    url: 'https://id.kick.com/oauth/token',
    auth: 'post',
    // The documented fields (the docs' sample leaves their values empty).
    answer: () => ({
      access_token: 'NZQ2OTM2OWMTNTM3ZS0ZNJJLLWJHNZQTMWNKMGVKOTG0ZGE3',
      token_type: 'Bearer',
      refresh_token: 'MJY4MJCWNJQTMWYZOS01ZDK3LWEXZTKTNGI5ODA0MZA2ODBH',
      expires_in: 7200,
      scope: 'user:read',
    }),
  },
  userinfo: {
    // Without `id`, the token's own user (users.UserResponse of the Swagger specification).
    url: 'https://api.kick.com/public/v1/users',
    answer: {
      data: [
        {
          email: 'jane@example.com',
          name: 'janedoe',
          profile_picture: 'https://files.kick.com/images/user/123456/profile_image/conversion/avatar-fullsize.webp',
          user_id: 123456,
        },
      ],
      message: 'OK',
    },
  },
  profile: {
    id: '123456',
    name: 'janedoe',
    username: null,
    email: 'jane@example.com',
    avatarUrl: 'https://files.kick.com/images/user/123456/profile_image/conversion/avatar-fullsize.webp',
  },
  // "Refresh Token Endpoint": the same URL and body authentication; both tokens are new.
  refresh: {
    url: 'https://id.kick.com/oauth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'YTQ4ZGQ5MZETNDU0YS0ZMJVKLWE3OTITZDK1ZJFMMDQ5YJIY',
      token_type: 'Bearer',
      refresh_token: 'ZMVHNDEWMZATMDQ4NY01NWRJLTG1MDCTYMRJNJY1NMQ3MTM5',
      expires_in: 7200,
      scope: 'user:read',
    }),
    holds: () => ({
      access_token: 'YTQ4ZGQ5MZETNDU0YS0ZMJVKLWE3OTITZDK1ZJFMMDQ5YJIY',
      refresh_token: 'ZMVHNDEWMZATMDQ4NY01NWRJLTG1MDCTYMRJNJY1NMQ3MTM5',
    }),
  },
} satisfies OAuth2Row
