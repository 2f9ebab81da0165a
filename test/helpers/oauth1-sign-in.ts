import { request } from 'undici'

/**
 * Plays the user at the local OAuth 1.0a provider's authorize page: reads its form and submits
 * it, authorizing as `screenName` or cancelling. Resolves to where the provider sends the
 * browser back (the app's callback), without requesting it.
 */
export async function authorizeOAuth1(
  authorizeUrl: string | URL,
  options: { screenName: string; cancel?: boolean },
): Promise<URL> {
  const url = new URL(authorizeUrl)
  const page = await request(url)
  const html = await page.body.text()
  if (page.statusCode !== 200) throw new Error(`The authorize page answered ${page.statusCode}: ${html.slice(0, 300)}`)
  const token = /name="oauth_token" value="([^"]*)"/.exec(html)?.[1]
  if (token === undefined) throw new Error('The authorize page has no oauth_token field')
  const form = new URLSearchParams({
    oauth_token: token,
    screen_name: options.screenName,
    action: options.cancel ? 'cancel' : 'authorize',
  })
  const answer = await request(url.origin + url.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  })
  await answer.body.dump()
  const location = answer.headers.location
  if (answer.statusCode !== 302 || typeof location !== 'string')
    throw new Error(`The provider answered ${answer.statusCode}`)
  return new URL(location)
}
