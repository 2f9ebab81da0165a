import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'
import { requireSetting } from './settings.js'

/**
 * The signed-in account as Battle.net's userinfo endpoint answers.
 *
 * @see https://develop.battle.net/documentation/battle-net/oauth-apis
 */
export interface BattleNetUser {
  /** The account's id as a string, the ID token's subject. */
  readonly sub: string
  /** The account's id as a number. */
  readonly id: number
  /** The BattleTag, `Name#1234`: the name players know the account by. */
  readonly battletag?: string
}

const REGIONS = /^(us|eu|kr|tw|cn)$/

/**
 * Battle.net (Blizzard), through OpenID Connect discovery at `https://oauth.battle.net`, or
 * `https://oauth.battlenet.com.cn` for the China region. `region` picks the host of the game
 * APIs (`https://{region}.api.blizzard.com/`) that `baseUrl` points at. The client
 * authenticates with HTTP Basic, as Blizzard's guide shows. Blizzard hands out no refresh token
 * (sign the user in again when the token expires, after 24 hours) and never shares an email: the
 * profile is the BattleTag. Scopes other than `openid` (`wow.profile`, `sc2.profile`,
 * `d3.profile`) open the game profile APIs.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { battlenet } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('battlenet', battlenet({ region: 'eu', scope: ['openid', 'wow.profile'] })) // reads BATTLENET_CLIENT_ID and BATTLENET_CLIENT_SECRET
 * ```
 * @see https://develop.battle.net/documentation/guides/using-oauth
 */
export const battlenet = defineProvider<
  {
    /** The game APIs' region, `us`, `eu`, `kr`, `tw` or `cn`; `us` unless given. */
    region: 'us' | 'eu' | 'kr' | 'tw' | 'cn'
  },
  OAuth2AppOptions<BattleNetUser>
>({
  name: 'battlenet',
  extra: ['region'],
  info: {
    name: 'Battle.net',
    protocol: 'oidc',
    docsUrl: 'https://develop.battle.net/documentation/guides/using-oauth',
    refresh: 'none',
    profileFields: ['name', 'username'],
  },
  defaults: (input) => {
    const region = requireSetting('battlenet', 'region', input.region ?? 'us', 'eu', REGIONS)
    const china = region === 'cn'
    return {
      issuer: china ? 'https://oauth.battlenet.com.cn' : 'https://oauth.battle.net',
      baseUrl: china ? 'https://gateway.battlenet.com.cn/' : `https://${region}.api.blizzard.com/`,
      tokenEndpointAuthMethod: 'client_secret_basic',
      scope: ['openid'],
      profile: profileFrom<BattleNetUser>('Battle.net', {
        id: ['sub', 'id'],
        name: 'battletag',
        username: 'battletag',
      }),
    }
  },
})
