import { stripe } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

export default {
  protocol: 'oauth2',
  id: 'stripe',
  docs: [
    // GET /oauth/authorize (response_type, client_id, scope, redirect_uri, state) and
    // POST /oauth/token (grant_type, code or refresh_token, the secret key), with its answer.
    'https://docs.stripe.com/connect/oauth-reference',
    'https://docs.stripe.com/connect/oauth-standard-accounts',
    // The account object of GET /v1/account.
    'https://docs.stripe.com/api/accounts/retrieve',
  ],
  options: stripe(creds('stripe')),
  authorize: { url: 'https://connect.stripe.com/oauth/authorize', params: { scope: 'read_write' }, pkce: 'S256' },
  token: {
    url: 'https://connect.stripe.com/oauth/token',
    // The secret key as client_secret, in the body.
    auth: 'post',
    // The token answer of the OAuth reference.
    answer: () => ({
      access_token: 'sk_test_ACCESS_TOKEN_OF_ACCOUNT',
      livemode: false,
      refresh_token: 'rt_REFRESH_TOKEN_OF_ACCOUNT',
      token_type: 'bearer',
      stripe_publishable_key: 'pk_test_PUBLISHABLE_KEY_OF_ACCOUNT',
      stripe_user_id: 'acct_1Nv0FGQ9RKHgCVdK',
      scope: 'read_write',
    }),
  },
  tokenHolds: () => ({ stripe_user_id: 'acct_1Nv0FGQ9RKHgCVdK', livemode: false }),
  userinfo: {
    url: 'https://api.stripe.com/v1/account',
    // The account object's sample, trimmed; its business_profile.name (null in the sample) is
    // set here to show where the name is read.
    answer: {
      id: 'acct_1Nv0FGQ9RKHgCVdK',
      object: 'account',
      business_profile: { mcc: null, name: 'Rocket Rides', support_email: null, url: null },
      business_type: null,
      charges_enabled: false,
      country: 'US',
      created: 1695830751,
      default_currency: 'usd',
      details_submitted: false,
      email: 'jenny.rosen@example.com',
      payouts_enabled: false,
      settings: { dashboard: { display_name: null, timezone: 'Etc/UTC' } },
      type: 'standard',
    },
  },
  profile: {
    id: 'acct_1Nv0FGQ9RKHgCVdK',
    name: 'Rocket Rides',
    username: null,
    email: 'jenny.rosen@example.com',
    avatarUrl: null,
  },
  // "grant_type=refresh_token": the same endpoint and secret key; the refresh token stays valid.
  refresh: {
    url: 'https://connect.stripe.com/oauth/token',
    auth: 'post',
    answer: () => ({
      access_token: 'sk_test_NEW_ACCESS_TOKEN',
      livemode: false,
      refresh_token: 'rt_REFRESH_TOKEN_OF_ACCOUNT',
      token_type: 'bearer',
      stripe_publishable_key: 'pk_test_PUBLISHABLE_KEY_OF_ACCOUNT',
      stripe_user_id: 'acct_1Nv0FGQ9RKHgCVdK',
      scope: 'read_write',
    }),
    holds: () => ({ access_token: 'sk_test_NEW_ACCESS_TOKEN', refresh_token: 'rt_REFRESH_TOKEN_OF_ACCOUNT' }),
  },
} satisfies OAuth2Row
