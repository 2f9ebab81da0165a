import { evernote } from 'oauth-consumer/providers'
import { creds, type OAuth1Row } from '../row.js'

export default {
  protocol: 'oauth1',
  id: 'evernote',
  docs: [
    // GET /oauth for the temporary token (the sample signs with HMAC-SHA1), the user to
    // /OAuth.action, GET /oauth again with oauth_verifier; the sandbox's samples.
    'https://dev.evernote.com/doc/articles/authentication.php',
  ],
  options: evernote({ ...creds('evernote'), sandbox: true }),
  signatureMethod: 'HMAC-SHA1',
  requestToken: { url: 'https://sandbox.evernote.com/oauth', method: 'GET' },
  authorize: { url: 'https://sandbox.evernote.com/OAuth.action' },
  accessToken: {
    url: 'https://sandbox.evernote.com/oauth',
    method: 'GET',
    // The guide's sample answer: an empty secret, and the user's shard and store URLs.
    answer: {
      oauth_token: 'S=s4:U=a1:E=12bfd68c6b6:C=12bf8426ab8:P=7:A=en_oauth_test:H=3df9cf6c0d7bc410824c80231e64dbe1',
      oauth_token_secret: '',
      edam_shard: 's4',
      edam_userId: '161',
      edam_expires: '1291496474288',
      edam_noteStoreUrl: 'https://sandbox.evernote.com/shard/s4/notestore',
      edam_webApiUrlPrefix: 'https://sandbox.evernote.com/shard/s4/',
    },
  },
  // No profile call: the access-token answer names the user.
  profile: { id: '161', name: null, username: null, email: null, avatarUrl: null },
} satisfies OAuth1Row
