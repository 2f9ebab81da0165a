import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface MockServer {
  readonly url: string
  /** Every request received, in order. */
  readonly requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[]
  close(): Promise<void>
}

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void

/** A plain HTTP server on 127.0.0.1 that records what it receives. */
export async function mockServer(handler: Handler): Promise<MockServer> {
  const requests: MockServer['requests'] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      handler(req, body, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

/**
 * GitHub as its documentation describes it: the token endpoint answers urlencoded unless asked
 * for JSON, refuses with HTTP 200 and `error=`, and the API refuses requests without a User-Agent.
 */
export function githubHandler(): Handler {
  return (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const json = (req.headers.accept ?? '').includes('application/json')
    const answer = (fields: Record<string, string>) =>
      json
        ? send(res, 200, 'application/json; charset=utf-8', JSON.stringify(fields))
        : send(res, 200, 'application/x-www-form-urlencoded; charset=utf-8', new URLSearchParams(fields).toString())
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const form = new URLSearchParams(body)
      if (form.get('code') !== 'good-code' || form.get('client_secret') !== 'gh-secret') {
        return answer({
          error: 'bad_verification_code',
          error_description: 'The code passed is incorrect or expired.',
          error_uri:
            'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
        })
      }
      return answer({
        access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a',
        scope: 'read:user,user:email',
        token_type: 'bearer',
      })
    }
    if (req.method === 'GET' && url.pathname === '/api/v3/user') {
      if (req.headers['user-agent'] === undefined) {
        return send(
          res,
          403,
          'text/plain',
          'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.',
        )
      }
      if (req.headers.authorization !== 'Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a') {
        return send(res, 401, 'application/json', JSON.stringify({ message: 'Bad credentials' }))
      }
      return send(
        res,
        200,
        'application/json; charset=utf-8',
        JSON.stringify({
          login: 'octocat',
          id: 1,
          name: 'The Octocat',
          email: null,
          avatar_url: 'https://github.com/images/error/octocat_happy.gif',
        }),
      )
    }
    send(res, 404, 'application/json', JSON.stringify({ message: 'Not Found' }))
  }
}

/** Facebook's Graph API as documented: JSON tokens, errors as `{ error: { message, type, code } }`. */
export function facebookHandler(): Handler {
  return (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/v26.0/oauth/access_token') {
      const form = new URLSearchParams(req.method === 'GET' ? url.search : body)
      if (form.get('code') !== 'good-code') {
        return send(
          res,
          400,
          'application/json; charset=UTF-8',
          JSON.stringify({
            error: {
              message: 'This authorization code has been used.',
              type: 'OAuthException',
              code: 100,
              fbtrace_id: 'A1b2',
            },
          }),
        )
      }
      return send(
        res,
        200,
        'application/json; charset=UTF-8',
        JSON.stringify({ access_token: 'EAAG-fb', token_type: 'bearer', expires_in: 5183944 }),
      )
    }
    if (url.pathname === '/v26.0/me') {
      return send(
        res,
        200,
        'application/json; charset=UTF-8',
        JSON.stringify({
          id: '10158',
          name: 'Mark Example',
          email: 'mark@example.test',
          picture: {
            data: { height: 50, is_silhouette: false, url: 'https://platform-lookaside.example/p.jpg', width: 50 },
          },
        }),
      )
    }
    send(res, 404, 'application/json', '{}')
  }
}
