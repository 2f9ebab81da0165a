import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { OAuth, type OAuth2AppOptions } from 'oauth-consumer'
import {
  amazonCognito,
  auth0,
  authentik,
  battlenet,
  bungie,
  defineProvider,
  garmin,
  gitea,
  hostSetting,
  keycloak,
  mastodon,
  microsoft,
  okta,
  paypal,
  reddit,
  requireSetting,
  salesforce,
  startgg,
  synology,
  trello,
  urlSetting,
  x,
} from 'oauth-consumer/providers'
import { assertClassAgrees } from '../helpers/error-classes.js'

/** Asserts that `run` throws the user-facing OAUTH_INVALID_OPTIONS error with exactly `message`. */
function refused(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assertClassAgrees(error)
    assert.equal(error.code, 'OAUTH_INVALID_OPTIONS')
    assert.equal(error.message, message)
    return true
  })
}

test('requireSetting: a missing or malformed setting is named with an example', () => {
  assert.equal(requireSetting('acme', 'region', 'eu', 'eu', /^(eu|us)$/), 'eu')
  refused(
    () => requireSetting('okta', 'domain', undefined, 'dev-123.okta.com'),
    'okta(): "domain" is required, e.g. dev-123.okta.com',
  )
  refused(
    () => requireSetting('okta', 'domain', '', 'dev-123.okta.com'),
    'okta(): "domain" is required, e.g. dev-123.okta.com',
  )
  refused(() => requireSetting('acme', 'region', 3, 'eu'), 'acme(): "region" must be a string, e.g. eu; got number')
  refused(
    () => requireSetting('acme', 'region', 'eu\nFAKE LOG LINE', 'eu', /^(eu|us)$/),
    'acme(): "region" must look like eu; got "eu\\nFAKE LOG LINE"',
  )
})

test('hostSetting: a host name, lower-cased; anything that could name another host is refused', () => {
  assert.equal(hostSetting('okta', 'domain', 'Dev-123.Okta.com', 'dev-123.okta.com'), 'dev-123.okta.com')
  assert.equal(hostSetting('okta', 'domain', 'login.example.co.uk.', 'dev-123.okta.com'), 'login.example.co.uk')
  for (const hostile of [
    'https://evil/..',
    'http://dev-123.okta.com',
    'user@evil.com',
    'evil.com#.okta.com',
    'evil.com/.okta.com',
    'evil.com?.okta.com',
    'evil.com:8443',
    'evil.com\\.okta.com',
    'evil%2ecom',
    '127.0.0.1',
    '[::1]',
    'localhost',
    'intranet',
    '-bad.example.com',
    'a..example.com',
    'ex ample.com',
  ]) {
    refused(
      () => hostSetting('okta', 'domain', hostile, 'dev-123.okta.com'),
      `okta(): "domain" must be a host name such as dev-123.okta.com (no scheme, port or path); got ${JSON.stringify(hostile)}`,
    )
  }
})

test('urlSetting: https, or http on loopback; no user info, query, fragment or dot segments', () => {
  const example = 'https://sso.example.com/realms/acme'
  assert.equal(urlSetting('keycloak', 'realmUrl', 'https://sso.example.com/realms/acme/', example), example)
  assert.equal(
    urlSetting('keycloak', 'realmUrl', 'http://127.0.0.1:8080/realms/a', example),
    'http://127.0.0.1:8080/realms/a',
  )
  const cases: [string, string][] = [
    ['https://evil/..', 'must be a plain URL'],
    ['https://sso.example.com/realms/../admin', 'must be a plain URL'],
    ['https://sso.example.com/realms/%2e%2e/admin', 'must be a plain URL'],
    ['https://sso.example.com\\@evil.com/realms/a', 'must be a plain URL'],
    ['http://sso.example.com/realms/acme', 'must be an https URL (http only on loopback)'],
    ['javascript:alert(1)', 'must be an https URL (http only on loopback)'],
    ['https://user:pw@sso.example.com/realms/acme', 'must not hold user info'],
    ['https://evil.com@sso.example.com/realms/acme', 'must not hold user info'],
    ['https://sso.example.com/realms/acme?x=1', 'must not hold a query or fragment'],
    ['https://sso.example.com/realms/acme#x', 'must not hold a query or fragment'],
    ['sso.example.com/realms/acme', 'must be an absolute URL'],
  ]
  for (const [hostile, why] of cases) {
    refused(
      () => urlSetting('keycloak', 'realmUrl', hostile, example),
      `keycloak(): "realmUrl" ${why}, e.g. ${example}; got ${JSON.stringify(hostile)}`,
    )
  }
})

const acme = defineProvider<{ region: string }, OAuth2AppOptions>({
  name: 'acme',
  extra: ['region'],
  info: {
    name: 'Acme',
    protocol: 'oauth2',
    docsUrl: 'https://developer.acme.example/oauth',
    refresh: 'rotating',
    profileFields: ['email', 'name'],
  },
  fixed: { pkce: { value: true, because: 'Acme refuses sign-ins without PKCE' } },
  defaults: (_input, { clientId }) => ({
    authorizeUrl: 'https://acme.example/authorize',
    accessTokenUrl: 'https://acme.example/token',
    requestTokenParams: { duration: 'permanent', prompt: 'none' },
    headers: { 'user-agent': `web:${clientId ?? 'unknown'}:1.0` },
  }),
})

test('defineProvider: parameter and header sets merge key by key, the caller winning per key', () => {
  const options = acme({
    clientId: 'id-1',
    clientSecret: 's',
    requestTokenParams: { prompt: 'login', login_hint: 'ann' },
    headers: { accept: 'application/json' },
  })
  assert.deepEqual(options.requestTokenParams, { duration: 'permanent', prompt: 'login', login_hint: 'ann' })
  assert.deepEqual(options.headers, { 'user-agent': 'web:id-1:1.0', accept: 'application/json' })
  assert.deepEqual(acme({ clientId: 'id-1' }).requestTokenParams, { duration: 'permanent', prompt: 'none' })
})

test('defineProvider: defaults() is given the client id, from the input or the environment', (t) => {
  const saved = process.env.ACME_CLIENT_ID
  t.after(() => {
    if (saved === undefined) delete process.env.ACME_CLIENT_ID
    else process.env.ACME_CLIENT_ID = saved
  })
  process.env.ACME_CLIENT_ID = 'from-env'
  assert.deepEqual(acme().headers, { 'user-agent': 'web:from-env:1.0' })
  assert.deepEqual(acme({ consumerKey: 'given' }).headers, { 'user-agent': 'web:given:1.0' })
})

test('defineProvider: a fixed option cannot be changed, only repeated', () => {
  assert.equal(acme({ clientId: 'c', clientSecret: 's' }).pkce, true)
  assert.equal(acme({ clientId: 'c', clientSecret: 's', pkce: true }).pkce, true)
  refused(() => acme({ clientId: 'c', pkce: false }), 'acme(): "pkce" is fixed: Acme refuses sign-ins without PKCE')
})

test('microsoft: the tenant is a name or GUID, never a path or another host', () => {
  assert.equal(
    new OAuth().remoteApp('ms', microsoft({ clientId: 'c', clientSecret: 's', tenant: 'contoso.onmicrosoft.com' }))
      .options.issuer,
    'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0',
  )
  for (const hostile of ['../evil', 'a/b', 'evil.com#', 'x?y', '..', '', 'a b']) {
    assert.throws(() => microsoft({ clientId: 'c', tenant: hostile }), { code: 'OAUTH_INVALID_OPTIONS' }, hostile)
  }
  refused(
    () => microsoft({ clientId: 'c', tenant: '../evil' }),
    'microsoft(): "tenant" must look like contoso.onmicrosoft.com; got "../evil"',
  )
})

test('paypal: sandbox is a boolean that picks both sandbox hosts; anything else is refused', () => {
  const live = paypal({ clientId: 'c', clientSecret: 's' })
  assert.equal(live.issuer, 'https://www.paypal.com')
  assert.equal(live.accessTokenUrl, 'https://api-m.paypal.com/v1/oauth2/token')
  const sandbox = paypal({ clientId: 'c', clientSecret: 's', sandbox: true })
  assert.equal(sandbox.issuer, 'https://www.sandbox.paypal.com')
  assert.equal(sandbox.authorizeUrl, 'https://www.sandbox.paypal.com/signin/authorize')
  assert.equal(sandbox.accessTokenUrl, 'https://api-m.sandbox.paypal.com/v1/oauth2/token')
  assert.equal(sandbox.baseUrl, 'https://api-m.sandbox.paypal.com/')
  for (const hostile of ['false', 'true', 1, null]) {
    refused(
      () => paypal({ clientId: 'c', sandbox: hostile as unknown as boolean }),
      'paypal(): "sandbox" must be true or false',
    )
  }
})

test('garmin: PKCE is fixed on, as Garmin requires it', () => {
  assert.equal(garmin({ clientId: 'c', clientSecret: 's', pkce: 'S256' }).pkce, true)
  refused(
    () => garmin({ clientId: 'c', pkce: false }),
    'garmin(): "pkce" is fixed: Garmin refuses sign-ins without PKCE (S256)',
  )
})

test('authentik: the instance is a plain https URL and the slug a slug, nothing that leaves the path', () => {
  const options = authentik({
    clientId: 'c',
    clientSecret: 's',
    baseUrl: 'https://auth.example.com/',
    slug: 'my_app-2',
  })
  assert.equal(options.issuer, 'https://auth.example.com/application/o/my_app-2/')
  refused(
    () => authentik({ clientId: 'c', slug: 'my-app' }),
    'authentik(): "baseUrl" is required, e.g. https://auth.example.com',
  )
  refused(
    () => authentik({ clientId: 'c', baseUrl: 'https://auth.example.com' }),
    'authentik(): "slug" is required, e.g. my-app',
  )
  for (const hostile of ['../admin', 'a/b', 'x?y=1', 'x#y', '..', 'a b', 'a%2fb']) {
    refused(
      () => authentik({ clientId: 'c', baseUrl: 'https://auth.example.com', slug: hostile }),
      `authentik(): "slug" must look like my-app; got ${JSON.stringify(hostile)}`,
    )
  }
  for (const hostile of [
    'http://auth.example.com',
    'https://evil.com@auth.example.com',
    'https://auth.example.com/..',
  ]) {
    assert.throws(
      () => authentik({ clientId: 'c', baseUrl: hostile, slug: 'my-app' }),
      { code: 'OAUTH_INVALID_OPTIONS' },
      hostile,
    )
  }
})

test('gitea and synology: the instance is a plain https URL, never another host or path', () => {
  assert.equal(gitea({ clientId: 'c', clientSecret: 's' }).issuer, 'https://gitea.com/')
  const own = gitea({ clientId: 'c', clientSecret: 's', baseUrl: 'https://git.example.com/api/v1/' })
  assert.equal(own.issuer, 'https://git.example.com/')
  assert.equal(own.baseUrl, 'https://git.example.com/api/v1/')
  assert.equal(
    synology({ clientId: 'c', clientSecret: 's', baseUrl: 'https://nas.example.com:5001/' }).issuer,
    'https://nas.example.com:5001/webman/sso',
  )
  refused(() => synology({ clientId: 'c' }), 'synology(): "baseUrl" is required, e.g. https://nas.example.com:5001')
  const cases: [string, string][] = [
    ['http://nas.example.com', 'must be an https URL (http only on loopback)'],
    ['https://evil.com@nas.example.com', 'must not hold user info'],
    ['https://nas.example.com/..', 'must be a plain URL'],
    ['https://nas.example.com?x=1', 'must not hold a query or fragment'],
  ]
  for (const [hostile, why] of cases) {
    refused(
      () => gitea({ clientId: 'c', baseUrl: hostile }),
      `gitea(): "baseUrl" ${why}, e.g. https://git.example.com; got ${JSON.stringify(hostile)}`,
    )
    refused(
      () => synology({ clientId: 'c', baseUrl: hostile }),
      `synology(): "baseUrl" ${why}, e.g. https://nas.example.com:5001; got ${JSON.stringify(hostile)}`,
    )
  }
})

test("battlenet: the region is one of Blizzard's, which picks the API host (and China's sign-in)", () => {
  assert.equal(battlenet({ clientId: 'c', clientSecret: 's' }).baseUrl, 'https://us.api.blizzard.com/')
  assert.equal(battlenet({ clientId: 'c', clientSecret: 's', region: 'eu' }).baseUrl, 'https://eu.api.blizzard.com/')
  const china = battlenet({ clientId: 'c', clientSecret: 's', region: 'cn' })
  assert.equal(china.issuer, 'https://oauth.battlenet.com.cn')
  assert.equal(china.baseUrl, 'https://gateway.battlenet.com.cn/')
  for (const hostile of ['evil.com#', 'us.evil.com', 'EU', '../x', 'us/']) {
    refused(
      () => battlenet({ clientId: 'c', region: hostile as 'us' }),
      `battlenet(): "region" must look like eu; got ${JSON.stringify(hostile)}`,
    )
  }
})

test('startgg: the redirectUri resent on refresh is an https URL, as given; never another scheme or user info', () => {
  const callback = 'https://app.example.com/auth/startgg/callback/'
  const options = startgg({ clientId: 'c', clientSecret: 's', redirectUri: callback })
  assert.deepEqual(options.refreshTokenParams, { redirect_uri: callback })
  assert.equal(startgg({ clientId: 'c', clientSecret: 's' }).refreshTokenParams, undefined)
  for (const hostile of ['javascript:alert(1)', 'http://evil.example/cb', 'https://user@evil.example/cb', 'cb', '']) {
    assert.throws(() => startgg({ clientId: 'c', redirectUri: hostile }), { code: 'OAUTH_INVALID_OPTIONS' }, hostile)
  }
  refused(
    () => startgg({ clientId: 'c', redirectUri: 'http://evil.example/cb' }),
    'startgg(): "redirectUri" must be an https URL (http only on loopback), e.g. https://app.example.com/callback; got "http://evil.example/cb"',
  )
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

test('bungie: the API key is required (from apiKey or BUNGIE_API_KEY) and never a header injection', (t) => {
  const saved = process.env.BUNGIE_API_KEY
  t.after(() => {
    if (saved === undefined) delete process.env.BUNGIE_API_KEY
    else process.env.BUNGIE_API_KEY = saved
  })
  delete process.env.BUNGIE_API_KEY
  refused(() => bungie({ clientId: 'c' }), 'bungie(): "apiKey" is required, e.g. 0123456789abcdef0123456789abcdef')
  for (const hostile of ['abc\r\nx-evil: 1', 'key with spaces', 'k'.repeat(65), 'short']) {
    refused(
      () => bungie({ clientId: 'c', apiKey: hostile }),
      `bungie(): "apiKey" must look like 0123456789abcdef0123456789abcdef; got ${JSON.stringify(hostile)}`,
    )
  }
  process.env.BUNGIE_API_KEY = 'fromtheenvironment0000000000000a'
  assert.deepEqual(bungie({ clientId: 'c', clientSecret: 's' }).headers, {
    'X-API-Key': 'fromtheenvironment0000000000000a',
  })
  assert.deepEqual(bungie({ clientId: 'c', clientSecret: 's', apiKey: 'given0000000000000000000000000b' }).headers, {
    'X-API-Key': 'given0000000000000000000000000b',
  })
})

test("trello: the authorize page's expiration is one Trello offers; the app name is encoded, never a parameter of its own", () => {
  const url = new URL(
    String(trello({ clientId: 'c', appName: 'Acme & Co&scope=write', expiration: 'never' }).authorizeUrl),
  )
  assert.equal(url.origin + url.pathname, 'https://trello.com/1/OAuthAuthorizeToken')
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    scope: 'read',
    expiration: 'never',
    name: 'Acme & Co&scope=write',
  })
  refused(
    () => trello({ clientId: 'c', expiration: 'forever' as 'never' }),
    'trello(): "expiration" must look like 30days; got "forever"',
  )
  refused(() => trello({ clientId: 'c', appName: '' }), 'trello(): "appName" is required, e.g. Acme Boards')
})
