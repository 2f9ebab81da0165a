import type { OAuth2AppOptions, UserInfoObject } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'
import { requireSetting } from './settings.js'

/**
 * The signed-in user as Zoho Accounts' `GET /oauth/user/info` answers (scope
 * `AaaServer.profile.Read`).
 *
 * @see https://www.zoho.com/accounts/protocol/oauth/sign-in-using-zoho.html
 */
export interface ZohoUser {
  /** The user's Zoho id (ZUID), a number. */
  readonly ZUID: number
  /** The user's first name. */
  readonly First_Name?: string
  /** The user's last name. */
  readonly Last_Name?: string
  /** The name the user shows. */
  readonly Display_Name?: string
  /** The user's primary e-mail address. */
  readonly Email?: string
}

// Zoho's data centres and their accounts servers, the only hosts a callback's `accounts-server`
// may name: the code and the client secret go there. Canada breaks the pattern.
// https://www.zoho.com/accounts/protocol/oauth/multi-dc.html
const ACCOUNTS: Readonly<Record<string, string>> = {
  com: 'https://accounts.zoho.com',
  eu: 'https://accounts.zoho.eu',
  in: 'https://accounts.zoho.in',
  'com.au': 'https://accounts.zoho.com.au',
  jp: 'https://accounts.zoho.jp',
  ca: 'https://accounts.zohocloud.ca',
  sa: 'https://accounts.zoho.sa',
  uk: 'https://accounts.zoho.uk',
  'com.cn': 'https://accounts.zoho.com.cn',
}
const ACCOUNT_SERVERS = new Set(Object.values(ACCOUNTS))
// The token answer's `api_domain` names the user's API host: only Zoho's own are taken.
const API_DOMAIN = /^https:\/\/www\.zohoapis\.(com|eu|in|com\.au|jp|ca|sa|uk|com\.cn)$/

/** The `accounts-server` of a sign-in's callback values, when it is one of Zoho's. */
function accountsServerOf(callbackParams: unknown): string | undefined {
  const server = text(field(callbackParams, 'accounts-server'))
  return server !== undefined && ACCOUNT_SERVERS.has(server) ? server : undefined
}

/**
 * Zoho Accounts, for every Zoho product's API (CRM, Mail, Books…). Multi-DC: users of every data
 * centre sign in at the app's own (`dc`, default `com`); the callback names the user's accounts
 * server, to which the code and every refresh go, and the token names the user's API domain,
 * where API calls go. Both are taken only from Zoho's own hosts. API calls carry
 * `Authorization: Zoho-oauthtoken …`. Refresh tokens come with `access_type=offline`, which the
 * preset asks for; scopes are comma-separated. PKCE (S256) is sent: Zoho's authorization server
 * takes `code_challenge` (its docs require it of mobile apps).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { zoho } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('zoho', zoho({ dc: 'eu', scope: ['AaaServer.profile.Read', 'ZohoCRM.modules.ALL'] }))
 * ```
 * @see https://www.zoho.com/accounts/protocol/oauth/web-server-applications.html
 */
export const zoho = defineProvider<{ dc: string }, OAuth2AppOptions<ZohoUser>>({
  name: 'zoho',
  extra: ['dc'],
  info: {
    name: 'Zoho',
    protocol: 'oauth2',
    docsUrl: 'https://www.zoho.com/accounts/protocol/oauth/web-server-applications.html',
    refresh: 'reused',
    profileFields: ['name', 'email'],
  },
  defaults: ({ dc = 'com' }) => {
    const home = ACCOUNTS[requireSetting('zoho', 'dc', dc, 'eu', /^(com|eu|in|com\.au|jp|ca|sa|uk|com\.cn)$/)]
    return {
      authorizeUrl: `${home}/oauth/v2/auth`,
      accessTokenUrl: `${home}/oauth/v2/token`,
      revokeUrl: `${home}/oauth/v2/token/revoke`,
      userInfoUrl: `${home}/oauth/user/info`,
      baseUrl: `https://www.zohoapis.${dc === 'ca' ? 'ca' : dc}/`,
      scope: ['AaaServer.profile.Read'],
      scopeSeparator: ',',
      requestTokenParams: { access_type: 'offline' },
      tokenHeader: { name: 'Authorization', scheme: 'Zoho-oauthtoken' },
      callbackCheck: (params) => {
        const named = params['accounts-server'] !== undefined
        return !named || accountsServerOf(params) !== undefined ? undefined : 'accounts-server is not a Zoho host'
      },
      callbackTokenRequest: (params) => {
        const server = accountsServerOf(params)
        return server === undefined ? undefined : { accessTokenUrl: `${server}/oauth/v2/token` }
      },
      baseUrlFromToken: (token) => {
        const domain = text(field(token, 'api_domain'))
        return domain !== undefined && API_DOMAIN.test(domain) ? `${domain}/` : undefined
      },
      userInfo: async ({ url, token, request }): Promise<UserInfoObject> => {
        const server = accountsServerOf(field(token, 'callbackParams'))
        const target = server === undefined ? url : `${server}/oauth/user/info`
        if (target === undefined) return {}
        return (await request<UserInfoObject>(target)).data
      },
      profile: (raw) => {
        const first = text(field(raw, 'First_Name'))
        const last = text(field(raw, 'Last_Name'))
        return {
          id: requireId(text(field(raw, 'ZUID')), 'Zoho'),
          name: text(field(raw, 'Display_Name')) ?? ([first, last].filter(Boolean).join(' ') || undefined),
          email: text(field(raw, 'Email')),
          raw: documented<ZohoUser>(raw),
        }
      },
    }
  },
})
