import assert from 'node:assert/strict'
import { intuit } from 'oauth-consumer/providers'
import { answer } from '../../../helpers/mock-agent.js'
import type { OAuth2Row } from '../row.js'

const REALM = '123146096291789'
const SUB = '1182d6ec-2a1f-4aa3-af3f-bb3b95db45af'

export default {
  protocol: 'oidc',
  id: 'intuit',
  docs: [
    'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0',
    'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/openid-connect',
    'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/faq',
  ],
  options: intuit({ clientId: 'ABq3Xpv5Lz0rJ2tDq9Xk', clientSecret: 'intuit-secret' }),
  authorize: {
    url: 'https://appcenter.intuit.com/connect/oauth2',
    params: { scope: 'com.intuit.quickbooks.accounting openid profile email' },
    pkce: 'S256',
  },
  // Intuit's discovery document (production), as published: at openid_configuration, with an
  // underscore.
  oidc: {
    issuer: 'https://oauth.platform.intuit.com/op/v1',
    discovery: 'https://developer.api.intuit.com/.well-known/openid_configuration',
    authorize: 'https://appcenter.intuit.com/connect/oauth2',
    token: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    userinfo: 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo',
    revocation: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
    jwks: 'https://oauth.platform.intuit.com/op/v1/jwks',
    metadata: {
      scopes_supported: ['openid', 'email', 'profile', 'address', 'phone'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    },
    claims: { realmid: REALM },
  },
  // The company the user connected.
  callback: () => ({ realmId: REALM }),
  token: {
    url: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    auth: 'basic',
    answer: () => ({
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: 'Q011511696397YkaZ2pFGxqW9AfXGusKu2BR5PUzmvmPvGfR7N',
      x_refresh_token_expires_in: 8726400,
      access_token: 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..KM1_Fezsm6BUSaqqfTedaA',
    }),
  },
  // Intuit's own claim names: givenName and familyName.
  userinfo: {
    url: 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo',
    answer: { sub: SUB, email: 'john@doe.com', emailVerified: true, givenName: 'John', familyName: 'Doe' },
  },
  profile: { id: SUB, name: 'John Doe', username: null, email: 'john@doe.com', avatarUrl: null },
  tokenHolds: () => ({ callbackParams: { realmId: REALM } }),
  // "Refresh the access token": the token endpoint with grant_type=refresh_token, HTTP Basic; the
  // answer's refresh token replaces the old one.
  refresh: {
    url: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    auth: 'basic',
    answer: () => ({
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: 'Q011511696397YkaZ2pFGxqW9AfXGusKu2BR5PUzmvmPvGfR7N.next',
      x_refresh_token_expires_in: 8726400,
      access_token: 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..refreshed',
    }),
    holds: () => ({
      access_token: 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..refreshed',
      refresh_token: 'Q011511696397YkaZ2pFGxqW9AfXGusKu2BR5PUzmvmPvGfR7N.next',
      callbackParams: { realmId: REALM },
    }),
  },
  after: async (remote, token, { agent, seen }) => {
    // Accounting API calls go under the company the callback named.
    answer(agent, seen, 'GET', `https://quickbooks.api.intuit.com/v3/company/${REALM}/companyinfo/${REALM}`, () => ({
      CompanyInfo: { CompanyName: 'Sandbox Company_US_1', Id: '1' },
    }))
    const company = await remote.get<{ CompanyInfo: { CompanyName: string } }>(`companyinfo/${REALM}`, {
      token: token as { access_token: string },
    })
    assert.equal(company.data.CompanyInfo.CompanyName, 'Sandbox Company_US_1')
  },
} satisfies OAuth2Row
