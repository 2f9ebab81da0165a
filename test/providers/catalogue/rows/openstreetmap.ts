import { openstreetmap } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'openstreetmap',
  docs: [
    // The OAuth 2.0 endpoints, the scopes, non-expiring tokens.
    'https://wiki.openstreetmap.org/wiki/OAuth',
    // GET /api/0.6/user/details.json and its JSON answer.
    'https://wiki.openstreetmap.org/wiki/API_v0.6#Details_of_the_logged-in_user:_GET_/api/0.6/user/details',
  ],
  options: openstreetmap(creds('openstreetmap')),
  authorize: { url: 'https://www.openstreetmap.org/oauth2/authorize', params: { scope: 'read_prefs' }, pkce: 'S256' },
  token: {
    url: 'https://www.openstreetmap.org/oauth2/token',
    auth: 'basic',
    // A token answer without expiry or refresh token: OpenStreetMap's tokens do not expire.
    answer: () => ({
      access_token: 'IRMZsy3UYa9nS5KXyNvVb5S8XmuXUJ5bUUTR4Wk5QT8',
      token_type: 'Bearer',
      scope: 'read_prefs',
      created_at: 1705999600,
    }),
  },
  userinfo: {
    url: 'https://api.openstreetmap.org/api/0.6/user/details.json',
    // The JSON sample of the logged-in user's details.
    answer: {
      version: '0.6',
      generator: 'OpenStreetMap server',
      user: {
        id: 1234,
        display_name: 'Max Muster',
        account_created: '2006-07-21T19:28:26Z',
        description: 'The description of your profile',
        contributor_terms: { agreed: true, pd: true },
        img: {
          href: 'https://www.openstreetmap.org/attachments/users/images/000/000/1234/original/someLongURLOrOther.JPG',
        },
        roles: [],
        changesets: { count: 4182 },
        traces: { count: 513 },
        blocks: { received: { count: 0, active: 0 } },
        home: { lat: 49.4733718952806, lon: 8.89285988577866, zoom: 3 },
        languages: ['de-DE', 'de', 'en-US', 'en'],
        messages: { received: { count: 1, unread: 0 }, sent: { count: 0 } },
      },
    },
  },
  profile: {
    id: '1234',
    name: 'Max Muster',
    username: 'Max Muster',
    email: null,
    avatarUrl: 'https://www.openstreetmap.org/attachments/users/images/000/000/1234/original/someLongURLOrOther.JPG',
  },
} satisfies OAuth2Row
