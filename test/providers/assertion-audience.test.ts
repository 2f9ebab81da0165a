/**
 * The `aud` of JWT client assertions (API.md §11) that the enterprise presets set, as each
 * provider documents it; without one, an app with an issuer sends the issuer.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { auth0, keycloak, microsoft, okta } from 'oauth-consumer/providers'

test("okta and microsoft send their token endpoint, auth0 its tenant URL, keycloak the realm's issuer", () => {
  const creds = { clientId: 'c', clientSecret: 's' }
  // https://developer.okta.com/docs/guides/build-self-signed-jwt/-/main/
  assert.equal(
    okta({ ...creds, domain: 'dev-123.okta.com' }).clientAssertionAudience,
    'https://dev-123.okta.com/oauth2/default/v1/token',
  )
  // https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials
  assert.equal(
    microsoft({ ...creds, tenant: 'contoso.onmicrosoft.com' }).clientAssertionAudience,
    'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
  )
  assert.equal(
    microsoft(creds).clientAssertionAudience,
    'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    'the multi-tenant issuer is a template: never the audience',
  )
  // https://auth0.com/docs/get-started/authentication-and-authorization-flow/authenticate-with-private-key-jwt
  assert.equal(
    auth0({ ...creds, domain: 'dev-abc.us.auth0.com' }).clientAssertionAudience,
    'https://dev-abc.us.auth0.com/',
  )
  assert.equal(
    keycloak({ ...creds, realmUrl: 'https://sso.example.com/realms/acme' }).clientAssertionAudience,
    'https://sso.example.com/realms/acme',
  )
})
