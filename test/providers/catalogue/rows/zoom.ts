import { zoom } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'zoom',
  docs: [
    'https://developers.zoom.us/docs/integrations/oauth/',
    'https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}',
  ],
  options: zoom(creds('zoom')),
  // Scopes are set on the app at Zoom, so none is asked for.
  authorize: { url: 'https://zoom.us/oauth/authorize', absent: ['scope'], pkce: 'S256' },
  token: {
    url: 'https://zoom.us/oauth/token',
    auth: 'basic',
    answer: () => ({
      access_token: 'eyJhbGciOiJIUzUxMiIsInYiOiIyLjAiLCJraWQiOiI8S0lEPiJ9',
      token_type: 'bearer',
      refresh_token: 'eyJhbGciOiJIUzUxMiIsInYiOiIyLjAiLCJraWQiOiI8S0lEPiJ9.refresh',
      expires_in: 3599,
      scope: 'user:read:user',
    }),
  },
  userinfo: {
    url: 'https://api.zoom.us/v2/users/me',
    answer: {
      id: 'KDcuGIm1QgePTO8WbOqwIQ',
      first_name: 'Jill',
      last_name: 'Chill',
      display_name: 'Jill Chill',
      email: 'jchill@example.com',
      type: 1,
      pmi: 3542471135,
      timezone: 'Asia/Shanghai',
      verified: 1,
      pic_url: 'https://example.com/photo.jpg',
      language: 'en-US',
      status: 'active',
      account_id: 'q6gBJVO5TzexKYTb_I2rpg',
    },
  },
  profile: {
    id: 'KDcuGIm1QgePTO8WbOqwIQ',
    name: 'Jill Chill',
    username: null,
    email: 'jchill@example.com',
    avatarUrl: 'https://example.com/photo.jpg',
  },
  // "Refreshing an access token": the same endpoint and HTTP Basic; the answer's refresh token
  // replaces the old one, which stops working.
  refresh: {
    url: 'https://zoom.us/oauth/token',
    auth: 'basic',
    answer: () => ({
      access_token: 'eyJhbGciOiJIUzUxMiIsInYiOiIyLjAiLCJraWQiOiI8S0lEPiJ9.refreshed',
      token_type: 'bearer',
      refresh_token: 'eyJhbGciOiJIUzUxMiIsInYiOiIyLjAiLCJraWQiOiI8S0lEPiJ9.next',
      expires_in: 3599,
      scope: 'user:read:user',
    }),
    holds: () => ({
      access_token: 'eyJhbGciOiJIUzUxMiIsInYiOiIyLjAiLCJraWQiOiI8S0lEPiJ9.refreshed',
      refresh_token: 'eyJhbGciOiJIUzUxMiIsInYiOiIyLjAiLCJraWQiOiI8S0lEPiJ9.next',
    }),
  },
  // "Revoking an access token": POST /oauth/revoke with the token, the client by HTTP Basic.
  revoke: {
    url: 'https://zoom.us/oauth/revoke',
    auth: 'basic',
    form: { token: 'eyJhbGciOiJIUzUxMiIsInYiOiIyLjAiLCJraWQiOiI8S0lEPiJ9' },
  },
} satisfies OAuth2Row
