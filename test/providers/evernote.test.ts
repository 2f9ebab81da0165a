import assert from 'node:assert/strict'
import { test } from 'node:test'
import { OAuth } from 'oauth-consumer'
import { evernote } from 'oauth-consumer/providers'

test('evernote: profile() reads the token the sign-in returned, and names what is missing from a bare pair', async () => {
  const app = new OAuth().remoteApp('evernote', evernote({ clientId: 'c', clientSecret: 's' }))
  const token = { oauth_token: 'S=s4:U=a1', oauth_token_secret: '', edam_userId: '161', edam_shard: 's4' }
  const profile = await app.profile({ token })
  assert.equal(profile.id, '161')
  assert.deepEqual(profile.raw, { edam_userId: '161', edam_shard: 's4' })
  await assert.rejects(app.profile({ token: ['S=s4:U=a1', ''] }), {
    code: 'OAUTH_INVALID_RESPONSE',
    message: 'Evernote has no profile endpoint: profile() needs the token the sign-in returned, with its edam_userId',
  })
})
