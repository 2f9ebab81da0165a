import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { shopify } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'shopify',
  docs: [
    'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant',
    'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens',
    'https://shopify.dev/docs/api/admin-rest/latest/resources/shop',
  ],
  // An expiring offline token (`expiring=1`), the kind that comes with a refresh token.
  options: shopify({
    ...creds('shopify'),
    shop: 'acme-store',
    scope: ['read_products', 'write_orders'],
    accessTokenParams: { expiring: '1' },
  }),
  authorize: {
    url: 'https://acme-store.myshopify.com/admin/oauth/authorize',
    params: { scope: 'read_products,write_orders' },
    absent: ['code_challenge', 'code_challenge_method'],
    pkce: false,
  },
  // Shopify's callback: code, hmac, host, shop, state, timestamp; hmac is the hex HMAC-SHA256,
  // keyed with the client secret, of the others sorted by name.
  callback: ({ code, state }) => {
    const others = {
      code,
      host: 'YWNtZS1zdG9yZS5teXNob3BpZnkuY29tL2FkbWlu',
      shop: 'acme-store.myshopify.com',
      state,
      timestamp: '1337178173',
    }
    const message = `code=${code}&host=${others.host}&shop=${others.shop}&state=${state}&timestamp=${others.timestamp}`
    return { ...others, hmac: createHmac('sha256', 'shopify-secret').update(message).digest('hex') }
  },
  token: {
    url: 'https://acme-store.myshopify.com/admin/oauth/access_token',
    auth: 'post',
    form: { expiring: '1' },
    // The offline-token page's answer for an expiring token: no token_type.
    answer: () => ({
      access_token: 'f85632530bf277ec9ac6f649fc327f17',
      expires_in: 3600,
      refresh_token: 'shprt_2f9e1d6c8b7a5e4d3c2b1a0f9e8d7c6b',
      refresh_token_expires_in: 7776000,
      scope: 'write_orders,read_customers',
    }),
  },
  userinfo: {
    url: 'https://acme-store.myshopify.com/admin/api/2025-10/shop.json',
    // The token in Shopify's header, bare; no Authorization header.
    bearer: false,
    headers: { 'x-shopify-access-token': 'f85632530bf277ec9ac6f649fc327f17' },
    // The shop resource's sample, abridged.
    answer: {
      shop: {
        id: 690933842,
        name: 'Super Toys',
        email: 'j.smith@example.com',
        domain: 'jsmith.myshopify.com',
        province: 'Tennessee',
        country: 'US',
        myshopify_domain: 'jsmith.myshopify.com',
        shop_owner: 'John Smith',
        plan_name: 'enterprise',
        currency: 'USD',
      },
    },
  },
  profile: {
    id: '690933842',
    name: 'Super Toys',
    username: 'jsmith.myshopify.com',
    email: 'j.smith@example.com',
    avatarUrl: null,
  },
  // "Refresh an expiring offline access token": the same endpoint with client_id, client_secret,
  // grant_type=refresh_token; the answer's refresh token replaces the old one.
  refresh: {
    url: 'https://acme-store.myshopify.com/admin/oauth/access_token',
    auth: 'post',
    answer: () => ({
      access_token: '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',
      expires_in: 3600,
      refresh_token: 'shprt_7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d',
      refresh_token_expires_in: 7776000,
      scope: 'write_orders,read_customers',
    }),
    holds: () => ({
      access_token: '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',
      refresh_token: 'shprt_7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d',
    }),
  },
  after: async (_remote, _token, { seen }) => {
    const call = seen.find((request) => request.url.endsWith('/shop.json'))
    // No Authorization header: the token goes in Shopify's own.
    assert.equal(call?.headers.authorization, undefined)
  },
} satisfies OAuth2Row
