import { bungie } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const API_KEY = '0123456789abcdef0123456789abcdef'

export default {
  protocol: 'oauth2',
  id: 'bungie',
  docs: [
    'https://github.com/Bungie-net/api/wiki/OAuth-Documentation',
    // The OpenAPI specification: the oauth2 flow's URLs, the X-API-Key scheme, and
    // User.UserMembershipData / User.GeneralUser.
    'https://github.com/Bungie-net/api/blob/master/openapi.json',
    'https://bungie-net.github.io/multi/operation_get_User-GetMembershipDataForCurrentUser.html',
  ],
  options: bungie({ ...creds('bungie'), apiKey: API_KEY }),
  // Permissions are set on the application: no scope.
  authorize: { url: 'https://www.bungie.net/en/OAuth/Authorize', absent: ['scope'], pkce: 'S256' },
  token: {
    url: 'https://www.bungie.net/Platform/App/OAuth/token/',
    // Confidential clients: "Authorization: Basic {base64encoded(client-id:client-secret)}".
    auth: 'basic',
    // The wiki's token answer for a confidential client: a refresh token and the member's id.
    answer: () => ({
      access_token: 'CKvXAxKGAgAgYLW0bQ8V0nEY84w2Va6QTNTBjTRRpXCSN5k6Q3gSFz3gAAAAWt8Qe2',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: 'CKvXAxKGAgAgsWJKCO0MC1RpvSLQj7o5DajQwQ6W8R1NkRXa6TyGkgPgAAAAdp2Iv',
      refresh_expires_in: 7776000,
      membership_id: '4352344',
    }),
  },
  userinfo: {
    url: 'https://www.bungie.net/Platform/User/GetMembershipsForCurrentUser/',
    headers: { 'x-api-key': API_KEY },
    // A User.UserMembershipData answer in its platform envelope, as the specification shapes it.
    answer: {
      Response: {
        destinyMemberships: [],
        bungieNetUser: {
          membershipId: '4352344',
          uniqueName: 'Guardian#0042',
          displayName: 'Guardian',
          profilePicture: 70588,
          profileTheme: 1187,
          isDeleted: false,
          about: '',
          locale: 'en',
          profilePicturePath: '/img/profile/avatars/cc00007.gif',
          profileThemeName: 'd2_11',
          cachedBungieGlobalDisplayName: 'Guardian',
          cachedBungieGlobalDisplayNameCode: 42,
        },
      },
      ErrorCode: 1,
      ThrottleSeconds: 0,
      ErrorStatus: 'Success',
      Message: 'Ok',
      MessageData: {},
    },
  },
  profile: {
    id: '4352344',
    name: 'Guardian',
    username: 'Guardian#0042',
    email: null,
    avatarUrl: 'https://www.bungie.net/img/profile/avatars/cc00007.gif',
  },
  // "Refreshing an access token": grant_type=refresh_token at the token endpoint, HTTP Basic;
  // the answer carries a new refresh token.
  refresh: {
    url: 'https://www.bungie.net/Platform/App/OAuth/token/',
    auth: 'basic',
    answer: () => ({
      access_token: 'CKvXAxKGAgAgYLW0bQ8V0nEY84w2Va6QTNTBjTRRpXCSN5k6Q3gSFz3gAAAArefreshed',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: 'CKvXAxKGAgAgsWJKCO0MC1RpvSLQj7o5DajQwQ6W8R1NkRXa6TyGkgPgAAAAnext',
      refresh_expires_in: 7776000,
      membership_id: '4352344',
    }),
    holds: () => ({
      access_token: 'CKvXAxKGAgAgYLW0bQ8V0nEY84w2Va6QTNTBjTRRpXCSN5k6Q3gSFz3gAAAArefreshed',
      refresh_token: 'CKvXAxKGAgAgsWJKCO0MC1RpvSLQj7o5DajQwQ6W8R1NkRXa6TyGkgPgAAAAnext',
    }),
  },
} satisfies OAuth2Row
