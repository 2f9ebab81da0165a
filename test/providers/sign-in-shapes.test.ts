/**
 * The presets whose providers shape their requests or answers their own way, each sign-in
 * replayed as its provider documents it: a fastify app with the plugin sends the user to the
 * provider, the callback's code is exchanged at the token endpoint in the provider's own request
 * format, and profile() reads the provider's "who am I" answer, however the provider gives it
 * (a POST, a GraphQL query, the token answer itself). The provider's hosts are intercepted with
 * an undici MockAgent given as `dispatcher`: the assertions are the provider's documented wire
 * format, and the answers are the samples of its docs (each row cites them).
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { OAuth, type OAuth2AppOptions } from 'oauth-consumer'
import { dropbox, linear, notion, strava, tiktok, twitch } from 'oauth-consumer/providers'
import { MockAgent } from 'undici'
import { APP, answer, appFor, type Seen } from '../helpers/mock-agent.js'

const CALLBACK = `${APP}/callback`
const CODE = 'SplxlOBeZQQYbYS6WxSbIA'

interface OidcSide {
  readonly issuer: string
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
  /** The name the provider gives the client id, on the authorize URL and in the token request. */
  readonly clientIdParam?: string
  readonly pkce: boolean
  readonly oidc?: OidcSide
  readonly token: {
    readonly url: string
    /** Where the client authenticates: HTTP Basic, or the client id and secret in the body. */
    readonly auth: 'basic' | 'post'
    /** The body's format: a form (RFC 6749 §4.1.3), or a JSON object. */
    readonly format: 'form' | 'json'
    /** The token endpoint's answer, in the provider's own shape (an OIDC row's id_token is added). */
    readonly answer: (now: number) => Readonly<Record<string, unknown>>
  }
  /** The "who am I" call, or none when the token answer names the user. */
  readonly userinfo?: {
    readonly method: 'GET' | 'POST'
    readonly url: string
    readonly headers?: Readonly<Record<string, string>>
    /** The request body the provider documents, exactly (`''`: none). */
    readonly body: string
    readonly answer: Readonly<Record<string, unknown>>
  }
  readonly profile: {
    readonly id: string
    readonly name: string | null
    readonly username: string | null
    readonly email: string | null
    readonly avatarUrl: string | null
  }
  /** What the sign-in's token must hold besides the access token. */
  readonly tokenHolds?: (now: number) => Readonly<Record<string, unknown>>
}

const creds = (id: string) => ({ clientId: `${id}-client`, clientSecret: `${id}-secret` })
const seconds = () => Math.floor(Date.now() / 1000)

const rows: readonly Row[] = [
  {
    id: 'strava',
    docs: [
      'https://developers.strava.com/docs/authentication/#detailsaboutrequestingaccess',
      'https://developers.strava.com/docs/authentication/#tokenexchange',
      'https://developers.strava.com/docs/reference/#api-Athletes-getLoggedInAthlete',
    ],
    options: strava({ ...creds('strava'), scope: ['read', 'activity:read'] }),
    authorize: 'https://www.strava.com/oauth/authorize',
    // "Requested scopes, as a comma delimited string".
    params: { scope: 'read,activity:read' },
    pkce: true,
    token: {
      url: 'https://www.strava.com/oauth/token',
      auth: 'post',
      format: 'form',
      // The guide's sample, its absolute expires_at moved to now: a Strava answer names its own
      // expiry, which is not expires_in from receipt (here it is 100 s earlier).
      answer: (now) => ({
        token_type: 'Bearer',
        expires_at: now + 21500,
        expires_in: 21600,
        refresh_token: 'e5n567567',
        access_token: 'a4b945687g',
        athlete: {
          id: 134815,
          username: 'marianne_t',
          resource_state: 2,
          firstname: 'Marianne',
          lastname: 'Teutenberg',
        },
      }),
    },
    userinfo: {
      method: 'GET',
      url: 'https://www.strava.com/api/v3/athlete',
      body: '',
      // The reference's sample; its id (1234567890987654321) is past 2^53, which no JSON number
      // holds exactly, so the token sample's athlete id stands in.
      answer: {
        id: 134815,
        username: 'marianne_t',
        resource_state: 3,
        firstname: 'Marianne',
        lastname: 'Teutenberg',
        city: 'San Francisco',
        state: 'CA',
        country: 'US',
        sex: 'F',
        premium: true,
        created_at: '2017-11-14T02:30:05Z',
        updated_at: '2018-02-06T19:32:20Z',
        badge_type_id: 4,
        profile_medium: 'https://xxxxxx.cloudfront.net/pictures/athletes/123456789/123456789/2/medium.jpg',
        profile: 'https://xxxxx.cloudfront.net/pictures/athletes/123456789/123456789/2/large.jpg',
        friend: null,
        follower: null,
      },
    },
    profile: {
      id: '134815',
      name: 'Marianne Teutenberg',
      username: 'marianne_t',
      email: null,
      avatarUrl: 'https://xxxxx.cloudfront.net/pictures/athletes/123456789/123456789/2/large.jpg',
    },
    tokenHolds: (now) => ({ expires_at: now + 21500, refresh_token: 'e5n567567' }),
  },
  {
    id: 'twitch',
    docs: [
      'https://dev.twitch.tv/docs/authentication/getting-tokens-oidc/#oidc-authorization-code-grant-flow',
      'https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#authorization-code-grant-flow',
      'https://dev.twitch.tv/docs/api/reference/#get-users',
    ],
    options: twitch(creds('twitch')),
    authorize: 'https://id.twitch.tv/oauth2/authorize',
    params: { scope: 'openid user:read:email' },
    pkce: true,
    oidc: {
      issuer: 'https://id.twitch.tv/oauth2',
      authorize: 'https://id.twitch.tv/oauth2/authorize',
      token: 'https://id.twitch.tv/oauth2/token',
      userinfo: 'https://id.twitch.tv/oauth2/userinfo',
    },
    token: {
      url: 'https://id.twitch.tv/oauth2/token',
      // Twitch's token request carries client_id and client_secret as parameters.
      auth: 'post',
      format: 'form',
      // Twitch's sample: `scope` is a JSON array, `token_type` lower case.
      answer: () => ({
        access_token: 'rfx2uswqe8l4g1mkagrvg5tv0ks3',
        expires_in: 14124,
        refresh_token: '5b93chm6hdve3mycz05zfzatkfdenfspp1h1ar2xxdalen01',
        scope: ['openid', 'user:read:email'],
        token_type: 'bearer',
      }),
    },
    userinfo: {
      method: 'GET',
      url: 'https://api.twitch.tv/helix/users',
      headers: { 'client-id': 'twitch-client' },
      body: '',
      answer: {
        data: [
          {
            id: '141981764',
            login: 'twitchdev',
            display_name: 'TwitchDev',
            type: '',
            broadcaster_type: 'partner',
            description:
              'Supporting third-party developers building Twitch integrations from chatbots to game integrations.',
            profile_image_url:
              'https://static-cdn.jtvnw.net/jtv_user_pictures/8a6381c7-d0c0-4576-b179-38bd5ce1d6af-profile_image-300x300.png',
            offline_image_url:
              'https://static-cdn.jtvnw.net/jtv_user_pictures/3f13ab61-ec78-4fe6-8481-8682cb3b0ac2-channel_offline_image-1920x1080.png',
            view_count: 5980557,
            email: 'not-real@email.com',
            created_at: '2016-12-14T20:32:28Z',
          },
        ],
      },
    },
    profile: {
      id: '141981764',
      name: 'TwitchDev',
      username: 'twitchdev',
      email: 'not-real@email.com',
      avatarUrl:
        'https://static-cdn.jtvnw.net/jtv_user_pictures/8a6381c7-d0c0-4576-b179-38bd5ce1d6af-profile_image-300x300.png',
    },
    // RFC 6749 §3.3's form of the array.
    tokenHolds: () => ({ scope: 'openid user:read:email' }),
  },
  {
    id: 'dropbox',
    docs: [
      'https://www.dropbox.com/developers/documentation/http/documentation#oauth2-authorize',
      'https://www.dropbox.com/developers/documentation/http/documentation#oauth2-token',
      'https://www.dropbox.com/developers/documentation/http/documentation#users-get_current_account',
    ],
    options: dropbox(creds('dropbox')),
    authorize: 'https://www.dropbox.com/oauth2/authorize',
    params: { scope: 'account_info.read', token_access_type: 'offline' },
    pkce: true,
    token: {
      url: 'https://api.dropboxapi.com/oauth2/token',
      auth: 'basic',
      format: 'form',
      answer: () => ({
        access_token:
          'sl.u.AbX9y6Fe3AuH5o66-gmJpR032jwAwQPIVVzWXZNkdzcYT02akC2de219dZi6gxYPVnYPrpvISRSf9lxKWJzYLjtMPH-d9fo_0gXex7X37VIvpty4-G8f4-WX45AcEPfRnJJDwzv-',
        expires_in: 14400,
        token_type: 'bearer',
        scope: 'account_info.read',
        refresh_token: 'nBiM85CZALsAAAAAAAAAAQXHBoNpNutK4ngsXHsqW4iGz9tisb3JyjGqikMJIYbd',
        account_id: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
        uid: '12345',
      }),
    },
    userinfo: {
      // An RPC endpoint: a POST, with no body for an endpoint without arguments.
      method: 'POST',
      url: 'https://api.dropboxapi.com/2/users/get_current_account',
      body: '',
      answer: {
        account_id: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
        name: {
          given_name: 'Franz',
          surname: 'Ferdinand',
          familiar_name: 'Franz',
          display_name: 'Franz Ferdinand (Personal)',
          abbreviated_name: 'FF',
        },
        email: 'franz@dropbox.com',
        email_verified: true,
        disabled: false,
        locale: 'en',
        referral_link: 'https://db.tt/ZITNuhtI',
        is_paired: true,
        account_type: { '.tag': 'business' },
        profile_photo_url:
          'https://dl-web.dropbox.com/account_photo/get/dbaphid%3AAAHWGmIXV3sUuOmBfTz0wPsiqHUpBWvv3ZA?vers=1556069330102&size=128x128',
        country: 'US',
      },
    },
    profile: {
      id: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
      name: 'Franz Ferdinand (Personal)',
      username: null,
      email: 'franz@dropbox.com',
      avatarUrl:
        'https://dl-web.dropbox.com/account_photo/get/dbaphid%3AAAHWGmIXV3sUuOmBfTz0wPsiqHUpBWvv3ZA?vers=1556069330102&size=128x128',
    },
  },
  {
    id: 'linear',
    docs: [
      'https://linear.app/developers/oauth-2-0-authentication',
      'https://linear.app/developers/graphql#authentication',
    ],
    options: linear({ ...creds('linear'), scope: ['read', 'write'] }),
    authorize: 'https://linear.app/oauth/authorize',
    // "Comma separated list of scopes".
    params: { scope: 'read,write' },
    pkce: true,
    token: {
      url: 'https://api.linear.app/oauth/token',
      auth: 'post',
      format: 'form',
      // Linear's sample (its scope space-separated, though the request's is comma-separated),
      // with the refresh token every app gets since 2026-04-01.
      answer: () => ({
        access_token: '00a21d8b0c4e2375114e49c067dfb81eb0d2076f48354714cd5df984d87b67cc',
        token_type: 'Bearer',
        expires_in: 315705599,
        scope: 'read write',
        refresh_token: 'lin_oauth_refresh_8e2b1f',
      }),
    },
    userinfo: {
      method: 'POST',
      url: 'https://api.linear.app/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id name displayName email avatarUrl } }' }),
      answer: {
        data: {
          viewer: {
            id: '2e6eea91-0a56-4d8f-9c3e-2f4b3c0c6a11',
            name: 'Jane Doe',
            displayName: 'jane',
            email: 'jane@example.com',
            avatarUrl: null,
          },
        },
      },
    },
    profile: {
      id: '2e6eea91-0a56-4d8f-9c3e-2f4b3c0c6a11',
      name: 'Jane Doe',
      username: 'jane',
      email: 'jane@example.com',
      avatarUrl: null,
    },
    tokenHolds: () => ({ scope: 'read write' }),
  },
  {
    id: 'tiktok',
    docs: [
      'https://developers.tiktok.com/doc/login-kit-web/',
      'https://developers.tiktok.com/doc/oauth-user-access-token-management',
      'https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info',
    ],
    options: tiktok({ ...creds('tiktok'), scope: ['user.info.basic', 'video.list'] }),
    authorize: 'https://www.tiktok.com/v2/auth/authorize/',
    params: { scope: 'user.info.basic,video.list' },
    clientIdParam: 'client_key',
    pkce: true,
    token: {
      url: 'https://open.tiktokapis.com/v2/oauth/token/',
      auth: 'post',
      format: 'form',
      answer: () => ({
        access_token: 'act.example12345Example12345Example',
        expires_in: 86400,
        open_id: 'afd97af1-b87b-48b9-ac98-410aghda5344',
        refresh_expires_in: 31536000,
        refresh_token: 'rft.example12345Example12345Example',
        scope: 'user.info.basic,video.list',
        token_type: 'Bearer',
      }),
    },
    userinfo: {
      method: 'GET',
      url: 'https://open.tiktokapis.com/v2/user/info/?fields=open_id,union_id,avatar_url,display_name',
      body: '',
      answer: {
        data: {
          user: {
            avatar_url:
              'https://p19-sign.tiktokcdn-us.com/tos-useast5-avt-0068-tx/b17f0e4b3a4f4a50993cf72cda8b88b8~c5_168x168.jpeg',
            open_id: '723f24d7-e717-40f8-a2b6-cb8464cd23b4',
            union_id: 'c9c60f44-a68e-4f5d-84dd-ce22faeb0ba1',
            display_name: 'TikTok Developers',
          },
        },
        error: { code: 'ok', message: '', log_id: '20220829194722CBE87ED59D524E727021' },
      },
    },
    profile: {
      id: '723f24d7-e717-40f8-a2b6-cb8464cd23b4',
      name: 'TikTok Developers',
      username: null,
      email: null,
      avatarUrl:
        'https://p19-sign.tiktokcdn-us.com/tos-useast5-avt-0068-tx/b17f0e4b3a4f4a50993cf72cda8b88b8~c5_168x168.jpeg',
    },
  },
  {
    id: 'notion',
    docs: [
      'https://developers.notion.com/docs/authorization',
      'https://developers.notion.com/reference/create-a-token',
      'https://developers.notion.com/reference/user',
    ],
    options: notion(creds('notion')),
    authorize: 'https://api.notion.com/v1/oauth/authorize',
    params: { owner: 'user' },
    absent: ['scope'],
    pkce: true,
    token: {
      url: 'https://api.notion.com/v1/oauth/token',
      auth: 'basic',
      format: 'json',
      // The reference's sample, with the owner a public connection gets: the person who signed in.
      answer: () => ({
        access_token: 'e202e8c9-0990-40af-855f-ff8f872b1ec6c',
        token_type: 'bearer',
        bot_id: 'b3414d659-1224-5ty7-6ffr-cc9d8773drt601288f',
        duplicated_template_id: null,
        owner: {
          type: 'user',
          user: {
            object: 'user',
            id: '5389a034-eb5c-47b5-8a9e-f79c99ef166c',
            name: 'christine makenotion',
            avatar_url: null,
            type: 'person',
            person: { email: 'christine@makenotion.com' },
          },
        },
        workspace_icon: 'https://website.domain/images/image.png',
        workspace_id: 'j565j4d7x3-2882-61bs-564a-jj9d9ui-c36hxfr7x',
        workspace_name: "Ada's Notion Workspace",
      }),
    },
    profile: {
      id: '5389a034-eb5c-47b5-8a9e-f79c99ef166c',
      name: 'christine makenotion',
      username: null,
      email: 'christine@makenotion.com',
      avatarUrl: null,
    },
    tokenHolds: () => ({ workspace_id: 'j565j4d7x3-2882-61bs-564a-jj9d9ui-c36hxfr7x' }),
  },
]

/** The token request's parameters, from a form or a JSON body. */
function paramsOf(request: Seen, format: 'form' | 'json'): Map<string, string> {
  if (format === 'form') {
    assert.match(request.headers['content-type'] ?? '', /^application\/x-www-form-urlencoded/)
    return new Map(new URLSearchParams(request.body))
  }
  assert.match(request.headers['content-type'] ?? '', /^application\/json/)
  const body: unknown = JSON.parse(request.body)
  assert.ok(typeof body === 'object' && body !== null && !Array.isArray(body))
  return new Map(Object.entries(body).map(([key, value]) => [key, String(value)]))
}

describe('presets with their own request and answer shapes: a documented sign-in, replayed', () => {
  for (const row of rows) {
    test(`${row.id}: authorize redirect, token request, token answer and profile as the provider documents`, async (t) => {
      const agent = new MockAgent()
      agent.disableNetConnect()
      t.after(() => agent.close())
      const seen: Seen[] = []
      const clientId = String(row.options.clientId)
      const idParam = row.clientIdParam ?? 'client_id'
      const now = seconds()
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
          jwks_uri: `${base}/keys`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }))
        answer(agent, seen, 'GET', `${base}/keys`, () => ({ keys: [jwk] }))
        const subject = row.profile.id
        idToken = () =>
          new SignJWT({ ...(nonce === null ? {} : { nonce }) })
            .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
            .setIssuer(oidc.issuer)
            .setAudience(clientId)
            .setSubject(subject)
            .setIssuedAt()
            .setExpirationTime('5m')
            .sign(privateKey)
      }
      let tokenAnswer: Record<string, unknown> = { ...row.token.answer(now) }
      answer(agent, seen, 'POST', row.token.url, () => tokenAnswer)
      const userinfo = row.userinfo
      if (userinfo !== undefined) answer(agent, seen, userinfo.method, userinfo.url, () => userinfo.answer)

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
      assert.equal(query.get(idParam), clientId)
      if (idParam !== 'client_id') assert.equal(query.get('client_id'), null)
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
        tokenAnswer = { ...row.token.answer(now), id_token: await idToken() }
      }
      const cookie = String(login.headers['set-cookie']).split(';')[0]

      // The callback: the token request, then the profile.
      const done = await app.inject({ url: `/callback?code=${CODE}&state=${state}`, headers: { cookie } })
      assert.equal(done.statusCode, 200, done.body)
      const { profile, token } = done.json<{ profile: Row['profile']; token: Record<string, unknown> }>()
      assert.deepEqual(profile, row.profile)
      assert.equal(token.access_token, row.token.answer(now).access_token)
      for (const [name, value] of Object.entries(row.tokenHolds?.(now) ?? {})) {
        assert.deepEqual(token[name], value, `token.${name}`)
      }

      const tokenRequests = seen.filter((request) => request.url === row.token.url)
      assert.equal(tokenRequests.length, 1)
      const sent = tokenRequests[0]
      assert.ok(sent)
      assert.equal(sent.method, 'POST')
      const form = paramsOf(sent, row.token.format)
      assert.equal(form.get('grant_type'), 'authorization_code')
      assert.equal(form.get('code'), CODE)
      assert.equal(form.get('redirect_uri'), CALLBACK)
      const verifier = form.get('code_verifier')
      if (row.pkce) {
        assert.ok(verifier)
        assert.equal(createHash('sha256').update(verifier).digest('base64url'), query.get('code_challenge'))
      } else {
        assert.equal(verifier, undefined)
      }
      const secret = String(row.options.clientSecret)
      if (row.token.auth === 'basic') {
        // RFC 6749 §2.3.1: id and secret form-encoded, then joined and base64-encoded.
        const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')
        assert.equal(sent.headers.authorization, `Basic ${basic}`)
        assert.equal(form.get('client_secret'), undefined)
      } else {
        assert.equal(sent.headers.authorization, undefined)
        assert.equal(form.get(idParam), clientId)
        assert.equal(form.get('client_secret'), secret)
      }
      if (idParam !== 'client_id') assert.equal(form.get('client_id'), undefined)

      if (userinfo !== undefined) {
        const calls = seen.filter((request) => request.url === userinfo.url)
        assert.equal(calls.length, 1)
        const call = calls[0]
        assert.ok(call)
        assert.equal(call.method, userinfo.method)
        assert.equal(call.headers.authorization, `Bearer ${row.token.answer(now).access_token}`)
        for (const [name, value] of Object.entries(userinfo.headers ?? {}))
          assert.equal(call.headers[name], value, name)
        assert.equal(call.body, userinfo.body)
        if (userinfo.body === '') assert.equal(call.headers['content-type'], undefined)
      }
      // Nothing but the endpoints above was called.
      const known = new Set([row.token.url, userinfo?.url])
      for (const request of seen) {
        assert.ok(known.has(request.url) || row.oidc !== undefined, `unexpected call to ${request.url}`)
      }
      assert.ok(row.docs.every((url) => url.startsWith('https://')))
    })
  }
})

describe('presets with their own shapes: what their providers do besides the sign-in', () => {
  /** An app of `options` whose provider hosts answer from `agent`. */
  function appOf(id: string, options: OAuth2AppOptions, agent: MockAgent) {
    return new OAuth().remoteApp(id, { ...options, dispatcher: agent })
  }
  function mockAgent(t: { after: (fn: () => Promise<void>) => void }): MockAgent {
    const agent = new MockAgent()
    agent.disableNetConnect()
    t.after(() => agent.close())
    return agent
  }

  test("strava: a refresh keeps Strava's absolute expires_at and sends the rotated refresh token", async (t) => {
    // https://developers.strava.com/docs/authentication/#refreshingexpiredaccesstokens
    const agent = mockAgent(t)
    const seen: Seen[] = []
    const expiresAt = seconds() + 20000
    answer(agent, seen, 'POST', 'https://www.strava.com/oauth/token', () => ({
      token_type: 'Bearer',
      access_token: 'a9b723',
      expires_at: expiresAt,
      expires_in: 21600,
      refresh_token: 'b5c569',
    }))
    const token = await appOf('strava', strava(creds('strava')), agent).refreshToken('e5n567567')
    assert.equal(token.expires_at, expiresAt)
    assert.equal(token.refresh_token, 'b5c569')
    const form = new URLSearchParams(seen[0]?.body)
    assert.equal(form.get('grant_type'), 'refresh_token')
    assert.equal(form.get('refresh_token'), 'e5n567567')
    assert.equal(form.get('client_id'), 'strava-client')
    assert.equal(form.get('client_secret'), 'strava-secret')
  })

  test('linear: GraphQL errors in an HTTP 200 fail profile() with their message', async (t) => {
    // https://linear.app/developers/graphql#errors
    const agent = mockAgent(t)
    const seen: Seen[] = []
    answer(agent, seen, 'POST', 'https://api.linear.app/graphql', () => ({
      errors: [{ message: 'Authentication required, not authenticated', extensions: { type: 'authentication error' } }],
    }))
    await assert.rejects(appOf('linear', linear(creds('linear')), agent).profile({ token: 'lin_oauth_x' }), {
      code: 'OAUTH_INVALID_RESPONSE',
      message: 'Linear sent no viewer: Authentication required, not authenticated',
    })
    assert.equal(seen.length, 1)
  })

  test('notion: profile() of a bare access token is refused without a call, as Notion names the user only in the token answer', async (t) => {
    const agent = mockAgent(t)
    await assert.rejects(appOf('notion', notion(creds('notion')), agent).profile({ token: 'secret_abc' }), {
      code: 'OAUTH_INVALID_RESPONSE',
      message: "Notion's token names no user in owner.user: profile() needs the token object the sign-in returned",
    })
  })

  test('tiktok: revocation names the client client_key, with its secret in the body', async (t) => {
    // https://developers.tiktok.com/doc/oauth-user-access-token-management
    const agent = mockAgent(t)
    const seen: Seen[] = []
    answer(agent, seen, 'POST', 'https://open.tiktokapis.com/v2/oauth/revoke/', () => ({}))
    await appOf('tiktok', tiktok(creds('tiktok')), agent).revokeToken('act.example12345Example12345Example')
    const form = new URLSearchParams(seen[0]?.body)
    assert.equal(form.get('client_key'), 'tiktok-client')
    assert.equal(form.get('client_secret'), 'tiktok-secret')
    assert.equal(form.get('client_id'), null)
    assert.equal(form.get('token'), 'act.example12345Example12345Example')
  })

  test('twitch: the Client-Id header stays when the caller adds headers of their own', () => {
    assert.deepEqual(twitch({ ...creds('twitch'), headers: { 'Accept-Language': 'de' } }).headers, {
      'Client-Id': 'twitch-client',
      'Accept-Language': 'de',
    })
  })
})
