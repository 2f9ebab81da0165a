import { twitch } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oidc',
  id: 'twitch',
  docs: [
    'https://dev.twitch.tv/docs/authentication/getting-tokens-oidc/#oidc-authorization-code-grant-flow',
    'https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#authorization-code-grant-flow',
    'https://dev.twitch.tv/docs/authentication/refresh-tokens/',
    'https://dev.twitch.tv/docs/api/reference/#get-users',
  ],
  options: twitch(creds('twitch')),
  authorize: {
    url: 'https://id.twitch.tv/oauth2/authorize',
    params: { scope: 'openid user:read:email' },
    pkce: 'S256',
  },
  oidc: {
    issuer: 'https://id.twitch.tv/oauth2',
    authorize: 'https://id.twitch.tv/oauth2/authorize',
    token: 'https://id.twitch.tv/oauth2/token',
    userinfo: 'https://id.twitch.tv/oauth2/userinfo',
    jwks: 'https://id.twitch.tv/oauth2/keys',
  },
  token: {
    url: 'https://id.twitch.tv/oauth2/token',
    // Twitch's token request carries client_id and client_secret as parameters.
    auth: 'post',
    // Twitch's sample: `scope` is a JSON array, `token_type` lower case.
    answer: () => ({
      access_token: 'rfx2uswqe8l4g1mkagrvg5tv0ks3',
      expires_in: 14124,
      refresh_token: '5b93chm6hdve3mycz05zfzatkfdenfspp1h1ar2xxdalen01',
      scope: ['openid', 'user:read:email'],
      token_type: 'bearer',
    }),
  },
  userinfo: {
    url: 'https://api.twitch.tv/helix/users',
    headers: { 'client-id': 'twitch-client' },
    answer: {
      data: [
        {
          id: '141981764',
          login: 'twitchdev',
          display_name: 'TwitchDev',
          type: '',
          broadcaster_type: 'partner',
          description:
            'Supporting third-party developers building Twitch integrations from chatbots to game integrations.',
          profile_image_url:
            'https://static-cdn.jtvnw.net/jtv_user_pictures/8a6381c7-d0c0-4576-b179-38bd5ce1d6af-profile_image-300x300.png',
          offline_image_url:
            'https://static-cdn.jtvnw.net/jtv_user_pictures/3f13ab61-ec78-4fe6-8481-8682cb3b0ac2-channel_offline_image-1920x1080.png',
          view_count: 5980557,
          email: 'not-real@email.com',
          created_at: '2016-12-14T20:32:28Z',
        },
      ],
    },
  },
  profile: {
    id: '141981764',
    name: 'TwitchDev',
    username: 'twitchdev',
    email: 'not-real@email.com',
    avatarUrl:
      'https://static-cdn.jtvnw.net/jtv_user_pictures/8a6381c7-d0c0-4576-b179-38bd5ce1d6af-profile_image-300x300.png',
  },
  // RFC 6749 §3.3's form of the array.
  tokenHolds: () => ({ scope: 'openid user:read:email' }),
  // "Refreshing Access Tokens": grant_type=refresh_token with client_id and client_secret in the
  // body; the answer's sample, its scope an array again.
  refresh: {
    url: 'https://id.twitch.tv/oauth2/token',
    auth: 'post',
    answer: () => ({
      access_token: '1ssjqsqfy6bads1ws7m03gras79zfr',
      refresh_token: 'eyJfMzUtNDU0OC04MWYwLTQ5MDY5ODY4NGNlMSJ9%asdfasdf=',
      scope: ['openid', 'user:read:email'],
      token_type: 'bearer',
    }),
    holds: () => ({
      access_token: '1ssjqsqfy6bads1ws7m03gras79zfr',
      refresh_token: 'eyJfMzUtNDU0OC04MWYwLTQ5MDY5ODY4NGNlMSJ9%asdfasdf=',
      scope: 'openid user:read:email',
    }),
  },
} satisfies OAuth2Row
