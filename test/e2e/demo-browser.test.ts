/**
 * The demo's sign-in in a real Chromium: cookies, redirects, the providers' login, consent and
 * authorization pages and the demo's forms, as a person would use them.
 */
import assert from 'node:assert/strict'
import { after, before, type TestContext, test } from 'node:test'
import { catalogue } from 'oauth-consumer/providers'
import type { Browser, BrowserContext } from 'playwright-core'
import { type Demo, startDemo } from '../../examples/demo/app.js'
import { chromiumInstalled, launchChromium, needChromium } from '../helpers/chromium.js'

let demo: Demo | undefined
let browser: Browser | undefined

before(async () => {
  if (!chromiumInstalled) return
  // GitHub tokens of 6 s: due for refresh 2 s before they expire, so the page refreshes one soon.
  demo = await startDemo({
    appPort: 0,
    providerPort: 0,
    oauth1Port: 0,
    githubPort: 0,
    githubTokenTtl: 6,
    host: 'localhost',
    env: {},
  })
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await demo?.close()
})

/** A fresh browser context, or `undefined` when the test is skipped for want of Chromium. */
async function openContext(t: TestContext): Promise<{ context: BrowserContext; demo: Demo } | undefined> {
  if (!needChromium(t)) return undefined
  assert.ok(browser && demo, 'the browser and the demo started')
  const context = await browser.newContext()
  t.after(() => context.close())
  context.setDefaultTimeout(10_000)
  // The provider's stock pages import a web font; the test stays offline and fast without it.
  const allowed = new Set(
    [demo.appUrl, demo.providerUrl, demo.oauth1ProviderUrl, demo.githubUrl].map((url) => new URL(url).origin),
  )
  await context.route('**/*', (route) =>
    allowed.has(new URL(route.request().url()).origin) ? route.continue() : route.abort(),
  )
  return { context, demo }
}

test('signs in with OpenID Connect, shows the ID token, adds a note and signs out here and at the provider', async (t) => {
  const opened = await openContext(t)
  if (opened === undefined) return
  const { context, demo } = opened
  const page = await context.newPage()

  await page.goto(demo.appUrl)
  await page.getByRole('link', { name: 'Sign in with OpenID Connect' }).click()

  // The provider's development login page takes any login name and any password.
  await page.waitForURL((url) => url.origin === demo.providerUrl)
  await page.locator('input[name=login]').fill('ada')
  await page.locator('input[name=password]').fill('any password')
  await page.getByRole('button', { name: 'Sign-in' }).click()
  await page.getByRole('button', { name: 'Continue' }).click()

  await page.waitForURL(`${demo.appUrl}/`)
  await page.getByRole('heading', { name: 'Hello, Ada' }).waitFor()
  assert.match((await page.locator('main').textContent()) ?? '', /ada@example\.test/)

  // The verified ID token's claims, next to the profile.
  const idToken = page.locator('section', { has: page.getByRole('heading', { name: 'Your ID token' }) })
  const terms = await idToken.locator('dt').allInnerTexts()
  const values = await idToken.locator('dd').allInnerTexts()
  const claims = Object.fromEntries(terms.map((term, i) => [term, values[i]]))
  assert.equal(claims.sub, 'ada')
  assert.equal(claims.name, 'Ada')
  assert.equal(claims.email, 'ada@example.test')
  assert.equal(claims.iss, demo.providerUrl)
  assert.equal(claims.aud, 'oauth-consumer-demo')
  const expires = Date.parse((await idToken.locator('time').getAttribute('datetime')) ?? '')
  assert.ok(expires > Date.now(), `exp ${claims.exp} is in the future`)
  assert.equal(claims.exp, new Date(expires).toUTCString())

  await page.getByRole('button', { name: 'Call the protected API' }).click()
  // A GET form leaves an empty query behind: `/notes?`.
  await page.waitForURL((url) => url.origin === demo.appUrl && url.pathname === '/notes')
  await page.getByRole('heading', { name: 'Your notes' }).waitFor()
  const notes = await page.locator('ul.notes li').allInnerTexts()
  assert.ok(notes.includes('Buy milk'), notes.join(', '))

  const text = 'Remember <b>the</b> browser test'
  await page.getByLabel('Add a note').fill(text)
  await page.getByRole('button', { name: 'Add note' }).click()
  await page.getByRole('heading', { name: 'Note added' }).waitFor()
  assert.match((await page.locator('main').textContent()) ?? '', /201 Created/)
  assert.ok((await page.locator('pre').textContent())?.includes(text))

  await page.getByRole('button', { name: 'Call the protected API' }).click()
  assert.ok((await page.locator('ul.notes li').allInnerTexts()).includes(text))

  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByText('You are signed out of this app, but still signed in at the provider.').waitFor()
  const cookies = await context.cookies(demo.appUrl)
  assert.ok(!cookies.some((c) => c.name === 'demo_session'), 'the session cookie is gone')

  // RP-initiated logout: the provider asks, ends its session and sends the browser back.
  await page.getByRole('link', { name: 'Sign out at the provider too' }).click()
  await page.waitForURL((url) => url.origin === demo.providerUrl)
  await page.getByRole('button', { name: 'Yes, sign me out' }).click()
  await page.waitForURL(`${demo.appUrl}/?notice=signed-out`)
  await page.getByText('You are signed out.').waitFor()

  // With the provider's session gone, signing in asks for the login again.
  await page.getByRole('link', { name: 'Sign in with OpenID Connect' }).click()
  await page.waitForURL((url) => url.origin === demo.providerUrl)
  await page.locator('input[name=login]').waitFor()
})

test('cancelling at the provider brings the user back with a friendly message', async (t) => {
  const opened = await openContext(t)
  if (opened === undefined) return
  const { context, demo } = opened
  const page = await context.newPage()

  await page.goto(demo.appUrl)
  await page.getByRole('link', { name: 'Sign in with OpenID Connect' }).click()
  await page.waitForURL((url) => url.origin === demo.providerUrl)
  await page.getByRole('link', { name: 'Cancel', exact: true }).click()

  await page.waitForURL(`${demo.appUrl}/?notice=denied`)
  await page.getByText('You cancelled the sign-in at the provider').waitFor()
  await page.getByRole('link', { name: 'Sign in with OpenID Connect' }).waitFor()
})

test('signs in with OAuth 1.0a, reads the timeline, posts a status and sees the answer', async (t) => {
  const opened = await openContext(t)
  if (opened === undefined) return
  const { context, demo } = opened
  const page = await context.newPage()

  await page.goto(demo.appUrl)
  await page.getByRole('link', { name: 'Sign in with OAuth 1.0a' }).click()

  // The provider's authorization page takes any screen name.
  await page.waitForURL((url) => url.origin === demo.oauth1ProviderUrl)
  await page.locator('input[name=screen_name]').fill('hopper')
  await page.getByRole('button', { name: 'Authorize app' }).click()

  await page.waitForURL(`${demo.appUrl}/`)
  await page.getByRole('heading', { name: 'Hello, Hopper' }).waitFor()
  assert.match((await page.locator('main').textContent()) ?? '', /@hopper/)
  const seeded = await page.locator('ul.timeline .text').allInnerTexts()
  assert.ok(seeded.length > 0, 'the home timeline is shown')

  const status = 'Posted from <b>Chromium</b> & signed ☃'
  await page.getByLabel('Post a status').fill(status)
  await page.getByRole('button', { name: 'Post status' }).click()
  await page.getByRole('heading', { name: 'Status posted' }).waitFor()
  assert.match((await page.locator('main').textContent()) ?? '', /200 OK/)
  assert.ok((await page.locator('pre').textContent())?.includes(JSON.stringify(status)))

  // The form leaves the length to the provider, so its refusal shows.
  await page.getByLabel('Post a status').fill('x'.repeat(281))
  await page.getByRole('button', { name: 'Post status' }).click()
  await page.getByRole('heading', { name: 'The status was not posted' }).waitFor()
  assert.match((await page.locator('main').textContent()) ?? '', /403 Forbidden/)
  assert.match((await page.locator('pre').textContent()) ?? '', /"code": 186/)

  await page.getByRole('link', { name: 'Back to your timeline' }).click()
  await page.getByRole('heading', { name: 'Your home timeline' }).waitFor()
  assert.equal((await page.locator('ul.timeline .text').allInnerTexts())[0], status)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByText('You are signed out.').waitFor()
  await page.getByRole('link', { name: 'Sign in with OAuth 1.0a' }).waitFor()
})

test('cancelling the OAuth 1.0a sign-in brings the user back with a friendly message', async (t) => {
  const opened = await openContext(t)
  if (opened === undefined) return
  const { context, demo } = opened
  const page = await context.newPage()

  await page.goto(demo.appUrl)
  await page.getByRole('link', { name: 'Sign in with OAuth 1.0a' }).click()
  await page.waitForURL((url) => url.origin === demo.oauth1ProviderUrl)
  await page.getByRole('button', { name: 'Cancel' }).click()

  await page.waitForURL(`${demo.appUrl}/?notice=denied`)
  await page.getByText('You cancelled the sign-in at the provider').waitFor()
})

test('signs in with GitHub, lists 45 repositories from two pages, and watches the token refresh itself', async (t) => {
  const opened = await openContext(t)
  if (opened === undefined) return
  const { context, demo } = opened
  const page = await context.newPage()

  await page.goto(demo.appUrl)
  // The menu names every preset, and the code behind the GitHub sign-in.
  const presets = await page.locator('ul.menu > li .name').allInnerTexts()
  assert.equal(presets.length, catalogue.length, presets.join(', '))
  assert.match((await page.locator('#provider-facebook').textContent()) ?? '', /FACEBOOK_CLIENT_ID/)
  assert.match((await page.locator('aside.code').first().textContent()) ?? '', /gitHub\.authorizedHandler/)
  await page.getByRole('link', { name: 'Sign in with GitHub' }).click()

  // The local GitHub's sign-in and consent pages.
  await page.waitForURL((url) => url.origin === demo.githubUrl)
  await page.getByLabel('Username or email address').fill('octocat')
  await page.getByLabel('Password').fill('any password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('button', { name: 'Authorize oauth-consumer demo' }).click()

  await page.waitForURL(`${demo.appUrl}/`)
  await page.getByRole('heading', { name: 'Hello, Octocat' }).waitFor()
  assert.equal(await page.locator('ul.repos li').count(), 45)
  assert.equal(await page.locator('#token .refreshed').count(), 0, 'not refreshed yet')
  assert.ok((await page.locator('aside.code').count()) >= 3, 'a code panel beside each card')

  // The countdown reloads the page when the token is due; its API calls refresh the token.
  await page.locator('#token .refreshed').waitFor({ timeout: 20_000 })
  assert.match((await page.locator('#token').textContent()) ?? '', /Refreshed at \d\d:\d\d:\d\d UTC/)
  assert.equal(await page.locator('ul.repos li').count(), 45)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByText('You are signed out.').waitFor()
})

test('cancelling at GitHub brings the user back with a friendly message', async (t) => {
  const opened = await openContext(t)
  if (opened === undefined) return
  const { context, demo } = opened
  const page = await context.newPage()

  await page.goto(demo.appUrl)
  await page.getByRole('link', { name: 'Sign in with GitHub' }).click()
  await page.waitForURL((url) => url.origin === demo.githubUrl)
  await page.getByLabel('Username or email address').fill('hesitant')
  await page.getByLabel('Password').fill('any password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('link', { name: 'Cancel' }).click()

  await page.waitForURL(`${demo.appUrl}/?notice=denied`)
  await page.getByText('You cancelled the sign-in at the provider').waitFor()
})
