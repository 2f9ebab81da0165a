/** A Host header as browsers send it: a name or an address, and a port. Anything else is not compared. */
const HOST = /^[A-Za-z0-9.\-:[\]]{1,255}$/

/**
 * The host a request came to, when it is not `publicUrl`'s: a browser keeps a sign-in's cookie
 * for the host that set it, so a sign-in opened at `localhost` cannot finish at `127.0.0.1`.
 */
export function otherHost(host: string | undefined, publicUrl: URL | undefined): string | undefined {
  if (host === undefined || publicUrl === undefined || !HOST.test(host)) return undefined
  return sameHost(host, publicUrl) ? undefined : host
}

// As URLs compare them: case aside, and `:80` over http is no port at all.
function sameHost(host: string, publicUrl: URL): boolean {
  try {
    return new URL(`${publicUrl.protocol}//${host}`).host === publicUrl.host
  } catch {
    return false
  }
}

/** The OAUTH_STATE_MISMATCH hint for a callback without a cookie at another host. */
export function otherHostHint(host: string, publicUrl: URL): string {
  return `this callback came to ${host}, but publicUrl is ${publicUrl.origin}: a browser sends a sign-in's cookie only to the host it was opened at, so open the app at ${publicUrl.origin}`
}

/** The warning of a sign-in opened at another host, which its callback will refuse. */
export function otherHostWarning(app: string, host: string, publicUrl: URL): string {
  return `oauth-consumer: a sign-in of "${app}" was opened at ${host}, but publicUrl is ${publicUrl.origin}: the browser keeps its cookie for ${host}, so the callback at ${publicUrl.host} will fail with OAUTH_STATE_MISMATCH; open the app at ${publicUrl.origin}`
}
