import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'

/**
 * The signed-in user as Discord's `GET /users/@me` answers.
 *
 * @see https://discord.com/developers/docs/resources/user#user-object
 */
export interface DiscordUser {
  /** The user's id, a snowflake (a 64-bit integer written as a string). */
  readonly id: string
  /** The user's username, unique across Discord; not a display name. */
  readonly username: string
  /** The legacy four-digit tag; `0` for users who moved to unique usernames. */
  readonly discriminator: string
  /** The display name the user set; `null` when they kept their username. */
  readonly global_name: string | null
  /** The user's avatar hash (a hash, not a URL); `null` for the default avatar. */
  readonly avatar: string | null
  /** Whether the user is a bot account. */
  readonly bot?: boolean
  /** Whether the user is an official Discord system user. */
  readonly system?: boolean
  /** Whether the user has two-factor authentication on. */
  readonly mfa_enabled?: boolean
  /** The user's banner hash; `null` when none. */
  readonly banner?: string | null
  /** The banner colour as an integer, when the user has no banner image. */
  readonly accent_color?: number | null
  /** The user's chosen language, e.g. `en-US`. */
  readonly locale?: string
  /** With the `email` scope: whether the email is verified. */
  readonly verified?: boolean
  /** With the `email` scope: the user's email; `null` when the account has none. */
  readonly email?: string | null
  /** The account's flags, a bit field. */
  readonly flags?: number
  /** The user's Nitro subscription level (0 none, 1 Classic, 2 Nitro, 3 Basic). */
  readonly premium_type?: number
  /** The account's public flags, a bit field. */
  readonly public_flags?: number
}

// Discord sends a hash, not a URL; animated avatars' hashes start with `a_`. Without one, the
// default avatar's index is (id >> 22) % 6 for unique usernames, discriminator % 5 for legacy
// tags. https://discord.com/developers/docs/reference#image-formatting
function avatarUrl(id: string, hash: string | undefined, discriminator: string | undefined): string {
  if (hash !== undefined) {
    return `https://cdn.discordapp.com/avatars/${id}/${hash}.${hash.startsWith('a_') ? 'gif' : 'png'}`
  }
  const legacy = discriminator !== undefined && discriminator !== '0' && /^\d+$/.test(discriminator)
  const index = legacy ? Number(discriminator) % 5 : /^\d+$/.test(id) ? Number((BigInt(id) >> 22n) % 6n) : 0
  return `https://cdn.discordapp.com/embed/avatars/${index}.png`
}

/**
 * Discord. The client authenticates with HTTP Basic (Discord's docs also accept the body);
 * PKCE is sent, which Discord accepts though its docs do not mention it. Revoking any token
 * ends the whole authorization.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { discord } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('discord', discord()) // reads DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET
 * ```
 * @see https://discord.com/developers/docs/topics/oauth2
 */
export const discord = defineProvider<Record<never, never>, OAuth2AppOptions<DiscordUser>>({
  name: 'discord',
  info: {
    name: 'Discord',
    protocol: 'oauth2',
    docsUrl: 'https://discord.com/developers/docs/topics/oauth2',
    refresh: 'reused',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    authorizeUrl: 'https://discord.com/oauth2/authorize',
    accessTokenUrl: 'https://discord.com/api/oauth2/token',
    revokeUrl: 'https://discord.com/api/oauth2/token/revoke',
    baseUrl: 'https://discord.com/api/v10/',
    userInfoUrl: 'users/@me',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['identify', 'email'],
    profile: (raw) => {
      const id = requireId(text(field(raw, 'id')), 'Discord')
      return {
        id,
        name: text(field(raw, 'global_name')) ?? text(field(raw, 'username')),
        username: text(field(raw, 'username')),
        email: text(field(raw, 'email')),
        avatarUrl: avatarUrl(id, text(field(raw, 'avatar')), text(field(raw, 'discriminator'))),
        raw: documented<DiscordUser>(raw),
      }
    },
  }),
})
