import { OAuthError, OAuthErrorCode } from './errors.js'
import type { Profile } from './options.js'

/** Common field names, for apps without a preset mapping (OpenID Connect's first). */
export function defaultProfile(raw: unknown): Profile {
  const r = raw as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined)
  const id = str(r.sub) ?? str(r.id)
  if (id === undefined)
    throw new OAuthError(OAuthErrorCode.INVALID_RESPONSE, 'The user-info answer has no "sub" or "id"')
  return {
    id,
    name: str(r.name) ?? str(r.login) ?? str(r.preferred_username),
    email: str(r.email),
    avatarUrl: str(r.picture) ?? str(r.avatar_url),
    raw,
  }
}
