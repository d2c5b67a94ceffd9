export { shareTags, type ShareMeta } from './meta.js';
export { shareImage, shareSvg, wrap, textPaths, SHARE_WIDTH, SHARE_HEIGHT, type ShareCard } from './image.js';
