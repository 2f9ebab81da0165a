import { refuseFailure, refuseRedirect, TOKEN_RESPONSE_LIMIT } from '../endpoint-answer.js'
import { invalidResponse, tokenRequestFailed } from '../errors.js'
import { callEndpoint, type HttpResponse } from '../http.js'
import { OAuthResponse, parseForm } from '../response.js'
import type { OAuth1Config } from './options.js'
import type { Pair, ProtocolParams, Signed, SignInput } from './sign.js'

/**
 * OAuth 1.0a token credentials as the access-token endpoint sent them: `oauth_token`,
 * `oauth_token_secret`, and whatever else the provider added (`user_id`, `screen_name`, …).
 */
export interface OAuth1TokenResponse {
  /** The access token (RFC 5849 §2.3). */
  readonly oauth_token: string
  /** The token's shared secret, which signs every call made with it; keep it as secret as a password. */
  readonly oauth_token_secret: string
  /** The callback's other parameters than `oauth_token` and `oauth_verifier`, as strings; set by the sign-in. */
  readonly callbackParams?: Readonly<Record<string, string>>
  readonly [field: string]: string | readonly string[] | Readonly<Record<string, string>> | undefined
}

export type Signer = (input: SignInput) => Signed

/**
 * Obtains temporary credentials (RFC 5849 §2.1). The provider must confirm the callback
 * (`oauth_callback_confirmed=true`), or it is an OAuth 1.0 provider open to session fixation.
 */
export async function requestTemporaryCredentials(
  o: OAuth1Config,
  sign: Signer,
  callback: string,
): Promise<OAuth1TokenResponse> {
  const url = o.requestTokenUrl
  const credentials = await call(o, sign, {
    method: o.requestTokenMethod,
    url,
    params: Object.entries(o.requestTokenParams),
    extra: { oauth_callback: callback },
    what: 'request-token endpoint',
  })
  if (credentials.oauth_callback_confirmed !== 'true') {
    throw invalidResponse(
      'The request-token endpoint did not confirm the callback (oauth_callback_confirmed=true is required by OAuth 1.0a)',
    )
  }
  return credentials
}

/** Exchanges temporary credentials and the verifier for token credentials (RFC 5849 §2.3). */
export function requestTokenCredentials(
  o: OAuth1Config,
  sign: Signer,
  temporary: { readonly token: string; readonly secret: string },
  verifier: string,
): Promise<OAuth1TokenResponse> {
  return call(o, sign, {
    method: o.accessTokenMethod,
    url: o.accessTokenUrl,
    params: Object.entries(o.accessTokenParams),
    extra: { oauth_verifier: verifier },
    token: temporary.token,
    tokenSecret: temporary.secret,
    what: 'access-token endpoint',
  })
}

interface Call {
  readonly method: 'GET' | 'POST'
  readonly url: URL
  readonly params: readonly Pair[]
  readonly extra: ProtocolParams
  readonly token?: string
  readonly tokenSecret?: string
  readonly what: string
}

async function call(o: OAuth1Config, sign: Signer, c: Call): Promise<OAuth1TokenResponse> {
  const url = new URL(c.url.href)
  let body: string | undefined
  if (c.method === 'GET') {
    for (const [key, value] of c.params) url.searchParams.append(key, value)
  } else if (c.params.length > 0) {
    body = new URLSearchParams(c.params.map(([key, value]): [string, string] => [key, value])).toString()
  }
  const authorization = sign({
    method: c.method,
    url,
    bodyParams: c.method === 'POST' ? c.params : [],
    extra: c.extra,
    token: c.token,
    tokenSecret: c.tokenSecret,
  }).header
  const res = await callEndpoint(o, {
    method: c.method,
    url,
    accept: 'application/x-www-form-urlencoded, application/json;q=0.5',
    contentType: body === undefined ? undefined : 'application/x-www-form-urlencoded',
    headers: { authorization },
    body,
    maxSize: TOKEN_RESPONSE_LIMIT,
    what: c.what,
  })
  return readCredentials(res, c.what)
}

/**
 * Reads a credentials answer: status → form body → fields. Refusals carry the Problem Reporting
 * extension's `oauth_problem`, which becomes the error's `data`.
 *
 * @see https://wiki.oauth.net/w/page/12238543/ProblemReporting
 */
export function readCredentials(res: HttpResponse, what: string): OAuth1TokenResponse {
  const response = new OAuthResponse(res.status, res.headers, res.body)
  refuseRedirect(response, what)
  const text = res.body.toString('utf8').trim()
  const fields = /^[^<\s=&{][^<\s]*=/.test(text) ? parseForm(text) : undefined
  const problem = fields?.oauth_problem
  if (typeof problem === 'string') {
    const advice = fields?.oauth_problem_advice
    const data = { oauth_problem: problem, ...(typeof advice === 'string' ? { oauth_problem_advice: advice } : {}) }
    throw tokenRequestFailed(`The ${what} refused: ${problem}${typeof advice === 'string' ? ` (${advice})` : ''}`, {
      data,
      response,
    })
  }
  refuseFailure(response, what)
  if (fields === undefined) {
    throw invalidResponse(`The ${what} sent a body that is not form data`, { response })
  }
  const credentials: Record<string, string | string[]> = {}
  // `callbackParams` is the library's: the endpoint's own would pass for the callback's values.
  for (const [key, value] of Object.entries(fields))
    if (key !== '__proto__' && key !== 'callbackParams') credentials[key] = value
  for (const key of ['oauth_token', 'oauth_token_secret'] as const) {
    const value = credentials[key]
    // An empty secret is a secret (RFC 5849 §3.4.2 signs with "consumer_secret&"): Evernote's
    // token credentials come with `oauth_token_secret=` and are used as bearer tokens.
    const empty = value === '' && key === 'oauth_token'
    if (typeof value !== 'string' || empty || /[\u0000-\u001f\u007f]/.test(value)) {
      throw invalidResponse(`The ${what} sent no usable ${key}`, { response })
    }
  }
  return credentials as unknown as OAuth1TokenResponse
}
