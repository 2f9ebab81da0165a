/**
 * `oauth-consumer/testing`: local providers and a browser-less sign-in for an app's own tests.
 * Each provider listens on a loopback port (0, a free one, by default) and resolves to an object
 * with its URLs and `close()`.
 */

export { CookieJar, parseSetCookie, type StoredCookie } from './cookie-jar.js'
export { type GitHubServer, type StartGitHubOptions, startGitHub } from './github.js'
export {
  type Consumer,
  consumer,
  type IssuedToken,
  type OAuth1Server,
  type StartOAuth1ProviderOptions,
  startOAuth1Provider,
  type Tweet,
  type TweetUser,
  type User,
  type VerifiedRequest,
} from './oauth1-server.js'
export {
  type Account,
  type ClientMetadata,
  client,
  DEFAULT_CLIENT_ID,
  type OAuth2Server,
  type OidcProviderInstance,
  type StartOAuth2ProviderOptions,
  type StoredAccessToken,
  type StoredToken,
  startOAuth2Provider,
} from './oauth2-server.js'
export { freePort } from './ports.js'
export { approveDevice, type SignInOptions, signInAt } from './provider-pages.js'
export { type SignInResponse, type SignInResult, type SignInThroughAppOptions, signIn } from './sign-in.js'
export { type StartTwitterOptions, startTwitter, type TwitterPresetOptions, type TwitterServer } from './twitter.js'
