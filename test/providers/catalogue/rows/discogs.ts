import { discogs } from 'oauth-consumer/providers'
import { creds, type OAuth1Row } from '../row.js'

export default {
  protocol: 'oauth1',
  id: 'discogs',
  docs: [
    // The OAuth flow: GET request_token and POST access_token, oauth_signature_method="PLAINTEXT"
    // with oauth_signature="{consumer_secret}&{token_secret}", a User-Agent on every request.
    'https://www.discogs.com/developers/#page:authentication,header:authentication-oauth-flow',
    'https://www.discogs.com/developers/#page:home,header:home-general-information',
    'https://www.discogs.com/developers/#page:user-identity,header:user-identity-identity',
    // "If authenticated as the requested user, the email key will be visible".
    'https://www.discogs.com/developers/#page:user-identity,header:user-identity-profile',
  ],
  options: discogs(creds('discogs')),
  signatureMethod: 'PLAINTEXT',
  requestToken: { url: 'https://api.discogs.com/oauth/request_token', method: 'GET' },
  authorize: { url: 'https://www.discogs.com/oauth/authorize' },
  accessToken: { url: 'https://api.discogs.com/oauth/access_token', method: 'POST' },
  userinfo: {
    url: 'https://api.discogs.com/oauth/identity',
    headers: { 'user-agent': 'discogs-client/1.0 (oauth-consumer)' },
    // The identity sample's fields, for the profile sample's user.
    answer: {
      id: 1578108,
      username: 'rodneyfool',
      resource_url: 'https://api.discogs.com/users/rodneyfool',
      consumer_name: 'Your Application Name',
    },
    more: [
      {
        url: 'https://api.discogs.com/users/rodneyfool',
        // The profile sample, cut; the email is shown to the user themself.
        answer: {
          id: 1578108,
          username: 'rodneyfool',
          name: 'Rodney',
          email: 'rodney@example.com',
          location: "I live in the good ol' Pacific NW",
          registered: '2012-08-15T21:13:36-07:00',
          avatar_url: 'http://www.gravatar.com/avatar/55502f40dc8b7c769880b10874abc9d0?s=52&r=pg&d=mm',
          uri: 'https://www.discogs.com/user/rodneyfool',
          resource_url: 'https://api.discogs.com/users/rodneyfool',
        },
      },
    ],
  },
  profile: {
    id: '1578108',
    name: 'Rodney',
    username: 'rodneyfool',
    email: 'rodney@example.com',
    avatarUrl: 'http://www.gravatar.com/avatar/55502f40dc8b7c769880b10874abc9d0?s=52&r=pg&d=mm',
  },
} satisfies OAuth1Row
