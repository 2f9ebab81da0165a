/**
 * A form_post sign-in in a real Chromium, against the local OpenID Connect provider: the app on
 * `localhost`, the provider on `127.0.0.1`, so the provider's auto-submitted form is a
 * cross-site POST, which carries the state cookie only because it is `SameSite=None; Secure`.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, test } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { OAuth } from 'oauth-consumer'
import fastifyOAuth from 'oauth-consumer/fastify'
import { type OAuth2Server, startOAuth2Provider } from 'oauth-consumer/testing'
import type { Browser } from 'playwright-core'
import { client } from '../../src/testing/oauth2-server.js'
import { freePort } from '../helpers/app.js'
import { chromiumInstalled, launchChromium, needChromium } from '../helpers/chromium.js'

let provider: OAuth2Server
let app: FastifyInstance
let appUrl: string
let browser: Browser | undefined
/** The method and path of every request the app received. */
const received: string[] = []

before(async () => {
  const port = await freePort()
  appUrl = `http://localhost:${port}`
  provider = await startOAuth2Provider({
    clients: [client('form-post-app', 'client_secret_basic', [`${appUrl}/callback`])],
  })
  const oauth = new OAuth({ timeout: 5000 })
  const local = oauth.remoteApp('local', {
    issuer: provider.issuer,
    clientId: 'form-post-app',
    clientSecret: 'form-post-app-secret-0123456789abcdef',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scope: ['openid'],
    responseMode: 'form_post',
  })
  app = Fastify()
  await app.register(fastifyOAuth, { oauth, secret: randomBytes(32).toString('base64url'), publicUrl: appUrl })
  app.addHook('onRequest', async (request) => {
    received.push(`${request.method} ${request.url.split('?')[0]}`)
  })
  app.get('/login', (_request, reply) => local.authorize(reply, { callback: '/callback' }))
  app.post(
    '/callback',
    local.authorizedHandler(async (token) => ({ signedInAs: token?.claims?.sub ?? null })),
  )
  await app.listen({ port, host: 'localhost' })
  if (chromiumInstalled) browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await app.close()
  await provider.close()
})

test('a form_post sign-in in Chromium: the cross-site POST carries the state cookie and signs in', async (t) => {
  if (!needChromium(t)) return
  assert.ok(browser)
  const context = await browser.newContext()
  t.after(() => context.close())
  context.setDefaultTimeout(10_000)
  // The provider's stock pages import a web font; the test stays offline without it.
  const allowed = new Set([appUrl, provider.issuer].map((url) => new URL(url).origin))
  await context.route('**/*', (route) =>
    allowed.has(new URL(route.request().url()).origin) ? route.continue() : route.abort(),
  )
  const page = await context.newPage()
  await page.goto(`${appUrl}/login`)

  const issuer = new URL(provider.issuer).origin
  await page.waitForURL((url) => url.origin === issuer)
  const [cookie] = await context.cookies(appUrl)
  assert.equal(cookie?.name, 'oauth-local')
  assert.equal(cookie?.sameSite, 'None')
  assert.equal(cookie?.secure, true)
  assert.equal(cookie?.httpOnly, true)

  // The provider's development login page takes any login name and any password.
  await page.locator('input[name=login]').fill('ada')
  await page.locator('input[name=password]').fill('any password')
  await page.getByRole('button', { name: 'Sign-in' }).click()
  await page.getByRole('button', { name: 'Continue' }).click()

  await page.waitForURL(`${appUrl}/callback`)
  assert.deepEqual(JSON.parse((await page.locator('body').textContent()) ?? ''), { signedInAs: 'ada' })
  assert.deepEqual(received, ['GET /login', 'POST /callback'])
  assert.deepEqual(await context.cookies(appUrl), [])
})
