import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import Fastify from 'fastify'
import {
  attachAdapter,
  type CallbackCheck,
  type ClientSecretFunction,
  type FrameworkReply,
  type FrameworkRequest,
  type HttpAdapter,
  jwtClientSecret,
  OAuth,
  type OAuth1TokenResponse,
  type OAuth2Token,
  type OAuthError,
  type OAuthErrorCode,
  OAuthResponse,
  type OAuthResponseError,
  type Profile,
  type RawResponse,
  RemoteApp,
  type UserInfoCall,
  type UserInfoObject,
} from 'oauth-consumer'
import fastifyOAuth, { fastifyOAuth as named } from 'oauth-consumer/fastify'
import {
  catalogue,
  type FacebookUser,
  facebook,
  type GitHubUser,
  github,
  google,
  type OidcUserInfo,
  type PresetInfo,
  type Provider,
  twitter,
  type XUser,
} from 'oauth-consumer/providers'
import { describe, expect, test } from 'tstyche'

const oauth = new OAuth({ timeout: 5000 })
const gh = oauth.remoteApp('github', github({ scope: ['read:user'] }))

describe('the registry', () => {
  test('remoteApp returns a RemoteApp and remoteApps is read-only', () => {
    expect(gh).type.toBe<RemoteApp<OAuth2Token, GitHubUser>>()
    expect(oauth.remoteApps).type.toBe<ReadonlyMap<string, RemoteApp>>()
    expect(oauth.get('github')).type.toBe<RemoteApp>()
  })

  test('options are checked by type', () => {
    expect(oauth.remoteApp).type.not.toBeCallableWith('x', { accessTokenUrl: 1 })
    expect(oauth.remoteApp).type.not.toBeCallableWith('x', { signatureMethod: 'MD5' })
    expect(oauth.remoteApp).type.toBeCallableWith('x', {
      accessTokenUrl: 'https://a',
      authorizeUrl: 'https://b',
      consumerKey: 'k',
    })
    expect(oauth.remoteApp).type.toBeCallableWith('x', facebook(), { register: false })
  })

  test('pkce, responseMode and callbackCheck', () => {
    const base = { accessTokenUrl: 'https://a', authorizeUrl: 'https://b', clientId: 'k', clientSecret: 's' }
    expect(oauth.remoteApp).type.toBeCallableWith('x', { ...base, pkce: 'plain' })
    expect(oauth.remoteApp).type.not.toBeCallableWith('x', { ...base, pkce: 's256' })
    expect(oauth.remoteApp).type.toBeCallableWith('x', { ...base, responseMode: 'form_post' })
    expect(oauth.remoteApp).type.not.toBeCallableWith('x', { ...base, responseMode: 'fragment' })
    const check: CallbackCheck = async (params, clientSecret) =>
      params.hmac === (await clientSecret()) ? undefined : 'no match'
    expect(oauth.remoteApp).type.toBeCallableWith('x', { ...base, callbackCheck: check })
    expect(oauth.remoteApp).type.not.toBeCallableWith('x', { ...base, callbackCheck: () => false })
    expect(gh.options.pkce).type.toBe<'S256' | 'plain' | false>()
  })

  test('a client secret may be a function of a string or a promise of one', () => {
    const endpoints = { accessTokenUrl: 'https://a', authorizeUrl: 'https://b', clientId: 'k' }
    expect(oauth.remoteApp).type.toBeCallableWith('x', { ...endpoints, clientSecret: async () => 's' })
    expect(oauth.remoteApp).type.toBeCallableWith('x', { ...endpoints, clientSecret: () => 's' })
    expect(oauth.remoteApp).type.not.toBeCallableWith('x', { ...endpoints, clientSecret: () => 42 })
    expect(
      jwtClientSecret({ privateKey: '', keyId: 'k', issuer: 'i', subject: 's', audience: 'a' }),
    ).type.toBe<ClientSecretFunction>()
  })

  test('the quirk slots are typed', () => {
    const endpoints = { accessTokenUrl: 'https://a', authorizeUrl: 'https://b', clientId: 'k' }
    expect(oauth.remoteApp).type.not.toBeCallableWith('x', { ...endpoints, tokenRequest: { format: 'xml' } })
    expect(oauth.remoteApp).type.not.toBeCallableWith('x', { ...endpoints, tokenHeader: { name: 'X-Token' } })
    expect(oauth.remoteApp).type.toBeCallableWith('x', {
      ...endpoints,
      tokenHeader: { name: 'X-Shopify-Access-Token', scheme: null },
      baseUrlFromToken: (token: { readonly [field: string]: unknown }) => String(token.instance_url),
      userInfo: async ({ request }: UserInfoCall) => (await request<UserInfoObject>('me', { method: 'POST' })).data,
    })
  })
})

describe('errors', () => {
  test('codes are a union of string literals', () => {
    expect<OAuthError['code']>().type.toBe<OAuthErrorCode>()
    expect<'OAUTH_STATE_MISMATCH'>().type.toBeAssignableTo<OAuthErrorCode>()
    expect<'OAUTH_NOPE'>().type.not.toBeAssignableTo<OAuthErrorCode>()
  })
  test('OAuthResponseError carries the response', () => {
    expect<OAuthResponseError['response']>().type.toBe<OAuthResponse>()
    expect<OAuthResponseError>().type.toBeAssignableTo<OAuthError>()
  })
})

describe('API calls', () => {
  test('data is typed by the caller, unknown by default', async () => {
    expect(await gh.get('user')).type.toBe<OAuthResponse<unknown>>()
    expect((await gh.get<{ login: string }>('user')).data).type.toBe<{ login: string }>()
    expect(await gh.request('user', { raw: true })).type.toBe<RawResponse>()
    expect(await gh.profile()).type.toBe<Profile<GitHubUser>>()
    expect(await gh.getAll<{ name: string }>('user/repos')).type.toBe<{ name: string }[]>()
    expect(await gh.get<{ name: string }>('user/repos', { allPages: true })).type.toBe<
      OAuthResponse<{ name: string }[]>
    >()
  })
  test('tokens', async () => {
    expect(gh.request).type.toBeCallableWith('user', { token: 'abc' })
    expect(gh.request).type.toBeCallableWith('user', { token: { access_token: 'abc', refresh_token: 'r' } })
    expect(gh.request).type.toBeCallableWith('user', { token: ['token', 'secret'] as const })
    expect(gh.request).type.not.toBeCallableWith('user', { token: 42 })
    expect(await gh.refreshToken('r')).type.toBe<OAuth2Token>()
    const token = await gh.refreshToken('r')
    expect(token.callbackParams).type.toBe<Readonly<Record<string, string>> | undefined>()
  })
})

describe('the fastify augmentation', () => {
  test('the plugin is a fastify plugin with a default and a named export', () => {
    expect(named).type.toBe(fastifyOAuth)
    const app = Fastify()
    expect(app.register).type.toBeCallableWith(fastifyOAuth, {
      oauth,
      secret: 'x'.repeat(32),
      publicUrl: 'https://a.example',
    })
    expect(app.register).type.not.toBeCallableWith(fastifyOAuth, { secret: 'x'.repeat(32) })
    expect(app.oauth).type.toBe<OAuth>()
  })
  test('request.oauthError and the framework types of handlers', () => {
    expect<FastifyRequest['oauthError']>().type.toBe<OAuthError | null>()
    const handler = gh.authorizedHandler((resp, request, reply) => {
      expect(resp).type.toBe<OAuth2Token | null>()
      expect(request).type.toBe<FastifyRequest>()
      expect(reply).type.toBe<FastifyReply>()
      return 'done'
    })
    expect(handler).type.toBe<(request: FastifyRequest, reply: FastifyReply) => Promise<string>>()
    expect(gh.authorize).type.toBeCallableWith({} as FastifyReply, { callback: '/cb', next: '/home' })
    gh.tokengetter((request) => {
      expect(request).type.toBe<FastifyRequest>()
      return undefined
    })
  })
})

describe('providers', () => {
  test('presets take overrides and their own settings', () => {
    expect(github).type.toBeAssignableTo<Provider<{ authUrl: string }>>()
    expect(github).type.toBeCallableWith({ authUrl: 'https://ghe.example/login/oauth/' })
    expect(facebook).type.toBeCallableWith({ version: 'v25.0' })
    expect(github).type.not.toBeCallableWith({ authUrl: 1 })
  })

  test('the catalogue is read-only data describing each preset', () => {
    expect(catalogue).type.toBe<readonly PresetInfo[]>()
    expect(github.info).type.toBe<PresetInfo>()
    expect(catalogue[0]?.protocol).type.toBe<'oauth1' | 'oauth2' | 'oidc' | undefined>()
    expect(github.info.env).type.toBe<readonly string[]>()
  })
})

describe('profiles typed by their mapping', () => {
  test("a preset's profile() has its documented raw answer and a username, without annotations", async () => {
    const me = await gh.profile()
    expect(me.raw.login).type.toBe<string>()
    expect(me.raw.id).type.toBe<number>()
    expect(me.raw.email).type.toBe<string | null>()
    expect(me.username).type.toBe<string | undefined>()
    expect(me.raw).type.not.toHaveProperty('screen_name')
    expect((await oauth.remoteApp('x', twitter()).profile()).raw.screen_name).type.toBe<string>()
    // X answers `"email": null` for an account without a verified address.
    expect((await oauth.remoteApp('x', twitter()).profile()).raw.email).type.toBe<string | null | undefined>()
    expect((await oauth.remoteApp('fb', facebook()).profile()).raw).type.toBe<FacebookUser>()
    const g = oauth.remoteApp('google', google())
    expect(g).type.toBe<RemoteApp<OAuth2Token, OidcUserInfo>>()
    expect((await g.profile()).raw.preferred_username).type.toBe<string | undefined>()
    expect(oauth.remoteApp('x1', twitter())).type.toBe<RemoteApp<OAuth1TokenResponse, XUser>>()
  })

  test('overrides keep the preset’s type; a mapping of your own sets it; none gives a JSON object', async () => {
    expect(oauth.remoteApp('ghe', github({ baseUrl: 'https://ghe.example/api/v3/' }))).type.toBe<
      RemoteApp<OAuth2Token, GitHubUser>
    >()
    interface AcmeUser {
      readonly uid: string
      readonly handle: string
    }
    const acme = oauth.remoteApp('acme', {
      authorizeUrl: 'https://acme.example/authorize',
      accessTokenUrl: 'https://acme.example/token',
      clientId: 'id',
      profile: (raw) => ({ id: String(raw.uid), raw: raw as unknown as AcmeUser }),
    })
    expect((await acme.profile()).raw.handle).type.toBe<string>()
    const plain = oauth.remoteApp('plain', {
      authorizeUrl: 'https://plain.example/authorize',
      accessTokenUrl: 'https://plain.example/token',
      clientId: 'id',
    })
    expect((await plain.profile()).raw).type.toBe<UserInfoObject>()
    expect((await plain.profile()).raw.anything).type.toBe<unknown>()
    expect(oauth.get('github')).type.toBe<RemoteApp>()
    expect((await oauth.get('github').profile()).raw).type.toBe<unknown>()
  })
})

describe('OAuthResponse', () => {
  test('fields', () => {
    const r = new OAuthResponse(200, {}, Buffer.alloc(0))
    expect(r.status).type.toBe<number>()
    expect(r.rawData).type.toBe<Buffer>()
    expect(r.ok).type.toBe<boolean>()
  })
})

void RemoteApp

describe('adapters', () => {
  test("with the fastify entry loaded, the framework types are fastify's", () => {
    expect<FrameworkRequest>().type.toBe<FastifyRequest>()
    expect<FrameworkReply>().type.toBe<FastifyReply>()
  })

  test('an adapter for another framework is typed with its own objects, and attaches to a registry', () => {
    const adapter: HttpAdapter<IncomingMessage, ServerResponse> = {
      requestOf: (reply) => reply.req,
      query: () => ({}),
      method: (request) => request.method ?? 'GET',
      publicUrl: () => new URL('https://app.example'),
      readPending: () => [],
      writePending: () => {},
      redirect: (reply) => reply,
      protect: () => {},
      setOAuthError: () => {},
    }
    expect(attachAdapter(oauth, adapter)).type.toBe<void>()
    expect(attachAdapter(oauth, adapter, { publicUrl: 'https://app.example' })).type.toBe<void>()
    expect(attachAdapter).type.not.toBeCallableWith({}, adapter)
  })
})
