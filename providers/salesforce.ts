import {
  type ApiBaseFromToken,
  type OAuth2AppOptions,
  OAuthErrorCode,
  OAuthInvalidResponseError,
} from '../src/index.js'
import { defineProvider, documented, field, type OidcUserInfo, requireId, text } from './define.js'
import { hostSetting } from './settings.js'

/**
 * Salesforce's userinfo answer: OpenID Connect's claims with `sub` an identity URL, and
 * Salesforce's own ids and endpoints (the fields sign-in uses).
 *
 * @see https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm
 */
export interface SalesforceUserInfo extends OidcUserInfo {
  /** The identity URL, `https://login.salesforce.com/id/<orgId>/<userId>`. */
  readonly sub: string
  /** The user's 18-character Salesforce id, unique across orgs. */
  readonly user_id?: string
  /** The id of the org the user belongs to. */
  readonly organization_id?: string
  /** URLs of the user's photo, full size and thumbnail. */
  readonly photos?: {
    /** URL of the full-size photo. */
    readonly picture?: string
    /** URL of the thumbnail. */
    readonly thumbnail?: string
  }
  /** Whether the user is active. */
  readonly active?: boolean
  /** The user's type, e.g. `STANDARD`. */
  readonly user_type?: string
  /** The org's API endpoints, with `{version}` in place of the API version. */
  readonly urls?: Readonly<Record<string, string>>
}

/** Hosts of Salesforce's own instances: `instance_url` is trusted only on them. */
const SALESFORCE_HOSTS = /(^|\.)(salesforce\.com|force\.com)$/

/**
 * The API base a Salesforce token names: its `instance_url`, only when that is an https URL of
 * a Salesforce host, since the access token is sent there. A token without one (a bare string,
 * say) uses the app's `baseUrl`.
 */
const instanceBase: ApiBaseFromToken = (token) => {
  const instance = field(token, 'instance_url')
  if (instance === undefined) return undefined
  const url = typeof instance === 'string' && URL.canParse(instance) ? new URL(instance) : undefined
  if (
    url === undefined ||
    url.protocol !== 'https:' ||
    url.username !== '' ||
    url.password !== '' ||
    url.port !== '' ||
    !SALESFORCE_HOSTS.test(url.hostname)
  ) {
    throw new OAuthInvalidResponseError(
      OAuthErrorCode.INVALID_RESPONSE,
      `Salesforce named an API base that is not a Salesforce host: ${JSON.stringify(instance)}`,
    )
  }
  return `${url.origin}/`
}

/**
 * Salesforce, through OpenID Connect discovery at `https://{domain}`: `login.salesforce.com`
 * unless given, `test.salesforce.com` for sandboxes, or the org's My Domain
 * (`acme.my.salesforce.com`), whose login page and ID tokens are its own. The client
 * authenticates in the body, as the web server flow documents; PKCE (S256) is sent, as
 * Salesforce recommends. Each token names the user's API host in `instance_url`: relative API
 * calls made with that token go there (`services/data/v62.0/sobjects`), and only to a host
 * under `salesforce.com` or `force.com`; any other value fails the call with
 * `OAUTH_INVALID_RESPONSE` before the token is sent. The answer has no `expires_in` (the
 * session policy decides); ask for `refresh_token` in the scope for a refresh token, and `api`
 * for REST calls.
 *
 * Checked against Salesforce's docs: the body credentials and PKCE of the web server flow
 * (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow_ca.htm);
 * the userinfo fields, with `user_id` as the profile's id because `sub` is a URL that names the
 * login host (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm).
 * The ID token is validated as for any issuer.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { salesforce } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('salesforce', salesforce({ domain: 'acme.my.salesforce.com' })) // reads SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET
 * ```
 * @see https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow_ca.htm
 * @see https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm
 */
export const salesforce = defineProvider<
  {
    /** The login host: `login.salesforce.com` (the default), `test.salesforce.com`, or the org's My Domain. */
    domain: string
  },
  OAuth2AppOptions<SalesforceUserInfo>
>({
  name: 'salesforce',
  extra: ['domain'],
  info: {
    name: 'Salesforce',
    protocol: 'oidc',
    docsUrl: 'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow_ca.htm',
    refresh: 'reused',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: (input) => {
    const domain = hostSetting('salesforce', 'domain', input.domain ?? 'login.salesforce.com', 'acme.my.salesforce.com')
    return {
      issuer: `https://${domain}`,
      revokeUrl: `https://${domain}/services/oauth2/revoke`,
      tokenEndpointAuthMethod: 'client_secret_post',
      scope: ['openid', 'profile', 'email'],
      baseUrlFromToken: instanceBase,
      profile: (raw) => ({
        id: requireId(text(field(raw, 'user_id')), 'Salesforce'),
        name: text(field(raw, 'name')),
        username: text(field(raw, 'preferred_username')),
        email: text(field(raw, 'email')),
        avatarUrl: text(field(raw, 'picture')),
        raw: documented<SalesforceUserInfo>(raw),
      }),
    }
  },
})
