import { type OAuth1AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { at, defineProvider, profileFrom } from './define.js'

const DOCS = 'https://www.discogs.com/developers/#page:authentication,header:authentication-oauth-flow'

/**
 * Discogs with OAuth 1.0a. Discogs' guide signs with PLAINTEXT over HTTPS (`signatureMethod:
 * 'HMAC-SHA1'` is the caller's to try), gets the request token with a GET and the access token
 * with a POST. Every request must carry a User-Agent naming the app: the preset sends one built
 * from the consumer key; give your own `userAgent` (`MyApp/1.0 +https://app.example`). The
 * profile takes two calls: `oauth/identity` for the username, then `users/{username}` for the
 * name, avatar and (as the user themself) email. No refresh, no revocation.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { discogs } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('discogs', discogs({ userAgent: 'CrateDigger/1.0 +https://crates.example' })) // reads DISCOGS_CLIENT_ID and DISCOGS_CLIENT_SECRET
 * ```
 * @see https://www.discogs.com/developers/#page:authentication,header:authentication-oauth-flow
 */
export const discogs = defineProvider<Record<never, never>, OAuth1AppOptions>({
  name: 'discogs',
  info: {
    name: 'Discogs',
    protocol: 'oauth1',
    docsUrl: DOCS,
    refresh: 'none',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: (_input, { clientId }) => ({
    requestTokenUrl: 'https://api.discogs.com/oauth/request_token',
    requestTokenMethod: 'GET',
    authorizeUrl: 'https://www.discogs.com/oauth/authorize',
    accessTokenUrl: 'https://api.discogs.com/oauth/access_token',
    signatureMethod: 'PLAINTEXT',
    // "Your application must provide a User-Agent string that identifies itself".
    userAgent: `${clientId ?? 'app'}/1.0 (oauth-consumer)`,
    baseUrl: 'https://api.discogs.com/',
    userInfo: async ({ request }) => {
      const identity = await request('oauth/identity')
      const username = at(identity.data, 'username')
      if (username === undefined) {
        throw new OAuthInvalidResponseError(
          OAuthErrorCode.INVALID_RESPONSE,
          'Discogs sent an identity without a username',
        )
      }
      const user = await request<Record<string, unknown>>(`users/${encodeURIComponent(username)}`)
      return { ...user.data }
    },
    profile: profileFrom('Discogs', {
      id: 'id',
      name: ['name', 'username'],
      username: 'username',
      email: 'email',
      avatarUrl: 'avatar_url',
    }),
  }),
})
