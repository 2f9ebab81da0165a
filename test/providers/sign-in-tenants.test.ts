/**
 * The sign-in of each preset whose provider departs furthest from RFC 6749 (a wrapped token
 * answer, a signed callback, a per-user API host, a signed client secret and a POSTed
 * callback), replayed as the provider documents it: a fastify app with the plugin sends the
 * user to the provider, the callback's code is exchanged at the provider's token endpoint, and
 * profile() reads who signed in. The provider's hosts are intercepted with an undici MockAgent
 * given as `dispatcher`: the assertions are the provider's documented wire format, and the
 * answers are the samples of its docs (each row cites them).
 */
import assert from 'node:assert/strict'
import { createHash, createHmac, generateKeyPairSync } from 'node:crypto'
import { describe, test } from 'node:test'
import Fastify from 'fastify'
import { decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { OAuth, type OAuth2AppOptions, type RemoteApp } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { apple, salesforce, shopify, withings } from 'oauth-consumer/providers'
import { MockAgent } from 'undici'
import { SECRET } from '../helpers/app.js'
import { APP, answer, appFor, type Seen } from '../helpers/mock-agent.js'

const CALLBACK = `${APP}/callback`
const CODE = 'SplxlOBeZQQYbYS6WxSbIA'

interface Row {
  readonly id: string
  /** The provider's docs the row replays. */
  readonly docs: readonly string[]
  readonly options: OAuth2AppOptions
  /** The authorize endpoint (origin and path) and the parameters it must carry. */
  readonly authorize: string
  readonly params: Readonly<Record<string, string>>
  /** Parameters the authorize URL must not carry. */
  readonly absent?: readonly string[]
  readonly pkce: boolean
  /** An OpenID Connect row: the issuer and its endpoints as its metadata names them, and the ID token's subject. */
  readonly oidc?: {
    readonly issuer: string
    readonly authorize: string
    readonly token: string
    readonly userinfo?: string
    /** The key set's URL, if not `{issuer}/jwks`. */
    readonly jwks?: string
    readonly sub: string
    /** Other claims of the ID token. */
    readonly claims?: Readonly<Record<string, unknown>>
  }
  /** The provider POSTs the callback as a form (`response_mode=form_post`). */
  readonly formPost?: boolean
  /** Parameters the provider adds to its callback besides code and state. */
  readonly callback?: (params: { readonly code: string; readonly state: string }) => Record<string, string>
  readonly token: {
    readonly url: string
    /** Where the client authenticates: HTTP Basic, or client_id and client_secret in the body. */
    readonly auth: 'basic' | 'post'
    /** Checks the client secret sent, where it is not the configured string. */
    readonly clientSecret?: (sent: string) => Promise<void>
    /** Other parameters the token request's body must carry. */
    readonly form?: Readonly<Record<string, string>>
    /** The token endpoint's answer, in the provider's own shape. */
    readonly answer: Readonly<Record<string, unknown>>
    /** The access token inside that answer. */
    readonly accessToken: string
  }
  /** The provider's "who am I" call, if sign-in makes one, with the headers it must carry. */
  readonly userinfo?: {
    readonly url: string
    readonly headers: Readonly<Record<string, string>>
    readonly answer: Readonly<Record<string, unknown>>
  }
  readonly profile: {
    readonly id: string
    readonly name: string | null
    readonly username: string | null
    readonly email: string | null
    readonly avatarUrl: string | null
  }
  /** What else the row checks once signed in, with the token the sign-in returned. */
  readonly after?: (
    remote: RemoteApp,
    token: Record<string, unknown>,
    provider: { readonly agent: MockAgent; readonly seen: Seen[] },
  ) => Promise<void>
}

const creds = (id: string) => ({ clientId: `${id}-client`, clientSecret: `${id}-secret` })

/** The app's Sign in with Apple key, as Apple's .p8 file holds it: P-256, PKCS #8 PEM. */
const appleKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const applePem = appleKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
const APPLE_SUB = '001234.5f8c1e2d3a4b4c5d6e7f8a9b0c1d2e3f.1234'

const rows: readonly Row[] = [
  {
    id: 'apple',
    docs: [
      'https://developer.apple.com/documentation/signinwithapple/request-an-authorization-to-the-sign-in-with-apple-server',
      'https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret',
      'https://developer.apple.com/documentation/signinwithapple/generate-and-validate-tokens',
      'https://developer.apple.com/documentation/signinwithapple/authenticating-users-with-sign-in-with-apple',
    ],
    options: apple({ clientId: 'com.example.web', teamId: 'DEF123GHIJ', keyId: 'ABC123DEFG', privateKey: applePem }),
    authorize: 'https://appleid.apple.com/auth/authorize',
    params: { scope: 'openid name email', response_mode: 'form_post' },
    absent: ['code_challenge', 'code_challenge_method'],
    pkce: false,
    // Apple's discovery document: no userinfo endpoint; its keys at /auth/keys.
    oidc: {
      issuer: 'https://appleid.apple.com',
      authorize: 'https://appleid.apple.com/auth/authorize',
      token: 'https://appleid.apple.com/auth/token',
      jwks: 'https://appleid.apple.com/auth/keys',
      sub: APPLE_SUB,
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
      // The client secret: an ES256 JWT, kid the Key ID, iss the Team ID, sub the client id,
      // aud Apple, at most six months from iat to exp.
      clientSecret: async (sent) => {
        assert.deepEqual(decodeProtectedHeader(sent), { alg: 'ES256', kid: 'ABC123DEFG' })
        const { payload } = await jwtVerify(sent, appleKey.publicKey, {
          issuer: 'DEF123GHIJ',
          subject: 'com.example.web',
          audience: 'https://appleid.apple.com',
          algorithms: ['ES256'],
        })
        assert.ok(typeof payload.iat === 'number' && typeof payload.exp === 'number')
        assert.ok(payload.exp - payload.iat <= 15_777_000)
      },
      // Apple's TokenResponse sample.
      answer: {
        access_token: 'adg61e4d7b2b348e3b6a0a5c4c1d8e9f0.0.rrxu.67Or9',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'rca7f3c2b1a0948e6a1b2c3d4e5f60718.0.rrxu.lABoQ',
      },
      accessToken: 'adg61e4d7b2b348e3b6a0a5c4c1d8e9f0.0.rrxu.67Or9',
    },
    profile: {
      id: APPLE_SUB,
      name: 'Jane Appleseed',
      username: null,
      email: 'x7ynrr8ngs@privaterelay.appleid.com',
      avatarUrl: null,
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
  },
  {
    id: 'shopify',
    docs: [
      'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant',
      'https://shopify.dev/docs/api/admin-rest/latest/resources/shop',
    ],
    options: shopify({ ...creds('shopify'), shop: 'acme-store', scope: ['read_products', 'write_orders'] }),
    authorize: 'https://acme-store.myshopify.com/admin/oauth/authorize',
    params: { scope: 'read_products,write_orders' },
    absent: ['code_challenge', 'code_challenge_method'],
    pkce: false,
    // Shopify's callback: code, hmac, host, shop, state, timestamp; hmac is the hex HMAC-SHA256,
    // keyed with the client secret, of the others sorted by name.
    callback: ({ code, state }) => {
      const others = {
        code,
        host: 'YWNtZS1zdG9yZS5teXNob3BpZnkuY29tL2FkbWlu',
        shop: 'acme-store.myshopify.com',
        state,
        timestamp: '1337178173',
      }
      const message = `code=${code}&host=${others.host}&shop=${others.shop}&state=${state}&timestamp=${others.timestamp}`
      return { ...others, hmac: createHmac('sha256', 'shopify-secret').update(message).digest('hex') }
    },
    token: {
      url: 'https://acme-store.myshopify.com/admin/oauth/access_token',
      auth: 'post',
      // The docs' answer for an offline token: no token_type, no expiry.
      answer: { access_token: 'f85632530bf277ec9ac6f649fc327f17', scope: 'write_orders,read_customers' },
      accessToken: 'f85632530bf277ec9ac6f649fc327f17',
    },
    userinfo: {
      url: 'https://acme-store.myshopify.com/admin/api/2025-10/shop.json',
      headers: { 'x-shopify-access-token': 'f85632530bf277ec9ac6f649fc327f17' },
      // The shop resource's sample, abridged.
      answer: {
        shop: {
          id: 690933842,
          name: 'Super Toys',
          email: 'j.smith@example.com',
          domain: 'jsmith.myshopify.com',
          province: 'Tennessee',
          country: 'US',
          myshopify_domain: 'jsmith.myshopify.com',
          shop_owner: 'John Smith',
          plan_name: 'enterprise',
          currency: 'USD',
        },
      },
    },
    profile: {
      id: '690933842',
      name: 'Super Toys',
      username: 'jsmith.myshopify.com',
      email: 'j.smith@example.com',
      avatarUrl: null,
    },
    after: async (_remote, _token, { seen }) => {
      const call = seen.find((request) => request.url.endsWith('/shop.json'))
      // The token in Shopify's header, bare; no Authorization header.
      assert.equal(call?.headers.authorization, undefined)
    },
  },
  {
    id: 'salesforce',
    docs: [
      'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow_ca.htm',
      'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm',
    ],
    options: salesforce(creds('salesforce')),
    authorize: 'https://login.salesforce.com/services/oauth2/authorize',
    params: { scope: 'openid profile email' },
    pkce: true,
    oidc: {
      issuer: 'https://login.salesforce.com',
      authorize: 'https://login.salesforce.com/services/oauth2/authorize',
      token: 'https://login.salesforce.com/services/oauth2/token',
      userinfo: 'https://login.salesforce.com/services/oauth2/userinfo',
      sub: 'https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P',
    },
    token: {
      url: 'https://login.salesforce.com/services/oauth2/token',
      auth: 'post',
      // The web server flow's sample answer: no expires_in; the user's instance and identity URL.
      answer: {
        access_token:
          '00Dx0000000BV7z!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7TrqoDjoNIWQ2ME_sTZzBjfmOE6zMHq6y8PIW4eWze9JksNEkWUl.Cju7m4',
        signature: 'SSSbLO/gBhmmyNUvN18ODBDFYHzakxOMgqYtu+hDPsc=',
        scope: 'openid profile email',
        instance_url: 'https://acme.my.salesforce.com',
        id: 'https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P',
        token_type: 'Bearer',
        issued_at: '1278448101416',
      },
      accessToken:
        '00Dx0000000BV7z!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7TrqoDjoNIWQ2ME_sTZzBjfmOE6zMHq6y8PIW4eWze9JksNEkWUl.Cju7m4',
    },
    userinfo: {
      url: 'https://login.salesforce.com/services/oauth2/userinfo',
      headers: {
        authorization:
          'Bearer 00Dx0000000BV7z!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7TrqoDjoNIWQ2ME_sTZzBjfmOE6zMHq6y8PIW4eWze9JksNEkWUl.Cju7m4',
      },
      // The userinfo answer as Salesforce's help page lists its fields.
      answer: {
        sub: 'https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P',
        user_id: '005x00000012Q9P',
        organization_id: '00Dx0000000BV7z',
        preferred_username: 'roberta@acme.example',
        nickname: 'roberta',
        name: 'Roberta Smith',
        email: 'roberta@acme.example',
        email_verified: true,
        given_name: 'Roberta',
        family_name: 'Smith',
        zoneinfo: 'Europe/Paris',
        photos: {
          picture: 'https://acme--c.documentforce.com/profilephoto/005/F',
          thumbnail: 'https://acme--c.documentforce.com/profilephoto/005/T',
        },
        profile: 'https://acme.my.salesforce.com/005x00000012Q9P',
        picture: 'https://acme--c.documentforce.com/profilephoto/005/F',
        active: true,
        user_type: 'STANDARD',
        language: 'en_US',
        locale: 'en_US',
        utcOffset: 3600000,
      },
    },
    profile: {
      id: '005x00000012Q9P',
      name: 'Roberta Smith',
      username: 'roberta@acme.example',
      email: 'roberta@acme.example',
      avatarUrl: 'https://acme--c.documentforce.com/profilephoto/005/F',
    },
    after: async (remote, token, { agent, seen }) => {
      // API calls go to the token's instance, not the login host.
      answer(agent, seen, 'GET', 'https://acme.my.salesforce.com/services/data/v62.0/sobjects', () => ({
        sobjects: [],
      }))
      const sobjects = await remote.get('services/data/v62.0/sobjects', { token: token as { access_token: string } })
      assert.deepEqual(sobjects.data, { sobjects: [] })
      const call = seen.at(-1)
      assert.equal(call?.url, 'https://acme.my.salesforce.com/services/data/v62.0/sobjects')
      assert.equal(call?.headers.authorization, `Bearer ${String(token.access_token)}`)
      // A token naming another host is refused before anything is sent.
      const before = seen.length
      for (const instance of [
        'https://evil.example.com',
        'https://my.salesforce.com.evil.example',
        'http://na1.salesforce.com',
      ]) {
        await assert.rejects(
          remote.get('services/data/v62.0/sobjects', {
            token: { ...(token as { access_token: string }), instance_url: instance },
          }),
          { code: 'OAUTH_INVALID_RESPONSE' },
        )
      }
      assert.equal(seen.length, before)
    },
  },
  {
    id: 'withings',
    docs: [
      'https://developer.withings.com/developer-guide/v3/integration-guide/public-health-data-api/get-access/oauth-authorization-url/',
      'https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-getaccesstoken',
    ],
    options: withings({ ...creds('withings'), scope: ['user.metrics', 'user.activity'] }),
    authorize: 'https://account.withings.com/oauth2_user/authorize2',
    // The docs' sample URL: scope=user.info,user.metrics,user.activity.
    params: { scope: 'user.metrics,user.activity' },
    absent: ['code_challenge', 'code_challenge_method'],
    pkce: false,
    token: {
      url: 'https://wbsapi.withings.net/v2/oauth2',
      auth: 'post',
      form: { action: 'requesttoken' },
      answer: {
        status: 0,
        body: {
          userid: '363',
          access_token: 'a075f8c14fb8df40b08ebc8508533dc332a6910a',
          refresh_token: 'f631236f02b991810feb774765b6ae8e6c6839ca',
          expires_in: 10800,
          scope: 'user.metrics,user.activity',
          csrf_token: 'PACnnxwHTaBQOzF7bQqwFUUotIuvtzSM',
          token_type: 'Bearer',
        },
      },
      accessToken: 'a075f8c14fb8df40b08ebc8508533dc332a6910a',
    },
    profile: { id: '363', name: null, username: null, email: null, avatarUrl: null },
    after: async (_remote, token) => {
      assert.equal(token.refresh_token, 'f631236f02b991810feb774765b6ae8e6c6839ca')
      assert.equal(token.userid, '363')
      assert.equal(typeof token.expires_at, 'number')
    },
  },
]

/** The app of a row's sign-in: `/login` sends the user away, `/callback` answers the profile and the token. */
describe('presets with their own token answers, callbacks and API hosts: a documented sign-in, replayed', () => {
  for (const row of rows) {
    test(`${row.id}: authorize redirect, token request, token answer and profile as the provider documents`, async (t) => {
      const agent = new MockAgent()
      agent.disableNetConnect()
      t.after(() => agent.close())
      const seen: Seen[] = []
      const clientId = String(row.options.clientId)
      let nonce: string | null = null
      let idToken: (() => Promise<string>) | undefined
      if (row.oidc !== undefined) {
        const oidc = row.oidc
        const { privateKey, publicKey } = await generateKeyPair('RS256')
        const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
        const base = oidc.issuer.replace(/\/$/, '')
        const jwks = oidc.jwks ?? `${base}/jwks`
        answer(agent, seen, 'GET', `${base}/.well-known/openid-configuration`, () => ({
          issuer: oidc.issuer,
          authorization_endpoint: oidc.authorize,
          token_endpoint: oidc.token,
          ...(oidc.userinfo === undefined ? {} : { userinfo_endpoint: oidc.userinfo }),
          jwks_uri: jwks,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }))
        answer(agent, seen, 'GET', jwks, () => ({ keys: [jwk] }))
        idToken = () =>
          new SignJWT({ ...oidc.claims, ...(nonce === null ? {} : { nonce }) })
            .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
            .setIssuer(oidc.issuer)
            .setAudience(clientId)
            .setSubject(oidc.sub)
            .setIssuedAt()
            .setExpirationTime('5m')
            .sign(privateKey)
      }
      let tokenAnswer: Record<string, unknown> = { ...row.token.answer }
      answer(agent, seen, 'POST', row.token.url, () => tokenAnswer)
      if (row.userinfo !== undefined) {
        const reply = row.userinfo.answer
        answer(agent, seen, 'GET', row.userinfo.url, () => reply)
      }
      const oauth = new OAuth()
      const remote = oauth.remoteApp(row.id, { ...row.options, dispatcher: agent })
      const app = await appFor(oauth, remote, t, row.formPost)

      // The authorize redirect.
      const login = await app.inject('/login')
      assert.equal(login.statusCode, 302, login.body)
      const location = new URL(String(login.headers.location))
      assert.equal(location.origin + location.pathname, row.authorize)
      const query = location.searchParams
      assert.equal(query.get('response_type'), 'code')
      assert.equal(query.get('client_id'), clientId)
      assert.equal(query.get('redirect_uri'), CALLBACK)
      for (const [name, value] of Object.entries(row.params)) assert.equal(query.get(name), value, name)
      for (const name of row.absent ?? []) assert.equal(query.get(name), null, name)
      assert.equal(query.get('code_challenge_method'), row.pkce ? 'S256' : null)
      const state = query.get('state')
      assert.ok(state)
      nonce = query.get('nonce')
      if (idToken !== undefined) {
        assert.ok(nonce, 'an OpenID Connect sign-in sends a nonce')
        tokenAnswer = { ...row.token.answer, id_token: await idToken() }
      }
      const cookie = String(login.headers['set-cookie']).split(';')[0]

      // The callback: the token request, then the profile.
      const base = { code: CODE, state }
      const params = new URLSearchParams({ ...base, ...row.callback?.(base) })
      const done = row.formPost
        ? await app.inject({
            method: 'POST',
            url: '/callback',
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
            payload: params.toString(),
          })
        : await app.inject({ url: `/callback?${params}`, headers: { cookie } })
      assert.equal(done.statusCode, 200, done.body)
      const { profile, token } = done.json<{ profile: Row['profile']; token: Record<string, unknown> }>()
      assert.deepEqual(profile, row.profile)
      assert.equal(token.access_token, row.token.accessToken)

      const tokenRequests = seen.filter((request) => request.url === row.token.url)
      assert.equal(tokenRequests.length, 1)
      const sent = tokenRequests[0]
      assert.ok(sent)
      assert.equal(sent.method, 'POST')
      assert.match(sent.headers['content-type'] ?? '', /^application\/x-www-form-urlencoded/)
      const form = new URLSearchParams(sent.body)
      assert.equal(form.get('grant_type'), 'authorization_code')
      assert.equal(form.get('code'), CODE)
      assert.equal(form.get('redirect_uri'), CALLBACK)
      for (const [name, value] of Object.entries(row.token.form ?? {})) assert.equal(form.get(name), value, name)
      const verifier = form.get('code_verifier')
      if (row.pkce) {
        assert.ok(verifier)
        assert.equal(createHash('sha256').update(verifier).digest('base64url'), query.get('code_challenge'))
      } else {
        assert.equal(verifier, null)
      }
      const secret = String(row.options.clientSecret)
      if (row.token.clientSecret !== undefined) {
        assert.equal(sent.headers.authorization, undefined)
        assert.equal(form.get('client_id'), clientId)
        await row.token.clientSecret(String(form.get('client_secret')))
      } else if (row.token.auth === 'basic') {
        // RFC 6749 §2.3.1: id and secret form-encoded, then joined and base64-encoded.
        const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')
        assert.equal(sent.headers.authorization, `Basic ${basic}`)
        assert.equal(form.get('client_secret'), null)
      } else {
        assert.equal(sent.headers.authorization, undefined)
        assert.equal(form.get('client_id'), clientId)
        assert.equal(form.get('client_secret'), secret)
      }

      if (row.userinfo !== undefined) {
        const userinfo = row.userinfo
        const calls = seen.filter((request) => request.url === userinfo.url)
        assert.equal(calls.length, 1)
        for (const [name, value] of Object.entries(userinfo.headers)) assert.equal(calls[0]?.headers[name], value, name)
      }
      await row.after?.(remote, token, { agent, seen })
      assert.ok(row.docs.every((url) => url.startsWith('https://')))
    })
  }
})

describe('withings: a refused token request', () => {
  test('a non-zero status fails the sign-in with its error text, and no profile is read', async (t) => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    t.after(() => agent.close())
    const seen: Seen[] = []
    // The API reference's error answer: HTTP 200, a status code and an error text.
    answer(agent, seen, 'POST', 'https://wbsapi.withings.net/v2/oauth2', () => ({
      status: 503,
      body: {},
      error: 'Invalid Params: invalid code',
    }))
    const oauth = new OAuth()
    const remote = oauth.remoteApp('withings', { ...withings(creds('withings')), dispatcher: agent })
    const app = await appFor(oauth, remote, t)
    const login = await app.inject('/login')
    const state = new URL(String(login.headers.location)).searchParams.get('state')
    const cookie = String(login.headers['set-cookie']).split(';')[0]
    const done = await app.inject({ url: `/callback?code=${CODE}&state=${state}`, headers: { cookie } })
    // The plugin answers the error with its code; the handler, which reads the profile, never runs.
    assert.deepEqual(done.json(), {
      error: 'OAUTH_TOKEN_REQUEST_FAILED',
      message: 'The token endpoint refused: withings_status_503: Invalid Params: invalid code',
    })
    assert.ok(done.statusCode >= 400)
    assert.equal(seen.length, 1)
  })
})

describe('templated presets: a hostile host is refused when the preset is called', () => {
  const hostile = ['https://evil/..', 'http://evil.example.com', 'user@evil.example.com', 'evil.com#.x']

  test('salesforce: "domain" defaults to login.salesforce.com, and must be a plain host name', () => {
    assert.equal(salesforce({ clientId: 'c' }).issuer, 'https://login.salesforce.com')
    assert.equal(salesforce({ clientId: 'c', domain: 'test.salesforce.com' }).issuer, 'https://test.salesforce.com')
    for (const value of hostile) {
      assert.throws(() => salesforce({ domain: value }), {
        code: 'OAUTH_INVALID_OPTIONS',
        message: `salesforce(): "domain" must be a host name such as acme.my.salesforce.com (no scheme, port or path); got ${JSON.stringify(value)}`,
      })
    }
  })
})

describe('shopify: the callback is checked before its code is used', () => {
  test("Shopify's documented sample verifies with its secret, and not once changed", async () => {
    const { callbackCheck } = shopify({ clientId: 'c', clientSecret: 'hush', shop: 'some-shop' })
    assert.ok(callbackCheck)
    // The authorization code grant page's sample callback and the secret "hush".
    const sample = {
      code: '0907a61c0c8d55e99db179b68161bc00',
      hmac: '700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf',
      shop: 'some-shop.myshopify.com',
      state: '0.6784241404160823',
      timestamp: '1337178173',
    }
    const secret = async () => 'hush'
    assert.equal(await callbackCheck(sample, secret), undefined)
    assert.equal(await callbackCheck({ ...sample, timestamp: '1337178174' }, secret), `its "hmac" is not Shopify's`)
    assert.equal(await callbackCheck(sample, async () => 'other'), `its "hmac" is not Shopify's`)
    assert.equal(await callbackCheck({ ...sample, hmac: '' }, secret), 'it carries no "hmac"')
    const { hmac: _dropped, ...unsigned } = sample
    assert.equal(await callbackCheck(unsigned, secret), 'it carries no "hmac"')
    assert.equal(
      await callbackCheck({ ...sample, shop: 'evil.myshopify.com' }, secret),
      '"shop" is not some-shop.myshopify.com',
    )
  })

  for (const [why, change] of [
    ['a forged hmac', (p: Record<string, string>) => ({ ...p, hmac: 'a'.repeat(64) })],
    ['no hmac', ({ hmac: _dropped, ...p }: Record<string, string>) => p],
    ['another shop, signed', (p: Record<string, string>) => ({ ...p, shop: 'evil.myshopify.com' })],
  ] as const) {
    test(`a callback with ${why} is refused with OAUTH_STATE_MISMATCH and no token request`, async (t) => {
      const agent = new MockAgent()
      agent.disableNetConnect()
      t.after(() => agent.close())
      const seen: Seen[] = []
      answer(agent, seen, 'POST', 'https://acme-store.myshopify.com/admin/oauth/access_token', () => ({
        access_token: 'f85632530bf277ec9ac6f649fc327f17',
        scope: 'read_products',
      }))
      const oauth = new OAuth()
      const remote = oauth.remoteApp('shopify', {
        ...shopify({ ...creds('shopify'), shop: 'acme-store' }),
        dispatcher: agent,
      })
      const app = await appFor(oauth, remote, t)
      const login = await app.inject('/login')
      const state = String(new URL(String(login.headers.location)).searchParams.get('state'))
      const cookie = String(login.headers['set-cookie']).split(';')[0]
      const params: Record<string, string> = {
        code: CODE,
        shop: 'acme-store.myshopify.com',
        state,
        timestamp: '1337178173',
      }
      const message = Object.keys(params)
        .sort()
        .map((key) => `${key}=${params[key]}`)
        .join('&')
      const signed = { ...params, hmac: createHmac('sha256', 'shopify-secret').update(message).digest('hex') }
      const done = await app.inject({ url: `/callback?${new URLSearchParams(change(signed))}`, headers: { cookie } })
      assert.equal(done.json<{ error: string }>().error, 'OAUTH_STATE_MISMATCH')
      assert.ok(done.statusCode >= 400 && done.statusCode < 500, String(done.statusCode))
      assert.equal(seen.length, 0)
    })
  }

  test('"shop" missing, or not a shop name, is refused when the preset is called', () => {
    assert.throws(() => shopify({ clientId: 'c' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'shopify(): "shop" is required, e.g. acme-store',
    })
    for (const value of [
      'https://evil/..',
      'http://evil.example.com',
      'user@evil.example.com',
      'evil.com#.x',
      'evil.com',
    ]) {
      assert.throws(() => shopify({ clientId: 'c', shop: value }), {
        code: 'OAUTH_INVALID_OPTIONS',
        message: `shopify(): "shop" must look like acme-store; got ${JSON.stringify(value)}`,
      })
    }
    assert.equal(
      shopify({ clientId: 'c', shop: 'Acme-Store.myshopify.com' }).authorizeUrl,
      'https://acme-store.myshopify.com/admin/oauth/authorize',
    )
    assert.throws(() => shopify({ clientId: 'c', shop: 'acme', apiVersion: '../x' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'shopify(): "apiVersion" must look like 2025-10; got "../x"',
    })
  })
})

describe('apple: the signed client secret and the POSTed callback', () => {
  test('the key, its id and the team are required unless a client secret is given; form_post is fixed', () => {
    assert.throws(() => apple({ clientId: 'com.example.web' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'apple(): "privateKey" is required, e.g. the .p8 file',
    })
    assert.throws(() => apple({ clientId: 'com.example.web', privateKey: applePem, teamId: 'DEF123GHIJ' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'apple(): "keyId" is required, e.g. ABC123DEFG',
    })
    assert.throws(() => apple({ clientId: 'com.example.web', privateKey: applePem, keyId: 'ABC123DEFG' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'apple(): "teamId" is required, e.g. DEF123GHIJ',
    })
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' })
    assert.throws(
      () =>
        apple({ clientId: 'com.example.web', privateKey: rsa.toString(), keyId: 'ABC123DEFG', teamId: 'DEF123GHIJ' }),
      { code: 'OAUTH_INVALID_OPTIONS', message: 'jwtClientSecret(): "privateKey" must be a P-256 (ES256) private key' },
    )
    assert.throws(() => apple({ clientId: 'c', clientSecret: 's', responseMode: 'query' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'apple(): "responseMode" is fixed: Apple POSTs the callback when asked for the name or email',
    })
    // A secret the app makes itself is used as it is.
    assert.equal(apple({ clientId: 'c', clientSecret: 'minted-elsewhere' }).clientSecret, 'minted-elsewhere')
  })

  test("an ID token not signed with a key of Apple's key set fails the sign-in", async (t) => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    t.after(() => agent.close())
    const seen: Seen[] = []
    const apples = await generateKeyPair('RS256')
    const forger = await generateKeyPair('RS256')
    answer(agent, seen, 'GET', 'https://appleid.apple.com/.well-known/openid-configuration', () => ({
      issuer: 'https://appleid.apple.com',
      authorization_endpoint: 'https://appleid.apple.com/auth/authorize',
      token_endpoint: 'https://appleid.apple.com/auth/token',
      jwks_uri: 'https://appleid.apple.com/auth/keys',
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    }))
    const jwk = { ...(await exportJWK(apples.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
    answer(agent, seen, 'GET', 'https://appleid.apple.com/auth/keys', () => ({ keys: [jwk] }))
    let idToken = ''
    answer(agent, seen, 'POST', 'https://appleid.apple.com/auth/token', () => ({
      access_token: 'adg61e4d7b2b348e3b6a0a5c4c1d8e9f0.0.rrxu.67Or9',
      token_type: 'Bearer',
      expires_in: 3600,
      id_token: idToken,
    }))
    const oauth = new OAuth()
    const remote = oauth.remoteApp('apple', {
      ...apple({ clientId: 'com.example.web', teamId: 'DEF123GHIJ', keyId: 'ABC123DEFG', privateKey: applePem }),
      dispatcher: agent,
    })
    const app = await appFor(oauth, remote, t, true)
    const login = await app.inject('/login')
    const query = new URL(String(login.headers.location)).searchParams
    idToken = await new SignJWT({ nonce: String(query.get('nonce')), email: 'x7ynrr8ngs@privaterelay.appleid.com' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://appleid.apple.com')
      .setAudience('com.example.web')
      .setSubject(APPLE_SUB)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(forger.privateKey)
    const done = await app.inject({
      method: 'POST',
      url: '/callback',
      headers: {
        cookie: String(login.headers['set-cookie']).split(';')[0],
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ code: CODE, state: String(query.get('state')) }).toString(),
    })
    assert.equal(done.json<{ error: string }>().error, 'OAUTH_ID_TOKEN_INVALID')
    assert.ok(done.statusCode >= 400, String(done.statusCode))
  })

  test('a GET callback is refused before its state is used, and makes no token request', async (t) => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    t.after(() => agent.close())
    const oauth = new OAuth()
    const remote = oauth.remoteApp('apple', {
      ...apple({ clientId: 'com.example.web', teamId: 'DEF123GHIJ', keyId: 'ABC123DEFG', privateKey: applePem }),
      dispatcher: agent,
    })
    const app = Fastify()
    t.after(() => app.close())
    await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: APP })
    app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
    app.get(
      '/callback',
      remote.authorizedHandler(async () => 'signed in'),
    )
    const seen: Seen[] = []
    answer(agent, seen, 'GET', 'https://appleid.apple.com/.well-known/openid-configuration', () => ({
      issuer: 'https://appleid.apple.com',
      authorization_endpoint: 'https://appleid.apple.com/auth/authorize',
      token_endpoint: 'https://appleid.apple.com/auth/token',
      jwks_uri: 'https://appleid.apple.com/auth/keys',
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    }))
    answer(agent, seen, 'POST', 'https://appleid.apple.com/auth/token', () => ({
      access_token: 'x',
      token_type: 'Bearer',
    }))
    const login = await app.inject('/login')
    assert.equal(login.statusCode, 302, login.body)
    const cookies = String(login.headers['set-cookie'])
    assert.match(cookies, /SameSite=None/i)
    assert.match(cookies, /Secure/i)
    const state = new URL(String(login.headers.location)).searchParams.get('state')
    const done = await app.inject({
      url: `/callback?code=${CODE}&state=${state}`,
      headers: { cookie: cookies.split(';')[0] },
    })
    assert.equal(done.statusCode, 400)
    assert.equal(done.json<{ error: string }>().error, 'OAUTH_STATE_MISMATCH')
    assert.equal(seen.filter((request) => request.url.endsWith('/auth/token')).length, 0)
  })
})
