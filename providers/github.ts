import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text, withSlash } from './define.js'

/**
 * The signed-in user as GitHub's `GET /user` answers (the fields of its public and private
 * user schemas; the private ones only with the `read:user` or `user` scope).
 *
 * @see https://docs.github.com/en/rest/users/users#get-the-authenticated-user
 */
export interface GitHubUser {
  /** The user's username (handle), e.g. `octocat`; it can be changed, so `id` is the key. */
  readonly login: string
  /** The account's numeric id: stable across renames. */
  readonly id: number
  /** The account's global node id in GitHub's GraphQL API. */
  readonly node_id: string
  /** URL of the user's avatar image. */
  readonly avatar_url: string
  /** The user's Gravatar id; usually empty, the avatar being at `avatar_url`. */
  readonly gravatar_id: string | null
  /** The user's resource in the REST API (`/users/{login}`). */
  readonly url: string
  /** The user's profile page on GitHub. */
  readonly html_url: string
  /** The REST URL that lists the user's public repositories. */
  readonly repos_url: string
  /** The REST URL that lists the user's public organization memberships. */
  readonly organizations_url: string
  /** The account type: `User` for a person's account. */
  readonly type: string
  /** Whether the user is a site administrator (of GitHub, or of a GitHub Enterprise Server instance). */
  readonly site_admin: boolean
  /** The display name on the profile; `null` when not set. */
  readonly name: string | null
  /** The company on the profile; `null` when not set. */
  readonly company: string | null
  /** The website on the profile; empty or `null` when not set. */
  readonly blog: string | null
  /** The location on the profile, free text; `null` when not set. */
  readonly location: string | null
  /** The public email; `null` when the user keeps it private (`GET /user/emails` lists them with `user:email`). */
  readonly email: string | null
  /** Whether the user marked themselves available for hire; `null` when not set. */
  readonly hireable: boolean | null
  /** The bio on the profile; `null` when not set. */
  readonly bio: string | null
  /** The X (Twitter) username on the profile; `null` when not set. */
  readonly twitter_username?: string | null
  /** How many public repositories the user owns. */
  readonly public_repos: number
  /** How many public gists the user owns. */
  readonly public_gists: number
  /** How many users follow the user. */
  readonly followers: number
  /** How many users the user follows. */
  readonly following: number
  /** When the account was created, ISO 8601 (`2008-01-14T04:33:35Z`). */
  readonly created_at: string
  /** When the account was last updated, ISO 8601. */
  readonly updated_at: string
  /** Private response only: how many secret gists the user owns. */
  readonly private_gists?: number
  /** Private response only: the user's total count of private repositories. */
  readonly total_private_repos?: number
  /** Private response only: how many private repositories the user owns. */
  readonly owned_private_repos?: number
  /** Private response only: the disk space the user's repositories take. */
  readonly disk_usage?: number
  /** Private response only: how many collaborators the user's private repositories have. */
  readonly collaborators?: number
  /** Private response only: whether the user has two-factor authentication enabled. */
  readonly two_factor_authentication?: boolean
  /** Private response only: the user's GitHub plan. */
  readonly plan?: {
    /** How many collaborators the plan allows on private repositories. */
    readonly collaborators: number
    /** The plan's name, e.g. `free` or `pro`. */
    readonly name: string
    /** The storage space the plan includes. */
    readonly space: number
    /** How many private repositories the plan allows. */
    readonly private_repos: number
  }
}

/**
 * GitHub (OAuth apps and GitHub apps). Token responses are urlencoded unless the request says
 * `Accept: application/json`, which the library always does, and refusals come back as HTTP 200
 * with `error=`, which the library treats as errors. GitHub rejects API calls without a
 * User-Agent; the library always sends one.
 *
 * GitHub Enterprise Server: `github({ baseUrl: 'https://HOST/api/v3', authUrl: 'https://HOST/login/oauth' })`,
 * or the `GITHUB_BASE_URL` and `GITHUB_AUTH_URL` environment variables, as GitHub-Flask read
 * them. GitHub's docs write the API's URL without the final `/` (`https://HOST/api/v3`); the
 * preset adds it, or `user` would resolve to `https://HOST/api/user`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { github } from 'oauth-consumer/providers'
 *
 * const oauth = new OAuth()
 * const app = oauth.remoteApp('github', github({ scope: ['read:user'] })) // reads GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET
 * ```
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
 * @see https://docs.github.com/en/enterprise-server@latest/rest/quickstart
 */
export const github = defineProvider<{ authUrl: string; baseUrl: string }, OAuth2AppOptions<GitHubUser>>({
  name: 'github',
  extra: ['authUrl', 'baseUrl'],
  info: {
    name: 'GitHub',
    protocol: 'oauth2',
    docsUrl: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
    refresh: 'conditional',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: ({
    authUrl = process.env.GITHUB_AUTH_URL ?? 'https://github.com/login/oauth/',
    baseUrl = process.env.GITHUB_BASE_URL ?? 'https://api.github.com/',
  }) => {
    const auth = withSlash(authUrl)
    return {
      baseUrl: withSlash(baseUrl),
      authorizeUrl: `${auth}authorize`,
      accessTokenUrl: `${auth}access_token`,
      // The device flow's endpoint sits beside the OAuth ones: /login/device/code.
      // https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#device-flow
      deviceAuthorizationUrl: new URL('../device/code', auth).href,
      userInfoUrl: 'user',
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
      profile: (raw) => {
        const id = requireId(text(field(raw, 'id')), 'GitHub')
        return {
          id,
          name: text(field(raw, 'name')) ?? text(field(raw, 'login')),
          username: text(field(raw, 'login')),
          email: text(field(raw, 'email')),
          avatarUrl: text(field(raw, 'avatar_url')),
          raw: documented<GitHubUser>(raw),
        }
      },
    }
  },
})
