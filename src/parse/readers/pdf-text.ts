import { readBlocks } from '../blocks.js';
import type { Reader } from './types.js';

export const pdfTextReader: Reader = {
  name: 'pdf-text',
  sniff() {
    return 0;
  },
  read({ text }) {
    return { ...readBlocks(text, 'markdown'), format: 'pdf-text' };
  },
};
