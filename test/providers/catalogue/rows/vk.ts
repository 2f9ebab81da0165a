import assert from 'node:assert/strict'
import { vk } from 'oauth-consumer/providers'
import { creds, type OAuth2Row } from '../row.js'

const docs = 'https://id.vk.com/about/business/go/docs/ru/vkid/latest/vk-id/connection/api-integration/api-description'
const deviceId = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890'

export default {
  protocol: 'oauth2',
  id: 'vk',
  docs: [docs, 'https://id.vk.com/about/business/go/docs/ru/vkid/latest/vk-id/connection/tokens/access-token'],
  options: vk(creds('vk')),
  // "scope: список доступов" separated by spaces; code_challenge_method S256, which VK ID requires.
  authorize: { url: 'https://id.vk.com/authorize', params: { scope: 'vkid.personal_info email' }, pkce: 'S256' },
  // The redirect carries device_id, type and expires_in besides code and state.
  callback: () => ({ device_id: deviceId, type: 'code_v2', expires_in: '600' }),
  token: {
    url: 'https://id.vk.com/oauth2/auth',
    // A public client: client_id and code_verifier, no secret; device_id from the callback.
    auth: 'none',
    form: { device_id: deviceId },
    // The answer sample of the code exchange.
    answer: () => ({
      refresh_token: 'XXXXX',
      access_token: 'XXXXX',
      id_token: 'XXXXX',
      token_type: 'Bearer',
      expires_in: 3600,
      user_id: 1234567890,
      state: 'XXXRandomZZZ',
      scope: 'vkid.personal_info email',
    }),
  },
  userinfo: {
    method: 'POST',
    url: 'https://id.vk.com/oauth2/user_info',
    // client_id and access_token in the form body.
    body: 'client_id=vk-client&access_token=XXXXX',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    // The answer sample of "user_info".
    answer: {
      user: {
        user_id: '1234567890',
        first_name: 'Ivan',
        last_name: 'I.',
        phone: '79991234567',
        avatar: 'https://pp.userapi.com/60tZWMo4SmwcploUVl9XEt8ufnTTvDUmQ6Bj1g/mmv1pcj63C4.png',
        email: 'ivan_i123@vk.ru',
        sex: 2,
        verified: false,
        birthday: '01.01.2000',
      },
    },
  },
  profile: {
    id: '1234567890',
    name: 'Ivan I.',
    username: null,
    email: 'ivan_i123@vk.ru',
    avatarUrl: 'https://pp.userapi.com/60tZWMo4SmwcploUVl9XEt8ufnTTvDUmQ6Bj1g/mmv1pcj63C4.png',
  },
  // The refresh: the same endpoint, client_id and the callback's device_id again; a new pair.
  refresh: {
    url: 'https://id.vk.com/oauth2/auth',
    auth: 'none',
    form: { device_id: deviceId },
    answer: () => ({
      refresh_token: 'XXXXX.next',
      access_token: 'XXXXX.refreshed',
      id_token: 'XXXXX',
      token_type: 'Bearer',
      expires_in: 3600,
      user_id: 1234567890,
      state: 'XXXRandomZZZ',
      scope: 'vkid.personal_info email',
    }),
    holds: () => ({ access_token: 'XXXXX.refreshed', refresh_token: 'XXXXX.next' }),
  },
  // "state: строка состояния … не менее 32 символов" on the code exchange and the refresh.
  after: async (_remote, _token, { seen }) => {
    const states = seen
      .filter((request) => request.url === 'https://id.vk.com/oauth2/auth')
      .map((request) => new URLSearchParams(request.body).get('state') ?? '')
    assert.equal(states.length, 2)
    for (const state of states) assert.match(state, /^[\w-]{32,}$/)
    assert.notEqual(states[0], states[1])
  },
} satisfies OAuth2Row
