import { createHmac, randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { OAuth as NodeOAuth } from 'oauth'
import OAuth1 from 'oauth-1.0a'
import { createSigner } from '../../src/oauth1/sign.js'
import { type ChildMessage, failToParent, type SignResult } from '../ipc.js'

/**
 * OAuth 1.0a request signing in a loop bounded by time, one signer per process:
 * `node sign.js <signer> <warm-up ms> <measured ms>`. Every signer makes the full
 * `Authorization` header of the same request (HMAC-SHA1, two query and three body parameters,
 * a token), with a fresh nonce and timestamp each time.
 */

export const signers = ['library', 'oauth-1.0a', 'oauth-1.0a-csprng', 'oauth'] as const
export type SignerName = (typeof signers)[number]

const CONSUMER = { key: 'xvz1evFS4wEEPTGEFPHBog', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' }
const TOKEN = {
  key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
}
const METHOD = 'POST'
const URL_TEXT = 'https://api.example.com/1.1/statuses/update.json?include_entities=true&trim_user=1'
const BODY: Readonly<Record<string, string>> = {
  status: 'Hello Ladies + Gentlemen, a signed OAuth request!',
  lat: '37.7821120598956',
  long: '-122.400612831116',
}

/** The `oauth` package keeps its signing steps protected; its own `authHeader` cannot take body parameters. */
class NodeOAuthSigner extends NodeOAuth {
  header(url: string, method: string, body: Readonly<Record<string, string>>): string {
    return this._buildAuthorizationHeaders(this._prepareParameters(TOKEN.key, TOKEN.secret, method, url, { ...body }))
  }
}

/** One signer: returns the header value of a freshly signed request. */
function makeSigner(name: SignerName): () => string {
  switch (name) {
    case 'library': {
      // The library signs a URL parsed once per path (request() caches them), with decoded body pairs.
      const sign = createSigner({
        consumerKey: CONSUMER.key,
        consumerSecret: CONSUMER.secret,
        signatureMethod: 'HMAC-SHA1',
      })
      const url = new URL(URL_TEXT)
      const bodyParams = Object.entries(BODY)
      return () => sign({ method: METHOD, url, bodyParams, token: TOKEN.key, tokenSecret: TOKEN.secret }).header
    }
    case 'oauth-1.0a':
    case 'oauth-1.0a-csprng': {
      const oauth = new OAuth1({
        consumer: CONSUMER,
        signature_method: 'HMAC-SHA1',
        // HMAC-SHA1 with node:crypto, as oauth-1.0a's README shows.
        hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
      })
      // Its default nonce is 32 characters of Math.random(); the fair variant draws it from a CSPRNG as the library does.
      if (name === 'oauth-1.0a-csprng') oauth.getNonce = () => randomBytes(18).toString('base64url')
      const request = { url: URL_TEXT, method: METHOD, data: BODY }
      return () => oauth.toHeader(oauth.authorize(request, TOKEN)).Authorization
    }
    case 'oauth': {
      // Its nonce is 32 characters of Math.random(), with no way to change it but a subclass.
      const oauth = new NodeOAuthSigner('', '', CONSUMER.key, CONSUMER.secret, '1.0A', null, 'HMAC-SHA1')
      return () => oauth.header(URL_TEXT, METHOD, BODY)
    }
  }
}

/** Signs until `ms` have passed; the clock is read every 64 signatures so reading it costs little. */
function loop(sign: () => string, ms: number): { signatures: number; elapsed: number; length: number } {
  const start = performance.now()
  const end = start + ms
  let signatures = 0
  // The headers' total length is returned so no signature can be optimized away.
  let length = 0
  let now = start
  while (now < end) {
    for (let i = 0; i < 64; i++) length += sign().length
    signatures += 64
    now = performance.now()
  }
  return { signatures, elapsed: now - start, length }
}

function run(name: SignerName, warmupMs: number, durationMs: number): SignResult {
  const sign = makeSigner(name)
  loop(sign, warmupMs)
  const cpu = process.cpuUsage()
  const { signatures, elapsed, length } = loop(sign, durationMs)
  const used = process.cpuUsage(cpu)
  if (length === 0) throw new Error('no signature made')
  const seconds = elapsed / 1000
  return { signatures, seconds, perSecond: signatures / seconds, cpuMicros: used.user + used.system }
}

function main(): void {
  const [name, warmup, duration] = process.argv.slice(2)
  if (!signers.includes(name as SignerName)) throw new Error(`usage: sign.js <${signers.join('|')}> <warm-up ms> <ms>`)
  const result = run(name as SignerName, Number(warmup ?? 500), Number(duration ?? 2000))
  const message: ChildMessage = { type: 'signed', result }
  if (process.send === undefined) console.log(JSON.stringify(result))
  else process.send(message, () => process.exit(0))
}

try {
  main()
} catch (error) {
  failToParent(error)
}
