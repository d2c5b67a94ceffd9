/** Headlines, decks and subheads break between words (Intl.Segmenter, zh), never inside one. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseEdition } from '../src/parse/index.js';
import { layoutEdition } from '../src/layout/index.js';
import { loadFontSet } from '../src/layout/fonts.js';
import { loadTemplate } from '../src/layout/template.js';
import { breakOpportunities, setParagraph } from '../src/layout/text.js';
import { wordSpans } from '../src/layout/text/breaks.js';
import type { FrameLine } from '../src/layout/types.js';

const fonts = loadFontSet();

/** Break positions (code point offsets) that fall inside a word of at most six characters. */
function insideWords(text: string, breaks: number[]): number[] {
  const spans = wordSpans(text).filter(([s, e]) => e - s <= 6);
  return breaks.filter((b) => spans.some(([s, e]) => b > s && b < e));
}

describe('word-aware breaks', () => {
  const text = '一季度重点项目集中开工暨绽放瓷城活动举行';

  test('break opportunities inside words go when words are asked for', () => {
    const all = breakOpportunities(text);
    const words = breakOpportunities(text, { words: true });
    expect(insideWords(text, all).length).toBeGreaterThan(0);
    expect(insideWords(text, words)).toEqual([]);
    expect(words.length).toBeGreaterThan(0);
    expect(words.every((b) => all.includes(b))).toBe(true);
  });

  test.each([60, 75, 90, 110, 130])('a headline set %d pt wide ends its lines between words', (width) => {
    const lines = setParagraph(text, { metrics: fonts.metrics('sans-black'), size: 14, width, align: 'start', words: true });
    expect(lines.length).toBeGreaterThan(1);
    const ends: number[] = [];
    let at = 0;
    for (const l of lines.slice(0, -1)) ends.push((at += [...l.text].length));
    expect(insideWords(text, ends)).toEqual([]);
    expect(lines.map((l) => l.text).join('')).toBe(text);
  });
});

describe('samples', () => {
  const dirs = readdirSync('samples').filter((d) => /^\d/.test(d));
  const cases = ['broadsheet', 'tabloid'].flatMap((t) => dirs.map((d) => [t, d] as const));
  test.each(cases)('%s %s: headline, deck and subhead lines break between words', (name, dir) => {
    const template = loadTemplate(name);
    const docs = readdirSync(join('samples', dir))
      .sort()
      .map((f) => ({ path: join('samples', dir, f), bytes: readFileSync(join('samples', dir, f)) }));
    const r = layoutEdition(parseEdition(dir, docs), template, fonts);
    const roles = new Set(['headline-lead', 'headline', 'headline-small', 'deck', 'subhead']);
    for (const box of r.pages.flatMap((p) => p.boxes)) {
      // Runs of consecutive lines of one element: same role (and same block for subheads).
      const runs: FrameLine[][] = [];
      for (const l of box.lines) {
        const last = runs[runs.length - 1]?.at(-1);
        if (last && last.role === l.role && roles.has(l.role) && last.part?.block === l.part?.block && l.y > last.y) runs[runs.length - 1]!.push(l);
        else runs.push([l]);
      }
      for (const run of runs.filter((r) => r.length > 1 && roles.has(r[0]!.role))) {
        const joined = run.map((l) => l.text).join('');
        const ends: number[] = [];
        let at = 0;
        for (const l of run.slice(0, -1)) ends.push((at += [...l.text].length));
        expect(insideWords(joined, ends), run.map((l) => l.text).join(' / ')).toEqual([]);
      }
    }
  });
});
