import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import Fastify from 'fastify'
import { OAuth, OAuthError, type RemoteAppOptions } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import * as providers from 'oauth-consumer/providers'
import {
  catalogue,
  defineProvider,
  envPrefix,
  facebook,
  github,
  gitlab,
  google,
  linkedin,
  microsoft,
  oidc,
  type Provider,
  twitter,
} from 'oauth-consumer/providers'
import { EXAMPLE_SETTINGS } from '../../scripts/provider-table.js'
import { SECRET } from '../helpers/app.js'
import { assertClassAgrees } from '../helpers/error-classes.js'
import { facebookHandler, githubHandler, mockServer } from '../helpers/provider-mocks.js'

/** The authorize URL an app built from `options` redirects to. */
async function authorizeUrl(options: RemoteAppOptions, params: Record<string, string> = {}): Promise<URL> {
  const oauth = new OAuth()
  const remote = oauth.remoteApp('preset', options)
  const app = Fastify()
  await app.register(fastifyOAuth, { oauth, secret: SECRET, publicUrl: 'https://app.example.com' })
  app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback', ...params }))
  const res = await app.inject('/login')
  await app.close()
  assert.equal(res.statusCode, 302)
  return new URL(String(res.headers.location))
}

test('github: endpoints, scope and profile mapping', async () => {
  const url = await authorizeUrl(
    github({ clientId: 'gh-id', clientSecret: 'gh-secret', scope: ['read:user', 'user:email'] }),
  )
  assert.equal(url.origin + url.pathname, 'https://github.com/login/oauth/authorize')
  assert.equal(url.searchParams.get('client_id'), 'gh-id')
  assert.equal(url.searchParams.get('scope'), 'read:user user:email')
  assert.equal(url.searchParams.get('redirect_uri'), 'https://app.example.com/callback')
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256')

  const options = github({ clientId: 'gh-id', clientSecret: 'gh-secret' })
  assert.equal(options.accessTokenUrl, 'https://github.com/login/oauth/access_token')
  assert.equal(options.baseUrl, 'https://api.github.com/')
  assert.equal(options.headers?.accept, 'application/vnd.github+json')
})

test('github: credentials default to GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET', () => {
  const saved = [process.env.GITHUB_CLIENT_ID, process.env.GITHUB_CLIENT_SECRET]
  process.env.GITHUB_CLIENT_ID = 'from-env'
  process.env.GITHUB_CLIENT_SECRET = 'env-secret'
  try {
    const options = github()
    assert.equal(options.clientId, 'from-env')
    assert.equal(options.clientSecret, 'env-secret')
    assert.equal(github({ clientId: 'given' }).clientId, 'given')
  } finally {
    if (saved[0] === undefined) delete process.env.GITHUB_CLIENT_ID
    else process.env.GITHUB_CLIENT_ID = saved[0]
    if (saved[1] === undefined) delete process.env.GITHUB_CLIENT_SECRET
    else process.env.GITHUB_CLIENT_SECRET = saved[1]
  }
})

test('a preset without credentials names the environment variable it reads', () => {
  const saved = [process.env.GITHUB_CLIENT_ID, process.env.TWITTER_CLIENT_ID]
  delete process.env.GITHUB_CLIENT_ID
  delete process.env.TWITTER_CLIENT_ID
  try {
    const oauth = new OAuth()
    assert.throws(() => oauth.remoteApp('github', github()), {
      code: 'OAUTH_INVALID_OPTIONS',
      message: 'Remote app "github": "clientId" (or "consumerKey") is required: give it, or set GITHUB_CLIENT_ID',
    })
    assert.throws(() => oauth.remoteApp('gh', { ...github(), scope: 'read:user' }), {
      message: 'Remote app "gh": "clientId" (or "consumerKey") is required: give it, or set GITHUB_CLIENT_ID',
    })
    assert.throws(() => oauth.remoteApp('twitter', twitter()), {
      message: 'Remote app "twitter": "consumerKey" (or "clientId") is required: give it, or set TWITTER_CLIENT_ID',
    })
  } finally {
    if (saved[0] !== undefined) process.env.GITHUB_CLIENT_ID = saved[0]
    if (saved[1] !== undefined) process.env.TWITTER_CLIENT_ID = saved[1]
  }
})

test("github (Enterprise): URLs as GitHub's docs write them (no final /), or from GITHUB_BASE_URL and GITHUB_AUTH_URL", (t) => {
  // GitHub Enterprise Server's REST API lives at https://HOST/api/v3, written without the final /
  // (docs.github.com/en/enterprise-server@latest/rest/quickstart); `user` must resolve under it.
  const written = new OAuth().remoteApp(
    'ghe-docs',
    github({
      clientId: 'id',
      clientSecret: 's',
      baseUrl: 'https://ghe.example/api/v3',
      authUrl: 'https://ghe.example/login/oauth',
    }),
  )
  assert.equal(written.options.baseUrl?.href, 'https://ghe.example/api/v3/')
  assert.equal(written.options.userInfoUrl?.href, 'https://ghe.example/api/v3/user')
  assert.equal(written.options.accessTokenUrl?.href, 'https://ghe.example/login/oauth/access_token')
  const saved = [process.env.GITHUB_BASE_URL, process.env.GITHUB_AUTH_URL]
  t.after(() => {
    if (saved[0] === undefined) delete process.env.GITHUB_BASE_URL
    else process.env.GITHUB_BASE_URL = saved[0]
    if (saved[1] === undefined) delete process.env.GITHUB_AUTH_URL
    else process.env.GITHUB_AUTH_URL = saved[1]
  })
  process.env.GITHUB_BASE_URL = 'https://git.corp.example/api/v3'
  process.env.GITHUB_AUTH_URL = 'https://git.corp.example/login/oauth'
  const fromEnv = new OAuth().remoteApp('ghe-env', github({ clientId: 'id', clientSecret: 's' }))
  assert.equal(fromEnv.options.baseUrl?.href, 'https://git.corp.example/api/v3/')
  assert.equal(fromEnv.options.authorizeUrl?.href, 'https://git.corp.example/login/oauth/authorize')
})

test('github (Enterprise URLs): token exchange, GitHub refusals in a 200, and the profile', async (t) => {
  const gh = await mockServer(githubHandler())
  t.after(() => gh.close())
  const oauth = new OAuth()
  const remote = oauth.remoteApp(
    'ghe',
    github({
      clientId: 'gh-id',
      clientSecret: 'gh-secret',
      baseUrl: `${gh.url}/api/v3/`,
      authUrl: `${gh.url}/login/oauth`,
    }),
  )
  assert.equal(remote.options.authorizeUrl?.href, `${gh.url}/login/oauth/authorize`)

  const token = await remote.exchangeCode('good-code', {
    redirectUri: 'https://app.example.com/callback',
    codeVerifier: 'v'.repeat(43),
  })
  assert.equal(token.access_token, 'gho_16C7e42F292c6912E7710c838347Ae178B4a')
  assert.equal(token.scope, 'read:user,user:email')
  const sent = new URLSearchParams(gh.requests[0]?.body)
  assert.equal(gh.requests[0]?.headers.accept, 'application/json')
  assert.equal(sent.get('code_verifier'), 'v'.repeat(43))
  assert.equal(sent.get('client_secret'), 'gh-secret')

  await assert.rejects(remote.exchangeCode('spent-code'), (error: unknown) => {
    assert.ok(error instanceof OAuthError)
    assert.equal(error.code, 'OAUTH_TOKEN_REQUEST_FAILED')
    assert.equal(error.data?.error, 'bad_verification_code')
    assert.equal(error.data?.error_description, 'The code passed is incorrect or expired.')
    return true
  })

  const me = await remote.profile({ token })
  assert.deepEqual(
    { id: me.id, name: me.name, username: me.username, email: me.email, avatarUrl: me.avatarUrl },
    {
      id: '1',
      name: 'The Octocat',
      username: 'octocat',
      email: undefined,
      avatarUrl: 'https://github.com/images/error/octocat_happy.gif',
    },
  )
  // raw is GitHub's answer as sent, typed from GitHub's docs.
  assert.equal(me.raw.login, 'octocat')
  assert.equal(me.raw.id, 1)
  const userRequest = gh.requests.at(-1)
  assert.match(String(userRequest?.headers['user-agent']), /^oauth-consumer\/\d+\.\d+\.\d+/)
  assert.equal(userRequest?.headers['x-github-api-version'], '2022-11-28')
})

test('facebook: versioned endpoints, comma-joined scopes, Graph API errors and the profile', async (t) => {
  const url = await authorizeUrl(facebook({ clientId: 'fb-id', clientSecret: 'fb-secret' }))
  assert.equal(url.origin + url.pathname, 'https://www.facebook.com/v26.0/dialog/oauth')
  assert.equal(url.searchParams.get('scope'), 'public_profile,email')
  assert.equal(facebook({ version: 'v25.0' }).accessTokenUrl, 'https://graph.facebook.com/v25.0/oauth/access_token')

  const fb = await mockServer(facebookHandler())
  t.after(() => fb.close())
  const remote = new OAuth().remoteApp(
    'fb',
    facebook({
      clientId: 'fb-id',
      clientSecret: 'fb-secret',
      baseUrl: `${fb.url}/v26.0/`,
      accessTokenUrl: `${fb.url}/v26.0/oauth/access_token`,
      authorizeUrl: `${fb.url}/v26.0/dialog/oauth`,
    }),
  )
  const token = await remote.exchangeCode('good-code')
  assert.equal(token.access_token, 'EAAG-fb')
  assert.equal(token.expires_in, 5183944)
  await assert.rejects(remote.exchangeCode('used-code'), (error: unknown) => {
    assert.ok(error instanceof OAuthError)
    assert.equal(error.code, 'OAUTH_TOKEN_REQUEST_FAILED')
    assert.equal(error.data?.error, 'OAuthException')
    assert.equal(error.data?.error_description, 'This authorization code has been used.')
    return true
  })
  const me = await remote.profile({ token })
  assert.deepEqual(
    { id: me.id, name: me.name, username: me.username, email: me.email, avatarUrl: me.avatarUrl },
    {
      id: '10158',
      name: 'Mark Example',
      username: undefined,
      email: 'mark@example.test',
      avatarUrl: 'https://platform-lookaside.example/p.jpg',
    },
  )
  assert.equal(new URL(fb.requests.at(-1)?.url ?? '', fb.url).searchParams.get('fields'), 'id,name,email,picture')
})

test('X: the profile maps screen_name to username and keeps the answer as raw', () => {
  const answer = {
    id: 6253282,
    id_str: '6253282',
    name: 'X Dev',
    screen_name: 'xdevelopers',
    profile_image_url_https: 'https://pbs.twimg.example/p.jpg',
  }
  const me = twitter({ consumerKey: 'k', consumerSecret: 's' }).profile?.(answer)
  assert.deepEqual(me, {
    id: '6253282',
    name: 'X Dev',
    username: 'xdevelopers',
    email: undefined,
    avatarUrl: 'https://pbs.twimg.example/p.jpg',
    raw: answer,
  })
})

test('OpenID Connect presets map userinfo: sub, preferred_username (else nickname) as username, picture', () => {
  const claims = {
    sub: '248289761001',
    name: 'Jane Doe',
    preferred_username: 'j.doe',
    email: 'janedoe@example.com',
    picture: 'http://example.com/janedoe/me.jpg',
  }
  for (const [preset, provider] of [
    [google, 'Google'],
    [gitlab, 'GitLab'],
    [linkedin, 'LinkedIn'],
    [microsoft, 'Microsoft'],
    [oidc, 'The OpenID Provider'],
  ] as const) {
    const map = preset({ clientId: 'c', clientSecret: 's' }).profile
    assert.ok(map, provider)
    assert.deepEqual(map(claims), {
      id: '248289761001',
      name: 'Jane Doe',
      username: 'j.doe',
      email: 'janedoe@example.com',
      avatarUrl: 'http://example.com/janedoe/me.jpg',
      raw: claims,
    })
    const { preferred_username: _, ...gitlabStyle } = { ...claims, nickname: 'jdoe' }
    assert.equal(map(gitlabStyle).username, 'jdoe')
    assert.throws(() => map({ name: 'Nobody' }), {
      code: 'OAUTH_INVALID_RESPONSE',
      message: `${provider} sent a user without an id`,
    })
  }
})

test('github, facebook, X: a user without an id is an OAuthInvalidResponseError naming the provider', async () => {
  for (const [options, provider] of [
    [github(), 'GitHub'],
    [facebook(), 'Facebook'],
    [twitter(), 'X'],
  ] as const) {
    const { profile } = options
    assert.ok(profile, `${provider} maps profiles`)
    await assert.rejects(
      async () => profile({ name: 'Nobody', id: '' }),
      (error: unknown) => {
        assertClassAgrees(error)
        assert.equal(error.code, 'OAUTH_INVALID_RESPONSE')
        assert.equal(error.message, `${provider} sent a user without an id`)
        return true
      },
    )
  }
})

test('defineProvider: a user-written preset uses only the public API and its extras are not passed on', () => {
  const acme = defineProvider<{ region: string }>({
    name: 'acme-id',
    extra: ['region'],
    info: {
      name: 'Acme',
      protocol: 'oauth2',
      docsUrl: 'https://developer.acme.example/oauth',
      refresh: 'rotating',
      profileFields: ['email', 'name'],
    },
    defaults: ({ region = 'eu' }) => ({
      authorizeUrl: `https://${region}.acme.example/authorize`,
      accessTokenUrl: `https://${region}.acme.example/token`,
    }),
  })
  const options = acme({ region: 'us', clientId: 'id', clientSecret: 'secret', scope: 'read' })
  assert.deepEqual(options, {
    authorizeUrl: 'https://us.acme.example/authorize',
    accessTokenUrl: 'https://us.acme.example/token',
    clientId: 'id',
    clientSecret: 'secret',
    scope: 'read',
  })
  assert.equal(new OAuth().remoteApp('acme', options).options.accessTokenUrl?.host, 'us.acme.example')
  assert.deepEqual(acme.info, {
    id: 'acme-id',
    name: 'Acme',
    protocol: 'oauth2',
    docsUrl: 'https://developer.acme.example/oauth',
    env: ['ACME_ID_CLIENT_ID', 'ACME_ID_CLIENT_SECRET'],
    settings: ['region'],
    refresh: 'rotating',
    // In Profile's order, whatever the order given.
    profileFields: ['name', 'email'],
  })
})

test('catalogue: one entry per exported preset, described from its own file', () => {
  // Every export that is a preset, found by what it is rather than by a list kept beside it.
  const exported = Object.entries(providers as Record<string, unknown>).filter(
    (entry): entry is [string, Provider] => typeof entry[1] === 'function' && 'info' in entry[1],
  )
  assert.deepEqual(
    catalogue.map((entry) => entry.id),
    exported.map(([id]) => id),
  )
  // Ordered by id, each once: the order a menu built from it shows.
  const ids = catalogue.map((entry) => entry.id)
  assert.deepEqual(ids, [...new Set(ids)].sort())
  for (const [id, preset] of exported)
    assert.equal(
      catalogue.find((entry) => entry.id === id),
      preset.info,
    )
  for (const entry of catalogue) {
    assert.equal(new URL(entry.docsUrl).protocol, 'https:', entry.id)
    assert.ok(Object.isFrozen(entry), entry.id)
  }
})

test('catalogue: each entry names the variables its preset reads and the protocol its options choose', () => {
  for (const entry of catalogue) {
    const preset = (providers as unknown as Record<string, Provider>)[entry.id]
    assert.ok(preset !== undefined, entry.id)
    assert.deepEqual(entry.env, [`${envPrefix(entry.id)}_CLIENT_ID`, `${envPrefix(entry.id)}_CLIENT_SECRET`])
    const saved = entry.env.map((name) => process.env[name])
    const [idVar = '', secretVar = ''] = entry.env
    process.env[idVar] = `${entry.id}-id`
    process.env[secretVar] = `${entry.id}-secret`
    try {
      const options = preset(EXAMPLE_SETTINGS[entry.id] ?? {})
      assert.equal(options.clientId, `${entry.id}-id`)
      assert.equal(options.clientSecret, `${entry.id}-secret`)
      const protocol = options.requestTokenUrl ? 'oauth1' : options.issuer ? 'oidc' : 'oauth2'
      assert.equal(protocol, entry.protocol, entry.id)
    } finally {
      entry.env.forEach((name, index) => {
        const value = saved[index]
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      })
    }
  }
  assert.equal(envPrefix('amazonCognito'), 'AMAZON_COGNITO')
  assert.equal(envPrefix('tumblrOAuth1'), 'TUMBLR_OAUTH1')
  assert.equal(envPrefix('school42'), 'SCHOOL42')
})

describe('OpenID Connect presets', () => {
  test('google: discovery from the issuer, offline access on request, the scheme-less issuer accepted', () => {
    const options = google({ clientId: 'g', clientSecret: 's' })
    assert.equal(options.issuer, 'https://accounts.google.com')
    assert.deepEqual(options.scope, ['openid', 'email', 'profile'])
    assert.equal(options.requestTokenParams, undefined)
    assert.deepEqual(google({ offline: true }).requestTokenParams, { access_type: 'offline', prompt: 'consent' })
    const expected = options.idTokenIssuer
    assert.ok(expected)
    assert.equal(expected({ iss: 'accounts.google.com' }, 'https://accounts.google.com'), 'accounts.google.com')
    assert.equal(
      expected({ iss: 'https://evil.example' }, 'https://accounts.google.com'),
      'https://accounts.google.com',
    )
    assert.equal(new OAuth().remoteApp('google', options).options.issuer, 'https://accounts.google.com')
  })

  test("microsoft: the common endpoint's templated issuer is each token's tid", () => {
    const common = microsoft({ clientId: 'm', clientSecret: 's' })
    assert.equal(common.issuer, 'https://login.microsoftonline.com/{tenantid}/v2.0')
    assert.equal(
      common.serverMetadataUrl,
      'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    )
    const tid = '72f988bf-86f1-41af-91ab-2d7cd011db47'
    assert.equal(
      common.idTokenIssuer?.({ tid }, String(common.issuer)),
      `https://login.microsoftonline.com/${tid}/v2.0`,
    )
    const single = microsoft({ tenant: tid })
    assert.equal(single.issuer, `https://login.microsoftonline.com/${tid}/v2.0`)
    assert.equal(single.idTokenIssuer, undefined)
    assert.equal(
      microsoft({ tenant: 'consumers' }).issuer,
      'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
    )
    assert.ok(new OAuth().remoteApp('ms', common).options.serverMetadataUrl)
  })

  test('gitlab: gitlab.com by default, a self-managed instance from baseUrl', () => {
    assert.equal(gitlab().issuer, 'https://gitlab.com')
    assert.equal(gitlab().baseUrl, 'https://gitlab.com/api/v4/')
    for (const baseUrl of ['https://git.example.com/api/v4/', 'https://git.example.com', 'https://git.example.com/']) {
      const options = gitlab({ baseUrl })
      assert.equal(options.issuer, 'https://git.example.com')
      assert.equal(options.baseUrl, 'https://git.example.com/api/v4/')
    }
    // A self-managed instance's URL names where codes and tokens go: nothing but a plain https URL.
    for (const baseUrl of [
      'https://evil/..',
      'http://git.example.com',
      'https://user:pw@git.example.com',
      'https://git.example.com#x',
    ]) {
      assert.throws(() => gitlab({ baseUrl }), { code: 'OAUTH_INVALID_OPTIONS' }, baseUrl)
    }
  })

  test('linkedin: no PKCE and no nonce, which LinkedIn refuses or drops', () => {
    const options = linkedin({ clientId: 'l', clientSecret: 's' })
    assert.equal(options.issuer, 'https://www.linkedin.com/oauth')
    assert.equal(options.pkce, false)
    assert.equal(options.nonce, false)
  })

  test('oidc: any issuer, credentials from OIDC_CLIENT_ID / OIDC_CLIENT_SECRET', () => {
    const saved = process.env.OIDC_CLIENT_ID
    process.env.OIDC_CLIENT_ID = 'from-env'
    try {
      const options = oidc({ issuer: 'https://id.example.com', clientSecret: 'x' })
      assert.equal(options.issuer, 'https://id.example.com')
      assert.equal(options.clientId, 'from-env')
      assert.deepEqual(options.scope, ['openid', 'profile', 'email'])
    } finally {
      if (saved === undefined) delete process.env.OIDC_CLIENT_ID
      else process.env.OIDC_CLIENT_ID = saved
    }
  })
})
