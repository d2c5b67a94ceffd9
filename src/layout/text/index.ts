/** Chinese line breaking and justification of one paragraph, and the kinsoku checks of set lines. */
export { breakOpportunities } from './breaks.js';
export { isOrphanLine, kinsokuViolations } from './kinsoku.js';
export type { Metrics, SetLine, SetOptions } from './lines.js';
export { setParagraph, TIGHT } from './paragraph.js';
export { fullWidthPunctuation } from './punctuation.js';
