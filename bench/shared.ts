import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { Pool } from 'undici'
import { ACCESS_TOKEN, REFRESH_TOKEN } from './ipc.js'

/**
 * What every contestant shares: the client's registration at the mock provider, the token a
 * signed-in user already holds, and the by-hand state sealing that the floor and the peers
 * without state storage of their own use. Compiled by both the root and the bench tsconfig.
 */

/** The app's external origin: only ever written into redirect_uri, never dialled. */
export const PUBLIC_URL = 'http://app.localhost:8080'
export const CLIENT_ID = 'bench-client'
export const CLIENT_SECRET = 'bench-client-secret-0123456789abcdef'
export const SCOPE = 'profile'
/** What a real app would have stored after sign-in; far from expiry so no refresh is triggered. */
export const storedToken = {
  access_token: ACCESS_TOKEN,
  refresh_token: REFRESH_TOKEN,
  expires_at: Math.floor(Date.now() / 1000) + 86_400,
}
/** A secret for the peers' own cookie signing or session plugins: fixed, long enough for all of them. */
export const SESSION_SECRET = 'bench-session-secret-0123456789abcdef-0123456789'

/** Where a contestant sets its by-hand state cookie: fastify's reply, or anything with `header()`. */
export interface HeaderTarget {
  header(name: string, value: string): unknown
}

/** The state and PKCE verifier a login sealed into its cookie. */
export interface Pending {
  readonly state: string
  readonly verifier: string
}

/**
 * The by-hand state cookie of the floor and of the peers that leave storage to the app:
 * `state.verifier` sealed with AES-256-GCM over a fresh 12-byte IV, as the library seals its
 * cookie (a plain cookie would put the PKCE verifier in the browser's hands), HttpOnly and
 * SameSite=Lax like the library's (without `Secure`, as the public URL is http), with the
 * library's cache headers. The key lives for the process, as a secret would.
 */
export function createPendingCookie(name = 'oauth-bench') {
  const key = randomBytes(32)
  const attributes = 'Path=/; HttpOnly; SameSite=Lax'
  const noCache = (reply: HeaderTarget) => {
    reply.header('cache-control', 'no-store')
    reply.header('referrer-policy', 'no-referrer')
  }
  return {
    /** Sets the cookie of a login that starts. */
    start(reply: HeaderTarget, state: string, verifier: string): void {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const sealed = Buffer.concat([iv, cipher.update(`${state}.${verifier}`), cipher.final(), cipher.getAuthTag()])
      reply.header('set-cookie', `${name}=${sealed.toString('base64url')}; Max-Age=600; ${attributes}`)
      noCache(reply)
    },
    /** Clears the cookie at the callback; what it held, or undefined when it is missing or does not open. */
    finish(cookieHeader: string | undefined, reply: HeaderTarget): Pending | undefined {
      noCache(reply)
      reply.header('set-cookie', `${name}=; Max-Age=0; ${attributes}`)
      const plain = open(key, readCookie(cookieHeader, name))
      const dot = plain?.indexOf('.') ?? -1
      return plain === undefined || dot < 1 ? undefined : { state: plain.slice(0, dot), verifier: plain.slice(dot + 1) }
    },
  }
}

function open(key: Buffer, sealed: string | undefined): string | undefined {
  if (sealed === undefined) return undefined
  try {
    const data = Buffer.from(sealed, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12))
    decipher.setAuthTag(data.subarray(data.length - 16))
    return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]).toString()
  } catch {
    return undefined
  }
}

/** One cookie's value from a Cookie header, by hand, for contestants without a cookie plugin. */
function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** A constant-time comparison of a callback's state with the one remembered. */
export function sameState(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** A served contestant: its port and how to close it. */
export interface Served {
  readonly port: number
  close(): Promise<void>
}

/** What every peer module exports: start its app against the provider, listening on loopback. */
export type Start = (provider: string) => Promise<Served>

export interface ApiClient {
  /** GET /api/me with the stored token: its JSON, or undefined when the provider did not answer 200. */
  me(): Promise<unknown>
  close(): Promise<void>
}

/** A keep-alive undici pool with timeouts, as a careful developer configures one. */
function keepAlivePool(provider: string): Pool {
  return new Pool(provider, {
    connections: 128,
    keepAliveTimeout: 30_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  })
}

/** `me()` on `pool`: GET /api/me with the stored token, the bearer token in a header. */
function apiCallOn(pool: Pool, userAgent: string): ApiClient['me'] {
  const headers = {
    accept: 'application/json',
    authorization: `Bearer ${storedToken.access_token}`,
    'user-agent': userAgent,
  }
  return async () => {
    const res = await pool.request({ path: '/api/me', method: 'GET', headers })
    if (res.statusCode !== 200) {
      await res.body.dump()
      return undefined
    }
    return res.body.json()
  }
}

/**
 * The protected-API call of the contestants whose library has none (grant, simple-oauth2): what
 * the floor does, a keep-alive undici pool with timeouts and the bearer token in a header.
 */
export function createApiClient(provider: string, userAgent: string): ApiClient {
  const pool = keepAlivePool(provider)
  return { me: apiCallOn(pool, userAgent), close: () => pool.close() }
}

/** What the floors do besides their framework's routing, on one keep-alive pool. */
export interface FloorClient extends ApiClient {
  /** A new login: where to send the user, and the state and PKCE verifier to seal in the cookie. */
  begin(): { readonly url: string; readonly state: string; readonly verifier: string }
  /** The code exchanged at the token endpoint, client id and secret in the body: whether a token came. */
  exchange(code: string, verifier: string): Promise<boolean>
}

/**
 * The floors' work by hand, shared by the fastify and the Express floor so that both do exactly
 * the same: the same randomness and PKCE as the library, a fixed authorize-URL prefix (state and
 * challenge are base64url and need no escaping), the token request, the API call.
 */
export function createFloorClient(provider: string): FloorClient {
  const pool = keepAlivePool(provider)
  const redirectUri = `${PUBLIC_URL}/callback`
  const authorizePrefix = `${provider}/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri,
    scope: SCOPE,
  })}`
  return {
    begin() {
      const state = randomBytes(24).toString('base64url')
      const verifier = randomBytes(32).toString('base64url')
      const challenge = createHash('sha256').update(verifier).digest('base64url')
      const url = `${authorizePrefix}&state=${state}&code_challenge=${challenge}&code_challenge_method=S256`
      return { url, state, verifier }
    },
    async exchange(code, verifier) {
      const res = await pool.request({
        path: '/token',
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': 'bench-floor',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
        }).toString(),
      })
      const token: unknown = await res.body.json()
      return res.statusCode === 200 && typeof (token as { access_token?: unknown }).access_token === 'string'
    },
    me: apiCallOn(pool, 'bench-floor'),
    close: () => pool.close(),
  }
}
