/** Fonts: the manifest and font roles, the fontkit wrapper, and the one source of glyph ids and advances. */
export { advanceUnits, glyphAdvanceUnits, glyphId, type Metrics } from './advances.js';
export { openFontFile, type FkFont, type FkGlyph } from './fontkit.js';
export { forgetFontFile, loadFontSet, openedFontFiles, type FontFace, type FontSet, type LoadFontSetOptions } from './font-set.js';
export { isFile, manifestRoles } from './manifest.js';
export { fontFacts, type FontFacts, type TrueTypeSource } from './truetype-source.js';
