/**
 * Debian's Chromium for the browser tests, through playwright-core (never a downloaded browser).
 * On a machine without it the browser tests skip, saying how to install it: the only skip the
 * suite allows. CI sets OAUTH_CONSUMER_REQUIRE_BROWSER=1 (.ci/run installs Chromium), and there a
 * missing browser fails the test instead.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import type { TestContext } from 'node:test'
import { type Browser, chromium } from 'playwright-core'

// Debian's package puts the browser here.
const CHROMIUM = '/usr/bin/chromium'

/** Whether the browser tests can run here. */
export const chromiumInstalled = existsSync(CHROMIUM)

/** Headless Chromium, offline apart from the test's own servers. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/**
 * True when the test can use Chromium. Otherwise it fails the test where Chromium is required
 * (CI), and skips it with the install command elsewhere.
 */
export function needChromium(t: TestContext): boolean {
  if (chromiumInstalled) return true
  if (process.env.OAUTH_CONSUMER_REQUIRE_BROWSER === '1') {
    assert.fail(`Chromium is required (OAUTH_CONSUMER_REQUIRE_BROWSER=1) but ${CHROMIUM} does not exist`)
  }
  t.skip('Chromium is not installed: apt-get install -y chromium')
  return false
}
