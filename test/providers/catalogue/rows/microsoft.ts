import { microsoft } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

/** The tenant of personal Microsoft accounts. */
const TID = '9188040d-6c67-4c5b-b112-36a304b66dad'

export default {
  protocol: 'oidc',
  id: 'microsoft',
  docs: [
    'https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc',
    'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow',
    'https://learn.microsoft.com/en-us/entra/identity-platform/userinfo',
    'https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference',
  ],
  options: microsoft(creds('microsoft')),
  authorize: {
    url: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    params: { scope: 'openid profile email offline_access' },
    pkce: 'S256',
  },
  // The common endpoint's metadata: its issuer a template, each ID token naming its tenant.
  oidc: {
    issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
    discovery: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    authorize: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    token: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    userinfo: 'https://graph.microsoft.com/oidc/userinfo',
    jwks: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
    idTokenIssuer: `https://login.microsoftonline.com/${TID}/v2.0`,
    claims: { tid: TID, ver: '2.0', preferred_username: 'mikoll@contoso.com' },
  },
  token: {
    url: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    auth: 'post',
    answer: () => ({
      access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik5HVEZ2ZEstZnl0aEV1Q',
      token_type: 'Bearer',
      expires_in: 3599,
      scope: 'openid profile email offline_access https://graph.microsoft.com/User.Read',
      refresh_token: 'AwABAAAAvPM1KaPlrEqdFSBzjqfTGAMxZGUTdM0t4B4',
    }),
  },
  // The userinfo page's sample: no username among its claims.
  userinfo: {
    url: 'https://graph.microsoft.com/oidc/userinfo',
    answer: {
      sub: 'OLu859SGc2Sr9ZsqbkG-QbeLgJlb41KcdiPoLYNpSFA',
      name: 'Mikah Ollenburg',
      family_name: 'Ollenburg',
      given_name: 'Mikah',
      picture: 'https://graph.microsoft.com/v1.0/me/photo/$value',
      email: 'mikoll@contoso.com',
    },
  },
  profile: {
    id: 'OLu859SGc2Sr9ZsqbkG-QbeLgJlb41KcdiPoLYNpSFA',
    name: 'Mikah Ollenburg',
    username: null,
    email: 'mikoll@contoso.com',
    avatarUrl: 'https://graph.microsoft.com/v1.0/me/photo/$value',
  },
  // "Refresh the access token": the token endpoint with grant_type=refresh_token, client_id and
  // client_secret; the answer carries a new refresh token, which replaces the old one.
  refresh: {
    url: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    auth: 'post',
    answer: () => ({
      access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik5HVEZ2ZEstZnl0aEV1Q.refreshed',
      token_type: 'Bearer',
      expires_in: 3599,
      scope: 'openid profile email offline_access https://graph.microsoft.com/User.Read',
      refresh_token: 'AwABAAAAvPM1KaPlrEqdFSBzjqfTGAMxZGUTdM0t4B4.next',
    }),
    holds: () => ({
      access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik5HVEZ2ZEstZnl0aEV1Q.refreshed',
      refresh_token: 'AwABAAAAvPM1KaPlrEqdFSBzjqfTGAMxZGUTdM0t4B4.next',
    }),
  },
} satisfies OAuth2Row
