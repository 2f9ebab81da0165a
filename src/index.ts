export type { FrameworkReply, FrameworkRequest, FrameworkTypes, HttpAdapter } from './adapter.js'
export { runWithRequest } from './adapter.js'
export {
  isOAuthError,
  OAuthAuthorizationError,
  OAuthConfigError,
  OAuthError,
  OAuthErrorCode,
  type OAuthErrorData,
  type OAuthErrorOptions,
  OAuthInvalidResponseError,
  OAuthNetworkError,
  OAuthResponseError,
  OAuthStateError,
  OAuthTokenRequestError,
} from './errors.js'
export type { OAuth1TokenResponse } from './oauth1/flow.js'
export type { OAuth2Token } from './oauth2/token.js'
export type {
  OAuth1AppOptions,
  OAuth2AppOptions,
  Params,
  Profile,
  RefreshLock,
  RemoteAppOptions,
  ResolvedOptions,
  SharedOptions,
  SignatureMethod,
  TokenEndpointAuthMethod,
} from './options.js'
export { VERSION } from './options.js'
export { type NextPage, parseLinkHeader } from './pagination.js'
export { OAuth, type RemoteAppSettings } from './registry.js'
export type {
  AuthorizedHandler,
  AuthorizedResponse,
  AuthorizeOptions,
  OAuth1RemoteApp,
  OAuth2RemoteApp,
  PaginateOptions,
  RawResponse,
  RequestOptions,
  TokenGetter,
  TokenUpdater,
} from './remote-app.js'
export { RemoteApp } from './remote-app.js'
export type { QueryValue } from './request-body.js'
export { OAuthResponse } from './response.js'
export type { PendingAuthorization } from './state.js'
export { StateSealer } from './state.js'
export type { OAuth1Token, OAuth2TokenInput, TokenInput } from './tokens.js'
