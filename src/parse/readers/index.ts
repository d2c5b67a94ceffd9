/**
 * The readers, in one list. A new source format is one file in this folder plus one line here: the
 * reader with the highest sniff confidence reads the document (ties go to the earlier entry).
 */
import type { Reader, ReaderInput } from './types.js';
import { jekyllReader } from './jekyll.js';
import { markdownReader } from './markdown.js';
import { htmlGenericReader } from './html-generic.js';
import { founderContentReader } from './founder-content.js';
import { founderNodeReader } from './founder-node.js';
import { peopleArticleReader } from './people-article.js';
import { peopleNodeReader } from './people-node.js';
import { plainTextReader } from './plain-text.js';
import { pdfTextReader } from './pdf-text.js';

export const READERS: readonly Reader[] = [
  jekyllReader,
  founderContentReader,
  founderNodeReader,
  peopleNodeReader,
  peopleArticleReader,
  htmlGenericReader,
  pdfTextReader,
  plainTextReader,
  markdownReader,
];

export function pickReader(input: ReaderInput): Reader {
  let best: Reader = markdownReader;
  let score = -1;
  for (const r of READERS) {
    const s = r.sniff(input);
    if (s > score) {
      best = r;
      score = s;
    }
  }
  return best;
}

export type { Reader, ReaderInput } from './types.js';
