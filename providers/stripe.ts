import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, profileFrom } from './define.js'

/**
 * Stripe Connect OAuth, for a platform connecting Standard accounts (Stripe now steers new
 * platforms to Connect Onboarding instead). The client id is the platform's `ca_…` id and the
 * client secret its secret API key (`sk_…`), sent in the body. The scope is one value,
 * `read_write` (or `read_only`). The token answer names the connected account
 * (`stripe_user_id`, kept on the token); the profile is that account, `GET /v1/account` with the
 * access token; Stripe recommends acting on the account with the platform key and a
 * `Stripe-Account` header. Refresh tokens are reused. Stripe's deauthorization
 * (`/oauth/deauthorize`, by account id) is not RFC 7009, so the preset has no `revokeUrl`.
 * Stripe's docs do not mention PKCE; the library's S256 challenge is sent, as everywhere
 * (RFC 7636 §5).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { stripe } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('stripe', stripe()) // reads STRIPE_CLIENT_ID and STRIPE_CLIENT_SECRET
 * ```
 * @see https://docs.stripe.com/connect/oauth-reference
 * @see https://docs.stripe.com/connect/oauth-standard-accounts
 */
export const stripe = defineProvider<Record<never, never>, OAuth2AppOptions>({
  name: 'stripe',
  info: {
    name: 'Stripe Connect',
    protocol: 'oauth2',
    docsUrl: 'https://docs.stripe.com/connect/oauth-reference',
    refresh: 'reused',
    profileFields: ['name', 'email'],
  },
  defaults: () => ({
    authorizeUrl: 'https://connect.stripe.com/oauth/authorize',
    accessTokenUrl: 'https://connect.stripe.com/oauth/token',
    baseUrl: 'https://api.stripe.com/v1/',
    userInfoUrl: 'account',
    tokenEndpointAuthMethod: 'client_secret_post',
    // "read_write or read_only": one value. https://docs.stripe.com/connect/oauth-reference#get-authorize
    scope: ['read_write'],
    profile: profileFrom('Stripe', {
      id: 'id',
      name: ['business_profile.name', 'settings.dashboard.display_name'],
      email: 'email',
    }),
  }),
})
