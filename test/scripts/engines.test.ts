import assert from 'node:assert/strict'
import { test } from 'node:test'
import { oldestNode, satisfies } from '../../scripts/engines.js'

const oldest = oldestNode('>=20.18.1')

test('engines ranges that the oldest promised Node satisfies', () => {
  for (const range of ['>=18', '>=20.18.1', '>= 14.17', '^20.17.0 || >=22.9.0', '20.x', '~20.18.0', '>20.18.0', '*']) {
    assert.equal(satisfies(oldest, range), true, range)
  }
})

test('engines ranges that leave the oldest promised Node behind', () => {
  for (const range of ['>=22', '>=20.19', '>20.18.1', '<20', '^18 || >=22', '>=16 <20.18.1']) {
    assert.equal(satisfies(oldest, range), false, range)
  }
})

test('a range the check cannot read throws instead of passing', () => {
  assert.throws(() => satisfies(oldest, '20.18.1 - 22'), { message: 'engines range not understood: -' })
  assert.throws(() => oldestNode('^20.18.1'), { message: 'engines.node should read ">=x.y.z", not "^20.18.1"' })
})
