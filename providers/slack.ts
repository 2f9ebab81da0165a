import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'

/**
 * The answer of Slack's `openid.connect.userInfo`: the standard claims and Slack's own, named by URL.
 *
 * @see https://docs.slack.dev/reference/methods/openid.connect.userInfo
 */
export interface SlackUserInfo extends OidcUserInfo {
  /** Slack's Web API success flag; always `true` here (a `false` answer is an error). */
  readonly ok?: boolean
  /** The user's id, as in `sub` (unique within the workspace, or the Enterprise Grid org). */
  readonly 'https://slack.com/user_id'?: string
  /** The workspace's id. */
  readonly 'https://slack.com/team_id'?: string
  /** The workspace's name. */
  readonly 'https://slack.com/team_name'?: string
  /** The workspace's subdomain (`<domain>.slack.com`). */
  readonly 'https://slack.com/team_domain'?: string
  /** When the email was verified, in seconds since the epoch. */
  readonly date_email_verified?: number
  /** URL of the user's 512×512 picture; sizes 24 to 1024 have their own claims. */
  readonly 'https://slack.com/user_image_512'?: string
}

/**
 * Sign in with Slack, through OpenID Connect discovery at `https://slack.com`. Slack answers
 * Web API failures with HTTP 200 and `{ ok: false }`, which the library reads as errors; its
 * token method takes the client in the body and a PKCE `code_verifier`. Slack has no RFC 7009
 * revocation (its `auth.revoke` is a Web API method) and no refresh token unless the app turns
 * on token rotation.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { slack } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp('slack', slack()) // reads SLACK_CLIENT_ID and SLACK_CLIENT_SECRET
 * ```
 * @see https://docs.slack.dev/authentication/sign-in-with-slack/
 * @see https://docs.slack.dev/reference/methods/openid.connect.token
 */
export const slack = defineProvider<Record<never, never>, OAuth2AppOptions<SlackUserInfo>>({
  name: 'slack',
  info: {
    name: 'Slack',
    protocol: 'oidc',
    docsUrl: 'https://docs.slack.dev/authentication/sign-in-with-slack/',
    refresh: 'none',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: () => ({
    issuer: 'https://slack.com',
    baseUrl: 'https://slack.com/api/',
    scope: ['openid', 'profile', 'email'],
    profile: userInfoProfile<SlackUserInfo>('Slack'),
  }),
})
