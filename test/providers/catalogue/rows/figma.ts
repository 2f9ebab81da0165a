import { figma } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'figma',
  docs: [
    'https://developers.figma.com/docs/rest-api/authentication/',
    'https://developers.figma.com/docs/rest-api/users-endpoints/',
  ],
  options: figma(creds('figma')),
  authorize: { url: 'https://www.figma.com/oauth', params: { scope: 'current_user:read' }, pkce: 'S256' },
  token: {
    // "POST https://api.figma.com/v1/oauth/token" with the app's id and secret as HTTP Basic.
    url: 'https://api.figma.com/v1/oauth/token',
    auth: 'basic',
    answer: () => ({
      user_id_string: '1234567890',
      access_token: 'figu_access_token_sample',
      token_type: 'bearer',
      expires_in: 7776000,
      refresh_token: 'figur_refresh_token_sample',
    }),
  },
  userinfo: {
    url: 'https://api.figma.com/v1/me',
    // GET /v1/me: a User (id, handle, img_url) with the email of the token's owner.
    answer: {
      id: '1234567890',
      handle: 'Jane Doe',
      img_url: 'https://s3-alpha.figma.com/profile/1234567890',
      email: 'jane@example.com',
    },
  },
  profile: {
    id: '1234567890',
    name: 'Jane Doe',
    username: null,
    email: 'jane@example.com',
    avatarUrl: 'https://s3-alpha.figma.com/profile/1234567890',
  },
  // "POST https://api.figma.com/v1/oauth/refresh", HTTP Basic: a new access token, no new
  // refresh token, so the sign-in's is kept.
  refresh: {
    url: 'https://api.figma.com/v1/oauth/refresh',
    auth: 'basic',
    answer: () => ({ access_token: 'figu_access_token_refreshed', token_type: 'bearer', expires_in: 7776000 }),
    holds: () => ({ access_token: 'figu_access_token_refreshed', refresh_token: 'figur_refresh_token_sample' }),
  },
} satisfies OAuth2Row
