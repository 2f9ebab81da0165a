import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ACCESS_TOKEN, failToParent, REFRESH_TOKEN, serveParent } from './ipc.js'

/**
 * The provider every contestant talks to. Plain node:http with precomputed answers, because it
 * shares the machine with the contestant under test: the cheaper it is, the less it skews them.
 * It also publishes discovery metadata (RFC 8414 / OpenID Connect Discovery), for the peers
 * that configure themselves from it.
 */
const tokenBody = JSON.stringify({
  access_token: ACCESS_TOKEN,
  token_type: 'bearer',
  expires_in: 3600,
  refresh_token: REFRESH_TOKEN,
})
const meBody = JSON.stringify({ id: 42, login: 'bench-user', name: 'Bench User', email: 'bench@example.com' })

function json(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

/** Reads a small form body; anything past 64 KiB is not a token request. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > 64 * 1024) {
        req.destroy()
        reject(new Error('body too large'))
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Checked like a real provider would, so a contestant that sends a broken grant fails the run.
  const form = new URLSearchParams(await readBody(req))
  if (form.get('grant_type') !== 'authorization_code' || !form.get('code') || !form.get('code_verifier')) {
    json(res, 400, '{"error":"invalid_grant"}')
    return
  }
  // Either client authentication of RFC 6749 §2.3.1: in the body, or HTTP Basic (simple-oauth2's default).
  if (!form.get('client_id') && !req.headers.authorization?.startsWith('Basic ')) {
    json(res, 401, '{"error":"invalid_client"}')
    return
  }
  json(res, 200, tokenBody)
}

/** Discovery metadata, made once the port is known; the API's `/api/me` doubles as userinfo. */
let metadataBody = '{}'
function describe(origin: string): string {
  return JSON.stringify({
    issuer: origin,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    userinfo_endpoint: `${origin}/api/me`,
    jwks_uri: `${origin}/jwks`,
    scopes_supported: ['openid', 'profile'],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  })
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/'
  const path = url.split('?', 1)[0]
  if (req.method === 'POST' && path === '/token') {
    token(req, res).catch(() => json(res, 400, '{"error":"invalid_request"}'))
  } else if (req.method === 'GET' && path === '/api/me') {
    if (req.headers.authorization?.startsWith('Bearer ')) json(res, 200, meBody)
    else json(res, 401, '{"error":"invalid_token"}')
  } else if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
    json(res, 200, metadataBody)
  } else if (req.method === 'GET' && path === '/jwks') {
    json(res, 200, '{"keys":[]}')
  } else if (req.method === 'GET' && path === '/authorize') {
    // The user "approves" at once; the load driver never follows this, it builds the callback itself.
    const query = new URLSearchParams(url.slice(path.length + 1))
    const back = new URL(query.get('redirect_uri') ?? 'http://127.0.0.1/')
    back.searchParams.set('code', 'c')
    back.searchParams.set('state', query.get('state') ?? '')
    res.writeHead(302, { location: back.href, 'content-length': 0 })
    res.end()
  } else {
    json(res, 404, '{"error":"not_found"}')
  }
}

const server = createServer(route)
// Longer than any run, so the contestants' keep-alive pools are never cut mid-measurement.
server.keepAliveTimeout = 60_000
server.on('error', failToParent)
server.listen(0, '127.0.0.1', () => {
  const port = (server.address() as AddressInfo).port
  metadataBody = describe(`http://127.0.0.1:${port}`)
  serveParent(port, async () => {
    server.closeAllConnections()
    server.close()
  })
})
