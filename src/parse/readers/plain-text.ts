import { readBlocks } from '../blocks.js';
import type { Reader } from './types.js';

export const plainTextReader: Reader = {
  name: 'plain-text',
  sniff() {
    return 0;
  },
  read({ text }) {
    return { ...readBlocks(text, 'markdown'), format: 'plain-text' };
  },
};
