import { kakao } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'kakao',
  docs: [
    // "Request authorization code" (comma-separated scope), "Request tokens" (client_id and the
    // optional client_secret in the body), "Refresh tokens", "Retrieve user information".
    'https://developers.kakao.com/docs/latest/en/kakaologin/rest-api',
  ],
  options: kakao(creds('kakao')),
  authorize: {
    url: 'https://kauth.kakao.com/oauth/authorize',
    params: { scope: 'profile_nickname,profile_image,account_email' },
    pkce: 'S256',
  },
  token: {
    url: 'https://kauth.kakao.com/oauth/token',
    auth: 'post',
    // The "Request tokens" response sample, without OpenID Connect.
    answer: () => ({
      token_type: 'bearer',
      access_token: 'kakao-access-token',
      expires_in: 43199,
      refresh_token: 'kakao-refresh-token',
      refresh_token_expires_in: 5183999,
      scope: 'account_email profile_image profile_nickname',
    }),
  },
  tokenHolds: () => ({ refresh_token_expires_in: 5183999 }),
  userinfo: {
    url: 'https://kapi.kakao.com/v2/user/me?secure_resource=true',
    // The "Retrieve user information" response sample, trimmed to the consented items.
    answer: {
      id: 123456789,
      connected_at: '2022-04-11T01:45:28Z',
      kakao_account: {
        profile_nickname_needs_agreement: false,
        profile_image_needs_agreement: false,
        profile: {
          nickname: '홍길동',
          thumbnail_image_url: 'https://yyy.kakao.com/.../img_110x110.jpg',
          profile_image_url: 'https://yyy.kakao.com/dn/.../img_640x640.jpg',
          is_default_image: false,
          is_default_nickname: false,
        },
        email_needs_agreement: false,
        is_email_valid: true,
        is_email_verified: true,
        email: 'sample@sample.com',
      },
    },
  },
  profile: {
    id: '123456789',
    name: '홍길동',
    username: null,
    email: 'sample@sample.com',
    avatarUrl: 'https://yyy.kakao.com/dn/.../img_640x640.jpg',
  },
  // "Refresh tokens": a new refresh token only when less than a month is left, so an answer
  // without one keeps the old.
  refresh: {
    url: 'https://kauth.kakao.com/oauth/token',
    auth: 'post',
    answer: () => ({ token_type: 'bearer', access_token: 'kakao-access-token-2', expires_in: 43199 }),
    holds: () => ({ access_token: 'kakao-access-token-2', refresh_token: 'kakao-refresh-token' }),
  },
} satisfies OAuth2Row
