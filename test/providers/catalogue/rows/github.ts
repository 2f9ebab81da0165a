import { github } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'github',
  docs: [
    'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
    'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app',
    'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens',
    'https://docs.github.com/en/rest/users/users#get-the-authenticated-user',
  ],
  options: github({ ...creds('github'), scope: ['read:user', 'user:email'] }),
  authorize: {
    url: 'https://github.com/login/oauth/authorize',
    params: { scope: 'read:user user:email' },
    pkce: 'S256',
  },
  token: {
    url: 'https://github.com/login/oauth/access_token',
    auth: 'post',
    // Without `Accept: application/json` GitHub answers urlencoded.
    headers: { accept: 'application/json' },
    // A GitHub App's expiring user access token: the one kind that comes with a refresh token.
    answer: () => ({
      access_token: 'ghu_16C7e42F292c6912E7710c838347Ae178B4a',
      expires_in: 28800,
      refresh_token: 'ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498',
      refresh_token_expires_in: 15897600,
      scope: '',
      token_type: 'bearer',
    }),
  },
  userinfo: {
    url: 'https://api.github.com/user',
    headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
    // The reference's "Response with public and private profile information", abridged.
    answer: {
      login: 'octocat',
      id: 1,
      node_id: 'MDQ6VXNlcjE=',
      avatar_url: 'https://github.com/images/error/octocat_happy.gif',
      gravatar_id: '',
      url: 'https://api.github.com/users/octocat',
      html_url: 'https://github.com/octocat',
      type: 'User',
      site_admin: false,
      name: 'monalisa octocat',
      company: 'GitHub',
      blog: 'https://github.com/blog',
      location: 'San Francisco',
      email: 'octocat@github.com',
      hireable: false,
      bio: 'There once was...',
      twitter_username: 'monatheoctocat',
      public_repos: 2,
      public_gists: 1,
      followers: 20,
      following: 0,
      created_at: '2008-01-14T04:33:35Z',
      updated_at: '2008-01-14T04:33:35Z',
    },
  },
  profile: {
    id: '1',
    name: 'monalisa octocat',
    username: 'octocat',
    email: 'octocat@github.com',
    avatarUrl: 'https://github.com/images/error/octocat_happy.gif',
  },
  // "Refreshing a user access token": the same endpoint with client_id, client_secret,
  // grant_type=refresh_token; the answer's refresh token replaces the old one.
  refresh: {
    url: 'https://github.com/login/oauth/access_token',
    auth: 'post',
    headers: { accept: 'application/json' },
    answer: () => ({
      access_token: 'ghu_8a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
      expires_in: 28800,
      refresh_token: 'ghr_9f8e7d6c5b4a39281706f5e4d3c2b1a0918273645546372819a0b1c2d3e4f5a6b7c8d9e0f1a2',
      refresh_token_expires_in: 15897600,
      scope: '',
      token_type: 'bearer',
    }),
    holds: () => ({
      access_token: 'ghu_8a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
      refresh_token: 'ghr_9f8e7d6c5b4a39281706f5e4d3c2b1a0918273645546372819a0b1c2d3e4f5a6b7c8d9e0f1a2',
    }),
  },
} satisfies OAuth2Row
