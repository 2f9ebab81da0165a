import { trello } from 'oauth-consumer/providers'
import { creds, type OAuth1Row } from '../row.js'

export default {
  protocol: 'oauth1',
  id: 'trello',
  docs: [
    // "Using Basic OAuth": the three URLs, HMAC-SHA1 in the guide's example; the authorize
    // route's query parameters name, scope (comma-separated) and expiration.
    'https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/',
    'https://developer.atlassian.com/cloud/trello/rest/api-group-members/#api-members-id-get',
  ],
  options: trello({ ...creds('trello'), appName: 'Acme Boards', scope: ['read', 'account'] }),
  signatureMethod: 'HMAC-SHA1',
  requestToken: { url: 'https://trello.com/1/OAuthGetRequestToken' },
  authorize: {
    url: 'https://trello.com/1/OAuthAuthorizeToken',
    params: { scope: 'read,account', expiration: '30days', name: 'Acme Boards' },
  },
  accessToken: { url: 'https://trello.com/1/OAuthGetAccessToken' },
  userinfo: {
    url: 'https://api.trello.com/1/members/me',
    // "Get a member", its sample cut to the fields sign-in reads and a few beside them.
    answer: {
      id: '5abbe4b7ddc1b351ef961414',
      activityBlocked: false,
      avatarHash: 'fc8faaaee46666a4eb8b626c08933e16',
      avatarUrl: 'https://trello-avatars.s3.amazonaws.com/fc8faaaee46666a4eb8b626c08933e16',
      confirmed: true,
      fullName: 'Bentley Cook',
      initials: 'BC',
      memberType: 'normal',
      url: 'https://trello.com/bentleycook',
      username: 'bentleycook',
      avatarSource: 'gravatar',
      email: 'bcook@atlassian.com',
    },
  },
  profile: {
    id: '5abbe4b7ddc1b351ef961414',
    name: 'Bentley Cook',
    username: 'bentleycook',
    email: 'bcook@atlassian.com',
    avatarUrl: 'https://trello-avatars.s3.amazonaws.com/fc8faaaee46666a4eb8b626c08933e16/170.png',
  },
} satisfies OAuth1Row
