import assert from 'node:assert/strict'
import { test } from 'node:test'
import { contestants, floorOf, isLibrary, isPeer, loginPaths, needsBenchPackages, onExpress } from '../../bench/ipc.js'

/**
 * Which floor each contestant is measured against decides every ratio of the bench's tables: the
 * library on Express must be held to the Express floor, and nothing on fastify to it.
 */

test('the Express contestants are measured against the Express floor, every other against fastify’s', () => {
  assert.deepEqual(
    contestants.filter((c) => floorOf(c) === 'express-floor'),
    ['express-floor', 'express-library'],
  )
  assert.deepEqual(onExpress, ['express-floor', 'express-library'])
  // passport-oauth2 runs on Express, but the published tables have always put it over fastify's floor.
  assert.equal(floorOf('passport'), 'floor')
  assert.equal(floorOf('library'), 'floor')
})

test('the Express floor and library are the library’s own contestants, not peers, built with the peers', () => {
  assert.equal(isPeer('express-floor'), false)
  assert.equal(isPeer('express-library'), false)
  assert.equal(isLibrary('express-library'), true)
  assert.equal(isLibrary('express-floor'), false)
  assert.equal(isPeer('passport'), true)
  // Their modules, like the peers', are compiled against bench/package.json's express.
  assert.deepEqual(
    contestants.filter((c) => needsBenchPackages(c)),
    contestants.filter((c) => isPeer(c) || c === 'express-floor' || c === 'express-library'),
  )
  assert.equal(needsBenchPackages('floor'), false)
  assert.equal(loginPaths['express-floor'], '/login')
  assert.equal(loginPaths['express-library'], '/login')
})
