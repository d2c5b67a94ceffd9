import { readBlocks } from '../blocks.js';
import type { Reader } from './types.js';

export const founderContentReader: Reader = {
  name: 'founder-content',
  sniff() {
    return 0;
  },
  read({ text }) {
    return { ...readBlocks(text, 'markdown'), format: 'founder-content' };
  },
};
