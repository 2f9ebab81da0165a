import { type Fail, invalidOptions } from './errors.js'
import {
  OAUTH1_OPTION_NAMES,
  type OAuth1Options,
  type OAuth1Settings,
  requestTokenUrlOf,
  resolveOAuth1,
} from './oauth1/options.js'
import { OAUTH2_OPTION_NAMES, type OAuth2Options, type OAuth2Settings, resolveOAuth2 } from './oauth2/options.js'
import { OIDC_OPTION_NAMES, type OidcOptions, type OidcSettings, resolveOidc } from './oidc/options.js'
import {
  COMMON_OPTION_NAMES,
  type CommonOptions,
  type CommonSettings,
  checkBaseUrl,
  resolveCommon,
} from './options/common.js'
import { checkShared, SHARED_OPTION_NAMES, type SharedOptions } from './options/shared.js'

export type { SignatureMethod } from './oauth1/options.js'
export type {
  CallbackCheck,
  CallbackTokenRequest,
  CallbackTokenTarget,
  TokenEndpointAuthMethod,
  TokenHeader,
  TokenRequestShape,
  TokenResponseNormaliser,
} from './oauth2/options.js'
export {
  type ClientSecretFunction,
  clientIdEnv,
  type Params,
  type Profile,
  type UserInfoCall,
  type UserInfoFunction,
  type UserInfoObject,
  type UserInfoRequestOptions,
} from './options/common.js'
export type { RefreshLock, RefreshLockOptions, SharedOptions, TokenCache } from './options/shared.js'
export { VERSION, validateSharedOptions } from './options/shared.js'

/**
 * The options of a remote app (API.md §2): each protocol's own, validated where they are defined.
 *
 * @typeParam Raw - the user-info answer its `profile` mapping takes, inferred from it
 */
export interface RemoteAppOptions<Raw = unknown>
  extends CommonOptions<Raw>,
    OAuth1Options,
    OAuth2Options,
    OidcOptions {}

/** The options of an OAuth 1.0a app: it has a request-token URL. */
export type OAuth1AppOptions<Raw = unknown> = RemoteAppOptions<Raw> & { readonly requestTokenUrl: string }
/** The options of an OAuth 2.0 app: no request-token URL. */
export type OAuth2AppOptions<Raw = unknown> = RemoteAppOptions<Raw> & { readonly requestTokenUrl?: null | undefined }

/** Options after validation: URLs parsed, aliases and defaults applied, every protocol's fields. */
export type ResolvedOptions = { readonly protocol: 'oauth1' | 'oauth2' } & CommonSettings &
  OAuth1Settings &
  OAuth2Settings &
  OidcSettings

/** Every option name, from the parts' own lists; the types keep each list equal to its interface. */
const OPTION_NAMES: Readonly<Record<keyof RemoteAppOptions, true>> = {
  ...SHARED_OPTION_NAMES,
  ...COMMON_OPTION_NAMES,
  ...OAUTH1_OPTION_NAMES,
  ...OAUTH2_OPTION_NAMES,
  ...OIDC_OPTION_NAMES,
}

/**
 * Validates a remote app's options once, at registration, with errors that name the option:
 * the parts shared by every app, then each protocol's own.
 */
export function resolveOptions(name: string, options: RemoteAppOptions, registry: SharedOptions): ResolvedOptions {
  const fail: Fail = (message) => invalidOptions(`Remote app "${name}": ${message}`)
  if (typeof options !== 'object' || options === null) throw fail('options must be an object')
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(OPTION_NAMES, key)) throw fail(`unknown option "${key}"`)
  }
  checkShared(name, options, fail)
  const common = resolveCommon(options, registry, fail)
  const requestTokenUrl = requestTokenUrlOf(options, common.baseUrl, fail)
  const oauth1 = requestTokenUrl !== undefined
  const oidc = resolveOidc(options, common, oauth1, fail)
  checkBaseUrl(common, fail)
  const oauth1Settings = resolveOAuth1(options, requestTokenUrl, fail)
  const oauth2Settings = resolveOAuth2(options, common, !oauth1, oidc.issuer, fail)
  return { protocol: oauth1 ? 'oauth1' : 'oauth2', ...common, ...oauth1Settings, ...oauth2Settings, ...oidc }
}
