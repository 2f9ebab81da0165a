/**
 * Each preset's sign-in replayed as its provider documents it: a fastify app with the plugin
 * sends the user to the provider, the callback's code is exchanged at the provider's token
 * endpoint, and profile() reads the provider's "who am I" answer. The provider's hosts are
 * intercepted with an undici MockAgent given as `dispatcher`: the assertions are the provider's
 * documented wire format, and the answers are the samples of its docs (each row cites them).
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { OAuth, type OAuth2AppOptions } from 'oauth-consumer'
import {
  amazonCognito,
  auth0,
  discord,
  keycloak,
  mastodon,
  okta,
  reddit,
  slack,
  x,
  zoom,
} from 'oauth-consumer/providers'
import { MockAgent } from 'undici'
import { APP, answer, appFor, type Seen } from '../helpers/mock-agent.js'

const CALLBACK = `${APP}/callback`
const CODE = 'SplxlOBeZQQYbYS6WxSbIA'

interface OidcSide {
  readonly issuer: string
  /** The provider's endpoints as its metadata names them. */
  readonly authorize: string
  readonly token: string
  readonly userinfo: string
}

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
  readonly oidc?: OidcSide
  readonly token: {
    readonly url: string
    /** Where the client authenticates: HTTP Basic, or client_id and client_secret in the body. */
    readonly auth: 'basic' | 'post'
    readonly headers?: Readonly<Record<string, string>>
    /** The token endpoint's answer, in the provider's own shape (an OIDC row's id_token is added). */
    readonly answer: Readonly<Record<string, unknown>>
  }
  readonly userinfo: { readonly url: string; readonly answer: Readonly<Record<string, unknown>> }
  readonly profile: {
    readonly id: string
    readonly name: string | null
    readonly username: string | null
    readonly email: string | null
    readonly avatarUrl: string | null
  }
}

const creds = (id: string) => ({ clientId: `${id}-client`, clientSecret: `${id}-secret` })

/** The standard claims of OpenID Connect Core §5.3.2's userinfo sample, for the OIDC rows. */
const claims = {
  sub: '248289761001',
  name: 'Jane Doe',
  given_name: 'Jane',
  family_name: 'Doe',
  preferred_username: 'j.doe',
  email: 'janedoe@example.com',
  picture: 'http://example.com/janedoe/me.jpg',
}
const janeDoe = {
  id: '248289761001',
  name: 'Jane Doe',
  username: 'j.doe',
  email: 'janedoe@example.com',
  avatarUrl: 'http://example.com/janedoe/me.jpg',
}
const oidcToken = { access_token: 'SlAV32hkKG', token_type: 'Bearer', expires_in: 3600, refresh_token: '8xLOxBtZp8' }
const oidcScope = { scope: 'openid profile email' }

const rows: readonly Row[] = [
  {
    id: 'discord',
    docs: [
      'https://discord.com/developers/docs/topics/oauth2#authorization-code-grant',
      'https://discord.com/developers/docs/resources/user#user-object-example-user',
      'https://discord.com/developers/docs/reference#image-formatting',
    ],
    options: discord(creds('discord')),
    authorize: 'https://discord.com/oauth2/authorize',
    params: { scope: 'identify email' },
    pkce: true,
    token: {
      url: 'https://discord.com/api/oauth2/token',
      auth: 'basic',
      answer: {
        access_token: '6qrZcUqja7812RVdnEKjpzOL4CvHBFG',
        token_type: 'Bearer',
        expires_in: 604800,
        refresh_token: 'D43f5y0ahjqew82jZ4NViEr2YafMKhue',
        scope: 'identify email',
      },
    },
    userinfo: {
      url: 'https://discord.com/api/v10/users/@me',
      answer: {
        id: '80351110224678912',
        username: 'Nelly',
        discriminator: '1337',
        avatar: '8342729096ea3675442027381ff50dfe',
        verified: true,
        email: 'nelly@discord.com',
        flags: 64,
        banner: '06c16474723fe537c283b8efa61a30c8',
        accent_color: 16711680,
        premium_type: 1,
        public_flags: 64,
      },
    },
    profile: {
      id: '80351110224678912',
      name: 'Nelly',
      username: 'Nelly',
      email: 'nelly@discord.com',
      avatarUrl: 'https://cdn.discordapp.com/avatars/80351110224678912/8342729096ea3675442027381ff50dfe.png',
    },
  },
  {
    id: 'zoom',
    docs: [
      'https://developers.zoom.us/docs/integrations/oauth/',
      'https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}',
    ],
    options: zoom(creds('zoom')),
    authorize: 'https://zoom.us/oauth/authorize',
    params: {},
    // Scopes are set on the app at Zoom, so none is asked for.
    absent: ['scope'],
    pkce: true,
    token: {
      url: 'https://zoom.us/oauth/token',
      auth: 'basic',
      answer: {
        access_token: 'eyJhbGciOiJIUzUxMiIsInYiOiIyLjAiLCJraWQiOiI8S0lEPiJ9',
        token_type: 'bearer',
        refresh_token: 'eyJhbGciOiJIUzUxMiIsInYiOiIyLjAiLCJraWQiOiI8S0lEPiJ9.refresh',
        expires_in: 3599,
        scope: 'user:read:user',
      },
    },
    userinfo: {
      url: 'https://api.zoom.us/v2/users/me',
      answer: {
        id: 'KDcuGIm1QgePTO8WbOqwIQ',
        first_name: 'Jill',
        last_name: 'Chill',
        display_name: 'Jill Chill',
        email: 'jchill@example.com',
        type: 1,
        pmi: 3542471135,
        timezone: 'Asia/Shanghai',
        verified: 1,
        pic_url: 'https://example.com/photo.jpg',
        language: 'en-US',
        status: 'active',
        account_id: 'q6gBJVO5TzexKYTb_I2rpg',
      },
    },
    profile: {
      id: 'KDcuGIm1QgePTO8WbOqwIQ',
      name: 'Jill Chill',
      username: null,
      email: 'jchill@example.com',
      avatarUrl: 'https://example.com/photo.jpg',
    },
  },
  {
    id: 'x',
    docs: [
      'https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/user-access-token',
      'https://docs.x.com/x-api/users/user-lookup-me',
    ],
    options: x(creds('x')),
    authorize: 'https://x.com/i/oauth2/authorize',
    params: { scope: 'users.read tweet.read offline.access' },
    pkce: true,
    token: {
      url: 'https://api.x.com/2/oauth2/token',
      auth: 'basic',
      answer: {
        token_type: 'bearer',
        expires_in: 7200,
        access_token: 'VGNibzFWSWREZm01bjN1N3dicWlNUG1oa2xRRVNNdmVHelJGY2hPWGxNd2dxOjE2MjIxNjA4MjU4MjU6MToxOmF0OjE',
        scope: 'tweet.read users.read offline.access',
        refresh_token: 'bWRWa3gzdnk3WHRGU1o0bmRRcTJ5VUxWX1lZTDdJSUtmaWcxbTVxdEFXcW5tOjE2MjIxNjA4MjU4MjU6MToxOnJ0OjE',
      },
    },
    userinfo: {
      url: 'https://api.x.com/2/users/me?user.fields=profile_image_url,confirmed_email',
      answer: {
        data: {
          id: '2244994945',
          name: 'X Dev',
          username: 'TwitterDev',
          profile_image_url: 'https://pbs.twimg.com/profile_images/1445764922474827784/W2zEPN7U_normal.jpg',
        },
      },
    },
    profile: {
      id: '2244994945',
      name: 'X Dev',
      username: 'TwitterDev',
      email: null,
      avatarUrl: 'https://pbs.twimg.com/profile_images/1445764922474827784/W2zEPN7U_normal.jpg',
    },
  },
  {
    id: 'reddit',
    docs: [
      'https://github.com/reddit-archive/reddit/wiki/OAuth2',
      'https://github.com/reddit-archive/reddit/wiki/API',
      'https://www.reddit.com/dev/api/#GET_api_v1_me',
    ],
    options: reddit(creds('reddit')),
    authorize: 'https://www.reddit.com/api/v1/authorize',
    params: { scope: 'identity', duration: 'permanent' },
    absent: ['code_challenge', 'code_challenge_method'],
    pkce: false,
    token: {
      url: 'https://www.reddit.com/api/v1/access_token',
      auth: 'basic',
      headers: { 'user-agent': 'web:reddit-client:1.0 (oauth-consumer)' },
      answer: {
        access_token: '2Q4aOSdQGUSsn-kfRT6y7Dwe5Bc',
        token_type: 'bearer',
        expires_in: 86400,
        scope: 'identity',
        refresh_token: '1123-2Q4aOSdQGUSsn-rfRT6y7Dwe5Bc',
      },
    },
    userinfo: {
      url: 'https://oauth.reddit.com/api/v1/me',
      answer: {
        id: '1w72',
        name: 'spez',
        icon_img:
          'https://styles.redditmedia.com/t5_3k30p/styles/profileIcon_snoo.png?width=256&amp;height=256&amp;s=7f3d',
        created_utc: 1118030400,
        has_verified_email: true,
        link_karma: 178,
        comment_karma: 754,
      },
    },
    profile: {
      id: '1w72',
      name: 'spez',
      username: 'spez',
      email: null,
      avatarUrl: 'https://styles.redditmedia.com/t5_3k30p/styles/profileIcon_snoo.png?width=256&height=256&s=7f3d',
    },
  },
  {
    id: 'mastodon',
    docs: [
      'https://docs.joinmastodon.org/methods/oauth/',
      'https://docs.joinmastodon.org/methods/accounts/#verify_credentials',
    ],
    options: mastodon({ ...creds('mastodon'), instance: 'Mastodon.Social' }),
    authorize: 'https://mastodon.social/oauth/authorize',
    params: { scope: 'read:accounts' },
    pkce: true,
    token: {
      url: 'https://mastodon.social/oauth/token',
      auth: 'post',
      answer: {
        access_token: 'ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0',
        token_type: 'Bearer',
        scope: 'read:accounts',
        created_at: 1573979017,
      },
    },
    userinfo: {
      url: 'https://mastodon.social/api/v1/accounts/verify_credentials',
      answer: {
        id: '14715',
        username: 'trwnh',
        acct: 'trwnh',
        display_name: 'infinite love ⴳ',
        locked: false,
        bot: false,
        created_at: '2016-11-24T10:02:12.085Z',
        note: '<p>i have approximate knowledge of many things.</p>',
        url: 'https://mastodon.social/@trwnh',
        avatar: 'https://files.mastodon.social/accounts/avatars/000/014/715/original/34aa222f4ae2e0a9.png',
        avatar_static: 'https://files.mastodon.social/accounts/avatars/000/014/715/original/34aa222f4ae2e0a9.png',
        header: 'https://files.mastodon.social/accounts/headers/000/014/715/original/5c6fc24edb3bb873.jpg',
        followers_count: 821,
        following_count: 178,
        statuses_count: 33120,
      },
    },
    profile: {
      id: '14715',
      name: 'infinite love ⴳ',
      username: 'trwnh@mastodon.social',
      email: null,
      avatarUrl: 'https://files.mastodon.social/accounts/avatars/000/014/715/original/34aa222f4ae2e0a9.png',
    },
  },
  {
    id: 'slack',
    docs: [
      'https://docs.slack.dev/authentication/sign-in-with-slack/',
      'https://docs.slack.dev/reference/methods/openid.connect.token',
      'https://docs.slack.dev/reference/methods/openid.connect.userInfo',
    ],
    options: slack(creds('slack')),
    authorize: 'https://slack.com/openid/connect/authorize',
    params: oidcScope,
    pkce: true,
    oidc: {
      issuer: 'https://slack.com',
      authorize: 'https://slack.com/openid/connect/authorize',
      token: 'https://slack.com/api/openid.connect.token',
      userinfo: 'https://slack.com/api/openid.connect.userInfo',
    },
    token: {
      url: 'https://slack.com/api/openid.connect.token',
      auth: 'post',
      answer: { ok: true, access_token: 'xoxp-1234', token_type: 'Bearer' },
    },
    userinfo: {
      url: 'https://slack.com/api/openid.connect.userInfo',
      answer: {
        ok: true,
        sub: 'U0R7JM',
        'https://slack.com/user_id': 'U0R7JM',
        'https://slack.com/team_id': 'T0R7GR',
        email: 'krane@slack-corp.com',
        email_verified: true,
        date_email_verified: 1622128723,
        name: 'krane',
        picture: 'https://secure.gravatar.com/avatar/bd7f5e2f0bd3d5dfe0ec6d3a0cd0f1f8.jpg?s=512',
        given_name: 'Bront',
        family_name: 'Labradoodle',
        locale: 'en-US',
        'https://slack.com/team_name': 'kraneflannel',
        'https://slack.com/team_domain': 'kraneflannel',
      },
    },
    profile: {
      id: 'U0R7JM',
      name: 'krane',
      username: null,
      email: 'krane@slack-corp.com',
      avatarUrl: 'https://secure.gravatar.com/avatar/bd7f5e2f0bd3d5dfe0ec6d3a0cd0f1f8.jpg?s=512',
    },
  },
  {
    id: 'auth0',
    docs: [
      'https://auth0.com/docs/api/authentication',
      'https://auth0.com/docs/get-started/apis/enable-api-authorization',
    ],
    options: auth0({ ...creds('auth0'), domain: 'dev-abc.us.auth0.com', audience: 'https://api.example.com' }),
    authorize: 'https://dev-abc.us.auth0.com/authorize',
    params: { ...oidcScope, audience: 'https://api.example.com' },
    pkce: true,
    oidc: {
      issuer: 'https://dev-abc.us.auth0.com/',
      authorize: 'https://dev-abc.us.auth0.com/authorize',
      token: 'https://dev-abc.us.auth0.com/oauth/token',
      userinfo: 'https://dev-abc.us.auth0.com/userinfo',
    },
    token: { url: 'https://dev-abc.us.auth0.com/oauth/token', auth: 'post', answer: oidcToken },
    userinfo: { url: 'https://dev-abc.us.auth0.com/userinfo', answer: claims },
    profile: janeDoe,
  },
  {
    id: 'okta',
    docs: ['https://developer.okta.com/docs/reference/api/oidc/'],
    options: okta({ ...creds('okta'), domain: 'dev-123.okta.com' }),
    authorize: 'https://dev-123.okta.com/oauth2/default/v1/authorize',
    params: oidcScope,
    pkce: true,
    oidc: {
      issuer: 'https://dev-123.okta.com/oauth2/default',
      authorize: 'https://dev-123.okta.com/oauth2/default/v1/authorize',
      token: 'https://dev-123.okta.com/oauth2/default/v1/token',
      userinfo: 'https://dev-123.okta.com/oauth2/default/v1/userinfo',
    },
    token: { url: 'https://dev-123.okta.com/oauth2/default/v1/token', auth: 'basic', answer: oidcToken },
    userinfo: { url: 'https://dev-123.okta.com/oauth2/default/v1/userinfo', answer: claims },
    profile: janeDoe,
  },
  {
    id: 'keycloak',
    docs: ['https://www.keycloak.org/securing-apps/oidc-layers'],
    options: keycloak({ ...creds('keycloak'), realmUrl: 'https://sso.example.com/realms/acme/' }),
    authorize: 'https://sso.example.com/realms/acme/protocol/openid-connect/auth',
    params: oidcScope,
    pkce: true,
    oidc: {
      issuer: 'https://sso.example.com/realms/acme',
      authorize: 'https://sso.example.com/realms/acme/protocol/openid-connect/auth',
      token: 'https://sso.example.com/realms/acme/protocol/openid-connect/token',
      userinfo: 'https://sso.example.com/realms/acme/protocol/openid-connect/userinfo',
    },
    token: {
      url: 'https://sso.example.com/realms/acme/protocol/openid-connect/token',
      auth: 'basic',
      answer: {
        ...oidcToken,
        refresh_expires_in: 1800,
        'not-before-policy': 0,
        session_state: 'a2c1',
        scope: 'openid email profile',
      },
    },
    userinfo: { url: 'https://sso.example.com/realms/acme/protocol/openid-connect/userinfo', answer: claims },
    profile: janeDoe,
  },
  {
    id: 'amazonCognito',
    docs: [
      'https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html',
    ],
    options: amazonCognito({
      ...creds('amazonCognito'),
      domain: 'acme.auth.eu-west-1.amazoncognito.com',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbC123',
    }),
    authorize: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    params: oidcScope,
    pkce: true,
    oidc: {
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
      authorize: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
      token: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token',
      userinfo: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/userInfo',
    },
    token: { url: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token', auth: 'basic', answer: oidcToken },
    userinfo: {
      url: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/userInfo',
      answer: { ...claims, username: 'j.doe', email_verified: 'true' },
    },
    profile: janeDoe,
  },
]

describe('presets: a documented sign-in, replayed', () => {
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
        answer(agent, seen, 'GET', `${base}/.well-known/openid-configuration`, () => ({
          issuer: oidc.issuer,
          authorization_endpoint: oidc.authorize,
          token_endpoint: oidc.token,
          userinfo_endpoint: oidc.userinfo,
          jwks_uri: `${base}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }))
        answer(agent, seen, 'GET', `${base}/jwks`, () => ({ keys: [jwk] }))
        idToken = () =>
          new SignJWT({ ...(nonce === null ? {} : { nonce }) })
            .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
            .setIssuer(oidc.issuer)
            .setAudience(clientId)
            .setSubject(String(row.userinfo.answer.sub))
            .setIssuedAt()
            .setExpirationTime('5m')
            .sign(privateKey)
      }
      let tokenAnswer: Record<string, unknown> = { ...row.token.answer }
      answer(agent, seen, 'POST', row.token.url, () => tokenAnswer)
      answer(agent, seen, 'GET', row.userinfo.url, () => row.userinfo.answer)

      const oauth = new OAuth()
      const remote = oauth.remoteApp(row.id, { ...row.options, dispatcher: agent })
      const app = await appFor(oauth, remote, t)

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
      if (row.oidc !== undefined) {
        assert.ok(nonce, 'an OpenID Connect sign-in sends a nonce')
        assert.ok(idToken)
        tokenAnswer = { ...row.token.answer, id_token: await idToken() }
      }
      const cookie = String(login.headers['set-cookie']).split(';')[0]

      // The callback: the token request, then the profile.
      const done = await app.inject({ url: `/callback?code=${CODE}&state=${state}`, headers: { cookie } })
      assert.equal(done.statusCode, 200, done.body)
      const { profile, token } = done.json<{ profile: Row['profile']; token: Record<string, unknown> }>()
      assert.deepEqual(profile, row.profile)
      assert.equal(token.access_token, row.token.answer.access_token)

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
      const verifier = form.get('code_verifier')
      if (row.pkce) {
        assert.ok(verifier)
        assert.equal(createHash('sha256').update(verifier).digest('base64url'), query.get('code_challenge'))
      } else {
        assert.equal(verifier, null)
      }
      const secret = String(row.options.clientSecret)
      if (row.token.auth === 'basic') {
        // RFC 6749 §2.3.1: id and secret form-encoded, then joined and base64-encoded.
        const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')
        assert.equal(sent.headers.authorization, `Basic ${basic}`)
        assert.equal(form.get('client_secret'), null)
      } else {
        assert.equal(sent.headers.authorization, undefined)
        assert.equal(form.get('client_id'), clientId)
        assert.equal(form.get('client_secret'), secret)
      }
      for (const [name, value] of Object.entries(row.token.headers ?? {})) assert.equal(sent.headers[name], value, name)

      const userinfo = seen.filter((request) => request.url === row.userinfo.url)
      assert.equal(userinfo.length, 1)
      assert.equal(userinfo[0]?.headers.authorization, `Bearer ${row.token.answer.access_token}`)
      assert.ok(row.docs.every((url) => url.startsWith('https://')))
    })
  }
})

describe('templated presets: a missing or hostile host is refused when the preset is called', () => {
  const hostile = ['https://evil/..', 'http://evil.example.com', 'user@evil.example.com', 'evil.com#.x']
  const cases: readonly {
    readonly id: string
    readonly name: string
    readonly example: string
    readonly call: (value: string | undefined) => unknown
  }[] = [
    {
      id: 'auth0',
      name: 'domain',
      example: 'dev-abc.us.auth0.com',
      call: (domain) => auth0(domain === undefined ? {} : { domain }),
    },
    {
      id: 'okta',
      name: 'domain',
      example: 'dev-123.okta.com',
      call: (domain) => okta(domain === undefined ? {} : { domain }),
    },
    {
      id: 'mastodon',
      name: 'instance',
      example: 'mastodon.social',
      call: (instance) => mastodon(instance === undefined ? {} : { instance }),
    },
    {
      id: 'amazonCognito',
      name: 'domain',
      example: 'acme.auth.eu-west-1.amazoncognito.com',
      call: (domain) =>
        amazonCognito({
          ...(domain === undefined ? {} : { domain }),
          region: 'eu-west-1',
          userPoolId: 'eu-west-1_AbC123',
        }),
    },
  ]
  for (const { id, name, example, call } of cases) {
    test(`${id}: "${name}" missing, or not a plain host name`, () => {
      assert.throws(() => call(undefined), {
        code: 'OAUTH_INVALID_OPTIONS',
        message: `${id}(): "${name}" is required, e.g. ${example}`,
      })
      for (const value of hostile) {
        assert.throws(() => call(value), {
          code: 'OAUTH_INVALID_OPTIONS',
          message: `${id}(): "${name}" must be a host name such as ${example} (no scheme, port or path); got ${JSON.stringify(value)}`,
        })
      }
    })
  }

  test('keycloak: "realmUrl" missing, hostile, or not a realm', () => {
    const example = 'https://sso.example.com/realms/acme'
    assert.throws(() => keycloak({}), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: `keycloak(): "realmUrl" is required, e.g. ${example}`,
    })
    for (const [value, why] of [
      ['https://evil/..', 'must be a plain URL'],
      ['http://sso.example.com/realms/acme', 'must be an https URL (http only on loopback)'],
      ['https://user@sso.example.com/realms/acme', 'must not hold user info'],
      ['https://sso.example.com/realms/acme#.x', 'must not hold a query or fragment'],
    ] as const) {
      assert.throws(() => keycloak({ realmUrl: value }), {
        code: 'OAUTH_INVALID_OPTIONS',
        message: `keycloak(): "realmUrl" ${why}, e.g. ${example}; got ${JSON.stringify(value)}`,
      })
    }
    assert.throws(() => keycloak({ realmUrl: 'https://sso.example.com/admin' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: `keycloak(): "realmUrl" must look like ${example}; got "https://sso.example.com/admin"`,
    })
    assert.equal(
      keycloak({ realmUrl: 'https://sso.example.com/auth/realms/acme' }).issuer,
      'https://sso.example.com/auth/realms/acme',
    )
    assert.equal(keycloak({ realmUrl: 'http://127.0.0.1:8080/realms/dev' }).issuer, 'http://127.0.0.1:8080/realms/dev')
  })

  test('amazonCognito: region and userPoolId of their documented forms; okta: authorizationServerId', () => {
    const domain = 'acme.auth.eu-west-1.amazoncognito.com'
    assert.throws(() => amazonCognito({ domain, region: 'eu-west-1/../x', userPoolId: 'eu-west-1_AbC123' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'amazonCognito(): "region" must look like eu-west-1; got "eu-west-1/../x"',
    })
    assert.throws(() => amazonCognito({ domain, region: 'eu-west-1', userPoolId: 'evil.com#' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'amazonCognito(): "userPoolId" must look like eu-west-1_AbC123; got "evil.com#"',
    })
    assert.throws(() => okta({ domain: 'dev-123.okta.com', authorizationServerId: '../v1' }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'okta(): "authorizationServerId" must look like default; got "../v1"',
    })
    assert.equal(
      okta({ domain: 'dev-123.okta.com', authorizationServerId: 'aus9xyz' }).issuer,
      'https://dev-123.okta.com/oauth2/aus9xyz',
    )
  })

  test("x: PKCE cannot be turned off; reddit: the caller's User-Agent replaces the preset's", () => {
    assert.throws(() => x({ clientId: 'c', pkce: false }), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'x(): "pkce" is fixed: X refuses sign-ins without PKCE',
    })
    assert.throws(() => x({ clientId: 'c', pkce: 'plain' }), { code: 'OAUTH_INVALID_OPTIONS' })
    // true and 'S256' say the same: either is accepted.
    assert.equal(x({ clientId: 'c', pkce: 'S256' }).pkce, true)
    assert.equal(x({ clientId: 'c', pkce: true }).pkce, true)
    assert.equal(
      reddit({ clientId: 'c', userAgent: 'web:acme:2.0 (by /u/acme)' }).userAgent,
      'web:acme:2.0 (by /u/acme)',
    )
    assert.deepEqual(reddit({ clientId: 'c', requestTokenParams: { prompt: 'x' } }).requestTokenParams, {
      duration: 'permanent',
      prompt: 'x',
    })
  })
})
