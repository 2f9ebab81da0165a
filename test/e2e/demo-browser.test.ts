/**
 * The demo's sign-in in a real Chromium: cookies, redirects, the provider's login and consent
 * pages and the demo's forms, as a person would use them.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { after, before, type TestContext, test } from 'node:test'
import { type Browser, type BrowserContext, chromium } from 'playwright-core'
import { type Demo, startDemo } from '../../examples/demo/app.js'

// Debian's package puts the browser here.
const CHROMIUM = '/usr/bin/chromium'
const installed = existsSync(CHROMIUM)
const required = process.env.OAUTH_CONSUMER_REQUIRE_BROWSER === '1'

let demo: Demo | undefined
let browser: Browser | undefined

before(async () => {
  if (!installed) return
  demo = await startDemo({ appPort: 0, providerPort: 0, host: 'localhost' })
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
})

after(async () => {
  await browser?.close()
  await demo?.close()
})

/** A fresh browser context, or `undefined` when the test is skipped for want of Chromium. */
async function openContext(t: TestContext): Promise<{ context: BrowserContext; demo: Demo } | undefined> {
  if (!installed) {
    if (required) assert.fail(`Chromium is required (OAUTH_CONSUMER_REQUIRE_BROWSER=1) but ${CHROMIUM} does not exist`)
    t.skip('Chromium is not installed: apt-get install -y chromium')
    return undefined
  }
  assert.ok(browser && demo, 'the browser and the demo started')
  const context = await browser.newContext()
  t.after(() => context.close())
  context.setDefaultTimeout(10_000)
  // The provider's stock pages import a web font; the test stays offline and fast without it.
  const allowed = new Set([new URL(demo.appUrl).origin, new URL(demo.providerUrl).origin])
  await context.route('**/*', (route) =>
    allowed.has(new URL(route.request().url()).origin) ? route.continue() : route.abort(),
  )
  return { context, demo }
}

test('signs in at the provider, calls the protected API, adds a note and signs out', async (t) => {
  const opened = await openContext(t)
  if (opened === undefined) return
  const { context, demo } = opened
  const page = await context.newPage()

  await page.goto(demo.appUrl)
  await page.getByRole('link', { name: 'Sign in', exact: true }).click()

  // The provider's development login page takes any login name and any password.
  await page.waitForURL((url) => url.origin === demo.providerUrl)
  await page.locator('input[name=login]').fill('ada')
  await page.locator('input[name=password]').fill('any password')
  await page.getByRole('button', { name: 'Sign-in' }).click()
  await page.getByRole('button', { name: 'Continue' }).click()

  await page.waitForURL(`${demo.appUrl}/`)
  await page.getByRole('heading', { name: 'Hello, Ada' }).waitFor()
  assert.match((await page.locator('main').textContent()) ?? '', /ada@example\.test/)

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
  await page.getByText('You are signed out.').waitFor()
  await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor()
  const cookies = await context.cookies(demo.appUrl)
  assert.ok(!cookies.some((c) => c.name === 'demo_session'), 'the session cookie is gone')
})

test('cancelling at the provider brings the user back with a friendly message', async (t) => {
  const opened = await openContext(t)
  if (opened === undefined) return
  const { context, demo } = opened
  const page = await context.newPage()

  await page.goto(demo.appUrl)
  await page.getByRole('link', { name: 'Sign in', exact: true }).click()
  await page.waitForURL((url) => url.origin === demo.providerUrl)
  await page.getByRole('link', { name: '[ Cancel ]' }).click()

  await page.waitForURL(`${demo.appUrl}/?notice=denied`)
  await page.getByText('You cancelled the sign-in at the provider').waitFor()
  await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor()
})
