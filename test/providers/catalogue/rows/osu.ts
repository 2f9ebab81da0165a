import { osu } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'osu',
  docs: [
    'https://osu.ppy.sh/docs/#authorization-code-grant',
    'https://osu.ppy.sh/docs/#scopes',
    'https://osu.ppy.sh/docs/#get-own-data',
    'https://osu.ppy.sh/docs/#user',
  ],
  options: osu(creds('osu')),
  // "scope: A space-delimited string of scopes"; `identify` reads `/me`.
  authorize: { url: 'https://osu.ppy.sh/oauth/authorize', params: { scope: 'identify' }, pkce: 'S256' },
  token: {
    url: 'https://osu.ppy.sh/oauth/token',
    // client_id and client_secret are body parameters.
    auth: 'post',
    answer: () => ({
      access_token: 'verylongstring',
      expires_in: 86400,
      refresh_token: 'anotherlongstring',
      token_type: 'Bearer',
    }),
  },
  userinfo: {
    url: 'https://osu.ppy.sh/api/v2/me',
    // The User structure's example (the fields sign-in reads, and a few more).
    answer: {
      avatar_url: 'https://a.ppy.sh/1?1501234567.jpeg',
      country_code: 'AU',
      default_group: 'default',
      id: 1,
      is_active: true,
      is_bot: false,
      is_deleted: false,
      is_online: false,
      is_supporter: true,
      last_visit: '2020-01-01T00:00:00+00:00',
      pm_friends_only: false,
      profile_colour: '#000000',
      username: 'osuuser',
      join_date: '2010-01-01T00:00:00+00:00',
      playmode: 'osu',
      is_restricted: false,
    },
  },
  profile: {
    id: '1',
    name: 'osuuser',
    username: 'osuuser',
    email: null,
    avatarUrl: 'https://a.ppy.sh/1?1501234567.jpeg',
  },
  // "Refresh access token": "an access token and a new refresh token".
  refresh: {
    url: 'https://osu.ppy.sh/oauth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'verylongstring.next',
      expires_in: 86400,
      refresh_token: 'anotherlongstring.next',
      token_type: 'Bearer',
    }),
    holds: () => ({ access_token: 'verylongstring.next', refresh_token: 'anotherlongstring.next' }),
  },
} satisfies OAuth2Row
