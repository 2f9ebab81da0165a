import { type OAuth1AppOptions, OAuthErrorCode, OAuthInvalidResponseError } from '../src/index.js'
import { defineProvider, field, profileFrom, text } from './define.js'

const DOCS = 'https://dev.evernote.com/doc/articles/authentication.php'

/**
 * Evernote with OAuth 1.0a. One URL, `/oauth`, answers both token calls, each a GET as Evernote
 * documents them. The access-token answer carries an empty `oauth_token_secret` (the token is
 * then passed as `authenticationToken` to Evernote's Thrift API, not signed) and the user's
 * `edam_userId`, `edam_shard`, `edam_noteStoreUrl`, `edam_webApiUrlPrefix` and `edam_expires`
 * (milliseconds). Evernote has no REST profile: `profile()` reads those fields from the token
 * the sign-in returned, so the profile has an id and nothing else. `sandbox: true` uses
 * sandbox.evernote.com. Tokens expire (`edam_expires`); no refresh, no revocation.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { evernote } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('evernote', evernote({ sandbox: true })) // reads EVERNOTE_CLIENT_ID and EVERNOTE_CLIENT_SECRET
 * ```
 * @see https://dev.evernote.com/doc/articles/authentication.php
 */
export const evernote = defineProvider<{ sandbox: boolean }, OAuth1AppOptions>({
  name: 'evernote',
  extra: ['sandbox'],
  info: { name: 'Evernote', protocol: 'oauth1', docsUrl: DOCS, refresh: 'none', profileFields: [] },
  defaults: ({ sandbox = false }) => {
    const origin = sandbox === true ? 'https://sandbox.evernote.com' : 'https://www.evernote.com'
    return {
      // "The request must be a GET request to the following URL", for both token calls.
      requestTokenUrl: `${origin}/oauth`,
      requestTokenMethod: 'GET',
      accessTokenUrl: `${origin}/oauth`,
      accessTokenMethod: 'GET',
      authorizeUrl: `${origin}/OAuth.action`,
      userInfo: ({ token }) => {
        const fields = ['edam_userId', 'edam_shard', 'edam_noteStoreUrl', 'edam_webApiUrlPrefix', 'edam_expires']
        const user = Object.fromEntries(
          fields.flatMap((name) => {
            const value = text(field(token, name))
            return value === undefined ? [] : [[name, value]]
          }),
        )
        if (user.edam_userId === undefined) {
          throw new OAuthInvalidResponseError(
            OAuthErrorCode.INVALID_RESPONSE,
            'Evernote has no profile endpoint: profile() needs the token the sign-in returned, with its edam_userId',
          )
        }
        return user
      },
      profile: profileFrom('Evernote', { id: 'edam_userId' }),
    }
  },
})
