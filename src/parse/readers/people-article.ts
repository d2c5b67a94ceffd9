import { readBlocks } from '../blocks.js';
import type { Reader } from './types.js';

export const peopleArticleReader: Reader = {
  name: 'people-article',
  sniff() {
    return 0;
  },
  read({ text }) {
    return { ...readBlocks(text, 'markdown'), format: 'people-article' };
  },
};
