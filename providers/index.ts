export { catalogue } from './catalogue.js'
export {
  defineProvider,
  envPrefix,
  type PresetDescription,
  type PresetInfo,
  type Provider,
  type ProviderInput,
  type ProviderSpec,
} from './define.js'
export * from './presets.js'
