import { type OAuth2AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { defineProvider, field, profileFrom, text } from './define.js'
import { urlSetting } from './settings.js'

const CURRENT_USER = 'query { currentUser { id slug name email player { gamerTag } images(type: "profile") { url } } }'

/**
 * start.gg. Token requests are JSON with the client id and secret in the body, and carry the
 * scope again, as start.gg documents; refreshes go to a separate endpoint,
 * `api.start.gg/oauth/refresh`, which also wants the sign-in's `redirect_uri`: give the
 * callback URL as `redirectUri` for the preset to send it (the library does not keep it with
 * the token). The profile is the GraphQL `currentUser` (`user.email` for the email); a user's
 * handle is their player's gamer tag. No revocation endpoint. start.gg's docs do not mention
 * PKCE; the S256 challenge is sent, as everywhere.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { startgg } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('startgg', startgg({ redirectUri: 'https://app.example.com/auth/startgg/callback' })) // reads STARTGG_CLIENT_ID and STARTGG_CLIENT_SECRET
 * ```
 * @see https://developer.start.gg/docs/oauth/oauth-overview
 * @see https://developer.start.gg/docs/oauth/scopes
 */
export const startgg = defineProvider<
  {
    /** The callback URL of the sign-in, resent with each refresh as start.gg asks. */
    redirectUri: string
  },
  OAuth2AppOptions
>({
  name: 'startgg',
  extra: ['redirectUri'],
  info: {
    name: 'start.gg',
    protocol: 'oauth2',
    docsUrl: 'https://developer.start.gg/docs/oauth/oauth-overview',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: ({ scope = ['user.identity', 'user.email'], scopeSeparator = ' ', redirectUri }) => {
    if (redirectUri !== undefined) urlSetting('startgg', 'redirectUri', redirectUri, 'https://app.example.com/callback')
    return {
      authorizeUrl: 'https://start.gg/oauth/authorize',
      accessTokenUrl: 'https://api.start.gg/oauth/access_token',
      refreshTokenUrl: 'https://api.start.gg/oauth/refresh',
      baseUrl: 'https://api.start.gg/',
      userInfoUrl: 'gql/alpha',
      scope,
      // "The following parameters must be sent with a application/json Content Type header"; the
      // scope goes with the code and with every refresh (accessTokenParams are sent on both).
      tokenRequest: { format: 'json' },
      accessTokenParams: { scope: typeof scope === 'string' ? scope : scope.join(scopeSeparator) },
      ...(redirectUri === undefined ? {} : { refreshTokenParams: { redirect_uri: redirectUri } }),
      userInfo: async ({ url, request }) => {
        const { data } = await request<unknown>(url ?? 'gql/alpha', {
          method: 'POST',
          data: { query: CURRENT_USER },
          format: 'json',
        })
        const user = field(field(data, 'data'), 'currentUser')
        if (typeof user === 'object' && user !== null) return { ...user }
        // GraphQL reports failures in an HTTP 200 with `errors`.
        const message = text(field(field(field(data, 'errors'), '0'), 'message'))
        throw new OAuthInvalidResponseError(
          OAuthErrorCode.INVALID_RESPONSE,
          `start.gg sent no currentUser${message === undefined ? '' : `: ${message}`}`,
        )
      },
      profile: profileFrom('start.gg', {
        id: 'id',
        name: ['name', 'player.gamerTag'],
        username: 'player.gamerTag',
        email: 'email',
        avatarUrl: 'images.0.url',
      }),
    }
  },
})
