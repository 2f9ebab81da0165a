/**
 * The `bungie` preset beyond its catalogue row: Bungie's Platform answers report failures in an
 * HTTP 200 whose `ErrorCode` is not 1 (the `PlatformErrorCodes` of the OpenAPI specification,
 * https://github.com/Bungie-net/api/blob/master/openapi.json), which profile() refuses with
 * Bungie's status and message rather than mapping a user that is not there. Bungie's host is
 * intercepted with an undici MockAgent given as `dispatcher`.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { OAuth } from 'oauth-consumer'
import { bungie } from 'oauth-consumer/providers'
import { MockAgent } from 'undici'
import { assertClassAgrees } from '../helpers/error-classes.js'
import { answer, type Seen } from '../helpers/mock-agent.js'

const API_KEY = '0123456789abcdef0123456789abcdef'

function app(reply: () => unknown) {
  const agent = new MockAgent()
  agent.disableNetConnect()
  const seen: Seen[] = []
  answer(agent, seen, 'GET', 'https://www.bungie.net/Platform/User/GetMembershipsForCurrentUser/', reply)
  const remote = new OAuth().remoteApp(
    'bungie',
    bungie({ clientId: '12345', clientSecret: 'bungie-secret', apiKey: API_KEY, dispatcher: agent }),
  )
  return { agent, seen, remote }
}

test('bungie: an ErrorCode other than 1 in an HTTP 200 is OAUTH_INVALID_RESPONSE with Bungie status and message', async (t) => {
  const { agent, seen, remote } = app(() => ({
    ErrorCode: 99,
    ThrottleSeconds: 0,
    ErrorStatus: 'WebAuthRequired',
    Message: 'Please sign-in to continue.',
    MessageData: {},
  }))
  t.after(() => agent.close())
  await assert.rejects(remote.profile({ token: 'bungie-token' }), (error: unknown) => {
    assertClassAgrees(error)
    assert.equal(error.code, 'OAUTH_INVALID_RESPONSE')
    assert.equal(error.message, 'Bungie answered WebAuthRequired: Please sign-in to continue.')
    return true
  })
  assert.equal(seen.length, 1)
  assert.equal(seen[0]?.headers['x-api-key'], API_KEY)
  assert.equal(seen[0]?.headers.authorization, 'Bearer bungie-token')
})

test('bungie: a success without a Response is refused too, and an avatar path off bungie.net is not made a URL', async (t) => {
  const empty = app(() => ({ ErrorCode: 1, ErrorStatus: 'Success', Message: 'Ok' }))
  t.after(() => empty.agent.close())
  await assert.rejects(empty.remote.profile({ token: 'bungie-token' }), {
    code: 'OAUTH_INVALID_RESPONSE',
    message: 'Bungie answered Success: Ok',
  })

  const odd = app(() => ({
    Response: {
      bungieNetUser: { membershipId: 7, displayName: 'Legacy', profilePicturePath: '//evil.example/a.gif' },
    },
    ErrorCode: 1,
    ErrorStatus: 'Success',
    Message: 'Ok',
  }))
  t.after(() => odd.agent.close())
  const profile = await odd.remote.profile({ token: 'bungie-token' })
  assert.deepEqual(
    { id: profile.id, name: profile.name, username: profile.username, avatarUrl: profile.avatarUrl },
    { id: '7', name: 'Legacy', username: undefined, avatarUrl: undefined },
  )
})
