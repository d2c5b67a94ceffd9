/**
 * Every input family, its share of a run, and the case a seed builds. A case id "<family>/<seed>"
 * rebuilds the same documents at the same scale.
 */
import { defaultBound, type FuzzCase, type Generator } from '../case.js';
import { caseSeed, Rng } from '../rng.js';
import { encodings } from './encoding.js';
import { jumps, pageCodes } from './edition.js';
import { frontMatter, hugeHeadline, hugeParagraph, manyHeadings, manyParagraphs, nesting } from './hostile.js';
import { edition, html, jekyll, markdown, mutate, random, text } from './plain.js';

export const FAMILIES: Readonly<Record<string, { generate: Generator; weight: number }>> = {
  markdown: { generate: markdown, weight: 14 },
  html: { generate: html, weight: 10 },
  text: { generate: text, weight: 6 },
  jekyll: { generate: jekyll, weight: 6 },
  edition: { generate: edition, weight: 5 },
  nesting: { generate: nesting, weight: 8 },
  'huge-paragraph': { generate: hugeParagraph, weight: 2 },
  'huge-headline': { generate: hugeHeadline, weight: 3 },
  'many-headings': { generate: manyHeadings, weight: 2 },
  'many-paragraphs': { generate: manyParagraphs, weight: 2 },
  'front-matter': { generate: frontMatter, weight: 5 },
  encodings: { generate: encodings, weight: 10 },
  jumps: { generate: jumps, weight: 8 },
  'page-codes': { generate: pageCodes, weight: 6 },
  mutate: { generate: mutate, weight: 10 },
  random: { generate: random, weight: 3 },
};

const WEIGHTS = Object.fromEntries(Object.entries(FAMILIES).map(([k, v]) => [k, v.weight]));

/** Builds the case of one family from one seed. */
export function buildCase(family: string, seed: number, scale = 1): FuzzCase {
  const entry = FAMILIES[family];
  if (!entry) throw new Error(`unknown fuzz family "${family}" (known: ${Object.keys(FAMILIES).join(', ')})`);
  const generated = entry.generate(new Rng(seed), scale);
  const bytes = generated.docs.reduce((n, d) => n + d.bytes.length, 0);
  return { id: scale === 1 ? `${family}/${seed}` : `${family}/${seed}@${scale}`, family, docs: generated.docs, expect: generated.expect, bound: generated.bound ?? defaultBound(bytes) };
}

/** Case `index` of the run seeded with `seed`: its family drawn by weight, then built from its own seed. */
export function nthCase(seed: number, index: number, scale = 1, only?: readonly string[]): FuzzCase {
  const s = caseSeed(seed, index);
  const rng = new Rng(s);
  const weights = only && only.length ? Object.fromEntries(only.map((f) => [f, 1])) : WEIGHTS;
  return buildCase(rng.weighted(weights), s, scale);
}

/** "family/seed" or "family/seed@scale" → the case. */
export function caseFromId(id: string): FuzzCase {
  const m = /^([\w-]+)\/(\d+)(?:@([\d.]+))?$/.exec(id);
  if (!m) throw new Error(`a case id is "<family>/<seed>[@scale]", not "${id}"`);
  return buildCase(m[1]!, Number(m[2]), m[3] ? Number(m[3]) : 1);
}
