export { catalogue } from './catalogue.js'
export {
  defineProvider,
  documented,
  envPrefix,
  type FixedOption,
  type OidcUserInfo,
  type PresetContext,
  type PresetDescription,
  type PresetInfo,
  type Provider,
  type ProviderInput,
  type ProviderSpec,
  userInfoProfile,
} from './define.js'
export type { FacebookUser } from './facebook.js'
export type { GitHubUser } from './github.js'
export * from './presets.js'
export { hostSetting, requireSetting, urlSetting } from './settings.js'
export type { XUser } from './twitter.js'
