/**
 * Takes the README's picture of the demo (docs/images/demo.png): starts the demo, signs in with
 * the local GitHub in the Chromium of the system (Debian's `chromium` package; no browser is
 * ever downloaded), and captures the signed-in page. Run with `npm run screenshot`.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { chromium } from 'playwright-core'
import { startDemo } from '../examples/demo/app.js'

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`)
  process.exit(1)
}
const output = join(import.meta.dirname, '..', '..', 'docs', 'images', 'demo.png')

const demo = await startDemo({ appPort: 0, providerPort: 0, oauth1Port: 0, githubPort: 0, host: 'localhost', env: {} })
const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] })
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 })
  page.setDefaultTimeout(10_000)
  await page.goto(demo.appUrl)
  await page.getByRole('link', { name: 'Sign in with GitHub' }).click()
  await page.getByLabel('Username or email address').fill('octocat')
  await page.getByLabel('Password').fill('any password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('button', { name: 'Authorize oauth-consumer demo' }).click()
  await page.getByRole('heading', { name: 'Hello, Octocat' }).waitFor()
  mkdirSync(dirname(output), { recursive: true })
  await page.screenshot({ path: output })
  console.log(`Wrote ${output}`)
} finally {
  await browser.close()
  await demo.close()
}
