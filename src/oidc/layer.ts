import { invalidOptions } from '../errors.js'
import type { OAuth2Layer } from '../oauth2/protocol.js'
import type { OAuth2Token } from '../oauth2/token.js'
import type { EndSessionOptions, RefreshTokenOptions } from '../protocol.js'
import { randomToken } from '../random.js'
import type { TokenInput } from '../tokens.js'
import { decodeJwt } from './jose.js'
import { hasOpenIdScope } from './options.js'
import { idTokenMissing, type OidcConfig, OpenIdProvider } from './provider.js'

/**
 * OpenID Connect as a layer of an OAuth 2.0 app: endpoints and keys discovered from the issuer,
 * a nonce per login, the callback's issuer checked (RFC 9207), and every ID token validated.
 */
export function openIdConnect(config: OidcConfig, name: string): OAuth2Layer {
  const provider = new OpenIdProvider(config)
  return {
    config: () => provider.discover().then((d) => d.options),
    // With nonce: false (a provider that drops it) an empty nonce still records that an ID token is due.
    nonce: (scope) => (hasOpenIdScope(scope) ? (config.nonce ? randomToken() : '') : undefined),
    checkCallback: (query) => provider.checkResponseIssuer(query),
    async afterCode(token, nonce) {
      if (token.id_token === undefined) {
        // An openid login must yield an ID token (OpenID Connect Core §3.1.3.3).
        if (nonce !== undefined) throw idTokenMissing()
        return token
      }
      return { ...token, claims: await provider.validate(token, nonce === '' ? undefined : nonce) }
    },
    afterRefresh: (token, replaced) => afterRefresh(provider, token, replaced),
    expectedSubject: subjectOf,
    serverMetadata: async () => (await provider.discover()).metadata,
    endSessionUrl: (options) => endSessionUrl(provider, config.clientId, name, options),
  }
}

/**
 * OpenID Connect Core §12.2: an ID token in a refresh answer is validated, without a nonce, and
 * must name the user of the one it replaces; an answer without one keeps the old ID token.
 */
async function afterRefresh(
  provider: OpenIdProvider,
  token: OAuth2Token,
  replaced: RefreshTokenOptions,
): Promise<OAuth2Token> {
  if (token.id_token === undefined) {
    return {
      ...token,
      ...(replaced.idToken === undefined ? {} : { id_token: replaced.idToken }),
      ...(replaced.claims === undefined ? {} : { claims: replaced.claims }),
    }
  }
  return { ...token, claims: await provider.validate(token, undefined, replaced.claims) }
}

/**
 * OpenID Connect RP-Initiated Logout: the provider's `end_session_endpoint` with
 * `id_token_hint`, `post_logout_redirect_uri`, `client_id` and `state`.
 */
async function endSessionUrl(
  provider: OpenIdProvider,
  clientId: string,
  name: string,
  options: EndSessionOptions,
): Promise<string> {
  const endpoint = (await provider.discover()).metadata.end_session_endpoint
  if (endpoint === undefined) throw invalidOptions(`Remote app "${name}" has no end_session_endpoint`)
  const url = new URL(endpoint)
  url.searchParams.set('client_id', clientId)
  if (options.idTokenHint !== undefined) url.searchParams.set('id_token_hint', options.idTokenHint)
  if (options.postLogoutRedirectUri !== undefined) {
    url.searchParams.set('post_logout_redirect_uri', options.postLogoutRedirectUri)
  }
  if (options.state !== undefined) url.searchParams.set('state', options.state)
  return url.href
}

/** The subject a stored token was issued for: its verified claims, or its ID token's. */
function subjectOf(token: TokenInput): string | undefined {
  if (typeof token !== 'object' || token === null || Array.isArray(token)) return undefined
  const t = token as { claims?: { sub?: unknown }; id_token?: unknown }
  if (typeof t.claims?.sub === 'string') return t.claims.sub
  if (typeof t.id_token !== 'string') return undefined
  try {
    const sub = decodeJwt(t.id_token).sub
    return typeof sub === 'string' ? sub : undefined
  } catch {
    return undefined
  }
}
