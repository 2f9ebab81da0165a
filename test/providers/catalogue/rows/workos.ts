import assert from 'node:assert/strict'
import { workos } from 'oauth-consumer/providers'
import { answer } from '../../../helpers/mock-agent.js'
import { creds, type OAuth2Row } from '../row.js'

// The Profile object of WorkOS's SSO reference, as the API sends it.
const todd = {
  object: 'profile',
  id: 'prof_01DMC79VCBZ0NY2099737PSVF1',
  connection_id: 'conn_01E4ZCR3C56J083X43JQXF3JK5',
  organization_id: 'org_01EHWNCE74X7JSDV0X3SZ3KJNY',
  connection_type: 'OktaSAML',
  email: 'todd@example.com',
  first_name: 'Todd',
  idp_id: '00u1a0ufowBJlzPlk357',
  last_name: 'Rundgren',
  role: { slug: 'admin' },
  custom_attributes: { department: 'Engineering', job_title: 'Software Engineer' },
  raw_attributes: {},
}
const expected = {
  id: 'prof_01DMC79VCBZ0NY2099737PSVF1',
  name: 'Todd Rundgren',
  username: null,
  email: 'todd@example.com',
  avatarUrl: null,
}

export default {
  protocol: 'oauth2',
  id: 'workos',
  docs: [
    'https://workos.com/docs/reference/sso/get-authorization-url',
    'https://workos.com/docs/reference/sso/profile',
    'https://workos.com/docs/reference/sso/profile/get-profile-and-token',
    'https://workos.com/docs/reference/sso/profile/get-user-profile',
  ],
  options: workos({ ...creds('workos'), requestTokenParams: { organization: 'org_01EHWNCE74X7JSDV0X3SZ3KJNY' } }),
  // One of connection, organization or provider names where the user signs in; no scope.
  authorize: {
    url: 'https://api.workos.com/sso/authorize',
    params: { organization: 'org_01EHWNCE74X7JSDV0X3SZ3KJNY' },
    absent: ['scope'],
    pkce: 'S256',
  },
  token: {
    url: 'https://api.workos.com/sso/token',
    // "Get a Profile and Token": client_id, client_secret (the API key), code and grant_type, in JSON.
    auth: 'post',
    format: 'json',
    answer: () => ({
      token_type: 'Bearer',
      access_token: '01DMEK0J53CVMC32CK5SE0KZ8Q',
      expires_in: 600,
      profile: todd,
    }),
  },
  // The token answer names the user: no userinfo call at sign-in.
  profile: expected,
  // "Get a User Profile": an access token alone is exchanged for the profile.
  after: async (remote, _token, { agent, seen }) => {
    answer(agent, seen, 'GET', 'https://api.workos.com/sso/profile', () => todd)
    const me = await remote.profile({ token: '01DMEK0J53CVMC32CK5SE0KZ8Q' })
    assert.deepEqual(
      { id: me.id, name: me.name ?? null, username: null, email: me.email ?? null, avatarUrl: null },
      expected,
    )
    const call = seen.find((request) => request.url === 'https://api.workos.com/sso/profile')
    assert.equal(call?.headers.authorization, 'Bearer 01DMEK0J53CVMC32CK5SE0KZ8Q')
  },
} satisfies OAuth2Row
