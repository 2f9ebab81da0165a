// Every preset the package ships, one line each: the index exports them and the catalogue is
// built from them, so a preset cannot be exported without its catalogue entry.
export { facebook } from './facebook.js'
export { github } from './github.js'
export { gitlab } from './gitlab.js'
export { google } from './google.js'
export { linkedin } from './linkedin.js'
export { microsoft } from './microsoft.js'
export { oidc } from './oidc.js'
export { twitter } from './twitter.js'
