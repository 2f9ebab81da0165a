export type {
  FrameworkReply,
  FrameworkRequest,
  FrameworkTypes,
  HttpAdapter,
  PendingWrite,
  RequestScope,
} from './adapter.js'
export { runWithRequest } from './adapter.js'
export { type NextPage, parseLinkHeader } from './api/pagination.js'
export type { QueryValue } from './api/request-body.js'
export { type PendingCookieOptions, PendingCookies, readPublicUrl } from './browser/cookies.js'
export { StateSealer } from './browser/state.js'
export {
  isOAuthError,
  isReauthRequired,
  OAuthAuthorizationError,
  OAuthConfigError,
  OAuthError,
  OAuthErrorCode,
  type OAuthErrorData,
  type OAuthErrorOptions,
  OAuthIdTokenError,
  OAuthInvalidResponseError,
  OAuthNetworkError,
  OAuthNoTokenError,
  OAuthResponseError,
  OAuthSealedTokenError,
  OAuthStateError,
  OAuthTokenRequestError,
  type SealedTokenFailure,
} from './errors.js'
export type { OAuth1TokenResponse } from './oauth1/flow.js'
export type { ClientPrivateKey } from './oauth2/client-assertion.js'
export type { ClientCredentialsOptions } from './oauth2/client-credentials.js'
export type { DeviceAuthorization, DeviceAuthorizationOptions, PollOptions } from './oauth2/device-flow.js'
export type { OAuth2Token } from './oauth2/token.js'
export {
  type JwtClientSecretOptions,
  jwtClientSecret,
  MAX_CLIENT_SECRET_LIFETIME,
} from './oidc/client-jwt.js'
export type {
  CallbackCheck,
  CallbackTokenRequest,
  CallbackTokenTarget,
  ClientSecretFunction,
  OAuth1AppOptions,
  OAuth2AppOptions,
  Params,
  Profile,
  RefreshLock,
  RefreshLockOptions,
  RemoteAppOptions,
  ResolvedOptions,
  SharedOptions,
  SignatureMethod,
  TokenCache,
  TokenEndpointAuthMethod,
  TokenHeader,
  TokenRequestShape,
  TokenResponseNormaliser,
  UserInfoCall,
  UserInfoFunction,
  UserInfoObject,
  UserInfoRequestOptions,
} from './options.js'
export { clientIdEnv, VERSION } from './options.js'
export type { PendingAuthorization } from './pending.js'
export { type AttachOptions, attachAdapter, bindRequest, OAuth, type RemoteAppSettings } from './registry.js'
export type {
  AuthorizedHandler,
  AuthorizedResponse,
  AuthorizeOptions,
  OAuth1RemoteApp,
  OAuth2RemoteApp,
  PaginateOptions,
  RawResponse,
  RefreshOptions,
  RequestOptions,
  TokenGetter,
  TokenUpdater,
} from './remote-app.js'
export { RemoteApp } from './remote-app.js'
export { OAuthResponse } from './response.js'
export { readSecrets } from './secrets.js'
export { createTokenSealer, type TokenSealer, type TokenSealerKey, type TokenSealerOptions } from './token-sealer.js'
export type { ApiBaseFromToken, OAuth1Token, OAuth2TokenInput, TokenInput } from './tokens.js'
