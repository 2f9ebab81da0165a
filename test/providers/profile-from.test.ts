/** `profileFrom`: a preset's profile mapping written as where each field sits in the answer. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { profileFrom } from 'oauth-consumer/providers'

// 42's GET /v2/me, trimmed (https://api.intra.42.fr/apidoc/2.0/users/me.html).
const me = {
  id: 2,
  email: 'andre@42.fr',
  login: 'andre',
  usual_full_name: '',
  displayname: 'André Aubin',
  image: { link: 'https://cdn.intra.42.fr/users/andre.jpg', versions: { small: 'https://cdn.intra.42.fr/s.jpg' } },
  cursus_users: [{ grade: 'Member' }],
}

test('dotted paths, the first present of several, numbers as strings, empty strings skipped', () => {
  const profile = profileFrom('42', {
    id: 'id',
    name: ['usual_full_name', 'displayname'],
    username: 'login',
    email: 'email',
    avatarUrl: 'image.link',
  })(me)
  assert.deepEqual(profile, {
    id: '2',
    name: 'André Aubin',
    username: 'andre',
    email: 'andre@42.fr',
    avatarUrl: 'https://cdn.intra.42.fr/users/andre.jpg',
    raw: me,
  })
})

test('array indexes and functions; fields without a source, or of another type, are left empty', () => {
  const profile = profileFrom('Acme', {
    id: 'data.0.id',
    name: (raw) => `${String((raw.data as { first: string }[])[0]?.first)}!`,
    email: 'data.0.flags',
  })({ data: [{ id: 'u1', first: 'Ada', flags: { x: 1 } }] })
  assert.deepEqual(
    { ...profile, raw: undefined },
    { id: 'u1', name: 'Ada!', username: undefined, email: undefined, avatarUrl: undefined, raw: undefined },
  )
})

test('an answer without an id is refused, naming the provider', () => {
  assert.throws(() => profileFrom('42', { id: 'id' })({ login: 'andre' }), {
    code: 'OAUTH_INVALID_RESPONSE',
    message: '42 sent a user without an id',
  })
  assert.throws(() => profileFrom('42', { id: 'image.link.href' })(me), { code: 'OAUTH_INVALID_RESPONSE' })
})
