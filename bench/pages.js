// The pages the build benchmark sets: samples 001, 002 and 004 (one page each) and the two-page
// edition in test/fixtures/editions/two-pages — five pages.
import { parseEdition } from '../dist/parse/index.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_EDITIONS = ['samples/001-front-page', 'samples/002-inner-page', 'samples/004-special-report', 'test/fixtures/editions/two-pages'];

export function benchPages() {
  return BENCH_EDITIONS.flatMap((dir) => {
    const docs = readdirSync(dir).filter((f) => /\.(md|txt|html?)$/.test(f)).sort().map((f) => ({ path: join(dir, f), bytes: readFileSync(join(dir, f)) }));
    const e = parseEdition(dir.split('/').pop(), docs);
    return e.pages.map((p) => ({
      articles: p.articles.map((a) => ({
        headline: a.headline,
        paragraphs: a.body.map((b) => b.text ?? b.caption ?? (b.items ?? []).join('')).filter(Boolean),
      })),
    }));
  });
}

/** The five bench pages repeated (in order) to make `n` pages. */
export function cyclePages(n) {
  const five = benchPages();
  return Array.from({ length: n }, (_, i) => five[i % five.length]);
}

/** The source documents of the five bench pages, one per page, in order: [{ dir, file }]. */
export function benchDocuments() {
  return BENCH_EDITIONS.flatMap((dir) => readdirSync(dir).filter((f) => /\.(md|txt|html?)$/.test(f)).sort().map((file) => ({ dir, file })));
}
