import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Coinbase (the Coinbase App's OAuth2, at `login.coinbase.com/oauth2/*`). The client
 * authenticates in the body; `offline_access` is asked for, so the sign-in yields a refresh
 * token, and refresh tokens are single use (each refresh answers a new one, which must be
 * stored). Coinbase takes `plain` as the PKCE method when none is named: the library always
 * names S256. The profile is `GET https://api.coinbase.com/v2/user`, whose answer is wrapped in
 * `data`; the email needs `wallet:user:email`. Coinbase's revocation is authenticated by the
 * access token itself, not RFC 7009, so the preset has no `revokeUrl`. New OAuth clients are
 * currently limited to partners Coinbase approves.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { coinbase } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('coinbase', coinbase()) // reads COINBASE_CLIENT_ID and COINBASE_CLIENT_SECRET
 * ```
 * @see https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/reference
 * @see https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/access-and-refresh-tokens
 */
export const coinbase = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'coinbase',
  info: {
    name: 'Coinbase',
    protocol: 'oauth2',
    docsUrl: 'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/reference',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://login.coinbase.com/oauth2/auth',
    accessTokenUrl: 'https://login.coinbase.com/oauth2/token',
    baseUrl: 'https://api.coinbase.com/v2/',
    userInfoUrl: 'user',
    // Coinbase's reference calls the scope "comma separated", but its own authorize URLs join
    // scopes with `+` (a space), as the integration guide shows.
    // https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/integrations
    scope: ['wallet:user:read', 'wallet:user:email', 'offline_access'],
    profile: profileFrom('Coinbase', {
      id: 'data.id',
      name: 'data.name',
      username: 'data.username',
      email: 'data.email',
      avatarUrl: 'data.avatar_url',
    }),
  }),
})
