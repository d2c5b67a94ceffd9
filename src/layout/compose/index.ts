/** Page composition: an edition's pages laid out into frames. */
export type { LayoutOptions } from './context.js';
export { layoutEdition, type LayoutResult } from './edition.js';
export { jumpText } from './labels.js';
export { pageSlug } from './identity.js';
export { linkTarget } from './links.js';
