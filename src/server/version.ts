/** Versions that cache keys depend on: computed in src/pipeline/version.ts, named here for the server. */
export { codeVersion, packageVersion } from '../pipeline/version.js';
