import { lichess } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'lichess',
  docs: [
    'https://lichess.org/api#tag/OAuth/operation/oauth',
    'https://lichess.org/api#tag/OAuth/operation/apiToken',
    'https://lichess.org/api#tag/Account/operation/accountMe',
    'https://lichess.org/api#tag/Account/operation/accountEmail',
  ],
  options: lichess(creds('lichess')),
  // "code_challenge_method: Must be S256"; scope space-separated.
  authorize: { url: 'https://lichess.org/oauth', params: { scope: 'email:read' }, pkce: 'S256' },
  token: {
    // grant_type, code, code_verifier, redirect_uri, client_id; no secret.
    url: 'https://lichess.org/api/token',
    auth: 'none',
    // token_type, access_token, expires_in (about a year); no refresh token.
    answer: () => ({
      token_type: 'Bearer',
      access_token: 'lio_pJZ8YP6oHMsuSjHe0VdBGswG5sTuqxSi',
      expires_in: 31536000,
    }),
  },
  userinfo: {
    url: 'https://lichess.org/api/account',
    // The accountMe example (shortened).
    answer: {
      id: 'bobby',
      username: 'Bobby',
      perfs: { blitz: { games: 2, rating: 1737, rd: 51, prog: -35 } },
      patron: true,
      createdAt: 1763283606001,
      profile: { flag: 'OM', location: 'Bobby City', fideRating: 1725 },
      seenAt: 1763412484673,
      playTime: { total: 10095, tv: 0 },
      url: 'https://lichess.org/@/Bobby',
    },
    // The accountEmail example, with the email:read scope.
    also: [{ url: 'https://lichess.org/api/account/email', answer: { email: 'abathur@mail.org' } }],
  },
  profile: { id: 'bobby', name: 'Bobby', username: 'Bobby', email: 'abathur@mail.org', avatarUrl: null },
} satisfies OAuth2Row
