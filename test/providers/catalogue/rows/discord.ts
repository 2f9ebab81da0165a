import { discord } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'discord',
  docs: [
    'https://discord.com/developers/docs/topics/oauth2#authorization-code-grant',
    'https://discord.com/developers/docs/resources/user#user-object-example-user',
    'https://discord.com/developers/docs/reference#image-formatting',
  ],
  options: discord(creds('discord')),
  authorize: { url: 'https://discord.com/oauth2/authorize', params: { scope: 'identify email' }, pkce: 'S256' },
  token: {
    url: 'https://discord.com/api/oauth2/token',
    auth: 'basic',
    // The "Access Token Response" sample.
    answer: () => ({
      access_token: '6qrZcUqja7812RVdnEKjpzOL4CvHBFG',
      token_type: 'Bearer',
      expires_in: 604800,
      refresh_token: 'D43f5y0ahjqew82jZ4NViEr2YafMKhue',
      scope: 'identify email',
    }),
  },
  userinfo: {
    url: 'https://discord.com/api/v10/users/@me',
    // The "Example User" of the user object's reference.
    answer: {
      id: '80351110224678912',
      username: 'Nelly',
      discriminator: '1337',
      avatar: '8342729096ea3675442027381ff50dfe',
      verified: true,
      email: 'nelly@discord.com',
      flags: 64,
      banner: '06c16474723fe537c283b8efa61a30c8',
      accent_color: 16711680,
      premium_type: 1,
      public_flags: 64,
    },
  },
  profile: {
    id: '80351110224678912',
    name: 'Nelly',
    username: 'Nelly',
    email: 'nelly@discord.com',
    avatarUrl: 'https://cdn.discordapp.com/avatars/80351110224678912/8342729096ea3675442027381ff50dfe.png',
  },
  // "Refresh Token Exchange Example": the same endpoint and authentication, a new pair.
  refresh: {
    url: 'https://discord.com/api/oauth2/token',
    auth: 'basic',
    answer: () => ({
      access_token: '6qrZcUqja7812RVdnEKjpzOL4CvHBFG.refreshed',
      token_type: 'Bearer',
      expires_in: 604800,
      refresh_token: 'D43f5y0ahjqew82jZ4NViEr2YafMKhue.next',
      scope: 'identify email',
    }),
    holds: () => ({
      access_token: '6qrZcUqja7812RVdnEKjpzOL4CvHBFG.refreshed',
      refresh_token: 'D43f5y0ahjqew82jZ4NViEr2YafMKhue.next',
    }),
  },
  // "Token Revocation Example": token and token_type_hint, the client by HTTP Basic.
  revoke: {
    url: 'https://discord.com/api/oauth2/token/revoke',
    auth: 'basic',
    form: { token: '6qrZcUqja7812RVdnEKjpzOL4CvHBFG' },
  },
} satisfies OAuth2Row
