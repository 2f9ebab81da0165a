import { naver } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'naver',
  docs: [
    'https://developers.naver.com/docs/login/api/api.md',
    'https://developers.naver.com/docs/login/profile/profile.md',
  ],
  options: naver(creds('naver')),
  // 3.1: response_type, client_id, redirect_uri, state; scope "need not be sent".
  authorize: { url: 'https://nid.naver.com/oauth2.0/authorize', absent: ['scope'], pkce: 'S256' },
  token: {
    url: 'https://nid.naver.com/oauth2.0/token',
    // 3.2: client_id and client_secret are request parameters.
    auth: 'post',
    // 6.2.2: expires_in is a string, token_type lower case.
    answer: () => ({
      access_token: 'AAAAQosjWDJieBiQZc3to9YQp6HDLvrmyKC+6+iZ3gq7qrkqf50ljZC+Lgoqrg',
      refresh_token: 'c8ceMEJisO4Se7uGisHoX0f5JEii7JnipglQipkOn5Zp3tyP7dHQoP0zNKHUq2gY',
      token_type: 'bearer',
      expires_in: '3600',
    }),
  },
  // The string expires_in is read as seconds.
  tokenHolds: () => ({ expires_in: 3600 }),
  userinfo: {
    url: 'https://openapi.naver.com/v1/nid/me',
    // The profile API's 응답 예시.
    answer: {
      resultcode: '00',
      message: 'success',
      response: {
        email: 'openapi@naver.com',
        nickname: 'OpenAPI',
        profile_image: 'https://ssl.pstatic.net/static/pwe/address/nodata_33x33.gif',
        age: '40-49',
        gender: 'F',
        id: '32742776',
        name: '오픈 API',
        birthday: '10-01',
      },
    },
  },
  profile: {
    id: '32742776',
    name: '오픈 API',
    username: 'OpenAPI',
    email: 'openapi@naver.com',
    avatarUrl: 'https://ssl.pstatic.net/static/pwe/address/nodata_33x33.gif',
  },
  // 6.2.3: the refresh answer has no refresh_token, so the sign-in's is kept.
  refresh: {
    url: 'https://nid.naver.com/oauth2.0/token',
    auth: 'post',
    answer: () => ({
      access_token:
        'AAAAQjbRkysCNmMdQ7kmowPrjyRNIRYKG2iGHhbGawP0xfuYwjrE2WTI3p44SNepkFXME/NlxfamcJKPmUU4dSUhz+R2CmUqnN0lGuOcbEw6iexg',
      token_type: 'bearer',
      expires_in: '3600',
    }),
    holds: () => ({
      access_token:
        'AAAAQjbRkysCNmMdQ7kmowPrjyRNIRYKG2iGHhbGawP0xfuYwjrE2WTI3p44SNepkFXME/NlxfamcJKPmUU4dSUhz+R2CmUqnN0lGuOcbEw6iexg',
      refresh_token: 'c8ceMEJisO4Se7uGisHoX0f5JEii7JnipglQipkOn5Zp3tyP7dHQoP0zNKHUq2gY',
    }),
  },
} satisfies OAuth2Row
