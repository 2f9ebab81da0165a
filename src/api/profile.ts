import type { FrameworkRequest } from '../adapter.js'
import { invalidOptions, invalidResponse } from '../errors.js'
import type { Profile, UserInfoFunction, UserInfoObject } from '../options/common.js'
import type { Protocol } from '../protocol.js'
import type { OAuthResponse } from '../response.js'
import type { TokenHooks } from '../token-hooks.js'
import type { TokenInput } from '../tokens.js'
import type { ApiClient } from './client.js'

/** Common field names, for apps without a preset mapping (OpenID Connect's first). */
export function defaultProfile(r: UserInfoObject): Profile {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined)
  const id = str(r.sub) ?? str(r.id)
  if (id === undefined) throw invalidResponse('The user-info answer has no "sub" or "id"')
  return {
    id,
    name: str(r.name) ?? str(r.login) ?? str(r.preferred_username),
    username: str(r.preferred_username) ?? str(r.login) ?? str(r.username) ?? str(r.screen_name),
    email: str(r.email),
    avatarUrl: str(r.picture) ?? str(r.avatar_url),
    raw: r,
  }
}

/**
 * The signed-in user's profile from the user-info endpoint, mapped by the preset's mapping (or
 * by common field names). An OpenID Connect answer about another subject than the token's is
 * refused (OpenID Connect Core §5.3.4).
 */
export async function fetchProfile(
  app: string,
  protocol: Protocol,
  hooks: TokenHooks,
  api: ApiClient,
  given: { readonly token?: TokenInput; readonly request?: FrameworkRequest; readonly context?: unknown },
  map: ((raw: UserInfoObject) => Profile<unknown>) | undefined,
  userInfo?: UserInfoFunction,
): Promise<Profile<unknown>> {
  const url = (await protocol.endpoints()).userInfoUrl
  if (url === undefined && userInfo === undefined) throw invalidOptions(`Remote app "${app}" has no "userInfoUrl"`)
  const token = given.token ?? (await hooks.current(app, given.request)) ?? undefined
  const withToken = { ...(token === undefined ? {} : { token }), context: given.context, throwHttpErrors: true }
  let raw: unknown
  let response: OAuthResponse | undefined
  if (userInfo === undefined) {
    response = await api.send(url as URL, withToken, 'GET')
    raw = response.data
  } else {
    raw = await userInfo({
      url,
      token,
      request: (target, options = {}) => api.send(target, { ...options, ...withToken }, options.method),
    })
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || Buffer.isBuffer(raw)) {
    throw invalidResponse(
      userInfo === undefined
        ? 'The user-info endpoint did not answer with a JSON object'
        : 'The user-info answer ("userInfo") is not a JSON object',
      response === undefined ? {} : { response },
    )
  }
  const object = raw as UserInfoObject
  const expected = token === undefined ? undefined : protocol.expectedSubject(token)
  if (expected !== undefined && object.sub !== expected) {
    throw invalidResponse(
      'The user-info answer is about another subject than the ID token',
      response === undefined ? {} : { response },
    )
  }
  return (map ?? defaultProfile)(object)
}
