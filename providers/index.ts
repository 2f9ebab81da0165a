export type { AppleUser } from './apple.js'
export type { BattleNetUser } from './battlenet.js'
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
  type ProfileField,
  type ProfileSource,
  type ProfileSources,
  type Provider,
  type ProviderInput,
  type ProviderSpec,
  profileFrom,
  type RefreshSupport,
  userInfoProfile,
} from './define.js'
export type { DiscordUser } from './discord.js'
export type { DropboxAccount } from './dropbox.js'
export type { FacebookUser } from './facebook.js'
export type { GitHubUser } from './github.js'
export type { IntuitUserInfo } from './intuit.js'
export type { KakaoUser } from './kakao.js'
export type { LinearViewer } from './linear.js'
export type { MastodonAccount } from './mastodon.js'
export type { NotionUser } from './notion.js'
export * from './presets.js'
export type { RedditUser } from './reddit.js'
export type { SalesforceUserInfo } from './salesforce.js'
export { hostSetting, requireSetting, urlSetting } from './settings.js'
export type { ShopifyShop } from './shopify.js'
export type { SlackUserInfo } from './slack.js'
export type { StravaAthlete } from './strava.js'
export type { TikTokUserInfo } from './tiktok.js'
export type { TrelloExpiration } from './trello.js'
export type { TwitchUser } from './twitch.js'
export type { XUser } from './twitter.js'
export type { WithingsUser } from './withings.js'
export type { XUsersMe } from './x.js'
export type { ZohoUser } from './zoho.js'
export type { ZoomUser } from './zoom.js'
