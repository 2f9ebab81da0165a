/**
 * The demo's pages driven over plain HTTP, so the demo is covered where no browser is
 * installed. The browser run (demo-browser.test.ts) checks the same path through real pages.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { parseSetCookie, signInAt } from 'oauth-consumer/testing'
import { type Demo, startDemo } from '../../examples/demo/app.js'
import { Browser, type Page } from '../helpers/browser.js'

let demo: Demo

before(async () => {
  // GitHub tokens of 3 s: the library refreshes them 1 s before they expire.
  demo = await startDemo({
    appPort: 0,
    providerPort: 0,
    oauth1Port: 0,
    githubPort: 0,
    githubTokenTtl: 3,
    host: 'localhost',
    env: {},
  })
})

after(async () => {
  await demo?.close()
})

const form = { 'content-type': 'application/x-www-form-urlencoded' }

function assertHtml(page: Page, status = 200): void {
  assert.equal(page.status, status, page.text)
  assert.match(String(page.headers['content-type']), /^text\/html/)
}

/** Follows the demo's sign-in from `start` (a page that redirects to /login or /login itself) back to the app. */
async function signInThrough(browser: Browser, start: string, login: string, deny = false): Promise<Page> {
  let page = await browser.get(new URL(start, demo.appUrl))
  if (page.status === 303) page = await browser.get(new URL(page.location ?? '', demo.appUrl))
  assert.equal(page.status, 302)
  const authorize = new URL(page.location ?? '')
  assert.equal(authorize.origin, demo.providerUrl)
  assert.equal(authorize.searchParams.get('redirect_uri'), `${demo.appUrl}/callback`)
  assert.equal(authorize.searchParams.get('scope'), 'openid profile email notes')
  assert.ok(authorize.searchParams.get('nonce'), 'an OpenID Connect sign-in sends a nonce')
  const callback = await signInAt(authorize, { login, deny })
  return browser.get(callback)
}

/** The demo's OAuth 1.0a sign-in, authorizing (or cancelling) as `screenName` at the local provider. */
async function signInWithOAuth1(browser: Browser, screenName: string, cancel = false): Promise<Page> {
  const login = await browser.get(`${demo.appUrl}/oauth1/login`)
  assert.equal(login.status, 302, login.text)
  const authorize = new URL(login.location ?? '')
  assert.equal(authorize.origin, demo.oauth1ProviderUrl)
  assert.equal(authorize.pathname, '/oauth/authenticate')
  const callback = await signInAt(authorize, { login: screenName, deny: cancel })
  assert.equal(callback.origin + callback.pathname, `${demo.appUrl}/oauth1/callback`)
  return browser.get(callback)
}

/** The `<dd>` that follows `<dt>{term}</dt>` in the ID-token card. */
function claim(page: Page, term: string): string | undefined {
  const card = /<h2>Your ID token<\/h2>([\s\S]*?)<\/section>/.exec(page.text)?.[1] ?? ''
  return new RegExp(`<dt>${term}</dt><dd>([\\s\\S]*?)</dd>`).exec(card)?.[1]
}

test('signs in with OpenID Connect, shows the user and the ID token, lists and adds notes, and signs out', async () => {
  const browser = new Browser()
  const home = await browser.get(demo.appUrl)
  assertHtml(home)
  assert.match(home.text, /<a class="button" href="\/login">Sign in with OpenID Connect<\/a>/)
  assert.doesNotMatch(home.text, /Sign out/)

  const done = await signInThrough(browser, '/login', 'ada')
  assert.equal(done.status, 303)
  assert.equal(done.location, '/')
  const cookie = done.setCookies.map(parseSetCookie).find((c) => c.name === 'demo_session')
  assert.ok(cookie, 'the session cookie is set')
  assert.ok(cookie.attributes.has('httponly'))
  assert.equal(cookie.attributes.get('samesite'), 'Lax')

  const signedIn = await browser.get(demo.appUrl)
  assertHtml(signedIn)
  assert.match(signedIn.text, /Hello, Ada/)
  assert.match(signedIn.text, /ada@example\.test/)
  assert.match(signedIn.text, /OpenID Connect at <code>/)
  assert.ok(signedIn.text.includes(`Fetched from <code>${demo.providerUrl}/me</code>`), 'the profile is from userinfo')
  assert.match(signedIn.text, /Call the protected API/)
  assert.match(signedIn.text, /Sign out/)
  assert.equal(signedIn.headers['cache-control'], 'no-store')
  // The verified ID token's claims, next to the profile.
  assert.equal(claim(signedIn, 'sub'), '<code>ada</code>')
  assert.equal(claim(signedIn, 'name'), 'Ada')
  assert.equal(claim(signedIn, 'email'), 'ada@example.test')
  assert.equal(claim(signedIn, 'iss'), `<code>${demo.providerUrl}</code>`)
  assert.equal(claim(signedIn, 'aud'), '<code>oauth-consumer-demo</code>')
  const exp = /^<time datetime="([^"]+)">([^<]+)<\/time>$/.exec(claim(signedIn, 'exp') ?? '')
  assert.ok(exp, 'exp is shown as a date')
  const expires = Date.parse(exp[1] ?? '')
  assert.ok(expires > Date.now() && expires < Date.now() + 2 * 3600_000, exp[1])
  assert.equal(exp[2], new Date(expires).toUTCString())

  const notes = await browser.get(`${demo.appUrl}/notes`)
  assertHtml(notes)
  assert.match(notes.text, /200 OK/)
  assert.match(notes.text, /<li>Buy milk<\/li>/)

  const text = `<script>alert("x")</script> & more`
  const added = await browser.send('POST', `${demo.appUrl}/notes`, form, new URLSearchParams({ text }).toString())
  assertHtml(added)
  assert.match(added.text, /201 Created/)
  assert.ok(added.text.includes('&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt; &amp; more'), added.text)
  assert.ok(!added.text.includes('<script>'), 'the note is escaped')

  const again = await browser.get(`${demo.appUrl}/notes`)
  assert.ok(again.text.includes('<li>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</li>'), again.text)

  const out = await browser.send('POST', `${demo.appUrl}/logout`)
  assert.equal(out.status, 303)
  assert.equal(out.location, '/?notice=signed-out-here')
  const signedOut = await browser.get(new URL(out.location, demo.appUrl))
  assertHtml(signedOut)
  assert.match(signedOut.text, /You are signed out of this app, but still signed in at the provider/)
  assert.match(signedOut.text, />Sign in with OpenID Connect</)
  assert.doesNotMatch(signedOut.text, /Your ID token/)
  const locked = await browser.get(`${demo.appUrl}/notes`)
  assert.equal(locked.status, 303)
  assert.equal(locked.location, '/login?next=/notes')

  // The page offers the provider's end-session endpoint, which sends the browser back here.
  const link = /<a class="button secondary" href="([^"]+)">Sign out at the provider too<\/a>/.exec(signedOut.text)
  assert.ok(link, signedOut.text)
  const endSession = new URL((link[1] ?? '').replaceAll('&amp;', '&'))
  assert.equal(endSession.origin + endSession.pathname, `${demo.providerUrl}/session/end`)
  assert.equal(endSession.searchParams.get('client_id'), 'oauth-consumer-demo')
  assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), `${demo.appUrl}/?notice=signed-out`)
  const confirm = await browser.get(endSession)
  assert.equal(confirm.status, 200, confirm.text)
  // Without a provider session in this jar, the provider's page only posts its form back.
  const action = /<form method="post" action="([^"]+)">/.exec(confirm.text)?.[1]
  assert.ok(action, confirm.text)
  const fields = new URLSearchParams()
  for (const [, name, value] of confirm.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)) {
    fields.append(name ?? '', value ?? '')
  }
  const ended = await browser.send('POST', action, form, fields.toString())
  assert.equal(ended.status, 303, ended.text)
  assert.equal(ended.location, `${demo.appUrl}/?notice=signed-out`)
  const back = await browser.get(ended.location)
  assertHtml(back)
  assert.match(back.text, /You are signed out\./)
  assert.doesNotMatch(back.text, /Sign out at the provider too/)
})

test('a signed-out visit to /notes signs in and comes back to /notes', async () => {
  const browser = new Browser()
  const done = await signInThrough(browser, '/notes', 'grace')
  assert.equal(done.status, 303)
  assert.equal(done.location, '/notes')
  const notes = await browser.get(new URL(done.location, demo.appUrl))
  assertHtml(notes)
  assert.match(notes.text, /Buy milk/)
})

test('a name that looks like markup is shown as text', async () => {
  const browser = new Browser()
  await signInThrough(browser, '/login', `<i>o'neil</i>`)
  const home = await browser.get(demo.appUrl)
  assertHtml(home)
  assert.ok(home.text.includes('Hello, &lt;i&gt;o&#39;neil&lt;/i&gt;'), home.text)
  assert.equal(claim(home, 'name'), '&lt;i&gt;o&#39;neil&lt;/i&gt;')
  assert.ok(!home.text.includes('<i>'))
})

test('cancelling at the provider shows a friendly message', async () => {
  const browser = new Browser()
  const done = await signInThrough(browser, '/login', 'bob', true)
  assert.equal(done.status, 303)
  assert.equal(done.location, '/?notice=denied')
  const home = await browser.get(new URL(done.location, demo.appUrl))
  assertHtml(home)
  assert.match(home.text, /You cancelled the sign-in/)
  assert.match(home.text, />Sign in with OpenID Connect</)
  assert.ok(!done.setCookies.some((line) => line.startsWith('demo_session=')))
})

test('a stale or forged callback is an HTML page, not a stack trace', async () => {
  const page = await new Browser().get(`${demo.appUrl}/callback?code=forged&state=forged`)
  assertHtml(page, 400)
  assert.match(page.text, /expired or was already used/)
  assert.match(page.text, /OAUTH_STATE_MISMATCH/)
})

test('signs in with OAuth 1.0a, shows the user and the timeline, posts statuses and signs out', async () => {
  const browser = new Browser()
  const home = await browser.get(demo.appUrl)
  assertHtml(home)
  assert.match(home.text, /<a class="button" href="\/oauth1\/login">Sign in with OAuth 1\.0a<\/a>/)

  const done = await signInWithOAuth1(browser, 'lovelace')
  assert.equal(done.status, 303, done.text)
  assert.equal(done.location, '/')
  const cookie = done.setCookies.map(parseSetCookie).find((c) => c.name === 'demo_session')
  assert.ok(cookie, 'the session cookie is set')
  assert.ok(cookie.attributes.has('httponly'))

  const signedIn = await browser.get(demo.appUrl)
  assertHtml(signedIn)
  assert.match(signedIn.text, /Hello, Lovelace/)
  assert.match(signedIn.text, /@lovelace/)
  assert.match(signedIn.text, /OAuth 1\.0a at <code>/)
  assert.match(signedIn.text, /Your home timeline/)
  assert.match(signedIn.text, /Percent-encode twice/, "the provider's timeline is shown")
  assert.match(signedIn.text, /<label for="status-text">Post a status<\/label>/)
  assert.match(signedIn.text, /Sign out/)
  assert.doesNotMatch(signedIn.text, /Call the protected API/)

  const status = `Hello <b>signed</b> world & "friends" ☃`
  const posted = await browser.send('POST', `${demo.appUrl}/status`, form, new URLSearchParams({ status }).toString())
  assertHtml(posted)
  assert.match(posted.text, /Status posted/)
  assert.match(posted.text, /200 OK/)
  assert.match(posted.text, /&quot;screen_name&quot;: &quot;lovelace&quot;/)
  assert.ok(
    posted.text.includes(
      '&quot;text&quot;: &quot;Hello &lt;b&gt;signed&lt;/b&gt; world &amp; \\&quot;friends\\&quot; ☃&quot;',
    ),
    posted.text,
  )
  assert.ok(!posted.text.includes('<b>'), 'the answer is escaped')

  const timeline = await browser.get(demo.appUrl)
  assertHtml(timeline)
  assert.ok(
    timeline.text.includes(
      '<span class="text">Hello &lt;b&gt;signed&lt;/b&gt; world &amp; &quot;friends&quot; ☃</span>',
    ),
    timeline.text,
  )

  const tooLong = await browser.send('POST', `${demo.appUrl}/status`, form, `status=${'x'.repeat(281)}`)
  assertHtml(tooLong)
  assert.match(tooLong.text, /The status was not posted/)
  assert.match(tooLong.text, /403 Forbidden/)
  assert.match(tooLong.text, /&quot;code&quot;: 186/)
  assert.match(tooLong.text, /Status is over 280 characters\./)

  // The notes belong to the OAuth 2.0 provider, so they ask for that sign-in.
  const notes = await browser.get(`${demo.appUrl}/notes`)
  assert.equal(notes.status, 303)
  assert.equal(notes.location, '/login?next=/notes')

  const out = await browser.send('POST', `${demo.appUrl}/logout`)
  assert.equal(out.status, 303)
  assert.equal(out.location, '/?notice=signed-out')
  const signedOut = await browser.get(new URL(out.location, demo.appUrl))
  assertHtml(signedOut)
  assert.match(signedOut.text, /You are signed out/)
  assert.match(signedOut.text, />Sign in with OAuth 1\.0a</)
  const locked = await browser.send('POST', `${demo.appUrl}/status`, form, 'status=after')
  assert.equal(locked.status, 303)
  assert.equal(locked.location, '/oauth1/login')
})

test('an OAuth 1.0a screen name that looks like markup is shown as text', async () => {
  const browser = new Browser()
  await signInWithOAuth1(browser, `<i>o'hara</i>`)
  const home = await browser.get(demo.appUrl)
  assertHtml(home)
  assert.ok(home.text.includes('@&lt;i&gt;o&#39;hara&lt;/i&gt;'), home.text)
  assert.ok(!home.text.includes('<i>'))
})

test('cancelling the OAuth 1.0a sign-in shows the friendly message', async () => {
  const browser = new Browser()
  const done = await signInWithOAuth1(browser, 'shy', true)
  assert.equal(done.status, 303)
  assert.equal(done.location, '/?notice=denied')
  const home = await browser.get(new URL(done.location, demo.appUrl))
  assertHtml(home)
  assert.match(home.text, /You cancelled the sign-in/)
  assert.match(home.text, />Sign in with OAuth 1\.0a</)
  assert.ok(!done.setCookies.some((line) => line.startsWith('demo_session=')))
})

test('a stale or forged OAuth 1.0a callback is an HTML page, not a stack trace', async () => {
  const page = await new Browser().get(`${demo.appUrl}/oauth1/callback?oauth_token=forged&oauth_verifier=forged`)
  assertHtml(page, 400)
  assert.match(page.text, /expired or was already used/)
  assert.match(page.text, /OAUTH_STATE_MISMATCH/)
})

/** The demo's GitHub sign-in at the local GitHub, as `login` (or cancelling there). */
async function signInWithGitHub(browser: Browser, login: string, deny = false): Promise<Page> {
  const start = await browser.get(`${demo.appUrl}/github/login`)
  assert.equal(start.status, 302, start.text)
  const authorize = new URL(start.location ?? '')
  assert.equal(authorize.origin + authorize.pathname, `${demo.githubUrl}/login/oauth/authorize`)
  assert.equal(authorize.searchParams.get('redirect_uri'), `${demo.appUrl}/github/callback`)
  assert.equal(authorize.searchParams.get('scope'), 'read:user user:email')
  return browser.get(await signInAt(authorize, { login, deny }))
}

test('the "Sign in with…" menu lists every preset; the real ones name the variables that enable them', async () => {
  const home = await new Browser().get(demo.appUrl)
  assertHtml(home)
  assert.match(home.text, /<h1>Sign in with…<\/h1>/)
  for (const id of ['github', 'gitlab', 'google', 'facebook', 'linkedin', 'microsoft', 'twitter', 'oidc']) {
    assert.match(home.text, new RegExp(`<li id="provider-${id}">`), id)
  }
  assert.match(home.text, /<a class="button" href="\/github\/login">Sign in with GitHub<\/a>/)
  assert.match(home.text, /For the real GitHub, set <code>GITHUB_CLIENT_ID<\/code> <code>GITHUB_CLIENT_SECRET<\/code>/)
  assert.match(
    home.text,
    /For the real Microsoft, set <code>MICROSOFT_CLIENT_ID<\/code> <code>MICROSOFT_CLIENT_SECRET<\/code> <code>MICROSOFT_TENANT<\/code>/,
  )
  assert.ok(home.text.includes(`<code>${demo.appUrl}/real/google/callback</code>`), 'the callback to register is named')
  assert.ok(!home.text.includes('/real/github/login'), 'no real provider without credentials')
  // The code panel beside the GitHub card is the demo's own source.
  assert.match(home.text, /<aside class="code" aria-label="Code behind this">/)
  assert.ok(home.text.includes('gitHub.authorize(reply, { callback: GITHUB_CALLBACK_PATH })'), home.text)
})

test('signs in with GitHub, shows the profile and all 45 repositories, and sees the expiring token refreshed', async () => {
  const browser = new Browser()
  const done = await signInWithGitHub(browser, 'octocat')
  assert.equal(done.status, 303, done.text)
  assert.equal(done.location, '/')

  const home = await browser.get(demo.appUrl)
  assertHtml(home)
  assert.match(home.text, /Hello, Octocat/)
  assert.match(home.text, /<dt>Login<\/dt><dd>@octocat<\/dd>/)
  assert.match(home.text, /Your repositories \(45\)/)
  const repos = [...home.text.matchAll(/<li>(octocat\/project-\d\d)/g)].map((match) => match[1])
  assert.equal(repos.length, 45)
  assert.equal(repos[44], 'octocat/project-45')
  assert.match(home.text, /<dt>Refreshed<\/dt><dd>not yet<\/dd>/)
  assert.match(home.text, /<time data-countdown data-skew="1" datetime="[^"]+">/)
  assert.match(home.text, /<script src="\/demo\.js" defer><\/script>/)
  assert.match(String(home.headers['content-security-policy']), /script-src 'self'/)
  assert.ok(home.text.includes('gitHub.getAll&lt;Repository&gt;(&#39;user/repos&#39;'), 'the code panel shows getAll')
  assert.ok(home.text.includes('session.refreshedAt = new Date()'), 'the code panel shows the tokenupdater')

  // Two seconds on, the token is within the refresh skew: the page's API calls refresh it first.
  await new Promise((resolve) => setTimeout(resolve, 2200))
  const later = await browser.get(demo.appUrl)
  assertHtml(later)
  assert.match(
    later.text,
    /<span class="refreshed">Refreshed at \d\d:\d\d:\d\d UTC<\/span>\s+by the tokenupdater \(1 time\)/,
  )
  assert.match(later.text, /Your repositories \(45\)/)

  const script = await browser.get(`${demo.appUrl}/demo.js`)
  assert.equal(script.status, 200)
  assert.match(String(script.headers['content-type']), /^text\/javascript/)
  assert.match(script.text, /data-countdown/)
})

test('cancelling at GitHub shows the friendly message', async () => {
  const browser = new Browser()
  const done = await signInWithGitHub(browser, 'shy', true)
  assert.equal(done.status, 303)
  assert.equal(done.location, '/?notice=denied')
  assert.ok(!done.setCookies.some((line) => line.startsWith('demo_session=')))
})

test('GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET enable the real GitHub in the menu', async () => {
  const withCredentials = await startDemo({
    appPort: 0,
    providerPort: 0,
    oauth1Port: 0,
    githubPort: 0,
    host: 'localhost',
    env: { GITHUB_CLIENT_ID: 'real-client-id', GITHUB_CLIENT_SECRET: 'real-client-secret' },
  })
  try {
    const browser = new Browser()
    const home = await browser.get(withCredentials.appUrl)
    assert.match(
      home.text,
      /<a class="button secondary" href="\/real\/github\/login">Sign in with GitHub \(real\)<\/a>/,
    )
    assert.ok(!home.text.includes('For the real GitHub'), home.text)
    const login = await browser.get(`${withCredentials.appUrl}/real/github/login`)
    assert.equal(login.status, 302)
    const authorize = new URL(login.location ?? '')
    assert.equal(authorize.origin + authorize.pathname, 'https://github.com/login/oauth/authorize')
    assert.equal(authorize.searchParams.get('client_id'), 'real-client-id')
    assert.equal(authorize.searchParams.get('redirect_uri'), `${withCredentials.appUrl}/real/github/callback`)
  } finally {
    await withCredentials.close()
  }
})
