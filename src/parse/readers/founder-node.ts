import { readBlocks } from '../blocks.js';
import type { Reader } from './types.js';

export const founderNodeReader: Reader = {
  name: 'founder-node',
  sniff() {
    return 0;
  },
  read({ text }) {
    return { ...readBlocks(text, 'markdown'), format: 'founder-node' };
  },
};
