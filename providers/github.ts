import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, field, requireId, text } from './define.js'

/**
 * GitHub (OAuth apps and GitHub apps). Token responses are urlencoded unless the request says
 * `Accept: application/json`, which the library always does, and refusals come back as HTTP 200
 * with `error=`, which the library treats as errors. GitHub rejects API calls without a
 * User-Agent; the library always sends one.
 *
 * GitHub Enterprise Server: `github({ baseUrl: 'https://HOST/api/v3/', authUrl: 'https://HOST/login/oauth/' })`.
 *
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
 */
export const github = defineProvider<{ authUrl: string }, OAuth2AppOptions>({
  name: 'github',
  extra: ['authUrl'],
  defaults: ({ authUrl = 'https://github.com/login/oauth/' }) => {
    const auth = authUrl.endsWith('/') ? authUrl : `${authUrl}/`
    return {
      baseUrl: 'https://api.github.com/',
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
