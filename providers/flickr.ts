import { type OAuth1AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { at, defineProvider, profileFrom } from './define.js'
import { requireSetting } from './settings.js'

const DOCS = 'https://www.flickr.com/services/api/auth.oauth.html'
const REST = 'https://api.flickr.com/services/rest/'

// A REST method's URL; nojsoncallback=1 asks for bare JSON instead of a JSONP call.
// https://www.flickr.com/services/api/response.json.html
const method = (name: string, args: Readonly<Record<string, string>> = {}): string =>
  `${REST}?${new URLSearchParams({ method: name, ...args, format: 'json', nojsoncallback: '1' })}`

/**
 * Flickr with OAuth 1.0a (HMAC-SHA1, the only method Flickr takes). Permissions are asked with
 * `perms` (`read`, `write` or `delete`) on the authorize page, which the preset writes into
 * `authorizeUrl` (the library sends an OAuth 1.0a app's `requestTokenParams` to the
 * request-token call); the token calls are GETs, as Flickr's guide shows them. The profile takes
 * two calls, `flickr.test.login` for the user's NSID, then `flickr.people.getInfo` for the names
 * and the buddy icon, built from its farm and server. Flickr shares no email; tokens do not
 * expire; no refresh, no revocation.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { flickr } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('flickr', flickr({ perms: 'write' })) // reads FLICKR_CLIENT_ID and FLICKR_CLIENT_SECRET
 * ```
 * @see https://www.flickr.com/services/api/auth.oauth.html
 */
export const flickr = defineProvider<{ perms: 'read' | 'write' | 'delete' }, OAuth1AppOptions>({
  name: 'flickr',
  extra: ['perms'],
  info: {
    name: 'Flickr',
    protocol: 'oauth1',
    docsUrl: DOCS,
    refresh: 'none',
    profileFields: ['name', 'username', 'avatarUrl'],
  },
  defaults: ({ perms = 'read' }) => {
    const authorize = new URL('https://www.flickr.com/services/oauth/authorize')
    authorize.searchParams.set('perms', requireSetting('flickr', 'perms', perms, 'read', /^(read|write|delete)$/))
    return {
      requestTokenUrl: 'https://www.flickr.com/services/oauth/request_token',
      requestTokenMethod: 'GET',
      authorizeUrl: authorize.href,
      accessTokenUrl: 'https://www.flickr.com/services/oauth/access_token',
      accessTokenMethod: 'GET',
      baseUrl: REST,
      userInfo: async ({ request }) => {
        const login = await request(method('flickr.test.login'))
        const nsid = at(login.data, 'user.id')
        if (nsid === undefined) {
          const problem = at(login.data, 'message') ?? 'no user'
          throw new OAuthInvalidResponseError(OAuthErrorCode.INVALID_RESPONSE, `Flickr's flickr.test.login: ${problem}`)
        }
        const info = await request<Record<string, unknown>>(method('flickr.people.getInfo', { user_id: nsid }))
        return { ...info.data }
      },
      profile: profileFrom('Flickr', {
        id: 'person.nsid',
        name: ['person.realname._content', 'person.username._content'],
        username: 'person.username._content',
        // https://www.flickr.com/services/api/misc.buddyicons.html
        avatarUrl: (raw) => {
          const [nsid, server, farm] = ['person.nsid', 'person.iconserver', 'person.iconfarm'].map((path) =>
            at(raw, path),
          )
          if (nsid === undefined) return undefined
          return Number(server) > 0
            ? `https://farm${farm}.staticflickr.com/${server}/buddyicons/${nsid}.jpg`
            : 'https://www.flickr.com/images/buddyicon.gif'
        },
      }),
    }
  },
})
