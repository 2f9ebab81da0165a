import type { OAuth1AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The user as X's `GET account/verify_credentials.json` answers (v1.1 user object); `email`
 * only with `include_email=true` and the app's email permission.
 *
 * @see https://developer.x.com/en/docs/x-api/v1/accounts-and-users/manage-account-settings/api-reference/get-account-verify_credentials
 */
export interface XUser {
  /** The user's unique id as a number; it can exceed 53 bits, so JavaScript may round it: use `id_str`. */
  readonly id: number
  /** The user's unique id as a string, which X recommends over `id`. */
  readonly id_str: string
  /** The name the user gave, not necessarily a person's name (typically at most 50 characters). */
  readonly name: string
  /** The handle the user is known by (`@` not included): unique, but it can change, so `id_str` is the key. */
  readonly screen_name: string
  /** The location the user gave for the account's profile, free text; not necessarily a place. */
  readonly location: string | null
  /** The text the user wrote to describe their account. */
  readonly description: string | null
  /** A URL the user gave with their profile. */
  readonly url: string | null
  /** Whether the user chose to protect their posts (only approved followers see them). */
  readonly protected: boolean
  /** Whether the account is verified. */
  readonly verified: boolean
  /** How many followers the account has. */
  readonly followers_count: number
  /** How many accounts the user follows (their "followings"). */
  readonly friends_count: number
  /** How many public lists the user is a member of. */
  readonly listed_count: number
  /** How many posts the user has liked in the account's lifetime (British spelling, for historical reasons). */
  readonly favourites_count: number
  /** How many posts (reposts included) the user has issued. */
  readonly statuses_count: number
  /** When the account was created, in UTC, as X writes dates: `Mon Nov 29 21:18:15 +0000 2010`. */
  readonly created_at: string
  /** An HTTPS URL of the user's profile image. */
  readonly profile_image_url_https: string
  /**
   * The account's email address: only with `include_email=true` and the app's email permission;
   * `null` when the account has none or it is not verified.
   */
  readonly email?: string | null
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
    refresh: 'none',
    profileFields: ['name', 'username', 'avatarUrl'],
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
