import { twitter } from 'oauth-consumer/providers'
import {
  type CookieJar,
  type OAuth1Server,
  type OAuth2Server,
  type OidcProviderInstance,
  type SignInResult,
  type StoredAccessToken,
  signIn,
  signInAt,
  startOAuth1Provider,
  startOAuth2Provider,
  startTwitter,
  type TwitterServer,
} from 'oauth-consumer/testing'
import { describe, expect, test } from 'tstyche'

describe('oauth-consumer/testing', () => {
  test('each start* resolves to its server, with its url and close()', () => {
    expect(startOAuth2Provider()).type.toBe<Promise<OAuth2Server>>()
    expect(startOAuth1Provider()).type.toBe<Promise<OAuth1Server>>()
    expect(startTwitter()).type.toBe<Promise<TwitterServer>>()
    expect<OAuth2Server['url']>().type.toBe<string>()
    expect<OAuth2Server['tokenRequests']>().type.toBe<number>()
    expect<TwitterServer['close']>().type.toBe<() => Promise<void>>()
  })

  test("the server's oidc-provider instance: its events and stored tokens, not the whole EventEmitter", () => {
    expect<OAuth2Server['provider']>().type.toBe<OidcProviderInstance>()
    const provider = {} as OidcProviderInstance
    expect(provider.on('grant.success', () => {})).type.toBe<OidcProviderInstance>()
    expect(provider.AccessToken.find('token')).type.toBe<Promise<StoredAccessToken | undefined>>()
    expect(provider).type.not.toHaveProperty('setMaxListeners')
  })

  test('options are checked: an unknown one, or a non-number lifetime, does not compile', () => {
    expect(startOAuth2Provider).type.not.toBeCallableWith({ accessTokenTtl: '60' })
    expect(startOAuth2Provider).type.not.toBeCallableWith({ redirectUri: 'http://127.0.0.1:3000/callback' })
    expect(startOAuth2Provider).type.toBeCallableWith({ redirectUris: ['http://127.0.0.1:3000/callback'] })
  })

  test("startTwitter's presetOptions fit the twitter preset", () => {
    expect(twitter).type.toBeCallableWith({} as TwitterServer['presetOptions'])
  })

  test('signIn resolves to the response and the cookies; signInAt to the callback URL', () => {
    expect(signIn('http://127.0.0.1:3000/login', { login: 'alice' })).type.toBe<Promise<SignInResult>>()
    expect<SignInResult['cookies']>().type.toBe<CookieJar>()
    expect<SignInResult['response']['headers']>().type.toBe<Headers>()
    expect(signInAt('http://127.0.0.1:3001/auth', { login: 'alice', deny: true })).type.toBe<Promise<URL>>()
    expect(signIn).type.not.toBeCallableWith('http://127.0.0.1:3000/login', {})
  })
})
