import type { OAuth1AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The user as X's `GET account/verify_credentials.json` answers (v1.1 user object); `email`
 * only with `include_email=true` and the app's email permission.
 *
 * @see https://developer.x.com/en/docs/x-api/v1/accounts-and-users/manage-account-settings/api-reference/get-account-verify_credentials
 */
export interface XUser {
  readonly id: number
  readonly id_str: string
  readonly name: string
  readonly screen_name: string
  readonly location: string | null
  readonly description: string | null
  readonly url: string | null
  readonly protected: boolean
  readonly verified: boolean
  readonly followers_count: number
  readonly friends_count: number
  readonly listed_count: number
  readonly favourites_count: number
  readonly statuses_count: number
  readonly created_at: string
  readonly profile_image_url_https: string
  readonly email?: string
}

/**
 * X (Twitter) with OAuth 1.0a, as in Flask-OAuth's example. `intent: 'authenticate'` (the
 * default) sends the user to `/oauth/authenticate`, which signs in without asking again when the
 * app is already authorized ("Sign in with X"); `intent: 'authorize'` always shows the consent
 * page, for apps that only call the API for the user.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { twitter } from 'oauth-consumer/providers'
 *
 * const oauth = new OAuth()
 * const app = oauth.remoteApp('twitter', twitter({ intent: 'authorize' })) // OAuth 1.0a; reads TWITTER_CLIENT_ID and TWITTER_CLIENT_SECRET
 * ```
 * @see https://developer.x.com/en/docs/authentication/oauth-1-0a/obtaining-user-access-tokens
 */
export const twitter = defineProvider<{ intent: 'authenticate' | 'authorize' }, OAuth1AppOptions<XUser>>({
  name: 'twitter',
  extra: ['intent'],
  info: {
    name: 'X (Twitter)',
    protocol: 'oauth1',
    docsUrl: 'https://developer.x.com/en/docs/authentication/oauth-1-0a/obtaining-user-access-tokens',
  },
  defaults: ({ intent = 'authenticate' }) => ({
    baseUrl: 'https://api.twitter.com/1.1/',
    requestTokenUrl: 'https://api.twitter.com/oauth/request_token',
    accessTokenUrl: 'https://api.twitter.com/oauth/access_token',
    authorizeUrl: `https://api.twitter.com/oauth/${intent}`,
    userInfoUrl: 'account/verify_credentials.json',
    profile: (raw) => {
      const id = requireId(text(field(raw, 'id_str')) ?? text(field(raw, 'id')), 'X')
      return {
        id,
        name: text(field(raw, 'name')) ?? text(field(raw, 'screen_name')),
        username: text(field(raw, 'screen_name')),
        email: text(field(raw, 'email')),
        avatarUrl: text(field(raw, 'profile_image_url_https')),
        raw: documented<XUser>(raw),
      }
    },
  }),
})
