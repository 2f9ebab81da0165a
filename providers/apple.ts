import { jwtClientSecret, type OAuth2AppOptions, type UserInfoObject } from '../src/index.js'
import { defineProvider, documented, field, requireId, text } from './define.js'
import { requireSetting } from './settings.js'

/**
 * Who signed in with Apple: the ID token's claims (Apple has no userinfo endpoint), and the
 * name Apple sends once, on the first sign-in, in the callback's `user` field.
 *
 * @see https://developer.apple.com/documentation/signinwithapple/authenticating-users-with-sign-in-with-apple
 */
export interface AppleUser {
  /** The user's id for this team: stable across the team's apps, never reassigned. */
  readonly sub: string
  /** The user's email: their own, or a private relay address (`…@privaterelay.appleid.com`). */
  readonly email?: string
  /** Whether Apple verified the email: a boolean, or the string `"true"` / `"false"` in some tokens. */
  readonly email_verified?: boolean | 'true' | 'false'
  /** Whether `email` is a private relay address: a boolean, or `"true"` / `"false"`. */
  readonly is_private_email?: boolean | 'true' | 'false'
  /** Apple's guess that the user is a real person: 0 unsupported, 1 unknown, 2 likely real. */
  readonly real_user_status?: number
  /** The name from the first sign-in's `user` field, `firstName lastName`; absent on later sign-ins. */
  readonly name?: string
  /** The first sign-in's `user` field as Apple sent it (unsigned: only the name is used). */
  readonly user?: {
    /** The name the user chose to share. */
    readonly name?: {
      /** Given name. */
      readonly firstName?: string
      /** Family name. */
      readonly lastName?: string
    }
    /** The email, as in the ID token. */
    readonly email?: string
  }
}

const AUDIENCE = 'https://appleid.apple.com'

/** The first sign-in's `user` JSON, if it parses to an object. */
function firstSignIn(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string' || value.length > 4096) return undefined
  try {
    const parsed: unknown = JSON.parse(value)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * What `profile()` maps: the verified ID token's claims about the user, and the name of the
 * first sign-in's `user` field. That field is not signed, so only the name is taken from it:
 * the email is the ID token's.
 */
function appleUser({ token }: { readonly token: unknown }): UserInfoObject {
  const claims = field(token, 'claims')
  const user = firstSignIn(field(field(token, 'callbackParams'), 'user'))
  const name = field(user, 'name')
  const full = [text(field(name, 'firstName')), text(field(name, 'lastName'))].filter((part) => part !== undefined)
  const out: Record<string, unknown> = {}
  for (const key of ['sub', 'email', 'email_verified', 'is_private_email', 'real_user_status']) {
    const value = field(claims, key)
    if (value !== undefined) out[key] = value
  }
  if (full.length > 0) out.name = full.join(' ')
  if (user !== undefined) out.user = user
  return out
}

/**
 * Sign in with Apple, through OpenID Connect discovery at `https://appleid.apple.com`. The
 * client secret is a JWT the app signs itself (ES256, with the key Apple gives as a `.p8` file):
 * given `teamId`, `keyId` and `privateKey`, the preset makes it with `jwtClientSecret`, for an
 * hour, re-signed as it ages. Asked for the name or email, Apple POSTs the callback
 * (`response_mode=form_post`, fixed): mount the callback with `app.post`. Apple has no
 * userinfo endpoint: `profile()` reads the validated ID token's claims, and the name Apple
 * sends only on the user's first sign-in, in the callback's `user` field (keep it then).
 *
 * Checked against Apple's docs: the client secret's claims and six-month limit
 * (https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret);
 * form_post when `name` or `email` is asked for, and the `user` field on the first sign-in only
 * (https://developer.apple.com/documentation/signinwithapple/incorporating-sign-in-with-apple-into-other-platforms);
 * `email_verified` and `is_private_email` may be the strings `"true"` / `"false"`, so the
 * profile does not rely on their type. Apple's docs describe no PKCE for the web flow, so none
 * is sent; the ID token's `nonce` binds it to this sign-in.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { apple } from 'oauth-consumer/providers'
 *
 * const app = new OAuth().remoteApp(
 *   'apple',
 *   apple({
 *     clientId: 'com.example.web', // the Services ID
 *     teamId: 'DEF123GHIJ',
 *     keyId: 'ABC123DEFG',
 *     privateKey: process.env.APPLE_PRIVATE_KEY ?? '', // the .p8 file's PEM
 *   }),
 * )
 * ```
 * @see https://developer.apple.com/documentation/signinwithapple/request-an-authorization-to-the-sign-in-with-apple-server
 * @see https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
 */
export const apple = defineProvider<
  {
    /** The 10-character Team ID of the Apple developer account; required without a `clientSecret`. */
    teamId: string
    /** The Key ID of the Sign in with Apple private key; required without a `clientSecret`. */
    keyId: string
    /** The private key, the `.p8` file's PEM (or a `KeyObject`); required without a `clientSecret`. */
    privateKey: Parameters<typeof jwtClientSecret>[0]['privateKey']
  },
  OAuth2AppOptions<AppleUser>
>({
  name: 'apple',
  extra: ['teamId', 'keyId', 'privateKey'],
  info: {
    name: 'Apple',
    protocol: 'oidc',
    docsUrl:
      'https://developer.apple.com/documentation/signinwithapple/request-an-authorization-to-the-sign-in-with-apple-server',
    refresh: 'reused',
    profileFields: ['name', 'email'],
  },
  fixed: {
    responseMode: {
      value: 'form_post',
      because: 'Apple POSTs the callback when asked for the name or email',
    },
  },
  defaults: (input, { clientId }) => {
    const given = input.clientSecret ?? input.consumerSecret ?? process.env.APPLE_CLIENT_SECRET
    const signed =
      given === undefined
        ? jwtClientSecret({
            privateKey: input.privateKey ?? requireSetting('apple', 'privateKey', undefined, 'the .p8 file'),
            keyId: requireSetting('apple', 'keyId', input.keyId, 'ABC123DEFG', /^[A-Z0-9]{10}$/),
            issuer: requireSetting('apple', 'teamId', input.teamId, 'DEF123GHIJ', /^[A-Z0-9]{10}$/),
            subject: requireSetting('apple', 'clientId', clientId, 'com.example.web'),
            audience: AUDIENCE,
          })
        : undefined
    return {
      issuer: AUDIENCE,
      revokeUrl: 'https://appleid.apple.com/auth/revoke',
      tokenEndpointAuthMethod: 'client_secret_post',
      responseMode: 'form_post',
      pkce: false,
      scope: ['openid', 'name', 'email'],
      ...(signed === undefined ? {} : { clientSecret: signed }),
      userInfo: appleUser,
      profile: (raw) => ({
        id: requireId(text(field(raw, 'sub')), 'Apple'),
        name: text(field(raw, 'name')),
        username: undefined,
        email: text(field(raw, 'email')),
        avatarUrl: undefined,
        raw: documented<AppleUser>(raw),
      }),
    }
  },
})
