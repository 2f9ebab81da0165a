import type { OAuth2AppOptions } from '../src/index.js'
import { defineProvider, type OidcUserInfo, userInfoProfile } from './define.js'
import { requireSetting } from './settings.js'

/** The tenant that personal Microsoft accounts belong to. */
const CONSUMERS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad'

/**
 * Microsoft identity platform (Entra ID and personal accounts), v2.0 endpoints. `tenant` is
 * `common` (default), `organizations`, `consumers` or a tenant ID. For `common` and
 * `organizations` the metadata names the issuer as a template,
 * `https://login.microsoftonline.com/{tenantid}/v2.0`, and each ID token's issuer is that
 * template with the token's own `tid`, as Microsoft documents for multi-tenant apps.
 *
 * @example
 * ```ts
 * import { OAuth } from 'oauth-consumer'
 * import { microsoft } from 'oauth-consumer/providers'
 *
 * const oauth = new OAuth()
 * const app = oauth.remoteApp('microsoft', microsoft({ tenant: 'organizations' })) // work and school accounts of any tenant
 * ```
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer
 */
export const microsoft = defineProvider<{ tenant: string }, OAuth2AppOptions<OidcUserInfo>>({
  name: 'microsoft',
  extra: ['tenant'],
  info: {
    name: 'Microsoft',
    protocol: 'oidc',
    docsUrl: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc',
    refresh: 'rotating',
    profileFields: ['name', 'email', 'avatarUrl'],
  },
  defaults: (input) => {
    // A tenant is a name or GUID (`contoso.onmicrosoft.com`, `common`), never a path: it is
    // written into the issuer and the metadata URL.
    const tenant = requireSetting(
      'microsoft',
      'tenant',
      input.tenant ?? 'common',
      'contoso.onmicrosoft.com',
      /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/,
    )
    const multi = tenant === 'common' || tenant === 'organizations'
    const id = tenant === 'consumers' ? CONSUMERS_TENANT : tenant
    return {
      issuer: multi
        ? 'https://login.microsoftonline.com/{tenantid}/v2.0'
        : `https://login.microsoftonline.com/${id}/v2.0`,
      serverMetadataUrl: `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`,
      baseUrl: 'https://graph.microsoft.com/v1.0/',
      // A client assertion's aud is the tenant's token endpoint (and the multi-tenant issuer is a
      // template). https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials
      clientAssertionAudience: `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
      scope: ['openid', 'profile', 'email', 'offline_access'],
      profile: userInfoProfile('Microsoft'),
      ...(multi
        ? {
            idTokenIssuer: (claims, issuer) =>
              issuer.replace('{tenantid}', typeof claims.tid === 'string' ? claims.tid : ''),
          }
        : {}),
    }
  },
})
