import { yahoo } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const host = 'https://api.login.yahoo.com'

export default {
  protocol: 'oidc',
  id: 'yahoo',
  docs: [
    // Steps 1 to 5 of the authorization code flow: request_auth, get_token, the token answer
    // (with xoauth_yahoo_guid), refresh, userinfo.
    'https://developer.yahoo.com/oauth2/guide/openid_connect/getting_started.html',
    // The token request's `Authorization: Basic` of the client id and secret.
    'https://developer.yahoo.com/oauth2/guide/flows_authcode/',
  ],
  options: yahoo(creds('yahoo')),
  authorize: { url: `${host}/oauth2/request_auth`, params: { scope: 'openid profile email' }, pkce: 'S256' },
  oidc: {
    issuer: host,
    authorize: `${host}/oauth2/request_auth`,
    token: `${host}/oauth2/get_token`,
    userinfo: `${host}/openid/v1/userinfo`,
    jwks: `${host}/openid/v1/certs`,
  },
  token: {
    url: `${host}/oauth2/get_token`,
    auth: 'basic',
    answer: () => ({
      access_token: 'Jzxbkqqcvjqik2IMxGFEE1cuaos--',
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: 'AOiRUlJn_qOmByVGTmUpwcMKW3XDcipToOoHx2wRoyLgJC_RFlA-',
      xoauth_yahoo_guid: 'JT4FACLQZI2OCE',
    }),
  },
  tokenHolds: () => ({ xoauth_yahoo_guid: 'JT4FACLQZI2OCE' }),
  userinfo: {
    url: `${host}/openid/v1/userinfo`,
    answer: {
      sub: 'FSVIDUW3D7FSVIDUW3D72F2F',
      name: 'Corey Ganser',
      given_name: 'Corey',
      family_name: 'Ganser',
      locale: 'en-US',
      email: 'yqa_functest_15572415322065371@yahoo.com',
      email_verified: true,
      picture: 'https://s.yimg.com/ag/images/default_user_profile_pic_192sq.jpg',
    },
  },
  profile: {
    id: 'FSVIDUW3D7FSVIDUW3D72F2F',
    name: 'Corey Ganser',
    username: null,
    email: 'yqa_functest_15572415322065371@yahoo.com',
    avatarUrl: 'https://s.yimg.com/ag/images/default_user_profile_pic_192sq.jpg',
  },
  // The refresh token grant at get_token, Basic again; the refresh token keeps working.
  refresh: {
    url: `${host}/oauth2/get_token`,
    auth: 'basic',
    answer: () => ({
      access_token: 'Jzxbkqqcvjqik2IMxGFEE1cuaos--refreshed',
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: 'AOiRUlJn_qOmByVGTmUpwcMKW3XDcipToOoHx2wRoyLgJC_RFlA-',
      xoauth_yahoo_guid: 'JT4FACLQZI2OCE',
    }),
    holds: () => ({
      access_token: 'Jzxbkqqcvjqik2IMxGFEE1cuaos--refreshed',
      refresh_token: 'AOiRUlJn_qOmByVGTmUpwcMKW3XDcipToOoHx2wRoyLgJC_RFlA-',
    }),
  },
} satisfies OAuth2Row
