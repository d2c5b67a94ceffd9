import { readBlocks } from '../blocks.js';
import type { Reader } from './types.js';

export const peopleNodeReader: Reader = {
  name: 'people-node',
  sniff() {
    return 0;
  },
  read({ text }) {
    return { ...readBlocks(text, 'markdown'), format: 'people-node' };
  },
};
