import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Login with Amazon. The client authenticates in the body, as Amazon's guide shows (HTTP Basic
 * is accepted too). PKCE is sent with `code_challenge_method=S256` on every sign-in: Amazon reads
 * a challenge without a method as `plain`. The `profile` scope gives the user id, name and email
 * (`profile:user_id` the id alone); Amazon has no picture. Refresh tokens keep working and
 * Amazon has no RFC 7009 revocation, so the preset has no `revokeUrl`. North America's hosts
 * serve the sign-in; an app registered for Europe or the Far East overrides `accessTokenUrl`
 * (`https://api.amazon.co.uk/auth/o2/token`, `https://api.amazon.co.jp/auth/o2/token`).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { amazon } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('amazon', amazon()) // reads AMAZON_CLIENT_ID and AMAZON_CLIENT_SECRET
 * ```
 * @see https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html
 * @see https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html
 */
export const amazon = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'amazon',
  info: {
    name: 'Login with Amazon',
    protocol: 'oauth2',
    docsUrl: 'https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html',
    refresh: 'reused',
    profileFields: ['name', 'email'],
  },
  defaults: () => ({
    authorizeUrl: 'https://www.amazon.com/ap/oa',
    accessTokenUrl: 'https://api.amazon.com/auth/o2/token',
    baseUrl: 'https://api.amazon.com/',
    userInfoUrl: 'user/profile',
    scope: ['profile'],
    profile: profileFrom('Amazon', { id: 'user_id', name: 'name', email: 'email' }),
  }),
})
