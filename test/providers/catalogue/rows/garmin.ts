import { garmin } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

// Garmin's OAuth 2.0 PKCE specification is behind its partner portal: the wire format below is
// the one independent client implementations agree on (authorize at connect.garmin.com/
// oauth2Confirm with an S256 challenge and no scope; code and refresh exchanges at
// diauth.garmin.com with client_id and client_secret in the body; a new refresh token with
// every answer; the user id at apis.garmin.com/wellness-api/rest/user/id).
export default {
  protocol: 'oauth2',
  id: 'garmin',
  docs: ['https://developerportal.garmin.com/developer-programs/connect-developer-api'],
  options: garmin(creds('garmin')),
  authorize: { url: 'https://connect.garmin.com/oauth2Confirm', absent: ['scope'], pkce: 'S256' },
  token: {
    url: 'https://diauth.garmin.com/di-oauth2-service/oauth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.garmin-access',
      token_type: 'bearer',
      refresh_token: 'eyJyZWZyZXNoVG9rZW5WYWx1ZSI6IjEifQ.garmin-refresh',
      expires_in: 86399,
      scope: 'ACTIVITY_EXPORT HEALTH_EXPORT',
      jti: '0f9c2a6e-4d1b-4a3e-9a57-3c8b1e2d4f60',
      refresh_token_expires_in: 7775999,
    }),
  },
  userinfo: {
    url: 'https://apis.garmin.com/wellness-api/rest/user/id',
    answer: { userId: 'd3315b1072421d0dd7c8f6b8e1de4df8' },
  },
  profile: { id: 'd3315b1072421d0dd7c8f6b8e1de4df8', name: null, username: null, email: null, avatarUrl: null },
  refresh: {
    url: 'https://diauth.garmin.com/di-oauth2-service/oauth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.garmin-access-2',
      token_type: 'bearer',
      refresh_token: 'eyJyZWZyZXNoVG9rZW5WYWx1ZSI6IjIifQ.garmin-refresh-2',
      expires_in: 86399,
      scope: 'ACTIVITY_EXPORT HEALTH_EXPORT',
      jti: '5b7d9e1f-2a4c-4e6b-8d0f-1a3c5e7b9d2f',
      refresh_token_expires_in: 7775999,
    }),
    holds: () => ({
      access_token: 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.garmin-access-2',
      refresh_token: 'eyJyZWZyZXNoVG9rZW5WYWx1ZSI6IjIifQ.garmin-refresh-2',
    }),
  },
} satisfies OAuth2Row
