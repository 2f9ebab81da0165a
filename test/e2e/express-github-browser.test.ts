/**
 * The Express example (examples/express-github) in a real Chromium: its pages, the local
 * GitHub's sign-in and consent pages, cookies and redirects, as a person would use them.
 */
import assert from 'node:assert/strict'
import { type TestContext, test } from 'node:test'
import type { Page } from 'playwright-core'
import { type Example, startExample } from '../../examples/express-github/server.js'
import { launchChromium, needChromium } from '../helpers/chromium.js'

/**
 * The example, and a page in a fresh Chromium that reaches only the app and the local GitHub;
 * `undefined` when the test is skipped for want of Chromium. All of it stops when the test ends.
 */
async function open(t: TestContext): Promise<{ example: Example; page: Page } | undefined> {
  if (!needChromium(t)) return undefined
  const example = await startExample({ port: 0, host: '127.0.0.1', env: {} })
  t.after(() => example.close())
  assert.ok(example.github, 'without credentials the example starts the local GitHub')
  const browser = await launchChromium()
  t.after(() => browser.close())
  const context = await browser.newContext()
  context.setDefaultTimeout(10_000)
  const allowed = new Set([example.url, example.github.url])
  await context.route('**/*', (route) =>
    allowed.has(new URL(route.request().url()).origin) ? route.continue() : route.abort(),
  )
  return { example, page: await context.newPage() }
}

/** From the home page to the local GitHub's sign-in page, signed in there as `login`. */
async function signInAtGitHub(page: Page, example: Example, login: string): Promise<void> {
  await page.goto(example.url)
  await page.getByRole('link', { name: 'Sign in with GitHub' }).click()
  await page.waitForURL((url) => url.origin === example.github?.url)
  await page.getByLabel('Username or email address').fill(login)
  await page.getByLabel('Password').fill('any password')
  await page.getByRole('button', { name: 'Sign in' }).click()
}

test('signs in with GitHub, sees the name and 45 repositories from two pages, and signs out', async (t) => {
  const opened = await open(t)
  if (opened === undefined) return
  const { example, page } = opened

  await signInAtGitHub(page, example, 'octocat')
  await page.getByRole('button', { name: 'Authorize oauth-consumer Express example' }).click()

  await page.waitForURL(`${example.url}/`)
  await page.getByRole('heading', { name: 'Hello, Octocat' }).waitFor()
  await page.getByText('Signed in with GitHub as @octocat.').waitFor()
  await page.getByRole('heading', { name: 'Your repositories (45)' }).waitFor()
  const repos = await page.getByRole('listitem').allInnerTexts()
  assert.equal(repos.length, 45)
  assert.equal(repos[0], 'octocat/project-01')
  // GitHub sends 30 a page: the last ones come from the second page.
  assert.equal(repos[44], 'octocat/project-45 (private)')
  const cookies = await page.context().cookies(example.url)
  const sid = cookies.find((cookie) => cookie.name === 'sid')
  assert.ok(sid, 'the session cookie is set')
  assert.equal(sid.httpOnly, true)
  assert.equal(sid.sameSite, 'Lax')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.waitForURL(`${example.url}/`)
  await page.getByRole('link', { name: 'Sign in with GitHub' }).waitFor()
  assert.equal(await page.getByRole('heading', { name: 'Hello, Octocat' }).count(), 0)
  const left = await page.context().cookies(example.url)
  assert.ok(!left.some((cookie) => cookie.name === 'sid'), 'the session cookie is gone')
})

test('cancelling at GitHub brings the user back signed out, with a message', async (t) => {
  const opened = await open(t)
  if (opened === undefined) return
  const { example, page } = opened

  await signInAtGitHub(page, example, 'hesitant')
  await page.getByRole('link', { name: 'Cancel' }).click()

  await page.waitForURL(`${example.url}/?denied=1`)
  assert.equal(await page.getByRole('alert').textContent(), 'You cancelled the sign-in at GitHub.')
  await page.getByRole('link', { name: 'Sign in with GitHub' }).waitFor()
})
