/** Page layout: composition of an edition's pages into frames, and the frame types renderers draw. */
export { jumpText, layoutEdition, linkTarget, pageSlug } from './compose/index.js';
export type { LayoutOptions, LayoutResult } from './compose/index.js';
export { LINE_BOX } from './types.js';
export type { BoxKind, FontRole, FrameBox, FrameLine, FrameLink, FramePage, LinePart, LineRole, PageReport } from './types.js';
