import { linkedin } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'linkedin',
  docs: [
    'https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2',
    'https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow',
    'https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens',
  ],
  options: linkedin(creds('linkedin')),
  authorize: {
    url: 'https://www.linkedin.com/oauth/v2/authorization',
    params: { scope: 'openid profile email' },
    // LinkedIn refuses PKCE for web apps and drops the nonce.
    absent: ['code_challenge', 'code_challenge_method'],
    pkce: false,
  },
  oidc: {
    issuer: 'https://www.linkedin.com/oauth',
    authorize: 'https://www.linkedin.com/oauth/v2/authorization',
    token: 'https://www.linkedin.com/oauth/v2/accessToken',
    userinfo: 'https://api.linkedin.com/v2/userinfo',
    jwks: 'https://www.linkedin.com/oauth/openid/jwks',
    nonce: false,
    claims: { email: 'doe@email.com', email_verified: true },
  },
  token: {
    url: 'https://www.linkedin.com/oauth/v2/accessToken',
    auth: 'post',
    // A partner app's answer, with a programmatic refresh token.
    answer: () => ({
      access_token: 'AQUvlL_DYEzvT2wz1QJiEPeLioeA',
      expires_in: 5184000,
      refresh_token:
        'AQWAft_WjYZKwuWXLC5hQlghgTam-tuT8CvFej9-XxGyqeER_7jTr8HmjiGjqil13i7gMFjyDxh1g7C_G1gyTZmfcD0Bo2oEHofNAkr_76mSk84sppsGbygwW-5oLsb_OH_EXADPIFo0kppznrK55VMIBv_d7SINunt-7DtXCRAv0YnET5KroQOlmAhc1_HwW68EZniFw1YnB2dgDSxCkXnrfHYq7h63w0hjFXmgrdxeeAuOHBHnFFYHOWWjI8sLuJ_Vr7O7z_nFf9-_s0hq6vqqNg4Gh5ZHPnlmyV3bKmkAlmGk5crHc_qtHe9kkFqUjg9mEK2sZ4JLxBvFo5YG_bN3ol5Wnhw',
      refresh_token_expires_in: 31536000,
      scope: 'email,openid,profile',
      token_type: 'Bearer',
    }),
  },
  // "Sample API Response" of the userinfo endpoint.
  userinfo: {
    url: 'https://api.linkedin.com/v2/userinfo',
    answer: {
      sub: '782bbtaQ',
      name: 'John Doe',
      given_name: 'John',
      family_name: 'Doe',
      picture: 'https://media.licdn-ei.com/dms/image/C5F03AQHqK8v7tB1HCQ/profile-displayphoto-shrink_100_100/0/',
      locale: 'en-US',
      email: 'doe@email.com',
      email_verified: true,
    },
  },
  profile: {
    id: '782bbtaQ',
    name: 'John Doe',
    username: null,
    email: 'doe@email.com',
    avatarUrl: 'https://media.licdn-ei.com/dms/image/C5F03AQHqK8v7tB1HCQ/profile-displayphoto-shrink_100_100/0/',
  },
  // "Refresh access token": grant_type=refresh_token with client_id and client_secret at the
  // token endpoint; the answer carries the same refresh token, its lifetime counting down.
  refresh: {
    url: 'https://www.linkedin.com/oauth/v2/accessToken',
    auth: 'post',
    answer: () => ({
      access_token: 'BBBB1234refreshed',
      expires_in: 5184000,
      refresh_token:
        'AQWAft_WjYZKwuWXLC5hQlghgTam-tuT8CvFej9-XxGyqeER_7jTr8HmjiGjqil13i7gMFjyDxh1g7C_G1gyTZmfcD0Bo2oEHofNAkr_76mSk84sppsGbygwW-5oLsb_OH_EXADPIFo0kppznrK55VMIBv_d7SINunt-7DtXCRAv0YnET5KroQOlmAhc1_HwW68EZniFw1YnB2dgDSxCkXnrfHYq7h63w0hjFXmgrdxeeAuOHBHnFFYHOWWjI8sLuJ_Vr7O7z_nFf9-_s0hq6vqqNg4Gh5ZHPnlmyV3bKmkAlmGk5crHc_qtHe9kkFqUjg9mEK2sZ4JLxBvFo5YG_bN3ol5Wnhw',
      refresh_token_expires_in: 525600,
    }),
    holds: () => ({ access_token: 'BBBB1234refreshed', refresh_token_expires_in: 525600 }),
  },
} satisfies OAuth2Row
