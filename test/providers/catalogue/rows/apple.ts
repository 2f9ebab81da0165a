import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { decodeProtectedHeader, jwtVerify } from 'jose'
import { apple } from 'oauth-consumer/providers'
import type { OAuth2Row } from '../row.js'

/** The app's Sign in with Apple key, as Apple's .p8 file holds it: P-256, PKCS #8 PEM. */
const appleKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const applePem = appleKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
const APPLE_SUB = '001234.5f8c1e2d3a4b4c5d6e7f8a9b0c1d2e3f.1234'

// The client secret: an ES256 JWT, kid the Key ID, iss the Team ID, sub the client id, aud
// Apple, at most six months from iat to exp.
async function clientSecret(sent: string): Promise<void> {
  assert.deepEqual(decodeProtectedHeader(sent), { alg: 'ES256', kid: 'ABC123DEFG' })
  const { payload } = await jwtVerify(sent, appleKey.publicKey, {
    issuer: 'DEF123GHIJ',
    subject: 'com.example.web',
    audience: 'https://appleid.apple.com',
    algorithms: ['ES256'],
  })
  assert.ok(typeof payload.iat === 'number' && typeof payload.exp === 'number')
  assert.ok(payload.exp - payload.iat <= 15_777_000)
}

export default {
  protocol: 'oidc',
  id: 'apple',
  docs: [
    'https://developer.apple.com/documentation/signinwithapple/request-an-authorization-to-the-sign-in-with-apple-server',
    'https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret',
    'https://developer.apple.com/documentation/signinwithapple/generate-and-validate-tokens',
    'https://developer.apple.com/documentation/signinwithapple/authenticating-users-with-sign-in-with-apple',
    'https://developer.apple.com/documentation/signinwithapple/revoke-tokens',
  ],
  options: apple({ clientId: 'com.example.web', teamId: 'DEF123GHIJ', keyId: 'ABC123DEFG', privateKey: applePem }),
  authorize: {
    url: 'https://appleid.apple.com/auth/authorize',
    params: { scope: 'openid name email', response_mode: 'form_post' },
    absent: ['code_challenge', 'code_challenge_method'],
    pkce: false,
  },
  // Apple's discovery document: no userinfo endpoint; its keys at /auth/keys.
  oidc: {
    issuer: 'https://appleid.apple.com',
    authorize: 'https://appleid.apple.com/auth/authorize',
    token: 'https://appleid.apple.com/auth/token',
    jwks: 'https://appleid.apple.com/auth/keys',
    claims: {
      email: 'x7ynrr8ngs@privaterelay.appleid.com',
      email_verified: 'true',
      is_private_email: 'true',
      real_user_status: 2,
      auth_time: 1700000000,
      nonce_supported: true,
    },
  },
  formPost: true,
  // The first sign-in's form carries the user's name, as a JSON string.
  callback: () => ({
    user: JSON.stringify({
      name: { firstName: 'Jane', lastName: 'Appleseed' },
      email: 'x7ynrr8ngs@privaterelay.appleid.com',
    }),
  }),
  token: {
    url: 'https://appleid.apple.com/auth/token',
    auth: 'post',
    clientSecret,
    // Apple's TokenResponse sample.
    answer: () => ({
      access_token: 'adg61e4d7b2b348e3b6a0a5c4c1d8e9f0.0.rrxu.67Or9',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: 'rca7f3c2b1a0948e6a1b2c3d4e5f60718.0.rrxu.lABoQ',
    }),
  },
  profile: {
    id: APPLE_SUB,
    name: 'Jane Appleseed',
    username: null,
    email: 'x7ynrr8ngs@privaterelay.appleid.com',
    avatarUrl: null,
  },
  // "Validate the refresh token": grant_type=refresh_token at /auth/token with the signed client
  // secret; the answer has a new access token and no refresh token, which stays in use.
  refresh: {
    url: 'https://appleid.apple.com/auth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'beg510...67Or9.refreshed',
      token_type: 'Bearer',
      expires_in: 3600,
    }),
    holds: () => ({
      access_token: 'beg510...67Or9.refreshed',
      refresh_token: 'rca7f3c2b1a0948e6a1b2c3d4e5f60718.0.rrxu.lABoQ',
    }),
  },
  // "Revoke tokens": POST /auth/revoke with client_id, the signed client_secret and the token.
  revoke: {
    url: 'https://appleid.apple.com/auth/revoke',
    auth: 'post',
    form: { token: 'adg61e4d7b2b348e3b6a0a5c4c1d8e9f0.0.rrxu.67Or9' },
  },
  after: async (remote, token, { seen }) => {
    assert.equal((token.claims as { sub?: string }).sub, APPLE_SUB)
    // No call for the profile: the ID token and the callback's form are all Apple gives.
    assert.ok(seen.every((request) => !request.url.includes('userinfo')))
    // Later sign-ins carry no `user`: the profile has no name then; a malformed one is ignored.
    const signedIn = token as { access_token: string }
    for (const callbackParams of [{}, { user: 'not json' }, { user: '["Jane"]' }]) {
      const later = await remote.profile({ token: { ...signedIn, callbackParams } })
      assert.equal(later.id, APPLE_SUB)
      assert.equal(later.name, undefined)
      assert.equal(later.email, 'x7ynrr8ngs@privaterelay.appleid.com')
    }
  },
} satisfies OAuth2Row
