import type { OAuth1AppOptions } from '../src/index.js'
import { at, defineProvider, profileFrom } from './define.js'
import { requireSetting } from './settings.js'

/** How long a Trello token lasts, as the authorize page offers it. */
export type TrelloExpiration = '1hour' | '1day' | '30days' | 'never'

const DOCS = 'https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/'

/**
 * Trello with OAuth 1.0a (HMAC-SHA1). Trello's authorize page takes `scope` (comma-separated:
 * `read`, `write`, `account`), `expiration` and the app's `name`; the library puts OAuth 1.0a
 * extras on the request-token call, so the preset writes them into `authorizeUrl` (a `scope`
 * given to `authorize()` replaces the app's). The email needs the `account` scope; the avatar is
 * `avatarUrl` plus a size. Tokens end after `expiration` (`never` keeps them); no refresh, no
 * revocation.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { trello } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('trello', trello({ appName: 'Acme Boards', scope: ['read', 'account'] })) // reads TRELLO_CLIENT_ID and TRELLO_CLIENT_SECRET
 * ```
 * @see https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/
 */
export const trello = defineProvider<{ expiration: TrelloExpiration; appName: string }, OAuth1AppOptions>({
  name: 'trello',
  extra: ['expiration', 'appName'],
  info: {
    name: 'Trello',
    protocol: 'oauth1',
    docsUrl: DOCS,
    refresh: 'none',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: ({ expiration = '30days', appName, scope = ['read'] }) => {
    const authorize = new URL('https://trello.com/1/OAuthAuthorizeToken')
    authorize.searchParams.set('scope', typeof scope === 'string' ? scope : scope.join(','))
    authorize.searchParams.set(
      'expiration',
      requireSetting('trello', 'expiration', expiration, '30days', /^(1hour|1day|30days|never)$/),
    )
    // Without a name, the page asks the user to trust "An unknown application".
    if (appName !== undefined)
      authorize.searchParams.set('name', requireSetting('trello', 'appName', appName, 'Acme Boards'))
    return {
      requestTokenUrl: 'https://trello.com/1/OAuthGetRequestToken',
      authorizeUrl: authorize.href,
      accessTokenUrl: 'https://trello.com/1/OAuthGetAccessToken',
      baseUrl: 'https://api.trello.com/1/',
      userInfoUrl: 'members/me',
      scope,
      scopeSeparator: ',',
      profile: profileFrom('Trello', {
        id: 'id',
        name: ['fullName', 'username'],
        username: 'username',
        email: 'email',
        // "append the size you want: /30.png, /50.png, /170.png or /original.png"
        avatarUrl: (raw) => {
          const base = at(raw, 'avatarUrl')
          return base === undefined ? undefined : `${base}/170.png`
        },
      }),
    }
  },
})
