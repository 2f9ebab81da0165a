import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { signInAt, startTwitter, type TwitterServer } from 'oauth-consumer/testing'
import { buildTwitterApp } from '../../examples/twitter/app.js'
import { freePort, SECRET } from '../helpers/app.js'
import { Browser } from '../helpers/browser.js'

// Flask-OAuth's Twitter example, run as it is against the kit's X look-alike: only the
// preset's URLs and credentials are overridden.
let provider: TwitterServer
let app: FastifyInstance
let url: string

before(async () => {
  provider = await startTwitter()
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  app = await buildTwitterApp({
    publicUrl: url,
    secret: SECRET,
    twitter: provider.presetOptions,
  })
  await app.listen({ port, host: '127.0.0.1' })
})

after(async () => {
  await app.close()
  await provider.close()
})

async function follow(browser: Browser, location: string | undefined): Promise<string> {
  const page = await browser.get(new URL(location ?? '/', url))
  assert.equal(page.status, 200, page.text)
  return page.text
}

test('sign in with Twitter, read the timeline, tweet, and a tweet that is too long', async () => {
  const browser = new Browser()
  assert.match(await follow(browser, '/'), /Sign in with Twitter/)
  const login = await browser.get(`${url}/login`)
  assert.equal(login.status, 302)
  const callback = await signInAt(login.location ?? '', { login: 'flask_fan' })
  const back = await browser.get(callback)
  assert.equal(back.status, 303)
  const home = await follow(browser, back.location)
  assert.match(home, /You were signed in as flask_fan/)
  assert.match(home, /Your timeline/)

  const tweeted = await browser.send(
    'POST',
    `${url}/tweet`,
    { 'content-type': 'application/x-www-form-urlencoded' },
    'tweet=Hello+from+the+port+%26+friends',
  )
  assert.equal(tweeted.status, 303)
  const after = await follow(browser, tweeted.location)
  assert.match(after, /Successfully tweeted your tweet \(ID: #\d+\)/)
  assert.match(after, /Hello from the port &amp; friends/)

  const long = await browser.send(
    'POST',
    `${url}/tweet`,
    { 'content-type': 'application/x-www-form-urlencoded' },
    `tweet=${'x'.repeat(281)}`,
  )
  assert.match(await follow(browser, long.location), /Your tweet was too long\./)

  const out = await browser.get(`${url}/logout`)
  assert.match(await follow(browser, out.location), /You were signed out/)
})

test('denying the request to sign in', async () => {
  const browser = new Browser()
  const login = await browser.get(`${url}/login`)
  const callback = await signInAt(login.location ?? '', { login: 'shy', deny: true })
  const back = await browser.get(callback)
  assert.equal(back.status, 303)
  assert.match(await follow(browser, back.location), /You denied the request to sign in\./)
})
