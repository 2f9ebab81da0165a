import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { describe, type TestContext, test } from 'node:test'
import { OAuth } from 'oauth-consumer'
import { signInAt } from 'oauth-consumer/testing'
import { request } from 'undici'
import { consumer, type OAuth1Server, startOAuth1Provider } from '../../src/testing/oauth1-server.js'
import { startApp, type TestApp } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'
import { type FastOAuth2Server, startFastOAuth2Server } from '../helpers/fast-oauth2-server.js'

/**
 * Many users signing in at once through two app instances behind one public origin, the way a
 * load-balanced deployment runs: the instances share the plugin secret and `publicUrl` and
 * nothing else, so a login started on one may finish on the other, and every pending login
 * lives only in its own browser's cookie. Each user must end up with exactly their own token.
 * A token of another user is cross-talk; anything else that goes wrong is a failure.
 */

const OAUTH2_USERS = 1000
const OAUTH1_USERS = 200
/** Users in flight at once. */
const CONCURRENCY = 50
/** Every this-many-th user signs in from two tabs at once, as two accounts. */
const TWO_TABS_EVERY = 10
/** The load balancer's origin: redirect URIs point here, and the test plays the balancer. */
const PUBLIC_URL = 'http://app.example.test'
/** Random but replayable: a failing run prints its seed, and setting it again replays the same plans. */
const SEED = Number(process.env.MANY_USERS_SEED ?? Math.floor(Math.random() * 2 ** 31))

const CLIENT_ID = 'many-users'
const CLIENT_SECRET = 'many-users-secret-0123456789abcdef'

type Instance = 0 | 1

interface Tab {
  /** The account this tab signs in as; all names are distinct across the run. */
  readonly user: string
  readonly start: Instance
  readonly finish: Instance
}

interface Plan {
  /** One tab, or two started one after the other, both pending at once. */
  readonly tabs: readonly Tab[]
  /**
   * Two tabs finish in reverse order mostly; some in start order, because the cookie lists
   * pending logins newest first and only then is the finished one not at the head of the list.
   */
  readonly finishFirstTabFirst: boolean
  /** ms to wait before each browser step, so that users' steps interleave differently. */
  readonly pauses: readonly number[]
}

/** What the callback route answers: the token, and every name the app was told it belongs to. */
interface CallbackAnswer {
  readonly token: string
  readonly names: readonly string[]
}

interface Outcome {
  readonly tab: Tab
  readonly answer?: CallbackAnswer
  readonly error?: string
}

interface Protocol {
  readonly name: 'oauth2' | 'oauth1'
  readonly instances: readonly [TestApp, TestApp]
  /** The provider's part of a login: from its authorize URL to the callback it sends the browser to. */
  providerLeg(authorizeUrl: URL, user: string): Promise<URL>
  /** Whom the provider issued a token to. */
  ownerOf(token: string): string | undefined
}

interface Tally {
  readonly logins: number
  readonly crossTalk: number
  readonly failures: number
  /** A few examples of each problem, for the assertion message. */
  readonly examples: string[]
  /** Logins by [start instance][finish instance]. */
  readonly routes: number[][]
}

/** mulberry32: small, fast and seedable, which Math.random is not. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Drawn up front, so the plans depend on the seed alone and not on how the run is scheduled. */
function plans(count: number, seed: number): Plan[] {
  const next = random(seed)
  const instance = (): Instance => (next() < 0.5 ? 0 : 1)
  const list: Plan[] = []
  for (let i = 0; i < count; i++) {
    const name = `user${String(i).padStart(4, '0')}`
    const tabs: Tab[] = [{ user: name, start: instance(), finish: instance() }]
    if (i % TWO_TABS_EVERY === TWO_TABS_EVERY - 1)
      tabs.push({ user: `${name}-tab2`, start: instance(), finish: instance() })
    const pauses = Array.from({ length: 2 * tabs.length }, () => Math.floor(next() * 4))
    list.push({ tabs, finishFirstTabFirst: tabs.length > 1 && next() < 0.25, pauses })
  }
  // Shuffled, so that neighbours in the schedule are unrelated users.
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[list[i], list[j]] = [list[j] as Plan, list[i] as Plan]
  }
  return list
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => (ms === 0 ? setImmediate(resolve) : setTimeout(resolve, ms)))
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i] as T)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * One user's browser: each tab starts its login on its instance (a second tab's request carries
 * the first tab's pending login in the cookie), the provider legs run side by side, and the
 * callbacks are delivered, usually last tab first, to whichever instance the balancer picks.
 */
async function signInUser(protocol: Protocol, plan: Plan): Promise<Outcome[]> {
  const browser = new Browser()
  const pauses = [...plan.pauses]
  const started: { tab: Tab; authorize?: URL; error?: string }[] = []
  for (const tab of plan.tabs) {
    await pause(pauses.shift() ?? 0)
    const app = protocol.instances[tab.start]
    const start = await browser.get(`${app.url}/login?user=${encodeURIComponent(tab.user)}`).catch(describeError)
    if (typeof start === 'string') started.push({ tab, error: `start: ${start}` })
    else if (start.status !== 302 || start.location === undefined) {
      started.push({ tab, error: `start answered ${start.status}: ${start.text.slice(0, 200)}` })
    } else started.push({ tab, authorize: new URL(start.location) })
  }

  const callbacks = await Promise.all(
    started.map(async ({ tab, authorize, error }) => {
      if (authorize === undefined) return { tab, error: error ?? 'no authorize URL' }
      try {
        return { tab, callback: await protocol.providerLeg(authorize, tab.user) }
      } catch (failure) {
        return { tab, error: `provider: ${describeError(failure)}` }
      }
    }),
  )

  const outcomes: Outcome[] = []
  for (const entry of plan.finishFirstTabFirst ? callbacks : callbacks.reverse()) {
    await pause(pauses.shift() ?? 0)
    const { tab } = entry
    if (!('callback' in entry)) {
      outcomes.push({ tab, error: entry.error })
      continue
    }
    // The balancer keeps path and query and picks the instance.
    const target = new URL(entry.callback.pathname + entry.callback.search, protocol.instances[tab.finish].url)
    try {
      const done = await browser.get(target)
      if (done.status === 200) outcomes.push({ tab, answer: done.json<CallbackAnswer>() })
      else outcomes.push({ tab, error: `callback answered ${done.status}: ${done.text.slice(0, 200)}` })
    } catch (failure) {
      outcomes.push({ tab, error: `callback: ${describeError(failure)}` })
    }
  }
  return outcomes
}

/**
 * Cross-talk: the token was issued to someone else, the app names someone else, or the same
 * token reached two logins. Failure: no token, or one that names nobody we know.
 */
function tally(protocol: Protocol, all: readonly Plan[], outcomes: readonly Outcome[]): Tally {
  const users = new Set(all.flatMap((plan) => plan.tabs.map((tab) => tab.user)))
  const seen = new Map<string, number>()
  for (const { answer } of outcomes) {
    if (answer !== undefined) seen.set(answer.token, (seen.get(answer.token) ?? 0) + 1)
  }
  let crossTalk = 0
  let failures = 0
  const examples: string[] = []
  const routes = [
    [0, 0],
    [0, 0],
  ]
  const note = (text: string) => {
    if (examples.length < 10) examples.push(text)
  }
  for (const { tab, answer, error } of outcomes) {
    const route = routes[tab.start] as number[]
    route[tab.finish] = (route[tab.finish] ?? 0) + 1
    if (answer === undefined) {
      failures++
      note(`${tab.user} (${tab.start}→${tab.finish}): ${error}`)
      continue
    }
    const owner = protocol.ownerOf(answer.token)
    const names = [owner, ...answer.names]
    const someoneElse = names.some((name) => name !== tab.user && name !== undefined && users.has(name))
    if (someoneElse || (seen.get(answer.token) ?? 0) > 1) {
      crossTalk++
      note(`${tab.user} (${tab.start}→${tab.finish}) got a token of ${names.join(' / ')}`)
    } else if (!names.every((name) => name === tab.user) || answer.names.length === 0) {
      failures++
      note(`${tab.user} (${tab.start}→${tab.finish}) got a token naming ${names.join(' / ')}`)
    }
  }
  return { logins: outcomes.length, crossTalk, failures, examples, routes }
}

async function run(t: TestContext, protocol: Protocol, users: number): Promise<Tally> {
  const all = plans(users, SEED)
  const outcomes: Outcome[] = []
  const began = performance.now()
  await pool(all, CONCURRENCY, async (plan) => {
    outcomes.push(...(await signInUser(protocol, plan)))
  })
  const seconds = (performance.now() - began) / 1000
  const result = tally(protocol, all, outcomes)
  console.log(
    `concurrent: ${protocol.name} logins ${result.logins}, cross-talk ${result.crossTalk}, failures ${result.failures}`,
  )
  const twoTabs = all.filter((plan) => plan.tabs.length > 1)
  const inStartOrder = twoTabs.filter((plan) => plan.finishFirstTabFirst).length
  t.diagnostic(
    `${protocol.name}: ${users} users (${twoTabs.length} with two tabs, ${inStartOrder} of them finishing in start ` +
      `order), ${result.logins} logins in ${seconds.toFixed(1)} s, start→finish ${JSON.stringify(result.routes)}, ` +
      `seed ${SEED}`,
  )
  return result
}

function check(result: Tally, logins: number): void {
  const detail = `seed ${SEED}:\n${result.examples.join('\n')}`
  assert.equal(result.crossTalk, 0, `cross-talk, ${detail}`)
  assert.equal(result.failures, 0, `failures, ${detail}`)
  assert.equal(result.logins, logins)
  // Every way through the two instances was taken, crossing over included.
  for (const row of result.routes) for (const count of row) assert.ok(count > 0, JSON.stringify(result.routes))
}

function loginsOf(users: number): number {
  return users + Math.floor(users / TWO_TABS_EVERY)
}

/** Two instances of one app: separate registries and plugin registrations, the same secret and publicUrl. */
async function oauth2Instance(provider: FastOAuth2Server): Promise<TestApp> {
  const oauth = new OAuth({ timeout: 10_000 })
  const remote = oauth.remoteApp('provider', {
    baseUrl: `${provider.url}/api/`,
    authorizeUrl: `${provider.url}/authorize`,
    accessTokenUrl: `${provider.url}/token`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  })
  return startApp(
    oauth,
    (app) => {
      app.get<{ Querystring: { user?: string } }>('/login', (request, reply) =>
        remote.authorize(reply, { callback: '/callback', login_hint: request.query.user }),
      )
      app.get(
        '/callback',
        remote.authorizedHandler(async (resp, request, reply) => {
          if (resp === null) return reply.code(403).send({ denied: request.oauthError?.code })
          const me = await remote.get<{ user: string }>('me', { token: resp })
          if (me.status !== 200) return reply.code(502).send({ api: me.status })
          // The token names its user as `at-<user>-<24 random characters>`.
          const answer: CallbackAnswer = {
            token: resp.access_token,
            names: [resp.access_token.slice(3, -25), me.data.user],
          }
          return answer
        }),
      )
    },
    { publicUrl: PUBLIC_URL },
  )
}

async function oauth1Instance(provider: OAuth1Server): Promise<TestApp> {
  const oauth = new OAuth({ timeout: 10_000 })
  const remote = oauth.remoteApp('provider', {
    baseUrl: `${provider.url}/1.1/`,
    requestTokenUrl: `${provider.url}/oauth/request_token`,
    accessTokenUrl: `${provider.url}/oauth/access_token`,
    authorizeUrl: `${provider.url}/oauth/authenticate`,
    consumerKey: CLIENT_ID,
    consumerSecret: CLIENT_SECRET,
  })
  return startApp(
    oauth,
    (app) => {
      app.get('/login', (_request, reply) => remote.authorize(reply, { callback: '/callback' }))
      app.get(
        '/callback',
        remote.authorizedHandler(async (resp, request, reply) => {
          if (resp === null) return reply.code(403).send({ denied: request.oauthError?.code })
          const me = await remote.get<{ screen_name: string }>('account/verify_credentials.json', {
            token: [resp.oauth_token, resp.oauth_token_secret],
          })
          if (me.status !== 200) return reply.code(502).send({ api: me.status })
          const answer: CallbackAnswer = {
            token: resp.oauth_token,
            names: [String(resp.screen_name), me.data.screen_name],
          }
          return answer
        }),
      )
    },
    { publicUrl: PUBLIC_URL },
  )
}

describe('many users at once through two app instances that share only the secret', () => {
  test(`OAuth 2.0: ${OAUTH2_USERS} users, interleaved, each get exactly their own token`, async (t) => {
    const provider = await startFastOAuth2Server({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${PUBLIC_URL}/callback`],
    })
    t.after(() => provider.close())
    const a = await oauth2Instance(provider)
    t.after(() => a.close())
    const b = await oauth2Instance(provider)
    t.after(() => b.close())

    const protocol: Protocol = {
      name: 'oauth2',
      instances: [a, b],
      // The provider signs in the user named by login_hint without a page, so this is one redirect.
      async providerLeg(authorizeUrl, user) {
        if (authorizeUrl.searchParams.get('login_hint') !== user) throw new Error('the login route lost the login_hint')
        const res = await request(authorizeUrl)
        const text = await res.body.text()
        const location = res.headers.location
        if (res.statusCode !== 302 || typeof location !== 'string') throw new Error(`${res.statusCode}: ${text}`)
        return new URL(location)
      },
      ownerOf: (token) => provider.userOf(token),
    }
    const result = await run(t, protocol, OAUTH2_USERS)
    check(result, loginsOf(OAUTH2_USERS))
    // One code per login, each exchanged once for one token, and the provider refused nothing.
    assert.deepEqual([...provider.refusals], [])
    assert.equal(provider.codesIssued(), result.logins)
    assert.equal(provider.tokensIssued(), result.logins)
  })

  test(`OAuth 1.0a: ${OAUTH1_USERS} users, interleaved, each get exactly their own token`, async (t) => {
    const provider = await startOAuth1Provider({ consumers: [consumer(CLIENT_ID, CLIENT_SECRET, 'Many users')] })
    t.after(() => provider.close())
    const a = await oauth1Instance(provider)
    t.after(() => a.close())
    const b = await oauth1Instance(provider)
    t.after(() => b.close())

    const protocol: Protocol = {
      name: 'oauth1',
      instances: [a, b],
      providerLeg: (authorizeUrl, user) => signInAt(authorizeUrl, { login: user }),
      // Read once the run is over, when every token has been issued.
      ownerOf: (() => {
        let owners: Map<string, string> | undefined
        return (token: string) => {
          owners ??= new Map(provider.issuedTokens().map((issued) => [issued.token, issued.screenName]))
          return owners.get(token)
        }
      })(),
    }
    const result = await run(t, protocol, OAUTH1_USERS)
    check(result, loginsOf(OAUTH1_USERS))
    assert.equal(provider.issuedTokens().length, result.logins)
  })
})
