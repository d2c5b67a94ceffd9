/** Jekyll posts: YAML front matter between --- lines, then Markdown. */
import { readBlocks } from '../blocks.js';
import type { Reader } from './types.js';

export const jekyllReader: Reader = {
  name: 'jekyll',
  sniff({ text }) {
    const head = text.trimStart();
    if (/^---\s*\n[\s\S]*?\n---\s*(\n|$)/.test(head) || /^---\s*\n[A-Za-z_][\w-]*\s*:/.test(head)) return 0.95;
    return 0;
  },
  read({ text }) {
    return readBlocks(text, 'jekyll');
  },
};
