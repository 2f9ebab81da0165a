import { atlassian } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'atlassian',
  docs: [
    'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/',
    'https://developer.atlassian.com/cloud/oauth/getting-started/implementing-oauth-3lo',
    'https://developer.atlassian.com/cloud/oauth/getting-started/refresh-tokens',
  ],
  options: atlassian(creds('atlassian')),
  authorize: {
    url: 'https://auth.atlassian.com/authorize',
    // The guide's authorization URL: audience, scopes joined with %20, prompt=consent.
    params: { audience: 'api.atlassian.com', prompt: 'consent', scope: 'read:me offline_access' },
    pkce: 'S256',
  },
  token: {
    url: 'https://auth.atlassian.com/oauth/token',
    // "--header 'Content-Type: application/json'", with client_id and client_secret in the body.
    auth: 'post',
    format: 'json',
    // The guide's answer, with the refresh token offline_access adds.
    answer: () => ({
      access_token: 'eyJraWQiOiJhdXRoLmF0bGFzc2lhbi5jb20tQUNDRVNTIn0.access',
      expires_in: 3600,
      scope: 'read:me offline_access',
      refresh_token: 'eyJraWQiOiJhdXRoLmF0bGFzc2lhbi5jb20tUkVGUkVTSCJ9.refresh',
    }),
  },
  userinfo: {
    url: 'https://api.atlassian.com/me',
    // The user identity API's example answer.
    answer: {
      account_type: 'atlassian',
      account_id: '112233aa-bb11-cc22-33dd-444444abcd',
      email: 'mia@example.com',
      name: 'Mia Krystof',
      picture:
        'https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/112233aa-bb11-cc22-33dd-444444abcd/1234abcd-9876-54aa-33aa-1234dfsade9487ds',
      account_status: 'active',
      nickname: 'mkrystof',
      zoneinfo: 'Australia/Sydney',
      locale: 'en-US',
      extended_profile: {
        job_title: 'Designer',
        organization: 'mia@example.com',
        department: 'Design team',
        location: 'Sydney',
      },
    },
  },
  profile: {
    id: '112233aa-bb11-cc22-33dd-444444abcd',
    name: 'Mia Krystof',
    username: 'mkrystof',
    email: 'mia@example.com',
    avatarUrl:
      'https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/112233aa-bb11-cc22-33dd-444444abcd/1234abcd-9876-54aa-33aa-1234dfsade9487ds',
  },
  // "Use a refresh token to get another access token": the same endpoint and JSON body; rotating
  // refresh tokens, so the answer holds a new one.
  refresh: {
    url: 'https://auth.atlassian.com/oauth/token',
    auth: 'post',
    format: 'json',
    answer: () => ({
      access_token: 'eyJraWQiOiJhdXRoLmF0bGFzc2lhbi5jb20tQUNDRVNTIn0.refreshed',
      refresh_token: 'eyJraWQiOiJhdXRoLmF0bGFzc2lhbi5jb20tUkVGUkVTSCJ9.rotated',
      expires_in: 3600,
      scope: 'read:me offline_access',
    }),
    holds: () => ({
      access_token: 'eyJraWQiOiJhdXRoLmF0bGFzc2lhbi5jb20tQUNDRVNTIn0.refreshed',
      refresh_token: 'eyJraWQiOiJhdXRoLmF0bGFzc2lhbi5jb20tUkVGUkVTSCJ9.rotated',
    }),
  },
} satisfies OAuth2Row
