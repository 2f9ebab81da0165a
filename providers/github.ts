import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text, withSlash } from './define.js'

/**
 * The signed-in user as GitHub's `GET /user` answers (the fields of its public and private
 * user schemas; the private ones only with the `user` scope).
 *
 * @see https://docs.github.com/en/rest/users/users#get-the-authenticated-user
 */
export interface GitHubUser {
  readonly login: string
  readonly id: number
  readonly node_id: string
  readonly avatar_url: string
  readonly gravatar_id: string | null
  readonly url: string
  readonly html_url: string
  readonly repos_url: string
  readonly organizations_url: string
  readonly type: string
  readonly site_admin: boolean
  readonly name: string | null
  readonly company: string | null
  readonly blog: string | null
  readonly location: string | null
  /** The public email; `null` when the user keeps it private (`GET /user/emails` lists them with `user:email`). */
  readonly email: string | null
  readonly hireable: boolean | null
  readonly bio: string | null
  readonly twitter_username?: string | null
  readonly public_repos: number
  readonly public_gists: number
  readonly followers: number
  readonly following: number
  readonly created_at: string
  readonly updated_at: string
  readonly private_gists?: number
  readonly total_private_repos?: number
  readonly owned_private_repos?: number
  readonly disk_usage?: number
  readonly collaborators?: number
  readonly two_factor_authentication?: boolean
  readonly plan?: {
    readonly collaborators: number
    readonly name: string
    readonly space: number
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
