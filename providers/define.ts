import {
  clientIdEnv,
  OAuthConfigError,
  OAuthErrorCode,
  OAuthInvalidResponseError,
  type Profile,
  type RemoteAppOptions,
  type UserInfoObject,
} from '../src/index.js'

/** What a preset takes: any remote-app option, which wins over the preset's, plus its own settings. */
export type ProviderInput<Extra extends object = Record<never, never>> = RemoteAppOptions & Partial<Extra>

/** A preset: credentials and overrides in, the remote app's options out; `info` describes it. */
export type Provider<Extra extends object = Record<never, never>, Out extends RemoteAppOptions = RemoteAppOptions> = ((
  input?: ProviderInput<Extra>,
) => Out) & {
  /** What a catalogue shows about the preset: its id, name, protocol, docs and variables. */
  readonly info: PresetInfo
}

/**
 * The stem of a preset's environment variables: its id in upper snake case.
 *
 * @param id - the preset's id, e.g. `amazonCognito`
 * @returns e.g. `AMAZON_COGNITO`
 */
export function envPrefix(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '_')
}

/**
 * What a catalogue of presets shows about one of them, e.g. to build a "Sign in with…" menu or
 * to tell an operator which variables to set.
 */
export interface PresetInfo {
  /** The preset's export name (`github`, `microsoft`), which also names its environment variables. */
  readonly id: string
  /** The provider's name as users know it (`GitHub`, `Microsoft`). */
  readonly name: string
  /** How the preset signs users in: OAuth 1.0a, plain OAuth 2.0, or OpenID Connect. */
  readonly protocol: 'oauth1' | 'oauth2' | 'oidc'
  /** The provider's page on registering an app and its sign-in flow. */
  readonly docsUrl: string
  /** The environment variables the preset reads its credentials from, client id first. */
  readonly env: readonly string[]
  /** The preset's own settings (tenancy, versions, instance URLs), passed as options of the preset. */
  readonly settings: readonly string[]
  /** Whether and how the provider hands out refresh tokens (see {@link RefreshSupport}). */
  readonly refresh: RefreshSupport
  /** The {@link Profile} fields the provider can fill besides `id` and `raw`, in `Profile`'s order. */
  readonly profileFields: readonly ProfileField[]
}

/**
 * Whether a provider hands out refresh tokens: `rotating`, a new one with every refresh, which
 * must be stored as the old one stops working; `reused`, one that keeps working (an answer
 * without a new one keeps the old); `conditional`, only when asked for or enabled (an offline
 * scope, an app setting, a kind of app), as the preset's page says; `none`, never.
 */
export type RefreshSupport = 'rotating' | 'reused' | 'conditional' | 'none'

/** A {@link Profile} field a provider may leave empty. */
export type ProfileField = 'name' | 'username' | 'email' | 'avatarUrl'

const PROFILE_FIELDS: readonly ProfileField[] = ['name', 'username', 'email', 'avatarUrl']

/** The part of a preset's {@link PresetInfo} its file states; the rest is derived from the spec. */
export interface PresetDescription {
  /** The provider's name as users know it. */
  readonly name: string
  /** How the preset signs users in. */
  readonly protocol: PresetInfo['protocol']
  /** The provider's page on registering an app and its sign-in flow. */
  readonly docsUrl: string
  /**
   * Settings to list beside `extra` that are not the preset's own, such as the `issuer` the
   * generic `oidc` preset cannot work without.
   */
  readonly settings?: readonly string[]
  /** Whether and how the provider hands out refresh tokens. */
  readonly refresh: RefreshSupport
  /** The profile fields the provider can fill besides `id` and `raw`. */
  readonly profileFields: readonly ProfileField[]
}

/** What {@link defineProvider} makes a preset from. */
export interface ProviderSpec<Extra extends object, Out extends RemoteAppOptions = RemoteAppOptions> {
  /**
   * The preset's id, its export name: it names the credentials' environment variables in upper
   * snake case (`github` reads `GITHUB_CLIENT_ID` and `GITHUB_CLIENT_SECRET`, `amazonCognito`
   * `AMAZON_COGNITO_CLIENT_ID`).
   */
  readonly name: string
  /** The preset's own settings (e.g. `authUrl`), which are not remote-app options. */
  readonly extra?: readonly (keyof Extra & string)[]
  /** What the catalogue shows about the preset. */
  readonly info: PresetDescription
  /**
   * Options the provider leaves no choice about, each with the reason: a caller giving another
   * value is refused (`x(): "pkce" is fixed: X refuses sign-ins without PKCE`), the same value
   * is accepted.
   */
  readonly fixed?: { readonly [Key in keyof Out & string]?: FixedOption<Out[Key]> }
  /**
   * The provider's endpoints and quirks, given the input and the resolved client id (given, or
   * read from `<NAME>_CLIENT_ID`), for providers that want it in a header.
   */
  defaults(input: ProviderInput<Extra>, context: PresetContext): Out
}

/** An option a preset pins, and why (shown to a caller who tries another value). */
export interface FixedOption<Value> {
  /** The only value the provider accepts. */
  readonly value: Value
  /** Why, as the message ends: `X refuses sign-ins without PKCE`. */
  readonly because: string
  /** Other ways of writing the same value, accepted from the caller (`pkce: 'S256'` for `true`). */
  readonly alike?: readonly Value[]
}

/** What a preset's `defaults` knows besides the caller's input. */
export interface PresetContext {
  /** The client id, given or read from the environment; `undefined` when neither has one. */
  readonly clientId: string | undefined
  /**
   * The client secret when it is a string, given or read from the environment, for providers
   * that want it beside the token on API calls (Etsy's `x-api-key`); `undefined` otherwise.
   */
  readonly clientSecret: string | undefined
}

// Options whose value is a set of parameters or headers: a caller's adds to the preset's, key by
// key, rather than replacing it, so `requestTokenParams: { prompt: 'login' }` keeps a provider's
// required `duration=permanent`.
const MERGED = ['requestTokenParams', 'accessTokenParams', 'headers'] as const

function isParams(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Makes a preset from typed data. Providers use only the public API, so any user can write one
 * the same way. The preset reads the client id and secret from `<NAME>_CLIENT_ID` and
 * `<NAME>_CLIENT_SECRET` unless given; the caller's options win over the preset's defaults
 * (except its `fixed` ones), parameter and header sets (`requestTokenParams`,
 * `accessTokenParams`, `headers`) are merged key by key, and its `extra` settings are not passed
 * on to `remoteApp()`.
 *
 * @param spec - the preset's id, its own settings, its description and the defaults it makes from the input
 * @returns the preset: credentials and overrides in, the remote app's options out; its {@link PresetInfo} as `info`
 * @throws {OAuthConfigError} `OAUTH_INVALID_OPTIONS` from the preset when the caller gives a `fixed`
 * option another value, or a setting its `defaults` refuses (see `requireSetting`)
 * @example
 * ```ts
 * import { OAuth, type OAuth2AppOptions } from 'oauth-consumer'
 * import { defineProvider } from 'oauth-consumer/providers'
 *
 * const acme = defineProvider<{ region: 'eu' | 'us' }, OAuth2AppOptions>({
 *   name: 'acme', // ACME_CLIENT_ID, ACME_CLIENT_SECRET
 *   extra: ['region'],
 *   info: {
 *     name: 'Acme',
 *     protocol: 'oauth2',
 *     docsUrl: 'https://developer.acme.example/oauth',
 *     refresh: 'rotating',
 *     profileFields: ['name', 'email'],
 *   },
 *   defaults: ({ region = 'eu' }) => ({
 *     baseUrl: `https://api.${region}.acme.example/v1/`,
 *     authorizeUrl: `https://${region}.acme.example/oauth/authorize`,
 *     accessTokenUrl: `https://${region}.acme.example/oauth/token`,
 *   }),
 * })
 * const app = new OAuth().remoteApp('acme', acme({ region: 'us', scope: ['read'] }))
 * ```
 */
export function defineProvider<
  Extra extends object = Record<never, never>,
  Out extends RemoteAppOptions = RemoteAppOptions,
>(spec: ProviderSpec<Extra, Out>): Provider<Extra, Out> {
  const env = envPrefix(spec.name)
  const extra = new Set<string>(spec.extra ?? [])
  const info: PresetInfo = Object.freeze({
    id: spec.name,
    name: spec.info.name,
    protocol: spec.info.protocol,
    docsUrl: spec.info.docsUrl,
    env: Object.freeze([`${env}_CLIENT_ID`, `${env}_CLIENT_SECRET`]),
    settings: Object.freeze([...extra, ...(spec.info.settings ?? [])]),
    refresh: spec.info.refresh,
    profileFields: Object.freeze(PROFILE_FIELDS.filter((name) => spec.info.profileFields.includes(name))),
  })
  const preset = (input: ProviderInput<Extra> = {}): Out => {
    const overrides: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(input)) {
      if (!extra.has(key) && value !== undefined) overrides[key] = value
    }
    const clientId = input.clientId ?? input.consumerKey ?? process.env[`${env}_CLIENT_ID`]
    const clientSecret = input.clientSecret ?? input.consumerSecret ?? process.env[`${env}_CLIENT_SECRET`]
    delete overrides.consumerKey
    delete overrides.consumerSecret
    const secret = typeof clientSecret === 'string' ? clientSecret : undefined
    const defaults: Record<string, unknown> = Object.fromEntries(
      Object.entries(spec.defaults(input, { clientId, clientSecret: secret })),
    )
    for (const key of MERGED) {
      const ours = defaults[key]
      const theirs = overrides[key]
      if (isParams(ours) && isParams(theirs)) overrides[key] = { ...ours, ...theirs }
    }
    for (const [key, pin] of Object.entries<FixedOption<unknown> | undefined>(spec.fixed ?? {})) {
      if (pin === undefined) continue
      if (key in overrides && overrides[key] !== pin.value && !(pin.alike ?? []).includes(overrides[key])) {
        throw new OAuthConfigError(OAuthErrorCode.INVALID_OPTIONS, `${spec.name}(): "${key}" is fixed: ${pin.because}`)
      }
      overrides[key] = pin.value
    }
    return {
      ...defaults,
      ...overrides,
      // Without a client id, registration names the variable the user can set.
      ...(clientId === undefined ? { [clientIdEnv]: `${env}_CLIENT_ID` } : { clientId }),
      ...(clientSecret === undefined ? {} : { clientSecret }),
    } as Out
  }
  return Object.assign(preset, { info })
}

/** A field of an untyped provider answer as a string, if it is one (numbers count: ids often are). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** An object field of an untyped provider answer. */
export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
}

/** A user's id from a profile answer: without one, the answer names nobody and cannot be used. */
export function requireId(id: string | undefined, provider: string): string {
  if (id === undefined) {
    throw new OAuthInvalidResponseError(OAuthErrorCode.INVALID_RESPONSE, `${provider} sent a user without an id`)
  }
  return id
}

/** A base URL with its final `/`, so relative paths join under it rather than beside its last segment. */
export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}

/**
 * A user-info answer typed as the provider's docs describe it. Only the id is checked (a mapping
 * throws `OAUTH_INVALID_RESPONSE` without one); the other fields are the docs' promise, unchecked,
 * so a mapping still checks the type of each field it reads.
 */
export function documented<Raw>(raw: UserInfoObject): Raw {
  return raw as Raw
}

/**
 * The OpenID Connect userinfo answer: the standard claims, and whatever else the provider adds.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims
 */
export interface OidcUserInfo {
  /** Subject: the user's identifier at the issuer, never reassigned; with the issuer, the only stable key for the user. */
  readonly sub: string
  /** The user's full name in displayable form, possibly with titles and suffixes, in their locale. */
  readonly name?: string
  /** Given name(s) or first name(s); several are separated by spaces. */
  readonly given_name?: string
  /** Surname(s) or last name(s); several are separated by spaces. */
  readonly family_name?: string
  /** Middle name(s); several are separated by spaces. */
  readonly middle_name?: string
  /** A casual name, which may or may not be the given name (`Mike` for `Michael`). */
  readonly nickname?: string
  /** The name the user wants to be referred to by (`j.doe`); not unique, so not a key for the user. */
  readonly preferred_username?: string
  /** URL of the user's profile page. */
  readonly profile?: string
  /** URL of the user's profile picture, an image file rather than a page containing one. */
  readonly picture?: string
  /** URL of the user's web page or blog. */
  readonly website?: string
  /** The user's preferred email address (RFC 5322 addr-spec); not unique, so not a key for the user. */
  readonly email?: string
  /** Whether the provider took steps to make sure the user controlled `email` when it was verified. */
  readonly email_verified?: boolean
  /** The user's gender: `female`, `male`, or another value the provider defines. */
  readonly gender?: string
  /** Birthday as ISO 8601 `YYYY-MM-DD`, or `YYYY` alone; `0000` as the year when it is withheld. */
  readonly birthdate?: string
  /** The user's time zone from the IANA database, e.g. `Europe/Paris`. */
  readonly zoneinfo?: string
  /** The user's locale as a BCP 47 language tag, e.g. `en-US` (some providers write `en_US`). */
  readonly locale?: string
  /** The user's preferred telephone number, recommended in E.164 form, e.g. `+1 (425) 555-1212`. */
  readonly phone_number?: string
  /** Whether the provider took steps to make sure the user controlled `phone_number` when it was verified. */
  readonly phone_number_verified?: boolean
  /** The user's preferred postal address (OpenID Connect Core §5.1.1). */
  readonly address?: {
    /** The full mailing address, formatted for display or a label; lines may be separated by newlines. */
    readonly formatted?: string
    /** Street address: house number, street, and possibly apartment or P.O. box, on one or more lines. */
    readonly street_address?: string
    /** City or locality. */
    readonly locality?: string
    /** State, province, prefecture or region. */
    readonly region?: string
    /** Zip or postal code. */
    readonly postal_code?: string
    /** Country name. */
    readonly country?: string
  }
  /** When the user's information was last updated, in seconds since 1970-01-01T00:00:00Z. */
  readonly updated_at?: number
  /** Any other claim the provider sends. */
  readonly [claim: string]: unknown
}

/**
 * Maps an OpenID Connect userinfo answer: `sub`; `name`, else `preferred_username`;
 * `preferred_username`, else `nickname`, as the username; `email`; `picture`.
 *
 * @param provider - names the provider in the error of an answer without `sub`
 * @returns the mapping, for a preset's `profile`
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse
 */
export function userInfoProfile<Raw extends OidcUserInfo = OidcUserInfo>(
  provider: string,
): (raw: UserInfoObject) => Profile<Raw> {
  return (raw) => ({
    id: requireId(text(raw.sub), provider),
    name: text(raw.name) ?? text(raw.preferred_username),
    username: text(raw.preferred_username) ?? text(raw.nickname),
    email: text(raw.email),
    avatarUrl: text(raw.picture),
    raw: documented<Raw>(raw),
  })
}

/**
 * Where a profile field is read in a provider's answer: a dotted path (`image.link`,
 * `data.0.login`), paths tried in turn until one holds a string or number, or a function.
 */
export type ProfileSource = string | readonly string[] | ((raw: UserInfoObject) => string | undefined)

/** Where {@link profileFrom} reads each profile field; a field without a source is left empty. */
export interface ProfileSources {
  /** The user's id at the provider; an answer without one is refused. */
  readonly id: ProfileSource
  /** The display name. */
  readonly name?: ProfileSource
  /** The handle the user signs in or is mentioned with. */
  readonly username?: ProfileSource
  /** The e-mail address. */
  readonly email?: ProfileSource
  /** A URL of the user's picture. */
  readonly avatarUrl?: ProfileSource
}

/** The value at a dotted path of an answer (`data.0.id`), as a string if it is a string or a number. */
export function at(raw: unknown, path: string): string | undefined {
  let value = raw
  for (const key of path.split('.')) value = field(value, key)
  return text(value)
}

function read(raw: UserInfoObject, source: ProfileSource | undefined): string | undefined {
  if (source === undefined) return undefined
  if (typeof source === 'function') return source(raw)
  if (typeof source === 'string') return at(raw, source)
  for (const path of source) {
    const value = at(raw, path)
    if (value !== undefined) return value
  }
  return undefined
}

/**
 * A profile mapping from where each field sits in the provider's answer, for a preset's
 * `profile`: numbers become strings (ids often are numbers), empty strings and other types are
 * left out, and an answer without an id is `OAUTH_INVALID_RESPONSE` naming the provider.
 *
 * @param provider - the provider's name, for the error of an answer without an id
 * @param sources - where each field is read
 * @returns the mapping
 * @example
 * ```ts
 * import { profileFrom } from 'oauth-consumer/providers'
 *
 * const profile = profileFrom('42', {
 *   id: 'id',
 *   name: ['usual_full_name', 'displayname'],
 *   username: 'login',
 *   email: 'email',
 *   avatarUrl: 'image.link',
 * })
 * ```
 */
export function profileFrom<Raw = UserInfoObject>(
  provider: string,
  sources: ProfileSources,
): (raw: UserInfoObject) => Profile<Raw> {
  return (raw) => ({
    id: requireId(read(raw, sources.id), provider),
    name: read(raw, sources.name),
    username: read(raw, sources.username),
    email: read(raw, sources.email),
    avatarUrl: read(raw, sources.avatarUrl),
    raw: documented<Raw>(raw),
  })
}
