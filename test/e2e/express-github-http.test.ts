/**
 * The Express example (examples/express-github) over plain HTTP, so it is covered where no
 * browser is installed; express-github-browser.test.ts walks the same path in Chromium.
 */
import assert from 'node:assert/strict'
import { type TestContext, test } from 'node:test'
import { type GitHubServer, parseSetCookie, signInAt } from 'oauth-consumer/testing'
import { type Example, startExample } from '../../examples/express-github/server.js'
import { Browser, type Page } from '../helpers/browser.js'

/** The example against its local GitHub, stopped when the test ends. */
async function start(t: TestContext, env: NodeJS.ProcessEnv = {}): Promise<Example> {
  const example = await startExample({ port: 0, host: '127.0.0.1', env })
  t.after(() => example.close())
  return example
}

function localGitHub(example: Example): GitHubServer {
  assert.ok(example.github, 'without credentials the example starts the local GitHub')
  return example.github
}

/** From /login through the local GitHub's sign-in and consent (or its Cancel) to the app's callback answer. */
async function signIn(browser: Browser, example: Example, login: string, deny = false): Promise<Page> {
  const start = await browser.get(`${example.url}/login`)
  assert.equal(start.status, 302, start.text)
  const authorize = new URL(start.location ?? '')
  assert.equal(authorize.origin + authorize.pathname, `${localGitHub(example).url}/login/oauth/authorize`)
  assert.equal(authorize.searchParams.get('redirect_uri'), `${example.url}/callback`)
  assert.equal(authorize.searchParams.get('scope'), 'read:user')
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256')
  return browser.get(await signInAt(authorize, { login, deny }))
}

function repositories(page: Page): string[] {
  return [...page.text.matchAll(/<li>([^<]*)<\/li>/g)].map((match) => match[1] ?? '')
}

test('signs in with the local GitHub, greets the user, lists 45 repositories from two pages, and signs out', async (t) => {
  const example = await start(t)
  const browser = new Browser()
  const home = await browser.get(example.url)
  assert.equal(home.status, 200)
  assert.match(home.text, /<a href="\/login">Sign in with GitHub<\/a>/)

  const done = await signIn(browser, example, 'octocat')
  assert.equal(done.status, 303, done.text)
  assert.equal(done.location, '/')
  const sid = done.setCookies.map(parseSetCookie).find((cookie) => cookie.name === 'sid')
  assert.ok(sid, 'the session cookie is set')
  assert.ok(sid.attributes.has('httponly'))
  assert.equal(sid.attributes.get('samesite'), 'Lax')
  assert.equal(done.headers['cache-control'], 'no-store')

  const before = localGitHub(example).counts.apiCalls
  const signedIn = await browser.get(example.url)
  assert.equal(signedIn.status, 200, signedIn.text)
  assert.match(String(signedIn.headers['content-type']), /^text\/html/)
  assert.equal(signedIn.headers['cache-control'], 'no-store')
  assert.match(signedIn.text, /<h1>Hello, Octocat<\/h1>/)
  assert.match(signedIn.text, /Signed in with GitHub as @octocat\./)
  assert.match(signedIn.text, /<h2>Your repositories \(45\)<\/h2>/)
  const repos = repositories(signedIn)
  assert.equal(repos.length, 45)
  assert.equal(repos[0], 'octocat/project-01')
  assert.equal(repos[44], 'octocat/project-45 (private)')
  // The local GitHub makes every fifth repository private.
  assert.equal(repos.filter((repo) => repo.endsWith(' (private)')).length, 9)
  // GET /user, then user/repos in pages of 30: the second page only through the first's Link header.
  assert.equal(localGitHub(example).counts.apiCalls - before, 3)

  const out = await browser.send('POST', `${example.url}/logout`)
  assert.equal(out.status, 303)
  assert.equal(out.location, '/')
  assert.ok(
    out.setCookies.some((line) => /^sid=;/.test(line) && /Expires=Thu, 01 Jan 1970/.test(line)),
    out.setCookies.join('\n'),
  )
  const after = await browser.get(example.url)
  assert.match(after.text, /Sign in with GitHub/)
  assert.doesNotMatch(after.text, /Hello/)

  // The old session id, replayed, is no session any more.
  const replayed = await new Browser().get(example.url, { cookie: `sid=${sid.value}` })
  assert.match(replayed.text, /Sign in with GitHub/)
})

test('cancelling at GitHub brings the user back signed out, with a message', async (t) => {
  const example = await start(t)
  const browser = new Browser()
  const done = await signIn(browser, example, 'hesitant', true)
  assert.equal(done.status, 303, done.text)
  assert.equal(done.location, '/?denied=1')
  assert.ok(!done.setCookies.some((line) => line.startsWith('sid=')), done.setCookies.join('\n'))

  const home = await browser.get(new URL(done.location ?? '', example.url))
  assert.match(home.text, /<p role="alert">You cancelled the sign-in at GitHub\.<\/p>/)
  assert.match(home.text, /Sign in with GitHub/)
})

test('a callback that no sign-in of this browser started is refused as JSON by oauthErrorHandler', async (t) => {
  const example = await start(t)
  // Another browser's sign-in: its state cookie stays there.
  const other = new Browser()
  const login = await other.get(`${example.url}/login`)
  const callback = await signInAt(new URL(login.location ?? ''), { login: 'octocat' })

  const page = await new Browser().get(callback)
  assert.equal(page.status, 400, page.text)
  assert.match(String(page.headers['content-type']), /^application\/json/)
  assert.deepEqual(page.json(), {
    error: 'OAUTH_STATE_MISMATCH',
    message: 'No pending login of "github" in this browser: it expired, finished already, or was started elsewhere',
  })
  assert.ok(!page.setCookies.some((line) => line.startsWith('sid=')))
})

test('a token GitHub no longer accepts sends the user to sign in again', async (t) => {
  const example = await start(t)
  const browser = new Browser()
  assert.equal((await signIn(browser, example, 'octocat')).status, 303)
  localGitHub(example).expireAccessTokens()

  const home = await browser.get(example.url)
  assert.equal(home.status, 303, home.text)
  assert.equal(home.location, '/login')
  // The session is gone: the home page now offers the sign-in.
  assert.match((await browser.get(example.url)).text, /Sign in with GitHub/)
})

test('GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET send the sign-in to github.com instead', async (t) => {
  const example = await start(t, { GITHUB_CLIENT_ID: 'real-client-id', GITHUB_CLIENT_SECRET: 'real-client-secret' })
  assert.equal(example.github, undefined, 'no local GitHub')
  const login = await new Browser().get(`${example.url}/login`)
  assert.equal(login.status, 302)
  const authorize = new URL(login.location ?? '')
  assert.equal(authorize.origin + authorize.pathname, 'https://github.com/login/oauth/authorize')
  assert.equal(authorize.searchParams.get('client_id'), 'real-client-id')
  assert.equal(authorize.searchParams.get('redirect_uri'), `${example.url}/callback`)
})
