import { amazon } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'amazon',
  docs: [
    'https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html',
    'https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html',
    'https://developer.amazon.com/docs/login-with-amazon/customer-profile.html',
  ],
  options: amazon(creds('amazon')),
  // "Authorization Request": scope=profile, and code_challenge_method spelled out, since Amazon
  // takes a challenge without one as plain.
  authorize: { url: 'https://www.amazon.com/ap/oa', params: { scope: 'profile' }, pkce: 'S256' },
  token: {
    url: 'https://api.amazon.com/auth/o2/token',
    // "Access Token Request": client_id and client_secret in the form body.
    auth: 'post',
    // The "Access Token Response" sample.
    answer: () => ({
      access_token: 'Atza|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSR...',
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: 'Atzr|IQEBLzAtAhRPpMJxdwVz2Nn6f2y-tpJX2DeX...',
    }),
  },
  userinfo: {
    url: 'https://api.amazon.com/user/profile',
    // The customer-profile sample (the `profile` scope's fields).
    answer: {
      user_id: 'amznl.account.K2LI23KL2LK2',
      email: 'mhashimoto-04@plaxo.com',
      name: 'Mork Hashimoto',
      postal_code: '98052',
    },
  },
  profile: {
    id: 'amznl.account.K2LI23KL2LK2',
    name: 'Mork Hashimoto',
    username: null,
    email: 'mhashimoto-04@plaxo.com',
    avatarUrl: null,
  },
  // "Using Refresh Tokens": the same endpoint and client authentication; the answer repeats the
  // refresh token, which keeps working.
  refresh: {
    url: 'https://api.amazon.com/auth/o2/token',
    auth: 'post',
    answer: () => ({
      access_token: 'Atza|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSR.refreshed',
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: 'Atzr|IQEBLzAtAhRPpMJxdwVz2Nn6f2y-tpJX2DeX...',
    }),
    holds: () => ({
      access_token: 'Atza|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSR.refreshed',
      refresh_token: 'Atzr|IQEBLzAtAhRPpMJxdwVz2Nn6f2y-tpJX2DeX...',
    }),
  },
} satisfies OAuth2Row
