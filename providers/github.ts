import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, field, requireId, text, withSlash } from './define.js'

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
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
 * @see https://docs.github.com/en/enterprise-server@latest/rest/quickstart
 */
export const github = defineProvider<{ authUrl: string; baseUrl: string }, OAuth2AppOptions>({
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
          email: text(field(raw, 'email')),
          avatarUrl: text(field(raw, 'avatar_url')),
          raw,
        }
      },
    }
  },
})
