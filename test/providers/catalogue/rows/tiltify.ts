import { tiltify } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'tiltify',
  docs: [
    'https://developers.tiltify.com/docs/api/authorization/authorization-code',
    'https://developers.tiltify.com/docs/api/authorization/client-credentials',
    'https://developers.tiltify.com/docs/api/authorization/scopes',
    'https://developers.tiltify.com/api-reference/public',
  ],
  options: tiltify(creds('tiltify')),
  // "scope: public" in the authorize example.
  authorize: { url: 'https://v5api.tiltify.com/oauth/authorize', params: { scope: 'public' }, pkce: 'S256' },
  token: {
    url: 'https://v5api.tiltify.com/oauth/token',
    // client_id and client_secret in a JSON body, as the /oauth/token examples send them.
    auth: 'post',
    format: 'json',
    // The shape of the /oauth/token answer sample, with the refresh token a user grant carries.
    answer: () => ({
      access_token: 'a63ba108db415df11328c5f48922d9bd27ff56f1a6c13274f577b2ad7ebc7491',
      created_at: '2023-04-17T15:22:28Z',
      expires_in: 7200,
      refresh_token: 'b28c9e1a5f0d6b3a7e4c2d8f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b',
      scope: 'public',
      token_type: 'bearer',
    }),
  },
  userinfo: {
    url: 'https://v5api.tiltify.com/api/public/current-user',
    // The current-user example of the public API reference.
    answer: {
      data: {
        avatar: {
          alt: 'Short image description used as alternative text.',
          height: 200,
          src: 'https://tiltify.com/images/example.jpg',
          width: 200,
        },
        description: 'Professional twitch streamer who likes charity!',
        id: 'be0e3b3c-133c-4276-a3c0-7c9af6a32c0f',
        legacy_id: 666497957,
        slug: 'username',
        social: { twitch: 'tilitfy', twitter: 'tiltify', website: 'https://tiltify.com' },
        total_amount_raised: { currency: 'USD', value: '182.32' },
        url: 'https://tiltify.com/@username',
        username: 'UserName',
      },
    },
  },
  profile: {
    id: 'be0e3b3c-133c-4276-a3c0-7c9af6a32c0f',
    name: 'UserName',
    username: 'username',
    email: null,
    avatarUrl: 'https://tiltify.com/images/example.jpg',
  },
  // The refresh goes to the same endpoint with the same JSON body shape.
  refresh: {
    url: 'https://v5api.tiltify.com/oauth/token',
    auth: 'post',
    format: 'json',
    answer: () => ({
      access_token: '0f4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060',
      created_at: '2023-04-17T17:22:28Z',
      expires_in: 7200,
      refresh_token: '1e2d3c4b5a69788796a5b4c3d2e1f0e1d2c3b4a5968778695a4b3c2d1e0f1e2d',
      scope: 'public',
      token_type: 'bearer',
    }),
    holds: () => ({
      access_token: '0f4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060',
      refresh_token: '1e2d3c4b5a69788796a5b4c3d2e1f0e1d2c3b4a5968778695a4b3c2d1e0f1e2d',
    }),
  },
} satisfies OAuth2Row
