import assert from 'node:assert/strict'
import { salesforce } from 'oauth-consumer/providers'
import { answer } from '../../../helpers/mock-agent.js'
import { creds, type OAuth2Row } from '../row.js'

const ACCESS_TOKEN =
  '00Dx0000000BV7z!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7TrqoDjoNIWQ2ME_sTZzBjfmOE6zMHq6y8PIW4eWze9JksNEkWUl.Cju7m4'

export default {
  protocol: 'oidc',
  id: 'salesforce',
  docs: [
    'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow_ca.htm',
    'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm',
    'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_refresh_token_flow.htm',
    'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_revoke_token.htm',
  ],
  options: salesforce(creds('salesforce')),
  authorize: {
    url: 'https://login.salesforce.com/services/oauth2/authorize',
    params: { scope: 'openid profile email' },
    pkce: 'S256',
  },
  oidc: {
    issuer: 'https://login.salesforce.com',
    authorize: 'https://login.salesforce.com/services/oauth2/authorize',
    token: 'https://login.salesforce.com/services/oauth2/token',
    userinfo: 'https://login.salesforce.com/services/oauth2/userinfo',
    // The ID token names the user by their identity URL, as userinfo's `sub` does.
    subject: 'https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P',
  },
  token: {
    url: 'https://login.salesforce.com/services/oauth2/token',
    auth: 'post',
    // The web server flow's sample answer: no expires_in; the user's instance and identity URL;
    // a refresh token, as the app's scope asked for one.
    answer: () => ({
      access_token: ACCESS_TOKEN,
      signature: 'SSSbLO/gBhmmyNUvN18ODBDFYHzakxOMgqYtu+hDPsc=',
      scope: 'openid profile email refresh_token',
      instance_url: 'https://acme.my.salesforce.com',
      id: 'https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P',
      token_type: 'Bearer',
      issued_at: '1278448101416',
      refresh_token: '5Aep8614iLM.Dq661ePDmPEgaAW9Oh_L3JKkDpB4xReb54_pZebnUG0h6Sb4KUVDpNtWEofWM39yg==',
    }),
  },
  userinfo: {
    url: 'https://login.salesforce.com/services/oauth2/userinfo',
    headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
    // The userinfo answer as Salesforce's help page lists its fields.
    answer: {
      sub: 'https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P',
      user_id: '005x00000012Q9P',
      organization_id: '00Dx0000000BV7z',
      preferred_username: 'roberta@acme.example',
      nickname: 'roberta',
      name: 'Roberta Smith',
      email: 'roberta@acme.example',
      email_verified: true,
      given_name: 'Roberta',
      family_name: 'Smith',
      zoneinfo: 'Europe/Paris',
      photos: {
        picture: 'https://acme--c.documentforce.com/profilephoto/005/F',
        thumbnail: 'https://acme--c.documentforce.com/profilephoto/005/T',
      },
      profile: 'https://acme.my.salesforce.com/005x00000012Q9P',
      picture: 'https://acme--c.documentforce.com/profilephoto/005/F',
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 3600000,
    },
  },
  profile: {
    id: '005x00000012Q9P',
    name: 'Roberta Smith',
    username: 'roberta@acme.example',
    email: 'roberta@acme.example',
    avatarUrl: 'https://acme--c.documentforce.com/profilephoto/005/F',
  },
  // The refresh token flow: grant_type=refresh_token with client_id and client_secret; the
  // sample answer has no refresh token, the one held staying in use.
  refresh: {
    url: 'https://login.salesforce.com/services/oauth2/token',
    auth: 'post',
    answer: () => ({
      access_token:
        '00Dx0000000BV7z!AR8AQBM8J_xr9kLqmZIRyQxZgLcM4HVi41aGtW0qW3JCzf5xdTGGGSoVim8FfJkZEqxbjaFbberKGk8v8AnYrvChG4qJbQo8',
      signature: 'SSSbLO/gBhmmyNUvN18ODBDFYHzakxOMgqYtu+hDPsc=',
      scope: 'openid profile email refresh_token',
      instance_url: 'https://acme.my.salesforce.com',
      id: 'https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P',
      token_type: 'Bearer',
      issued_at: '1278448384422',
    }),
    holds: () => ({
      access_token:
        '00Dx0000000BV7z!AR8AQBM8J_xr9kLqmZIRyQxZgLcM4HVi41aGtW0qW3JCzf5xdTGGGSoVim8FfJkZEqxbjaFbberKGk8v8AnYrvChG4qJbQo8',
      refresh_token: '5Aep8614iLM.Dq661ePDmPEgaAW9Oh_L3JKkDpB4xReb54_pZebnUG0h6Sb4KUVDpNtWEofWM39yg==',
      instance_url: 'https://acme.my.salesforce.com',
    }),
  },
  // "Revoke OAuth Tokens": a POST of token to /services/oauth2/revoke.
  revoke: {
    url: 'https://login.salesforce.com/services/oauth2/revoke',
    auth: 'post',
    form: { token: ACCESS_TOKEN },
  },
  after: async (remote, token, { agent, seen }) => {
    // API calls go to the token's instance, not the login host.
    answer(agent, seen, 'GET', 'https://acme.my.salesforce.com/services/data/v62.0/sobjects', () => ({
      sobjects: [],
    }))
    const sobjects = await remote.get('services/data/v62.0/sobjects', { token: token as { access_token: string } })
    assert.deepEqual(sobjects.data, { sobjects: [] })
    const call = seen.at(-1)
    assert.equal(call?.url, 'https://acme.my.salesforce.com/services/data/v62.0/sobjects')
    assert.equal(call?.headers.authorization, `Bearer ${String(token.access_token)}`)
    // A token naming another host is refused before anything is sent.
    const before = seen.length
    for (const instance of [
      'https://evil.example.com',
      'https://my.salesforce.com.evil.example',
      'http://na1.salesforce.com',
    ]) {
      await assert.rejects(
        remote.get('services/data/v62.0/sobjects', {
          token: { ...(token as { access_token: string }), instance_url: instance },
        }),
        { code: 'OAUTH_INVALID_RESPONSE' },
      )
    }
    assert.equal(seen.length, before)
  },
} satisfies OAuth2Row
