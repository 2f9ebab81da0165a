import { patreon } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'patreon',
  docs: [
    'https://docs.patreon.com/#oauth',
    'https://docs.patreon.com/#scopes',
    'https://docs.patreon.com/#get-api-oauth2-v2-identity',
  ],
  options: patreon(creds('patreon')),
  authorize: {
    url: 'https://www.patreon.com/oauth2/authorize',
    params: { scope: 'identity identity[email]' },
    pkce: 'S256',
  },
  token: {
    url: 'https://www.patreon.com/api/oauth2/token',
    // Step 4: code, grant_type, client_id, client_secret, redirect_uri.
    auth: 'post',
    // Step 4's answer, its placeholders filled in.
    answer: () => ({
      access_token: 'patreon-access-token',
      refresh_token: 'patreon-refresh-token',
      expires_in: 2678400,
      scope: 'identity identity[email]',
      token_type: 'Bearer',
    }),
  },
  userinfo: {
    url: 'https://www.patreon.com/api/oauth2/v2/identity?fields%5Buser%5D=email,full_name,image_url,vanity',
    // The identity sample "with email scope".
    answer: {
      data: {
        attributes: {
          about: 'A Patreon Platform User',
          created: '2018-04-01T00:36:26+00:00',
          email: 'platform@patreon.com',
          first_name: 'Platform',
          full_name: 'Platform Team',
          image_url: 'https://url.example',
          last_name: 'Platform',
          thumb_url: 'https://url.example',
          url: 'https://www.patreon.com/example',
          vanity: 'platform',
        },
        id: '12345',
        type: 'user',
      },
    },
  },
  profile: {
    id: '12345',
    name: 'Platform Team',
    username: 'platform',
    email: 'platform@patreon.com',
    avatarUrl: 'https://url.example',
  },
  // Step 7: the same endpoint; both tokens are "single use", so a new pair comes back.
  refresh: {
    url: 'https://www.patreon.com/api/oauth2/token',
    auth: 'post',
    answer: () => ({
      access_token: 'patreon-access-token-2',
      refresh_token: 'patreon-refresh-token-2',
      expires_in: 2678400,
      scope: 'identity identity[email]',
      token_type: 'Bearer',
    }),
    holds: () => ({ access_token: 'patreon-access-token-2', refresh_token: 'patreon-refresh-token-2' }),
  },
} satisfies OAuth2Row
