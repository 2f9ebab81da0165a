export { defineProvider, type Provider, type ProviderInput, type ProviderSpec } from './define.js'
export { facebook } from './facebook.js'
export { github } from './github.js'
export { twitter } from './twitter.js'
