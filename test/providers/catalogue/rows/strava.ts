import { strava } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'strava',
  docs: [
    'https://developers.strava.com/docs/authentication/#detailsaboutrequestingaccess',
    'https://developers.strava.com/docs/authentication/#tokenexchange',
    'https://developers.strava.com/docs/authentication/#refreshingexpiredaccesstokens',
    'https://developers.strava.com/docs/reference/#api-Athletes-getLoggedInAthlete',
  ],
  options: strava({ ...creds('strava'), scope: ['read', 'activity:read'] }),
  // "Requested scopes, as a comma delimited string".
  authorize: { url: 'https://www.strava.com/oauth/authorize', params: { scope: 'read,activity:read' }, pkce: 'S256' },
  token: {
    url: 'https://www.strava.com/oauth/token',
    auth: 'post',
    // The guide's sample, its absolute expires_at moved to now: a Strava answer names its own
    // expiry, which is not expires_in from receipt (here it is 100 s earlier).
    answer: (now) => ({
      token_type: 'Bearer',
      expires_at: now + 21500,
      expires_in: 21600,
      refresh_token: 'e5n567567',
      access_token: 'a4b945687g',
      athlete: {
        id: 134815,
        username: 'marianne_t',
        resource_state: 2,
        firstname: 'Marianne',
        lastname: 'Teutenberg',
      },
    }),
  },
  userinfo: {
    url: 'https://www.strava.com/api/v3/athlete',
    // The reference's sample; its id (1234567890987654321) is past 2^53, which no JSON number
    // holds exactly, so the token sample's athlete id stands in.
    answer: {
      id: 134815,
      username: 'marianne_t',
      resource_state: 3,
      firstname: 'Marianne',
      lastname: 'Teutenberg',
      city: 'San Francisco',
      state: 'CA',
      country: 'US',
      sex: 'F',
      premium: true,
      created_at: '2017-11-14T02:30:05Z',
      updated_at: '2018-02-06T19:32:20Z',
      badge_type_id: 4,
      profile_medium: 'https://xxxxxx.cloudfront.net/pictures/athletes/123456789/123456789/2/medium.jpg',
      profile: 'https://xxxxx.cloudfront.net/pictures/athletes/123456789/123456789/2/large.jpg',
      friend: null,
      follower: null,
    },
  },
  profile: {
    id: '134815',
    name: 'Marianne Teutenberg',
    username: 'marianne_t',
    email: null,
    avatarUrl: 'https://xxxxx.cloudfront.net/pictures/athletes/123456789/123456789/2/large.jpg',
  },
  tokenHolds: (now) => ({ expires_at: now + 21500, refresh_token: 'e5n567567' }),
  // "Refreshing Expired Access Tokens": the same endpoint, client_id and client_secret in the
  // body; the answer's absolute expires_at is kept, and its refresh token replaces the old one.
  refresh: {
    url: 'https://www.strava.com/oauth/token',
    auth: 'post',
    answer: (now) => ({
      token_type: 'Bearer',
      access_token: 'a9b723',
      expires_at: now + 20000,
      expires_in: 21600,
      refresh_token: 'b5c569',
    }),
    holds: (now) => ({ access_token: 'a9b723', expires_at: now + 20000, refresh_token: 'b5c569' }),
  },
} satisfies OAuth2Row
