import { type OAuth1Server, type StartOAuth1ProviderOptions, startOAuth1Provider } from './oauth1-server.js'

/** Options of {@link startTwitter}; every one is optional. */
export type StartTwitterOptions = StartOAuth1ProviderOptions

/** The options that re-point the `twitter` preset at a {@link TwitterServer}. */
export interface TwitterPresetOptions {
  /** The server's protected API, `url + '/1.1/'`. */
  readonly baseUrl: string
  /** The server's `/oauth/request_token`. */
  readonly requestTokenUrl: string
  /** The server's `/oauth/access_token`. */
  readonly accessTokenUrl: string
  /** The server's `/oauth/authenticate`, where the preset sends users by default. */
  readonly authorizeUrl: string
  /** The first registered consumer's key. */
  readonly consumerKey: string
  /** The first registered consumer's secret. */
  readonly consumerSecret: string
}

/** A running X (Twitter) look-alike, as {@link startTwitter} resolves to it. */
export interface TwitterServer extends OAuth1Server {
  /**
   * The `twitter` preset's overrides and the consumer's credentials:
   * `twitter(server.presetOptions)` signs in here instead of at api.twitter.com.
   */
  readonly presetOptions: TwitterPresetOptions
}

/**
 * Starts an X (Twitter) shaped OAuth 1.0a provider on a loopback port: `/oauth/request_token`,
 * `/oauth/authorize` and `/oauth/authenticate`, and `/oauth/access_token` answering
 * `oauth_token`, `oauth_token_secret`, `user_id` and `screen_name`; and, under `/1.1/`,
 * `account/verify_credentials.json` (the user), `statuses/update.json` (POST `status`, at most
 * 280 characters, answers the Tweet) and `statuses/home_timeline.json` (`count`, newest first),
 * shaped like X's v1.1 answers. Any screen name may sign in.
 *
 * @param options - Port, consumers, the timestamp window.
 * @returns The running server; `close()` it when the test ends.
 * @throws {TypeError} When an option is out of range.
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { twitter } from 'oauth-consumer/providers'
 * import { startTwitter } from 'oauth-consumer/testing'
 *
 * const x = await startTwitter()
 * const app = new OAuth().remoteApp('twitter', twitter(x.presetOptions))
 * // …sign in through the app, then:
 * await x.close()
 * ```
 * @see https://developer.x.com/en/docs/authentication/api-reference/access_token
 * @see https://developer.x.com/en/docs/x-api/v1/accounts-and-users/manage-account-settings/api-reference/get-account-verify_credentials
 * @see https://developer.x.com/en/docs/x-api/v1/tweets/post-and-engage/api-reference/post-statuses-update
 * @see https://developer.x.com/en/docs/x-api/v1/tweets/timelines/api-reference/get-statuses-home_timeline
 */
export async function startTwitter(options: StartTwitterOptions = {}): Promise<TwitterServer> {
  const server = await startOAuth1Provider(options)
  return Object.assign(server, {
    presetOptions: {
      baseUrl: server.apiUrl,
      requestTokenUrl: server.requestTokenUrl,
      accessTokenUrl: server.accessTokenUrl,
      // The preset's default intent, "Sign in with X".
      authorizeUrl: `${server.url}/oauth/authenticate`,
      consumerKey: server.consumerKey,
      consumerSecret: server.consumerSecret,
    },
  })
}
