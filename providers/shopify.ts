import { createHmac, timingSafeEqual } from 'node:crypto'
import type { CallbackCheck, OAuth2AppOptions } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'
import { requireSetting } from './settings.js'

/**
 * The shop as the Admin REST API's `GET shop.json` answers it (the fields sign-in uses): with
 * this flow the app acts for a shop, so the shop is who signed in.
 *
 * @see https://shopify.dev/docs/api/admin-rest/latest/resources/shop
 */
export interface ShopifyShop {
  /** The shop's answer, under `shop`. */
  readonly shop: {
    /** The shop's numeric id. */
    readonly id: number
    /** The shop's name. */
    readonly name?: string
    /** The shop's contact email. */
    readonly email?: string
    /** The shop's primary domain (its own, or its `myshopify.com` one). */
    readonly domain?: string
    /** The shop's permanent `<shop>.myshopify.com` host. */
    readonly myshopify_domain?: string
    /** The shop owner's name. */
    readonly shop_owner?: string
    /** The shop's plan, e.g. `basic`. */
    readonly plan_name?: string
  }
}

// `%` and `&` in keys and values, and `=` in keys, are percent-encoded before signing, as
// Shopify documents, so no two queries sign the same.
const escapeValue = (value: string) => value.replaceAll('%', '%25').replaceAll('&', '%26')
const escapeKey = (key: string) => escapeValue(key).replaceAll('=', '%3D')

/**
 * The message Shopify signs: every callback parameter but `hmac` (and the legacy `signature`),
 * sorted by name, as `name=value` joined with `&`.
 */
function signedMessage(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((key) => key !== 'hmac' && key !== 'signature')
    .sort()
    .map((key) => `${escapeKey(key)}=${escapeValue(params[key] ?? '')}`)
    .join('&')
}

/**
 * Shopify's callback check: `hmac` is the hex HMAC-SHA256 of the other parameters with the
 * client secret, and `shop` is the shop the app was set up for (else a callback from another
 * shop could send this shop's code to the wrong host).
 */
function shopifyCallbackCheck(host: string): CallbackCheck {
  return async (params, clientSecret) => {
    if (params.shop !== host) return `"shop" is not ${host}`
    const hmac = params.hmac
    if (hmac === undefined || !/^[0-9a-f]{64}$/i.test(hmac)) return 'it carries no "hmac"'
    const expected = createHmac('sha256', await clientSecret())
      .update(signedMessage(params))
      .digest()
    return timingSafeEqual(expected, Buffer.from(hmac, 'hex')) ? undefined : 'its "hmac" is not Shopify\'s'
  }
}

/**
 * Shopify (Admin API, authorization code grant) for one shop, `https://{shop}.myshopify.com`.
 * The callback is checked as Shopify requires before the code is used: its `hmac` against the
 * client secret, and its `shop` against the setting; a callback that fails is refused with
 * `OAUTH_STATE_MISMATCH` and no token request. The client authenticates in the body; scopes
 * are comma-separated; API calls carry the token in `X-Shopify-Access-Token`, without a scheme,
 * under `admin/api/{apiVersion}/`. The profile is the shop's (`shop.json`). Shopify's docs
 * describe no PKCE for this grant, so none is sent.
 *
 * Checked against Shopify's docs (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant):
 * the HMAC rule and its sample (secret `hush`); the `shop` check; the token request's body
 * parameters and the answer `{ access_token, scope }`. The shop comes from the preset's setting,
 * not from the install request: an app serving many shops registers one app per shop or reads
 * `shop` itself, verified, before calling the preset (see its page).
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { shopify } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('shopify', shopify({ shop: 'acme-store', scope: ['read_products'] })) // reads SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET
 * ```
 * @see https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
 * @see https://shopify.dev/docs/api/usage/versioning
 */
export const shopify = defineProvider<
  {
    /** The shop's subdomain (`acme-store`) or its `acme-store.myshopify.com` host; required. */
    shop: string
    /** The Admin API version of API calls, e.g. `2025-10`; `2025-10` unless given. */
    apiVersion: string
  },
  OAuth2AppOptions<ShopifyShop>
>({
  name: 'shopify',
  extra: ['shop', 'apiVersion'],
  info: {
    name: 'Shopify',
    protocol: 'oauth2',
    docsUrl: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant',
    refresh: 'conditional',
    profileFields: ['name', 'username', 'email'],
  },
  defaults: (input) => {
    const shop = requireSetting(
      'shopify',
      'shop',
      typeof input.shop === 'string' ? input.shop.toLowerCase() : input.shop,
      'acme-store',
      /^[a-z0-9][a-z0-9-]{0,62}(\.myshopify\.com)?$/,
    )
    const host = shop.endsWith('.myshopify.com') ? shop : `${shop}.myshopify.com`
    const version = requireSetting('shopify', 'apiVersion', input.apiVersion ?? '2025-10', '2025-10', /^\d{4}-\d{2}$/)
    return {
      authorizeUrl: `https://${host}/admin/oauth/authorize`,
      accessTokenUrl: `https://${host}/admin/oauth/access_token`,
      baseUrl: `https://${host}/admin/api/${version}/`,
      userInfoUrl: 'shop.json',
      tokenEndpointAuthMethod: 'client_secret_post',
      pkce: false,
      scope: ['read_products'],
      scopeSeparator: ',',
      callbackCheck: shopifyCallbackCheck(host),
      tokenHeader: { name: 'X-Shopify-Access-Token', scheme: null },
      profile: (raw) => {
        const owner = field(raw, 'shop')
        return {
          id: requireId(text(field(owner, 'id')), 'Shopify'),
          name: text(field(owner, 'name')),
          username: text(field(owner, 'myshopify_domain')),
          email: text(field(owner, 'email')),
          avatarUrl: undefined,
          raw: documented<ShopifyShop>(raw),
        }
      },
    }
  },
})
