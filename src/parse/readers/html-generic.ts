/** Any other HTML page: scraped portal pages and HTML exports. */
import { readBlocks } from '../blocks.js';
import type { Reader } from './types.js';

const HTML_START = /^<(?:!doctype|html|head|body|div|p|rt|span|b|i|table|section|article|meta|script|ul|li|font)\b/i;

export const htmlGenericReader: Reader = {
  name: 'html',
  sniff({ name, text }) {
    if (/\.x?html?$/i.test(name)) return 0.5;
    return HTML_START.test(text.trimStart()) ? 0.5 : 0;
  },
  read({ text }) {
    return readBlocks(text, 'html');
  },
};
