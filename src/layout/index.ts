/** Page layout: composition of an edition's pages into frames, and the frame types renderers draw. */
export { layoutEdition } from './compose.js';
export type { LayoutOptions, LayoutResult } from './compose.js';
export type { BoxKind, FontRole, FrameBox, FrameLine, FramePage, LineRole, PageReport } from './types.js';
