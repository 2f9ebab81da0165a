import assert from 'node:assert/strict'
import { test } from 'node:test'
import { OAuth, type OAuth2AppOptions } from 'oauth-consumer'
import { defineProvider, hostSetting, microsoft, requireSetting, trello, urlSetting } from 'oauth-consumer/providers'
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
