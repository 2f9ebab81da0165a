import { notion } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'notion',
  docs: [
    'https://developers.notion.com/docs/authorization',
    'https://developers.notion.com/reference/create-a-token',
    'https://developers.notion.com/reference/refresh-a-token',
    'https://developers.notion.com/reference/user',
  ],
  options: notion(creds('notion')),
  authorize: {
    url: 'https://api.notion.com/v1/oauth/authorize',
    params: { owner: 'user' },
    absent: ['scope'],
    pkce: 'S256',
  },
  token: {
    url: 'https://api.notion.com/v1/oauth/token',
    auth: 'basic',
    format: 'json',
    // The reference's sample, with the owner a public connection gets: the person who signed in
    // (the user object reference's sample person).
    answer: () => ({
      access_token: 'e202e8c9-0990-40af-855f-ff8f872b1ec6c',
      refresh_token: 'nrt_4991090011501Ejc6Xn4sHguI7jZIN449mKe9PRhpMfNK',
      token_type: 'bearer',
      bot_id: 'b3414d659-1224-5ty7-6ffr-cc9d8773drt601288f',
      duplicated_template_id: null,
      owner: {
        type: 'user',
        user: {
          object: 'user',
          id: 'e79a0b74-3aba-4149-9f74-0bb5791a6ee6',
          type: 'person',
          person: { email: 'avo@example.org' },
          name: 'Avocado Lovelace',
          avatar_url: 'https://secure.notion-static.com/e6a352a8-8381-44d0-a1dc-9ed80e62b53d.jpg',
        },
      },
      workspace_icon: 'https://website.domain/images/image.png',
      workspace_id: 'j565j4d7x3-2882-61bs-564a-jj9d9ui-c36hxfr7x',
      workspace_name: "Ada's Notion Workspace",
    }),
  },
  profile: {
    id: 'e79a0b74-3aba-4149-9f74-0bb5791a6ee6',
    name: 'Avocado Lovelace',
    username: null,
    email: 'avo@example.org',
    avatarUrl: 'https://secure.notion-static.com/e6a352a8-8381-44d0-a1dc-9ed80e62b53d.jpg',
  },
  tokenHolds: () => ({ workspace_id: 'j565j4d7x3-2882-61bs-564a-jj9d9ui-c36hxfr7x' }),
  // "Refresh a token": the token endpoint again, a JSON body with grant_type=refresh_token, the
  // client by HTTP Basic; an answer without a refresh token keeps the one held.
  refresh: {
    url: 'https://api.notion.com/v1/oauth/token',
    auth: 'basic',
    format: 'json',
    answer: () => ({
      access_token: 'e202e8c9-0990-40af-855f-ff8f872b1ec6c.refreshed',
      token_type: 'bearer',
      bot_id: 'b3414d659-1224-5ty7-6ffr-cc9d8773drt601288f',
      workspace_id: 'j565j4d7x3-2882-61bs-564a-jj9d9ui-c36hxfr7x',
    }),
    holds: () => ({
      access_token: 'e202e8c9-0990-40af-855f-ff8f872b1ec6c.refreshed',
      refresh_token: 'nrt_4991090011501Ejc6Xn4sHguI7jZIN449mKe9PRhpMfNK',
    }),
  },
} satisfies OAuth2Row
