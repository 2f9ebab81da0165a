import type { OAuth1AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'
import { requireSetting } from './settings.js'

const DOCS = 'https://api.smugmug.com/api/v2/doc/tutorial/authorization.html'

/**
 * SmugMug (API v2) with OAuth 1.0a, HMAC-SHA1. What the app may see and do is asked on the
 * authorize page, not with scopes: `access` (`Public` or `Full`) and `permissions` (`Read`,
 * `Add` or `Modify`), which the preset writes into `authorizeUrl` (the library sends an OAuth
 * 1.0a app's `requestTokenParams` to the request-token call). API calls ask for JSON with
 * `Accept: application/json`; the profile is `!authuser`, whose user has no id besides its
 * nickname (which the user can change) and no email. Access tokens do not expire; no refresh,
 * no revocation.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { smugmug } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('smugmug', smugmug({ access: 'Full', permissions: 'Read' })) // reads SMUGMUG_CLIENT_ID and SMUGMUG_CLIENT_SECRET
 * ```
 * @see https://api.smugmug.com/api/v2/doc/tutorial/authorization.html
 */
export const smugmug = defineProvider<
  { access: 'Public' | 'Full'; permissions: 'Read' | 'Add' | 'Modify' },
  OAuth1AppOptions
>({
  name: 'smugmug',
  extra: ['access', 'permissions'],
  info: { name: 'SmugMug', protocol: 'oauth1', docsUrl: DOCS, refresh: 'none', profileFields: ['name', 'username'] },
  defaults: ({ access = 'Public', permissions = 'Read' }) => {
    const authorize = new URL('https://api.smugmug.com/services/oauth/1.0a/authorize')
    // SmugMug's defaults, sent so that the page asks for what the app was configured with.
    authorize.searchParams.set('Access', requireSetting('smugmug', 'access', access, 'Full', /^(Public|Full)$/))
    authorize.searchParams.set(
      'Permissions',
      requireSetting('smugmug', 'permissions', permissions, 'Read', /^(Read|Add|Modify)$/),
    )
    return {
      requestTokenUrl: 'https://api.smugmug.com/services/oauth/1.0a/getRequestToken',
      authorizeUrl: authorize.href,
      accessTokenUrl: 'https://api.smugmug.com/services/oauth/1.0a/getAccessToken',
      baseUrl: 'https://api.smugmug.com/',
      userInfoUrl: 'api/v2!authuser',
      headers: { accept: 'application/json' },
      profile: profileFrom('SmugMug', {
        id: 'Response.User.NickName',
        name: ['Response.User.Name', 'Response.User.NickName'],
        username: 'Response.User.NickName',
      }),
    }
  },
})
