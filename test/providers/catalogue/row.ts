/**
 * One row per preset: what its provider documents, for test/providers/catalogue/sign-in.test.ts
 * to replay through a real sign-in. A row lives in rows/<preset page name>.ts as its default
 * export. Every expected value comes from the provider's documentation, cited in `docs` (and
 * beside the value where one page does not say it all), never from the preset.
 */

import type { OAuth1AppOptions, OAuth2AppOptions, RemoteApp } from 'oauth-consumer'
import type { MockAgent } from 'undici'
import type { Seen } from '../../helpers/mock-agent.js'

/** The profile a sign-in must map, each field `null` where the provider gives none. */
export interface ExpectedProfile {
  readonly id: string
  readonly name: string | null
  readonly username: string | null
  readonly email: string | null
  readonly avatarUrl: string | null
}

/** How the client authenticates at the token endpoint, as the provider documents it. */
export type ClientAuth =
  /** `Authorization: Basic` of the id and secret (RFC 6749 §2.3.1), nothing in the body. */
  | 'basic'
  /** The client id and secret in the body. */
  | 'post'
  /** A public client: the client id in the body, no secret anywhere. */
  | 'none'

/** An endpoint's expected request and its answer. */
export interface Exchange {
  readonly url: string
  readonly auth: ClientAuth
  /** The body's format. Default `'form'`. */
  readonly format?: 'form' | 'json'
  /** Headers the request must carry (names lower-cased). */
  readonly headers?: Readonly<Record<string, string>>
  /** Parameters the body must carry besides the grant's own and the client's authentication. */
  readonly form?: Readonly<Record<string, string>>
  /** The answer, in the provider's own shape; `now` is the current time in seconds. */
  readonly answer: (now: number) => Readonly<Record<string, unknown>>
}

/** A row of an OAuth 2.0 or OpenID Connect preset. */
export interface OAuth2Row {
  readonly protocol: 'oauth2' | 'oidc'
  /** The preset's id (its export name). */
  readonly id: string
  /** The provider's pages the row replays. */
  readonly docs: readonly string[]
  /** The preset, called with credentials (`creds(id)`) and any settings it needs. */
  readonly options: OAuth2AppOptions
  readonly authorize: {
    /** The authorize endpoint, origin and path. */
    readonly url: string
    /** Parameters the authorize URL must carry (scope as sent, extras). */
    readonly params?: Readonly<Record<string, string>>
    /** Parameters it must not carry. */
    readonly absent?: readonly string[]
    /** The provider's name for the client id (TikTok's `client_key`). Default `client_id`. */
    readonly clientIdParam?: string
    /** The PKCE method sent, or `false` for none. */
    readonly pkce: 'S256' | 'plain' | false
  }
  /** For OpenID Connect: the issuer's metadata and the ID token it signs. */
  readonly oidc?: {
    readonly issuer: string
    /** The discovery document's URL. Default `{issuer}/.well-known/openid-configuration`. */
    readonly discovery?: string
    readonly authorize: string
    readonly token: string
    readonly userinfo?: string
    readonly revocation?: string
    /** The key set's URL. Default `{issuer}/jwks`. */
    readonly jwks?: string
    /** Other fields of the discovery document, as the provider publishes them. */
    readonly metadata?: Readonly<Record<string, unknown>>
    /** The ID token's `iss`, where it is not `issuer` as written (Google's scheme-less one, Entra's tenant). */
    readonly idTokenIssuer?: string
    /** The ID token's `sub`, where it is not the profile's id (Salesforce's identity URL). */
    readonly subject?: string
    /** `false`: the provider drops the nonce (LinkedIn), so none is sent and the ID token has none. */
    readonly nonce?: false
    /** `HS256`: signed with the client secret (LINE); default `RS256` with a key of the key set. */
    readonly alg?: 'RS256' | 'ES256' | 'HS256'
    /** Claims of the ID token besides iss, aud, sub (the profile's id), iat, exp and nonce. */
    readonly claims?: Readonly<Record<string, unknown>>
  }
  /** The provider POSTs the callback as a form (`response_mode=form_post`). */
  readonly formPost?: boolean
  /** Parameters the provider adds to its callback besides code and state. */
  readonly callback?: (params: { readonly code: string; readonly state: string }) => Record<string, string>
  /** The code exchange. */
  readonly token: Exchange & {
    /** Checks the client secret sent, where it is not the configured string (Apple's signed JWT). */
    readonly clientSecret?: (sent: string) => Promise<void>
    /** The access token inside the answer, when it is not the answer's `access_token`. */
    readonly accessToken?: string
  }
  /** The "who am I" call, or none when the token answer or the ID token names the user. */
  readonly userinfo?: {
    /** Default `GET`. */
    readonly method?: 'GET' | 'POST'
    /** The whole URL, query included, as it must be called. */
    readonly url: string
    /** Headers the call must carry; `authorization` defaults to `Bearer <access token>`. */
    readonly headers?: Readonly<Record<string, string>>
    /** `false`: no `Authorization: Bearer`, the token going in a header of `headers` (Shopify's). */
    readonly bearer?: false
    /** The exact body; default none. */
    readonly body?: string
    readonly answer: unknown
    /**
     * Further GETs the profile makes, each once, after the first (Etsy's `/users/{id}`, Lichess's
     * `/api/account/email`): the whole URL, headers besides the bearer token, the answer.
     */
    readonly also?: readonly {
      readonly url: string
      readonly headers?: Readonly<Record<string, string>>
      readonly answer: unknown
    }[]
  }
  readonly profile: ExpectedProfile
  /** What the sign-in's token must hold besides the access token. */
  readonly tokenHolds?: (now: number) => Readonly<Record<string, unknown>>
  /** The refresh, where the provider offers one: `refreshToken(<the sign-in's refresh token>)`. */
  readonly refresh?: Exchange & {
    /** What the refreshed token must hold (a rotated refresh token, a kept one). */
    readonly holds: (now: number) => Readonly<Record<string, unknown>>
  }
  /** The revocation, where the preset has a `revokeUrl`: `revokeToken(<access token>)` unless `revokes` says otherwise. */
  readonly revoke?: {
    readonly url: string
    readonly auth: ClientAuth
    /**
     * The token the provider's endpoint takes: `refresh_token` revokes the sign-in's token object,
     * whose refresh token is sent with `token_type_hint=refresh_token` (providers that revoke
     * refresh tokens only). Default `access_token`: `revokeToken(<access token>)`.
     */
    readonly revokes?: 'access_token' | 'refresh_token'
    /** The body's parameters besides the client's authentication, exactly. */
    readonly form: Readonly<Record<string, string>>
  }
  /** What else the row checks once signed in. */
  readonly after?: (
    remote: RemoteApp,
    token: Record<string, unknown>,
    provider: { readonly agent: MockAgent; readonly seen: Seen[] },
  ) => Promise<void>
}

/** A row of an OAuth 1.0a preset. */
export interface OAuth1Row {
  readonly protocol: 'oauth1'
  readonly id: string
  readonly docs: readonly string[]
  /** The preset, called with credentials (`creds(id)`). */
  readonly options: OAuth1AppOptions
  /** The signature method the provider documents. */
  readonly signatureMethod: 'HMAC-SHA1' | 'PLAINTEXT'
  readonly requestToken: {
    readonly url: string
    readonly method?: 'POST' | 'GET'
    /** Parameters the request-token call must carry besides the oauth_* ones (X's `x_auth_access_type`). */
    readonly params?: Readonly<Record<string, string>>
    /** Besides oauth_token, oauth_token_secret and oauth_callback_confirmed. */
    readonly answer?: Readonly<Record<string, string>>
  }
  readonly authorize: {
    readonly url: string
    /** Parameters the authorize URL must carry besides oauth_token (Flickr's `perms`). */
    readonly params?: Readonly<Record<string, string>>
  }
  readonly accessToken: {
    /** May be the request-token URL (Evernote): the call carrying `oauth_verifier` is this one. */
    readonly url: string
    readonly method?: 'POST' | 'GET'
    /**
     * Besides oauth_token and oauth_token_secret (Flickr's `user_nsid`); may replace those two
     * with the provider's sample (Evernote's empty `oauth_token_secret`). The handler's token
     * must hold every field.
     */
    readonly answer?: Readonly<Record<string, string>>
  }
  /** The "who am I" call, signed with the token. */
  readonly userinfo?: {
    /** The whole URL, query included. */
    readonly url: string
    /** Headers the call must carry besides the signature. */
    readonly headers?: Readonly<Record<string, string>>
    readonly answer: unknown
    /** Further signed GETs the profile makes after it, once each (Discogs' `/users/{username}`). */
    readonly more?: readonly { readonly url: string; readonly answer: unknown }[]
  }
  readonly profile: ExpectedProfile
}

export type Row = OAuth1Row | OAuth2Row

/** Credentials of a row: `{ clientId: '<id>-client', clientSecret: '<id>-secret' }`. */
export const creds = (id: string) => ({ clientId: `${id}-client`, clientSecret: `${id}-secret` })

/** The standard claims of OpenID Connect Core §5.3.2's userinfo sample. */
export const oidcClaims = {
  sub: '248289761001',
  name: 'Jane Doe',
  given_name: 'Jane',
  family_name: 'Doe',
  preferred_username: 'j.doe',
  email: 'janedoe@example.com',
  picture: 'http://example.com/janedoe/me.jpg',
} as const

/** The profile those claims map to. */
export const janeDoe: ExpectedProfile = {
  id: '248289761001',
  name: 'Jane Doe',
  username: 'j.doe',
  email: 'janedoe@example.com',
  avatarUrl: 'http://example.com/janedoe/me.jpg',
}
