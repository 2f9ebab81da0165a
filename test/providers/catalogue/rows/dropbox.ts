import { dropbox } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'dropbox',
  docs: [
    'https://www.dropbox.com/developers/documentation/http/documentation#oauth2-authorize',
    'https://www.dropbox.com/developers/documentation/http/documentation#oauth2-token',
    'https://www.dropbox.com/developers/documentation/http/documentation#users-get_current_account',
  ],
  options: dropbox(creds('dropbox')),
  authorize: {
    url: 'https://www.dropbox.com/oauth2/authorize',
    params: { scope: 'account_info.read', token_access_type: 'offline' },
    pkce: 'S256',
  },
  token: {
    url: 'https://api.dropboxapi.com/oauth2/token',
    auth: 'basic',
    answer: () => ({
      access_token:
        'sl.u.AbX9y6Fe3AuH5o66-gmJpR032jwAwQPIVVzWXZNkdzcYT02akC2de219dZi6gxYPVnYPrpvISRSf9lxKWJzYLjtMPH-d9fo_0gXex7X37VIvpty4-G8f4-WX45AcEPfRnJJDwzv-',
      expires_in: 14400,
      token_type: 'bearer',
      scope: 'account_info.read',
      refresh_token: 'nBiM85CZALsAAAAAAAAAAQXHBoNpNutK4ngsXHsqW4iGz9tisb3JyjGqikMJIYbd',
      account_id: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
      uid: '12345',
    }),
  },
  userinfo: {
    // An RPC endpoint: a POST, with no body for an endpoint without arguments.
    method: 'POST',
    url: 'https://api.dropboxapi.com/2/users/get_current_account',
    answer: {
      account_id: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
      name: {
        given_name: 'Franz',
        surname: 'Ferdinand',
        familiar_name: 'Franz',
        display_name: 'Franz Ferdinand (Personal)',
        abbreviated_name: 'FF',
      },
      email: 'franz@dropbox.com',
      email_verified: true,
      disabled: false,
      locale: 'en',
      referral_link: 'https://db.tt/ZITNuhtI',
      is_paired: true,
      account_type: { '.tag': 'business' },
      profile_photo_url:
        'https://dl-web.dropbox.com/account_photo/get/dbaphid%3AAAHWGmIXV3sUuOmBfTz0wPsiqHUpBWvv3ZA?vers=1556069330102&size=128x128',
      country: 'US',
    },
  },
  profile: {
    id: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
    name: 'Franz Ferdinand (Personal)',
    username: null,
    email: 'franz@dropbox.com',
    avatarUrl:
      'https://dl-web.dropbox.com/account_photo/get/dbaphid%3AAAHWGmIXV3sUuOmBfTz0wPsiqHUpBWvv3ZA?vers=1556069330102&size=128x128',
  },
  // /oauth2/token with grant_type=refresh_token, the client by HTTP Basic: the sample answer has
  // a new access token and no refresh token, the old one staying in use.
  refresh: {
    url: 'https://api.dropboxapi.com/oauth2/token',
    auth: 'basic',
    answer: () => ({ access_token: 'sl.u.AbX9y6Fe3AuH5o66.refreshed', expires_in: 14400, token_type: 'bearer' }),
    holds: () => ({
      access_token: 'sl.u.AbX9y6Fe3AuH5o66.refreshed',
      refresh_token: 'nBiM85CZALsAAAAAAAAAAQXHBoNpNutK4ngsXHsqW4iGz9tisb3JyjGqikMJIYbd',
    }),
  },
} satisfies OAuth2Row
