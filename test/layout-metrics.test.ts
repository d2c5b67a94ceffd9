/**
 * Layout metrics over every sample, both templates and generated editions of mixed length (short pages
 * included): fill, holes, empty columns in modules, 禁则, 孤字, continuation headlines, short parts,
 * ASCII marks beside Han text, texture and headline breaks, each held to its target. Pages set on a
 * smaller format of their template (compose/format.ts) are measured on that format's grid.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { buildEdition } from '../src/cli/build.js';
import { findEditions } from '../src/cli/sources.js';
import { layoutEdition } from '../src/layout/index.js';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { pageFormat } from '../src/layout/compose/format.js';
import { kinsokuViolations } from '../src/layout/text/index.js';
import type { Template } from '../src/layout/template/schema.js';
import type { FramePage } from '../src/layout/types.js';
import {
  asciiBesideHan,
  bigContinuationHeads,
  emptyColumns,
  headBreaksInWords,
  holes,
  mixedEdition,
  quantile,
  shortParts,
  texture,
  thinSpreads,
  type Texture,
} from './layout-measure.js';

const fonts = loadFontSet();
const templates = [loadTemplate('broadsheet'), loadTemplate('tabloid')];

interface Set {
  name: string;
  template: Template;
  pages: FramePage[];
}

/** Text amount per page of the generated editions, as a share of a full page, and their page counts. */
const SHARES = [0.15, 0.25, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6];
const PAGES = [1, 2, 3];

const sets: Set[] = [];
const pageRows: { name: string; page: number; fill: number; bad: number; text: number; format: string }[] = [];
const found = {
  lowFill: [] as string[],
  holes: [] as string[],
  emptyColumns: [] as string[],
  kinsoku: [] as string[],
  orphans: [] as string[],
  bigHeads: [] as string[],
  shortParts: [] as string[],
  ascii: [] as string[],
  wordBreaks: [] as string[],
  thinSpreads: [] as string[],
};
const tex: Texture = { hanHan: [], hanLatin: [], loose: [], wide: [] };

beforeAll(async () => {
  for (const template of templates) {
    for (const s of findEditions(['samples', 'test/fixtures/editions/two-pages'])) {
      const b = await buildEdition(s, template, { pagePdfs: false, formats: true });
      sets.push({ name: `${b.edition.id}/${template.name}`, template, pages: b.edition.layout.pages });
    }
  }
  let seed = 100;
  for (const share of SHARES) {
    for (const n of PAGES) {
      const template = templates[seed % 2]!;
      const ed = mixedEdition(seed, template, n, share);
      sets.push({ name: `mixed-${seed}(${n}p×${share})/${template.name}`, template, pages: layoutEdition(ed, template, fonts, { formats: true }).pages });
      seed++;
    }
  }
  for (const s of sets) measure(s);
  report();
}, 600_000);

function measure(s: Set): void {
  const at = (p: FramePage) => `${s.name} p${p.number}`;
  for (const p of s.pages) {
    // A page holding little may be set on a smaller format of the template.
    const format = pageFormat(s.template, p);
    const bad = holes(p, format).filter((h) => h.cells > 3);
    pageRows.push({ name: s.name, page: p.number, fill: p.report.fill, bad: bad.length, text: textShare(p, s.template), format: format === s.template ? '' : ` (${format.columns} col × ${format.page.height} pt)` });
    if (p.report.fill < 0.9) found.lowFill.push(`${at(p)}: ${(p.report.fill * 100).toFixed(1)}%`);
    for (const h of bad) found.holes.push(`${at(p)}: ${h.cols} col × ${h.rows} lines (${h.cells} cells) at col ${h.col + 1} line ${h.row + 1}`);
    for (const e of emptyColumns(p, format)) found.emptyColumns.push(`${at(p)}: ${e}`);
    const body = p.boxes.flatMap((b) => b.lines).filter((l) => l.role === 'body');
    if (kinsokuViolations(body.map((l) => l.text)) + p.report.kinsokuViolations > 0) found.kinsoku.push(at(p));
    if (p.report.orphans > 0) found.orphans.push(`${at(p)}: ${p.report.orphans}`);
    for (const e of bigContinuationHeads(p, s.template)) found.bigHeads.push(`${at(p)}: ${e}`);
    for (const e of asciiBesideHan(p)) found.ascii.push(`${at(p)}: ${e}`);
    for (const e of headBreaksInWords(p)) found.wordBreaks.push(`${at(p)}: ${e}`);
    for (const e of thinSpreads(p, format)) found.thinSpreads.push(`${at(p)}: ${e}`);
    texture(p, fonts, tex);
  }
  for (const e of shortParts(s.pages)) found.shortParts.push(`${s.name}: ${e}`);
}

/** Body lines of a page as a share of the template's full grid (column × grid line cells). */
function textShare(p: FramePage, t: Template): number {
  const cells = (t.columns * (t.page.height - t.margins.top - t.margins.bottom)) / t.baseline;
  return p.boxes.reduce((n, b) => n + b.lines.filter((l) => l.role === 'body').length, 0) / cells;
}

/** Cells in the holes found. */
function holeCells(): number {
  return found.holes.reduce((n, h) => n + Number(/\((\d+) cells\)/.exec(h)![1]), 0);
}

function report(): void {
  const fills = pageRows.map((r) => r.fill).sort((a, b) => a - b);
  const lines = [
    `layout metrics: ${sets.length} editions, ${pageRows.length} pages`,
    `fill min ${fills[0]!.toFixed(3)} median ${quantile(fills, 0.5).toFixed(3)}; pages < 90%: ${found.lowFill.length}`,
    `holes > 1 col × 3 lines: ${found.holes.length} (${holeCells()} cells); empty columns in modules: ${found.emptyColumns.length}`,
    `禁则 pages: ${found.kinsoku.length}; 孤字 pages: ${found.orphans.length}; ASCII marks beside Han: ${found.ascii.length}; headline breaks in words: ${found.wordBreaks.length}`,
    `continuation headlines above the second level: ${found.bigHeads.length}; parts under 5 lines: ${found.shortParts.length}`,
    `extra Han–Han em: min ${quantile(tex.hanHan, 0).toFixed(3)} median ${quantile(tex.hanHan, 0.5).toFixed(3)} p95 ${quantile(tex.hanHan, 0.95).toFixed(3)} max ${quantile(tex.hanHan, 1).toFixed(3)} (${tex.hanHan.length} gaps, ${((100 * tex.hanHan.filter((x) => x < -1e-3).length) / tex.hanHan.length).toFixed(1)}% tightened); ` +
      `lines above 0.25 em: ${tex.loose.length}`,
    `Han–Latin gap em: median ${quantile(tex.hanLatin, 0.5).toFixed(3)} max ${quantile(tex.hanLatin, 1).toFixed(3)} (${tex.hanLatin.length} gaps)`,
    'fill per page: ' + pageRows.map((r) => `${r.name} p${r.page} ${(r.fill * 100).toFixed(0)}%${r.format}`).join(', '),
  ];
  const wide = tex.wide!.sort((a, b) => b.em - a.em);
  lines.push(`lines above 0.15 em: ${wide.length}; widest: ${wide.slice(0, 6).map((w) => w.what).join(' | ')}`);
  for (const [k, v] of Object.entries(found)) if (v.length > 0) lines.push(`${k} (first 8): ${v.slice(0, 8).join(' | ')}`);
  console.log(lines.join('\n'));
}

describe('layout metrics', () => {
  test('cover every sample on both templates and at least 20 generated editions, short pages included', () => {
    expect(sets.filter((s) => s.name.startsWith('mixed-')).length).toBeGreaterThanOrEqual(20);
    expect(pageRows.filter((r) => r.text < 0.5).length).toBeGreaterThan(10);
    expect(tex.hanHan.length).toBeGreaterThan(1000);
  });

  test('0 禁则, 0 孤字', () => {
    expect(found.kinsoku).toEqual([]);
    expect(found.orphans).toEqual([]);
  });

  test('0 ASCII , : ; ( ) ! ? beside a Han character in any drawn line', () => {
    expect(found.ascii).toEqual([]);
  });

  test('no headline, deck or subhead line break inside a word', () => {
    expect(found.wordBreaks).toEqual([]);
  });

  test('texture: extra Han–Han median ≤ 0.02 em; Han–Latin gaps ≤ 0.38 em; every line above 0.25 em reported loose', () => {
    expect(quantile(tex.hanHan, 0.5)).toBeLessThanOrEqual(0.02);
    expect(quantile(tex.hanLatin, 1)).toBeLessThanOrEqual(0.38 + 1e-6);
    const reported = sets.reduce((n, s) => n + s.pages.reduce((k, p) => k + p.report.looseLines, 0), 0);
    expect(reported).toBeGreaterThanOrEqual(tex.loose.length);
  });

  test('texture: extra Han–Han max ≤ 0.2 em', () => {
    expect(quantile(tex.hanHan, 1)).toBeLessThanOrEqual(0.2);
  });

  // A character pushed out of a 14-em column opens its line by 1/12 em: under 5% of the gaps are in such lines.
  test('texture: extra Han–Han p95 ≤ 0.08 em; a tightened line closes its gaps by 0.04 em at most', () => {
    expect(quantile(tex.hanHan, 0.95)).toBeLessThanOrEqual(0.08);
    expect(quantile(tex.hanHan, 0)).toBeGreaterThanOrEqual(-0.04 - 1e-6);
  });

  test('continuation headlines no larger than the second level; no part of a continued article under 5 lines', () => {
    expect(found.bigHeads).toEqual([]);
    expect(found.shortParts).toEqual([]);
  });

  test('a few lines of text are not spread over columns of one line each', () => {
    expect(found.thinSpreads).toEqual([]);
  });

  test('a continued paragraph goes on without indent under its ▲上接 line', () => {
    let checked = 0;
    for (const s of sets) {
      for (const p of s.pages) {
        for (const b of p.boxes.filter((x) => x.lines.some((l) => l.role === 'jump' && l.text.includes('上接')))) {
          const first = b.lines.find((l) => l.role === 'body');
          if (!first || /^[“‘（《「【]/.test(first.text)) continue;
          // A generated cut at a paragraph's end starts the next paragraph, indented as usual.
          if (s.name.startsWith('mixed-') && first.part?.start !== false) continue;
          checked++;
          expect(first.xs[0]!, `${s.name} ${b.article}: “${first.text}”`).toBeLessThan(0.5 * first.size);
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test('no empty column in a module', () => {
    expect(found.emptyColumns).toEqual([]);
  });

  test('every page ≥ 90% of its type area filled', () => {
    expect(found.lowFill).toEqual([]);
  });

  // What is reached so far, kept from slipping back while the target below is not met.
  test('no hole larger than 1 column × 3 lines', () => {
    expect(found.holes).toEqual([]);
  });
});
