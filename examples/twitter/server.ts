/**
 * Runs the Twitter example against api.twitter.com:
 *
 *   TWITTER_CLIENT_ID=… TWITTER_CLIENT_SECRET=… OAUTH_SECRET=… node dist/examples/twitter/server.js
 *
 * Register http://127.0.0.1:5000/oauth-authorized as the app's callback URL at the provider.
 */
import { buildTwitterApp } from './app.js'

const secret = process.env.OAUTH_SECRET
if (process.env.TWITTER_CLIENT_ID === undefined || secret === undefined) {
  console.error('Set TWITTER_CLIENT_ID, TWITTER_CLIENT_SECRET and OAUTH_SECRET (32+ random characters) first.')
  process.exit(1)
}
const app = await buildTwitterApp({ publicUrl: 'http://127.0.0.1:5000', secret })
await app.listen({ port: 5000, host: '127.0.0.1' })
console.log('Open http://127.0.0.1:5000')
