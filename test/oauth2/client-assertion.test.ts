/**
 * API.md §11: `client_secret_jwt` and `private_key_jwt` (RFC 7523, OpenID Connect Core §9) at
 * every endpoint that authenticates the client. Against oidc-provider, which verifies each
 * assertion: a sign-in, its refresh and its revocation, with an HMAC secret and with RSA, P-256
 * and Ed25519 keys. Against a recording server: the assertion's claims, as jose reads them.
 */
import assert from 'node:assert/strict'
import { generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { decodeProtectedHeader, jwtVerify } from 'jose'
import { OAuth, type OAuth2Token, OAuthError } from 'oauth-consumer'
import { type ClientMetadata, signIn, startOAuth2Provider } from 'oauth-consumer/testing'
import { freePort, startApp } from '../helpers/app.js'
import { assertClassAgrees } from '../helpers/error-classes.js'
import { type FaultServer, sendJson, startFaultServer } from '../helpers/fault-server.js'

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const SECRET = 'jwt-client-secret-that-is-long-enough-for-hs256-0123456789'

type Pair = { readonly privateKey: KeyObject; readonly publicKey: KeyObject }
const keys: Readonly<Record<string, Pair>> = {
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  EdDSA: generateKeyPairSync('ed25519'),
}

function registration(id: string, appUrl: string, extra: Partial<ClientMetadata>): ClientMetadata {
  return {
    client_id: id,
    redirect_uris: [`${appUrl}/${id}/callback`],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    ...extra,
  }
}

describe('JWT client authentication against oidc-provider', () => {
  const cases = [
    {
      id: 'hs256',
      metadata: { token_endpoint_auth_method: 'client_secret_jwt', client_secret: SECRET } as const,
      options: { tokenEndpointAuthMethod: 'client_secret_jwt', clientSecret: SECRET } as const,
    },
    ...Object.entries(keys).map(([alg, pair]) => ({
      id: alg.toLowerCase(),
      metadata: {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...pair.publicKey.export({ format: 'jwk' }), kid: `${alg}-1` }] },
      } as const,
      options: {
        tokenEndpointAuthMethod: 'private_key_jwt',
        // PEM, JWK and KeyObject: each form a key may be given in.
        clientPrivateKey:
          alg === 'RS256'
            ? pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
            : alg === 'ES256'
              ? pair.privateKey.export({ format: 'jwk' })
              : pair.privateKey,
        clientKeyId: `${alg}-1`,
      } as const,
    })),
  ]

  test('the sign-in, the refresh and the revocation are accepted with each method and key', async (t) => {
    const port = await freePort()
    const appUrl = `http://127.0.0.1:${port}`
    const provider = await startOAuth2Provider({
      clients: cases.map((c) => registration(c.id, appUrl, c.metadata)),
    })
    t.after(() => provider.close())
    const oauth = new OAuth()
    const remotes = cases.map((c) =>
      oauth.remoteApp(c.id, { issuer: provider.issuer, clientId: c.id, scope: 'openid email', ...c.options }),
    )
    const app = await startApp(
      oauth,
      (fastify) => {
        for (const remote of remotes) {
          fastify.get(`/${remote.name}/login`, (_request, reply) =>
            remote.authorize(reply, { callback: `/${remote.name}/callback` }),
          )
          fastify.get(
            `/${remote.name}/callback`,
            remote.authorizedHandler(async (resp: OAuth2Token | null) => {
              assert.ok(resp?.refresh_token)
              const fresh = await remote.refreshToken(resp.refresh_token)
              await remote.revokeToken(fresh)
              return { sub: resp.claims?.sub, refreshed: fresh.access_token !== resp.access_token }
            }),
          )
        }
      },
      { port },
    )
    t.after(() => app.close())
    for (const remote of remotes) {
      const before = provider.tokenRequests
      const { response } = await signIn(`${appUrl}/${remote.name}/login`, { login: 'ada' })
      assert.equal(response.status, 200, `${remote.name}: ${response.body}`)
      assert.deepEqual(JSON.parse(response.body), { sub: 'ada', refreshed: true }, remote.name)
      assert.equal(provider.tokenRequests - before, 2, `${remote.name}: the code and the refresh`)
    }
  })

  test('an assertion signed with another key is refused: OAUTH_TOKEN_REQUEST_FAILED with invalid_client', async (t) => {
    const provider = await startOAuth2Provider({
      clients: [
        {
          client_id: 'machine',
          grant_types: ['client_credentials'],
          redirect_uris: [],
          response_types: [],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [{ ...keys.ES256?.publicKey.export({ format: 'jwk' }), kid: 'k1' }] },
        },
      ],
    })
    t.after(() => provider.close())
    const intruder = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const remote = new OAuth().remoteApp('machine', {
      issuer: provider.issuer,
      clientId: 'machine',
      tokenEndpointAuthMethod: 'private_key_jwt',
      clientPrivateKey: intruder.privateKey,
      clientKeyId: 'k1',
    })
    await assert.rejects(remote.revokeToken('any-token'), (error) => {
      assert.ok(error instanceof OAuthError)
      assert.equal(error.code, 'OAUTH_TOKEN_REQUEST_FAILED')
      assert.match(error.message, /invalid_client/)
      assertClassAgrees(error)
      return true
    })
  })
})

describe('the assertion itself', () => {
  async function recorder(t: { after(fn: () => Promise<void>): void }): Promise<FaultServer> {
    const server = await startFaultServer({
      '/token': (_req, res) =>
        sendJson(res, 200, { access_token: 'at', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt' }),
      '/revoke': (_req, res) => sendJson(res, 200, {}),
    })
    t.after(() => server.close())
    return server
  }

  test('iss and sub the client id, aud the token endpoint, a fresh jti, exp 60 s after iat, at every endpoint', async (t) => {
    const server = await recorder(t)
    const pair = keys.RS256
    assert.ok(pair)
    const remote = new OAuth().remoteApp('signed', {
      clientId: 'client-7',
      authorizeUrl: `${server.url}/authorize`,
      accessTokenUrl: `${server.url}/token`,
      revokeUrl: `${server.url}/revoke`,
      tokenEndpointAuthMethod: 'private_key_jwt',
      clientPrivateKey: pair.privateKey,
      clientKeyId: 'key-7',
    })
    await remote.exchangeCode('code', { redirectUri: 'http://127.0.0.1/cb' })
    await remote.refreshToken('rt')
    await remote.revokeToken('at')
    const jtis = new Set<string>()
    for (const request of server.requests) {
      assert.equal(request.form.get('client_id'), 'client-7', request.path)
      assert.equal(request.form.get('client_assertion_type'), JWT_BEARER)
      assert.equal(request.form.get('client_secret'), null)
      assert.equal(request.headers.authorization, undefined)
      const assertion = request.form.get('client_assertion') ?? ''
      assert.deepEqual(decodeProtectedHeader(assertion), { alg: 'RS256', kid: 'key-7' })
      const { payload } = await jwtVerify(assertion, pair.publicKey, {
        issuer: 'client-7',
        subject: 'client-7',
        audience: `${server.url}/token`,
      })
      assert.ok(typeof payload.jti === 'string' && payload.jti.length >= 16)
      jtis.add(payload.jti)
      assert.ok(typeof payload.exp === 'number' && typeof payload.iat === 'number')
      assert.ok(payload.exp - payload.iat <= 60 && payload.exp > payload.iat)
      assert.ok(Math.abs((payload.iat ?? 0) - Date.now() / 1000) < 5)
    }
    assert.deepEqual(
      server.requests.map((request) => request.path),
      ['/token', '/token', '/revoke'],
    )
    assert.equal(jtis.size, 3, 'a fresh jti every time')
  })

  test('client_secret_jwt is HS256 with the secret; clientAssertionAudience and an issuer set aud', async (t) => {
    const server = await recorder(t)
    const base = {
      clientId: 'client-8',
      authorizeUrl: `${server.url}/authorize`,
      accessTokenUrl: `${server.url}/token`,
    }
    const oauth = new OAuth()
    await oauth
      .remoteApp('hs', { ...base, tokenEndpointAuthMethod: 'client_secret_jwt', clientSecret: async () => SECRET })
      .refreshToken('rt')
    await oauth
      .remoteApp('aud', {
        ...base,
        tokenEndpointAuthMethod: 'client_secret_jwt',
        clientSecret: SECRET,
        clientAssertionAudience: 'https://login.example.com/oauth2/v1/token',
      })
      .refreshToken('rt')
    const [hs, aud] = server.requests.map((request) => request.form.get('client_assertion') ?? '')
    assert.deepEqual(decodeProtectedHeader(hs ?? ''), { alg: 'HS256' })
    const key = new TextEncoder().encode(SECRET)
    await jwtVerify(hs ?? '', key, { audience: `${server.url}/token`, issuer: 'client-8' })
    await jwtVerify(aud ?? '', key, { audience: 'https://login.example.com/oauth2/v1/token' })
  })

  test("a certificate's thumbprints go into the header as x5t#S256 and x5t, as Entra ID identifies keys", async (t) => {
    const server = await recorder(t)
    const fixtures = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures')
    const certificate = readFileSync(join(fixtures, 'client-certificate.pem'), 'utf8')
    const privateKey = readFileSync(join(fixtures, 'client-certificate-key.pem'), 'utf8')
    const base = { clientId: 'c', authorizeUrl: `${server.url}/authorize`, accessTokenUrl: `${server.url}/token` }
    await new OAuth()
      .remoteApp('entra', {
        ...base,
        tokenEndpointAuthMethod: 'private_key_jwt',
        clientPrivateKey: privateKey,
        clientCertificate: certificate,
      })
      .refreshToken('rt')
    const header = decodeProtectedHeader(server.requests[0]?.form.get('client_assertion') ?? '')
    // The fixture's SHA-256 fingerprint, as `openssl x509 -fingerprint -sha256` prints it.
    const sha256 = 'B8:2C:8B:07:94:25:DA:1D:5E:9F:6F:E7:48:F6:C2:A9:E4:3C:73:B2:CF:8E:72:6E:7E:8B:C1:76:57:FB:22:99'
    assert.equal(header['x5t#S256'], Buffer.from(sha256.replaceAll(':', ''), 'hex').toString('base64url'))
    // X509Certificate's fingerprint is SHA-1's.
    const sha1 = new X509Certificate(certificate).fingerprint.replaceAll(':', '')
    assert.equal(header.x5t, Buffer.from(sha1, 'hex').toString('base64url'))
    assert.throws(
      () =>
        new OAuth().remoteApp('other', {
          ...base,
          tokenEndpointAuthMethod: 'private_key_jwt',
          clientPrivateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
          clientCertificate: certificate,
        }),
      {
        code: 'OAUTH_INVALID_OPTIONS',
        message: 'Remote app "other": "clientCertificate" is not the certificate of "clientPrivateKey"',
      },
    )
  })

  test('a key that cannot sign a JWT, or a method without its key, is refused at registration', () => {
    const base = { clientId: 'c', authorizeUrl: 'https://id.example.com/a', accessTokenUrl: 'https://id.example.com/t' }
    const oauth = new OAuth()
    const refused = (options: Record<string, unknown>, message: string) =>
      assert.throws(
        () => oauth.remoteApp('bad', { ...base, ...options }),
        (error) => {
          assert.ok(error instanceof OAuthError)
          assert.equal(error.code, 'OAUTH_INVALID_OPTIONS')
          assert.equal(error.message, `Remote app "bad": ${message}`)
          return true
        },
      )
    refused(
      { tokenEndpointAuthMethod: 'private_key_jwt' },
      '"clientPrivateKey" is required with "tokenEndpointAuthMethod" private_key_jwt',
    )
    refused(
      { tokenEndpointAuthMethod: 'private_key_jwt', clientPrivateKey: 'not a key' },
      '"clientPrivateKey" must be a private key: PEM, a private JWK, or a KeyObject',
    )
    refused(
      { tokenEndpointAuthMethod: 'private_key_jwt', clientPrivateKey: keys.RS256?.publicKey },
      '"clientPrivateKey" must be a private key, not a public one',
    )
    refused(
      {
        tokenEndpointAuthMethod: 'private_key_jwt',
        clientPrivateKey: generateKeyPairSync('x25519').privateKey,
      },
      '"clientPrivateKey" must be an RSA, P-256, P-384, P-521 or Ed25519 key; got x25519',
    )
    refused(
      { clientSecret: 's', clientPrivateKey: keys.ES256?.privateKey },
      '"clientPrivateKey", "clientKeyId" and "clientCertificate" are for "tokenEndpointAuthMethod" private_key_jwt',
    )
    refused(
      { tokenEndpointAuthMethod: 'client_secret_jwt' },
      '"consumerSecret" (or "clientSecret") is required with "tokenEndpointAuthMethod" client_secret_jwt',
    )
  })
})
