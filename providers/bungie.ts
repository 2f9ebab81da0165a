import { type OAuth2AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { at, defineProvider, field, profileFrom, text } from './define.js'
import { requireSetting } from './settings.js'

// A Bungie Name is the global display name and its four-digit code: `Guardian#0042`.
function bungieName(raw: object): string | undefined {
  const name = at(raw, 'bungieNetUser.cachedBungieGlobalDisplayName')
  const code = at(raw, 'bungieNetUser.cachedBungieGlobalDisplayNameCode')
  return name !== undefined && code !== undefined ? `${name}#${code.padStart(4, '0')}` : undefined
}

// Bungie sends the avatar as a path on www.bungie.net (`/img/profile/avatars/…`).
function avatarUrl(raw: object): string | undefined {
  const path = at(raw, 'bungieNetUser.profilePicturePath')
  return path?.startsWith('/') && !path.startsWith('//') ? `https://www.bungie.net${path}` : undefined
}

/**
 * Bungie.net (Destiny). Every Platform API call carries the application's API key as
 * `X-API-Key` besides the token: `apiKey` (default `BUNGIE_API_KEY`) is required. Confidential
 * clients authenticate with HTTP Basic and get refresh tokens (public clients get none); the
 * permissions are chosen on the application, so no scope is asked for. Platform answers are
 * wrapped (`{ Response, ErrorCode, ErrorStatus, Message }`) and report failures in an HTTP 200 with
 * an `ErrorCode` other than 1, which the profile refuses as `OAUTH_INVALID_RESPONSE`. The profile
 * is `User/GetMembershipsForCurrentUser/`, whose `bungieNetUser` names the user. Bungie documents
 * no revocation endpoint; nor does it mention PKCE, whose S256 challenge is sent, as everywhere
 * (RFC 7636 §5).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { bungie } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('bungie', bungie()) // reads BUNGIE_CLIENT_ID, BUNGIE_CLIENT_SECRET and BUNGIE_API_KEY
 * ```
 * @see https://github.com/Bungie-net/api/wiki/OAuth-Documentation
 * @see https://bungie-net.github.io/multi/operation_get_User-GetMembershipDataForCurrentUser.html
 */
export const bungie = defineProvider<
  {
    /** The application's API key, sent as `X-API-Key` on every Platform call; default `BUNGIE_API_KEY`. */
    apiKey: string
  },
  OAuth2AppOptions
>({
  name: 'bungie',
  extra: ['apiKey'],
  info: {
    name: 'Bungie.net',
    protocol: 'oauth2',
    docsUrl: 'https://github.com/Bungie-net/api/wiki/OAuth-Documentation',
    refresh: 'conditional',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: ({ apiKey = process.env.BUNGIE_API_KEY }) => ({
    authorizeUrl: 'https://www.bungie.net/en/OAuth/Authorize',
    accessTokenUrl: 'https://www.bungie.net/Platform/App/OAuth/token/',
    baseUrl: 'https://www.bungie.net/Platform/',
    userInfoUrl: 'User/GetMembershipsForCurrentUser/',
    tokenEndpointAuthMethod: 'client_secret_basic',
    headers: {
      'X-API-Key': requireSetting(
        'bungie',
        'apiKey',
        apiKey,
        '0123456789abcdef0123456789abcdef',
        /^[A-Za-z0-9]{8,64}$/,
      ),
    },
    userInfo: async ({ url, request }) => {
      const { data } = await request<unknown>(url ?? 'User/GetMembershipsForCurrentUser/')
      const response = field(data, 'Response')
      if (field(data, 'ErrorCode') !== 1 || typeof response !== 'object' || response === null) {
        const status = text(field(data, 'ErrorStatus')) ?? 'an error'
        const message = text(field(data, 'Message'))
        throw new OAuthInvalidResponseError(
          OAuthErrorCode.INVALID_RESPONSE,
          `Bungie answered ${status}${message === undefined ? '' : `: ${message}`}`,
        )
      }
      return { ...response }
    },
    profile: profileFrom('Bungie.net', {
      id: 'bungieNetUser.membershipId',
      name: ['bungieNetUser.cachedBungieGlobalDisplayName', 'bungieNetUser.displayName'],
      username: (raw) => bungieName(raw) ?? at(raw, 'bungieNetUser.uniqueName'),
      avatarUrl: avatarUrl,
    }),
  }),
})
