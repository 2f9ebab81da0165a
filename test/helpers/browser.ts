import { CookieJar } from 'oauth-consumer/testing'
import { type Dispatcher, request } from 'undici'

export interface Page {
  readonly status: number
  readonly headers: Dispatcher.ResponseData['headers']
  readonly location: string | undefined
  readonly setCookies: string[]
  readonly text: string
  json<T = Record<string, unknown>>(): T
}

/** Plays the user's browser against the app under test: keeps its cookies, follows nothing. */
export class Browser {
  readonly jar = new CookieJar()

  async get(url: string | URL, headers: Record<string, string> = {}): Promise<Page> {
    return this.send('GET', url, headers)
  }

  async send(
    method: 'GET' | 'POST',
    url: string | URL,
    headers: Record<string, string> = {},
    body?: string,
  ): Promise<Page> {
    const target = new URL(url)
    const cookie = this.jar.header(target)
    const res = await request(target, {
      method,
      headers: { ...(cookie === undefined ? {} : { cookie }), ...headers },
      ...(body === undefined ? {} : { body }),
    })
    const raw = res.headers['set-cookie']
    const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
    this.jar.store(target, setCookies)
    const text = await res.body.text()
    const location = res.headers.location
    return {
      status: res.statusCode,
      headers: res.headers,
      location: Array.isArray(location) ? location[0] : location,
      setCookies,
      text,
      json: <T>() => JSON.parse(text) as T,
    }
  }
}
