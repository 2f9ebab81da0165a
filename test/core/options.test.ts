import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { describe, test } from 'node:test'
import { OAuth, OAuthConfigError, OAuthError, RemoteApp, type RemoteAppOptions, VERSION } from 'oauth-consumer'
import { github } from 'oauth-consumer/providers'

const valid = {
  accessTokenUrl: 'https://provider.example/oauth/token',
  authorizeUrl: 'https://provider.example/oauth/authorize',
  consumerKey: 'key',
  consumerSecret: 'secret',
} as const

/** Options as a user might write them in plain JavaScript, where the types do not stop them. */
type LooseOptions = Record<string, unknown>

function register(options: LooseOptions, oauth = new OAuth()): RemoteApp {
  return oauth.remoteApp('app', options as RemoteAppOptions)
}

function without(key: keyof typeof valid, extra: LooseOptions = {}): LooseOptions {
  const { [key]: _removed, ...rest } = valid
  return { ...rest, ...extra }
}

function assertInvalid(message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof OAuthConfigError, String(error))
    assert.ok(error instanceof OAuthError)
    assert.equal(error.code, 'OAUTH_INVALID_OPTIONS')
    assert.equal(error.statusCode, 500)
    assert.equal(error.message, message)
    return true
  }
}

const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString()

const invalid: readonly { why: string; options: LooseOptions; message: string }[] = [
  { why: 'no accessTokenUrl', options: without('accessTokenUrl'), message: '"accessTokenUrl" is required' },
  {
    why: 'an OAuth 1.0a app without authorizeUrl',
    options: without('authorizeUrl', { requestTokenUrl: 'https://provider.example/oauth/request_token' }),
    message: '"authorizeUrl" is required',
  },
  { why: 'no consumerKey', options: without('consumerKey'), message: '"clientId" (or "consumerKey") is required' },
  {
    why: 'an empty consumerKey',
    options: { ...valid, consumerKey: '' },
    message: '"clientId" (or "consumerKey") is required',
  },
  {
    why: 'no consumerKey for OAuth 1.0a',
    options: { ...without('consumerKey'), requestTokenUrl: 'https://provider.example/oauth/request_token' },
    message: '"consumerKey" (or "clientId") is required',
  },
  {
    why: 'a consumerSecret that is not a string',
    options: { ...valid, consumerSecret: 42 },
    message: '"consumerSecret" (or "clientSecret") must be a string or a function',
  },
  {
    why: 'a non-URL accessTokenUrl',
    options: { ...valid, accessTokenUrl: 'not a url' },
    message: '"accessTokenUrl" is not a URL (relative URLs need "baseUrl"): "not a url"',
  },
  {
    why: 'a relative authorizeUrl without baseUrl',
    options: { ...valid, authorizeUrl: 'oauth/authorize' },
    message: '"authorizeUrl" is not a URL (relative URLs need "baseUrl"): "oauth/authorize"',
  },
  {
    why: 'an accessTokenUrl that is not http(s)',
    options: { ...valid, accessTokenUrl: 'ftp://provider.example/token' },
    message: '"accessTokenUrl" is not a URL (relative URLs need "baseUrl"): "ftp://provider.example/token"',
  },
  {
    why: 'a javascript: authorizeUrl',
    options: { ...valid, authorizeUrl: 'javascript:alert(1)' },
    message: '"authorizeUrl" is not a URL (relative URLs need "baseUrl"): "javascript:alert(1)"',
  },
  {
    why: 'an accessTokenUrl that is not a string',
    options: { ...valid, accessTokenUrl: 42 },
    message: '"accessTokenUrl" must be a string',
  },
  {
    why: 'an http token URL outside loopback',
    options: { ...valid, accessTokenUrl: 'http://provider.example/oauth/token' },
    message: '"accessTokenUrl" must use https outside loopback: http://provider.example/oauth/token',
  },
  {
    why: 'an http token URL on a host that only starts like loopback',
    options: { ...valid, accessTokenUrl: 'http://127.0.0.1.attacker.example/token' },
    message: '"accessTokenUrl" must use https outside loopback: http://127.0.0.1.attacker.example/token',
  },
  {
    why: 'an http token URL on a host that only contains "localhost"',
    options: { ...valid, accessTokenUrl: 'http://localhost.attacker.example/token' },
    message: '"accessTokenUrl" must use https outside loopback: http://localhost.attacker.example/token',
  },
  {
    why: 'an http authorizeUrl outside loopback',
    options: { ...valid, authorizeUrl: 'http://provider.example/authorize' },
    message: '"authorizeUrl" must use https outside loopback: http://provider.example/authorize',
  },
  {
    why: 'an http requestTokenUrl outside loopback',
    options: { ...valid, requestTokenUrl: 'http://provider.example/request_token' },
    message: '"requestTokenUrl" must use https outside loopback: http://provider.example/request_token',
  },
  {
    why: 'an http userInfoUrl outside loopback',
    options: { ...valid, userInfoUrl: 'http://provider.example/me' },
    message: '"userInfoUrl" must use https outside loopback: http://provider.example/me',
  },
  {
    why: 'an http revokeUrl outside loopback',
    options: { ...valid, revokeUrl: 'http://provider.example/revoke' },
    message: '"revokeUrl" must use https outside loopback: http://provider.example/revoke',
  },
  {
    why: 'an http baseUrl outside loopback',
    options: { ...valid, baseUrl: 'http://api.provider.example/' },
    message: '"baseUrl" must use https outside loopback: http://api.provider.example/',
  },
  {
    why: 'a baseUrl that is not a URL',
    options: { ...valid, baseUrl: 'api/' },
    message: '"baseUrl" is not an http(s) URL: "api/"',
  },
  {
    why: 'an unknown signatureMethod',
    options: { ...valid, signatureMethod: 'HMAC-MD5' },
    message: '"signatureMethod" must be one of HMAC-SHA1, HMAC-SHA256, PLAINTEXT, RSA-SHA1; got "HMAC-MD5"',
  },
  {
    why: 'a misspelt option',
    options: { ...valid, acessTokenUrl: 'https://provider.example/token' },
    message: 'unknown option "acessTokenUrl"',
  },
  {
    why: 'a snake_case option from another library',
    options: { ...valid, consumer_key: 'key' },
    message: 'unknown option "consumer_key"',
  },
  {
    why: 'RSA-SHA1 without privateKey',
    options: { ...valid, requestTokenUrl: 'https://provider.example/request_token', signatureMethod: 'RSA-SHA1' },
    message: '"privateKey" must be a PEM private key when "signatureMethod" is RSA-SHA1',
  },
  {
    why: 'RSA-SHA1 with a privateKey that is not PEM',
    options: {
      ...valid,
      requestTokenUrl: 'https://provider.example/request_token',
      signatureMethod: 'RSA-SHA1',
      privateKey: 'secret',
    },
    message: '"privateKey" must be a PEM private key when "signatureMethod" is RSA-SHA1',
  },
  ...[0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1000', null].map((timeout) => ({
    why: `timeout ${typeof timeout === 'string' ? JSON.stringify(timeout) : String(timeout)}`,
    options: { ...valid, timeout },
    message: '"timeout" must be a positive number',
  })),
  {
    why: 'maxResponseSize 0',
    options: { ...valid, maxResponseSize: 0 },
    message: '"maxResponseSize" must be a positive number',
  },
  {
    why: 'retries 11',
    options: { ...valid, retries: 11 },
    message: '"retries" must be a whole number from 0 to 10',
  },
  {
    why: 'retries 1.5',
    options: { ...valid, retries: 1.5 },
    message: '"retries" must be a whole number from 0 to 10',
  },
  {
    why: 'a negative refreshSkew',
    options: { ...valid, refreshSkew: -1 },
    message: '"refreshSkew" must be a number of seconds, 0 or more',
  },
  {
    why: 'a userAgent with a line break',
    options: { ...valid, userAgent: 'app/1.0\r\nX-Injected: 1' },
    message: '"userAgent" must be a string without line breaks',
  },
  {
    why: 'throwHttpErrors that is not a boolean',
    options: { ...valid, throwHttpErrors: 'yes' },
    message: '"throwHttpErrors" must be a boolean',
  },
  {
    why: 'a client_secret_post app without a secret (the default method)',
    options: without('consumerSecret'),
    message: '"consumerSecret" (or "clientSecret") is required with "tokenEndpointAuthMethod" client_secret_post',
  },
  {
    why: 'a client_secret_basic app without a secret',
    options: without('consumerSecret', { tokenEndpointAuthMethod: 'client_secret_basic' }),
    message: '"consumerSecret" (or "clientSecret") is required with "tokenEndpointAuthMethod" client_secret_basic',
  },
  {
    why: 'an unknown tokenEndpointAuthMethod',
    options: { ...valid, tokenEndpointAuthMethod: 'tls_client_auth' },
    message:
      '"tokenEndpointAuthMethod" must be one of client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt, none; got "tls_client_auth"',
  },
  {
    why: 'accessTokenMethod PUT',
    options: { ...valid, accessTokenMethod: 'PUT' },
    message: '"accessTokenMethod" must be one of POST, GET; got "PUT"',
  },
  {
    why: 'the openid scope without issuer',
    options: { ...valid, scope: 'openid email' },
    message: `the "openid" scope needs "issuer": ID tokens are validated against the issuer's metadata and keys`,
  },
  {
    why: 'openid in an array scope without issuer',
    options: { ...valid, scope: ['email', 'openid'] },
    message: `the "openid" scope needs "issuer": ID tokens are validated against the issuer's metadata and keys`,
  },
  {
    why: 'a scope that is neither a string nor an array of strings',
    options: { ...valid, scope: ['email', 42] },
    message: '"scope" must be a string or an array of strings',
  },
  {
    why: 'pkce that is neither a boolean nor a method',
    options: { ...valid, pkce: 'yes' },
    message: '"pkce" must be true, false, "S256" or "plain"; got "yes"',
  },
  {
    why: 'pkce with a method in the wrong case',
    options: { ...valid, pkce: 's256' },
    message: '"pkce" must be true, false, "S256" or "plain"; got "s256"',
  },
  {
    why: 'a header value that is not a string',
    options: { ...valid, headers: { 'X-Version': 2 } },
    message: '"headers.X-Version" must be a string',
  },
  {
    why: 'accessTokenParams that is an array',
    options: { ...valid, accessTokenParams: ['a'] },
    message: '"accessTokenParams" must be an object',
  },
  {
    why: 'a profile mapping that is not a function',
    options: { ...valid, profile: 'id' },
    message: '"profile" must be a function',
  },
]

describe('bad options throw OAUTH_INVALID_OPTIONS at registration, naming the option', () => {
  for (const { why, options, message } of invalid) {
    test(why, () => {
      const oauth = new OAuth()
      assert.throws(() => register(options, oauth), assertInvalid(`Remote app "app": ${message}`))
      // A refused app is not half-registered: the name stays free.
      assert.equal(oauth.remoteApps.size, 0)
      assert.ok(register(valid, oauth) instanceof RemoteApp)
    })
  }

  test('options that are not an object', () => {
    for (const options of [null, 'https://provider.example', 42]) {
      assert.throws(
        () => new OAuth().remoteApp('app', options as unknown as RemoteAppOptions),
        assertInvalid('Remote app "app": options must be an object'),
      )
    }
  })
})

describe('valid options are resolved', () => {
  const loopback = [
    'http://127.0.0.1/token',
    'http://127.0.0.1:8080/token',
    'http://127.1.2.3/token',
    'http://localhost/token',
    'http://localhost:3000/token',
    'http://auth.localhost/token',
    'http://[::1]:8080/token',
    'https://provider.example/token',
  ]
  for (const url of loopback) {
    test(`${url} is an allowed token URL`, () => {
      assert.equal(register({ ...valid, accessTokenUrl: url }).options.accessTokenUrl?.href, url)
    })
  }

  test('the defaults of API.md §2', () => {
    const o = register(valid).options
    assert.equal(o.protocol, 'oauth2')
    assert.equal(o.clientId, 'key')
    assert.equal(o.clientSecret, 'secret')
    assert.equal(o.accessTokenMethod, 'POST')
    assert.equal(o.requestTokenMethod, 'POST')
    assert.equal(o.pkce, 'S256')
    assert.equal(o.tokenEndpointAuthMethod, 'client_secret_post')
    assert.equal(o.signatureMethod, 'HMAC-SHA1')
    assert.equal(o.scope, undefined)
    assert.equal(o.scopeSeparator, ' ')
    assert.deepEqual(o.requestTokenParams, {})
    assert.deepEqual(o.accessTokenParams, {})
    assert.deepEqual(o.headers, {})
    assert.equal(o.timeout, 10_000)
    assert.equal(o.retries, 2)
    assert.equal(o.refreshSkew, 60)
    assert.equal(o.maxResponseSize, 10 * 1024 * 1024)
    assert.equal(o.userAgent, `oauth-consumer/${VERSION}`)
    assert.equal(o.throwHttpErrors, false)
    assert.equal(o.baseUrl, undefined)
  })

  test('clientId and clientSecret are aliases of consumerKey and consumerSecret', () => {
    const app = register({
      accessTokenUrl: valid.accessTokenUrl,
      authorizeUrl: valid.authorizeUrl,
      clientId: 'id',
      clientSecret: 'sh',
    })
    assert.equal(app.options.clientId, 'id')
    assert.equal(app.options.clientSecret, 'sh')
  })

  test('tokenEndpointAuthMethod none needs no secret', () => {
    const app = register(without('consumerSecret', { tokenEndpointAuthMethod: 'none' }))
    assert.equal(app.options.tokenEndpointAuthMethod, 'none')
    assert.equal(app.options.clientSecret, '')
  })

  test('relative token and authorize URLs are joined with baseUrl; the fragment is dropped', () => {
    const app = register({
      ...valid,
      baseUrl: 'https://provider.example/api/v3/',
      accessTokenUrl: '/login/oauth/access_token',
      authorizeUrl: 'authorize#section',
      userInfoUrl: 'user',
    })
    assert.equal(app.options.baseUrl?.href, 'https://provider.example/api/v3/')
    assert.equal(app.options.accessTokenUrl?.href, 'https://provider.example/login/oauth/access_token')
    assert.equal(app.options.authorizeUrl?.href, 'https://provider.example/api/v3/authorize')
    assert.equal(app.options.userInfoUrl?.href, 'https://provider.example/api/v3/user')
  })

  test('a requestTokenUrl makes an OAuth 1.0a app; null or absent an OAuth 2.0 one', () => {
    assert.equal(register({ ...valid, requestTokenUrl: 'https://provider.example/rt' }).protocol, 'oauth1')
    assert.equal(register({ ...valid, requestTokenUrl: null }).protocol, 'oauth2')
    const rsa = register({
      ...valid,
      requestTokenUrl: 'https://provider.example/rt',
      signatureMethod: 'RSA-SHA1',
      privateKey: pem,
    })
    assert.equal(rsa.options.signatureMethod, 'RSA-SHA1')
  })

  test('an array scope is joined with scopeSeparator', () => {
    assert.equal(register({ ...valid, scope: ['read:user', 'repo'] }).options.scope, 'read:user repo')
    assert.equal(
      register({ ...valid, scope: ['email', 'public_profile'], scopeSeparator: ',' }).options.scope,
      'email,public_profile',
    )
  })

  test("the registry's defaults apply to every app that does not set its own", () => {
    const oauth = new OAuth({ timeout: 1234, userAgent: 'my-app/1.0', retries: 0, throwHttpErrors: true })
    const inherits = oauth.remoteApp('inherits', valid)
    const overrides = oauth.remoteApp('overrides', { ...valid, timeout: 99, throwHttpErrors: false })
    assert.equal(inherits.options.timeout, 1234)
    assert.equal(inherits.options.userAgent, 'my-app/1.0')
    assert.equal(inherits.options.retries, 0)
    assert.equal(inherits.options.throwHttpErrors, true)
    assert.equal(overrides.options.timeout, 99)
    assert.equal(overrides.options.throwHttpErrors, false)
  })

  test('the options given are copied: changing them later changes nothing', () => {
    const headers: Record<string, string> = { 'X-Version': '1' }
    const app = register({ ...valid, headers })
    headers['X-Version'] = '2'
    assert.deepEqual(app.options.headers, { 'X-Version': '1' })
  })
})

describe("the registry's own defaults are checked", () => {
  test('an unknown default', () => {
    assert.throws(
      () => new OAuth({ timout: 5 } as unknown as ConstructorParameters<typeof OAuth>[0]),
      assertInvalid('OAuth: unknown option "timout"'),
    )
  })

  test('an app-only option is not a registry default', () => {
    assert.throws(
      () => new OAuth({ baseUrl: 'https://x.example/' } as unknown as ConstructorParameters<typeof OAuth>[0]),
      assertInvalid('OAuth: unknown option "baseUrl"'),
    )
  })

  test('a bad timeout', () => {
    assert.throws(() => new OAuth({ timeout: -5 }), assertInvalid('OAuth: "timeout" must be a positive number'))
  })
})

describe('the registry', () => {
  test('a baseUrl whose last segment lacks its final / is a process warning, word for word, at registration', async (t) => {
    const warnings: { name: string; code: unknown; message: string }[] = []
    const listener = (warning: Error & { code?: unknown }) =>
      warnings.push({ name: warning.name, code: warning.code, message: warning.message })
    process.on('warning', listener)
    t.after(() => process.off('warning', listener))

    const oauth = new OAuth()
    oauth.remoteApp('ghe', { ...valid, baseUrl: 'https://ghe.example/api/v3' })
    // Fine as they are: a final /, a bare origin, and the github preset, which adds the /.
    oauth.remoteApp('with-slash', { ...valid, baseUrl: 'https://ghe.example/api/v3/' })
    oauth.remoteApp('origin', { ...valid, baseUrl: 'https://api.example.com' })
    oauth.remoteApp('preset', github({ clientId: 'c', clientSecret: 's', baseUrl: 'https://ghe.example/api/v3' }))
    // Process warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve))

    assert.deepEqual(warnings, [
      {
        name: 'OAuthConsumerWarning',
        code: 'OAUTH_BASE_URL_WITHOUT_SLASH',
        message:
          'oauth-consumer: remote app "ghe": "baseUrl" https://ghe.example/api/v3 does not end with "/", so a relative URL replaces its last segment ("user" resolves to https://ghe.example/api/user); if the API is under /api/v3, write https://ghe.example/api/v3/',
      },
    ])
  })

  test('remoteApp registers under the name; get finds it; remoteApps is a Map in registration order', () => {
    const oauth = new OAuth()
    const github = oauth.remoteApp('github', valid)
    const twitter = oauth.remoteApp('twitter', valid)
    assert.equal(github.name, 'github')
    assert.equal(oauth.get('github'), github)
    assert.equal(oauth.get('twitter'), twitter)
    assert.ok(oauth.remoteApps instanceof Map)
    assert.deepEqual([...oauth.remoteApps.keys()], ['github', 'twitter'])
    assert.equal(oauth.remoteApps.get('twitter'), twitter)
  })

  test('a name registered twice is OAUTH_DUPLICATE_APP, and the first app stays', () => {
    const oauth = new OAuth()
    const first = oauth.remoteApp('github', valid)
    assert.throws(
      () => oauth.remoteApp('github', { ...valid, consumerKey: 'other' }),
      (error: unknown) => {
        assert.ok(error instanceof OAuthError)
        assert.equal(error.code, 'OAUTH_DUPLICATE_APP')
        assert.equal(error.message, 'A remote app named "github" is registered already')
        return true
      },
    )
    assert.equal(oauth.get('github'), first)
    assert.equal(oauth.get('github').options.clientId, 'key')
  })

  test('get of an unknown name is OAUTH_UNKNOWN_APP (404) listing the registered names', () => {
    const oauth = new OAuth()
    oauth.remoteApp('github', valid)
    oauth.remoteApp('google', valid)
    assert.throws(
      () => oauth.get('gh'),
      (error: unknown) => {
        assert.ok(error instanceof OAuthError)
        assert.equal(error.code, 'OAUTH_UNKNOWN_APP')
        assert.equal(error.statusCode, 404)
        assert.equal(error.message, 'No remote app named "gh"; registered: "github", "google"')
        return true
      },
    )
  })

  test('get on an empty registry says none are registered', () => {
    assert.throws(() => new OAuth().get('github'), {
      code: 'OAUTH_UNKNOWN_APP',
      message: 'No remote app named "github"; none are registered',
    })
  })

  test('register: false makes an app that is not kept, even under a taken name', () => {
    const oauth = new OAuth()
    const scratch = oauth.remoteApp('scratch', valid, { register: false })
    assert.ok(scratch instanceof RemoteApp)
    assert.equal(scratch.name, 'scratch')
    assert.equal(oauth.remoteApps.size, 0)
    assert.throws(() => oauth.get('scratch'), { code: 'OAUTH_UNKNOWN_APP' })
    const kept = oauth.remoteApp('scratch', valid)
    const another = oauth.remoteApp('scratch', valid, { register: false })
    assert.notEqual(another, kept)
    assert.equal(oauth.get('scratch'), kept)
  })

  test('register: false still validates', () => {
    assert.throws(
      () => new OAuth().remoteApp('scratch', { ...valid, timeout: 0 }, { register: false }),
      assertInvalid('Remote app "scratch": "timeout" must be a positive number'),
    )
  })

  const badNames: readonly unknown[] = [
    '',
    ' github',
    'git hub',
    '../github',
    'a/b',
    '-github',
    '.github',
    'x'.repeat(65),
    'gît',
    42,
    null,
  ]
  for (const name of badNames) {
    test(`the name ${JSON.stringify(name)} is refused`, () => {
      const oauth = new OAuth()
      assert.throws(
        () => oauth.remoteApp(name as string, valid),
        assertInvalid(
          `A remote app name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit; got ${JSON.stringify(name)}`,
        ),
      )
      assert.equal(oauth.remoteApps.size, 0)
    })
  }

  test('names of 1 to 64 letters, digits, ".", "_" and "-" are accepted', () => {
    const oauth = new OAuth()
    for (const name of ['g', 'GitHub', 'github.enterprise_2-eu', '0auth', 'x'.repeat(64)]) {
      assert.equal(oauth.remoteApp(name, valid).name, name)
    }
    assert.equal(oauth.remoteApps.size, 5)
  })
})
