import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Polar (polar.sh), through OpenID Connect discovery: the issuer is `https://polar.sh`, its
 * metadata is served by the API host (`https://api.polar.sh/.well-known/openid-configuration`).
 * The client authenticates in the body, as Polar's guide shows (Basic is accepted too); refresh
 * tokens rotate: store the newest. Revocation is RFC 7009, at the endpoint the metadata names.
 * Polar's userinfo `name` is the account's username; it has no picture. The sandbox is another
 * issuer: `issuer: 'https://sandbox.polar.sh'` with `serverMetadataUrl` on
 * `https://sandbox-api.polar.sh`.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { polar } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('polar', polar()) // reads POLAR_CLIENT_ID and POLAR_CLIENT_SECRET
 * ```
 * @see https://docs.polar.sh/integrate/oauth2/introduction
 * @see https://docs.polar.sh/integrate/oauth2/connect
 */
export const polar = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'polar',
  info: {
    name: 'Polar',
    protocol: 'oidc',
    docsUrl: 'https://docs.polar.sh/integrate/oauth2/introduction',
    refresh: 'rotating',
    profileFields: ['name', 'username', 'email'],
  },
  defaults: () => ({
    issuer: 'https://polar.sh',
    serverMetadataUrl: 'https://api.polar.sh/.well-known/openid-configuration',
    baseUrl: 'https://api.polar.sh/v1/',
    scope: ['openid', 'profile', 'email'],
    profile: profileFrom('Polar', { id: 'sub', name: 'name', username: 'name', email: 'email' }),
  }),
})
