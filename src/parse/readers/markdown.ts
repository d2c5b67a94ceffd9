/** Markdown exports of print pages (headings for the headline sizes, paragraphs, lists, pictures). */
import { readBlocks } from '../blocks.js';
import type { Reader } from './types.js';

const MARKDOWN_SIGNS = /^(?:#{1,6}\s|\s*[-*+]\s|\s*\d+\.\s|>\s)|!\[[^\]]*\]\(|\*\*[^*]+\*\*|  $/m;

export const markdownReader: Reader = {
  name: 'markdown',
  sniff({ name, text }) {
    if (/\.(?:md|markdown|mdown)$/i.test(name)) return 0.6;
    return MARKDOWN_SIGNS.test(text.slice(0, 4000)) ? 0.4 : 0.2;
  },
  read({ text }) {
    return readBlocks(text, 'markdown');
  },
};
