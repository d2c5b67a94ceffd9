/** The build pipeline lives in src/pipeline; these names are re-exported for code that imports them from here. */
export { buildEdition, creationDate, fontsFor, forgetFonts, imageSizes, loadLayout, AUTO_FILL, type BuildOptions, type BuiltEdition } from '../pipeline/build.js';
export { writeEdition } from '../pipeline/write.js';
export { editionManifest } from '../pipeline/manifest.js';
export { reportLines } from '../pipeline/report.js';
export { findEditions } from '../pipeline/sources.js';
export { loadTemplate } from '../layout/template.js';
