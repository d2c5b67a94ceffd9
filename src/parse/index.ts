export { parseEdition, parseDocument, resolveLinks, slug, InputError } from './edition.js';
export type { SourceDocument } from './edition.js';
export { decode } from './decode.js';
export { readBlocks, sniffFormat } from './blocks.js';
