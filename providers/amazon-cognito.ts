import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'
import { hostSetting, requireSetting } from './settings.js'

/**
 * Amazon Cognito user pools (managed login). The issuer,
 * `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, is not the host of the endpoints,
 * which are on the pool's `domain` (`<prefix>.auth.<region>.amazoncognito.com` or a custom
 * domain). Confidential app clients authenticate with HTTP Basic; revocation takes refresh
 * tokens only and must be enabled on the app client.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { amazonCognito } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp(
 *   'cognito',
 *   amazonCognito({ domain: 'acme.auth.eu-west-1.amazoncognito.com', region: 'eu-west-1', userPoolId: 'eu-west-1_AbC123' }),
 * ) // reads AMAZON_COGNITO_CLIENT_ID and AMAZON_COGNITO_CLIENT_SECRET
 * ```
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 */
export const amazonCognito = defineProvider<
  {
    /** The pool's domain (`<prefix>.auth.<region>.amazoncognito.com`) or custom domain; required. */
    domain: string
    /** The pool's AWS region (`eu-west-1`); required. */
    region: string
    /** The pool's id (`eu-west-1_AbC123`); required. */
    userPoolId: string
  },
  OAuth2AppOptions<OidcUserInfo>
>({
  name: 'amazonCognito',
  extra: ['domain', 'region', 'userPoolId'],
  info: {
    name: 'Amazon Cognito',
    protocol: 'oidc',
    docsUrl: 'https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html',
    refresh: 'reused',
    profileFields: ['name', 'username', 'email', 'avatarUrl'],
  },
  defaults: (input) => {
    const domain = hostSetting('amazonCognito', 'domain', input.domain, 'acme.auth.eu-west-1.amazoncognito.com')
    const region = requireSetting('amazonCognito', 'region', input.region, 'eu-west-1', /^[a-z]{2}(-[a-z]+)+-\d$/)
    const pool = requireSetting(
      'amazonCognito',
      'userPoolId',
      input.userPoolId,
      'eu-west-1_AbC123',
      /^[\w-]+_[0-9A-Za-z]+$/,
    )
    return {
      issuer: `https://cognito-idp.${region}.amazonaws.com/${pool}`,
      authorizeUrl: `https://${domain}/oauth2/authorize`,
      accessTokenUrl: `https://${domain}/oauth2/token`,
      revokeUrl: `https://${domain}/oauth2/revoke`,
      tokenEndpointAuthMethod: 'client_secret_basic',
      scope: ['openid', 'profile', 'email'],
      profile: userInfoProfile('Amazon Cognito'),
    }
  },
})
