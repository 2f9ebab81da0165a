import { smugmug } from 'oauth-consumer/providers'
import { creds, type OAuth1Row } from '../row.js'

export default {
  protocol: 'oauth1',
  id: 'smugmug',
  docs: [
    // The three URLs, "HMAC-SHA1 or PLAINTEXT (https only)", and the authorization URL
    // options Access (Full or Public, default Public) and Permissions (Read, Add or Modify).
    'https://api.smugmug.com/api/v2/doc/tutorial/authorization.html',
    // !authuser, and JSON answers with Accept: application/json (else the API browser's HTML).
    'https://api.smugmug.com/api/v2/doc/tutorial/basics.html',
    'https://api.smugmug.com/api/v2/doc/reference/user.html',
  ],
  options: smugmug({ ...creds('smugmug'), access: 'Full' }),
  signatureMethod: 'HMAC-SHA1',
  requestToken: { url: 'https://api.smugmug.com/services/oauth/1.0a/getRequestToken' },
  authorize: {
    url: 'https://api.smugmug.com/services/oauth/1.0a/authorize',
    params: { Access: 'Full', Permissions: 'Read' },
  },
  accessToken: { url: 'https://api.smugmug.com/services/oauth/1.0a/getAccessToken' },
  userinfo: {
    url: 'https://api.smugmug.com/api/v2!authuser',
    headers: { accept: 'application/json' },
    // The API's envelope around a User, with the tutorial's example user.
    answer: {
      Request: { Version: 'v2', Method: 'GET', Uri: '/api/v2!authuser' },
      Options: { MethodDetails: {}, Methods: ['GET'] },
      Response: {
        Uri: '/api/v2!authuser',
        Locator: 'User',
        LocatorType: 'Object',
        User: {
          Name: 'Chris MacAskill',
          NickName: 'cmac',
          ViewPassHint: '',
          RefTag: '',
          Uri: '/api/v2/user/cmac',
          WebUri: 'https://cmac.smugmug.com',
          ResponseLevel: 'Full',
        },
      },
      Code: 200,
      Message: 'Ok',
    },
  },
  profile: { id: 'cmac', name: 'Chris MacAskill', username: 'cmac', email: null, avatarUrl: null },
} satisfies OAuth1Row
