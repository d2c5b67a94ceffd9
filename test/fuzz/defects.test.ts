/**
 * Each defect the fuzz suite found, on its smallest generated input: the repro now ends as the fixed
 * pipeline must end it (all text placed, or an error diagnostic naming the file and line), within its
 * time bound. Open defects wait as todos until their part of the pipeline is fixed.
 */
import { describe, expect, test } from 'vitest';
import { DEFECTS, WIDE_PARAGRAPHS } from './defects.js';
import { lost } from './canon.js';
import { runCase } from './harness.js';
import { environment, layout, parse } from './stages.js';
import { SEARCH_BUDGET } from '../../src/layout/compose/search.js';
import { setParagraph } from '../../src/layout/text/index.js';
import { readBlocks } from '../../src/parse/blocks.js';

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

describe('fuzz defects', () => {
  for (const d of DEFECTS) {
    if (d.open) {
      test.todo(`${d.id}: ${d.symptom} — open in the ${d.open}`);
      continue;
    }
    if (d.heavy) continue;
    test(`${d.id}: ${d.symptom} — fixed`, async () => {
      const c = d.repro();
      const r = await runCase(c);
      const summary = `${r.verdict}, ${r.cpu} ms CPU (bound ${r.bound}), ${r.message ?? ''} ${JSON.stringify(r.findings)}`;
      expect(d.fixed ?? ['ok'], summary).toContain(r.verdict);
      if (r.verdict === 'rejected') expect(r.message, summary).toMatch(/^[^:]+\.\w+:\d+: unplaced-text: /);
    }, 180_000);
  }

  test('noncharacters and lone surrogates are reported where they stand', () => {
    const c = DEFECTS.find((d) => d.id === 'noncharacters')!.repro();
    const edition = parse('fuzz', c.docs);
    const found = edition.diagnostics.filter((x) => x.rule === 'invalid-character');
    expect(found.map((x) => `${x.file}:${x.line}`)).toEqual(['nonchar.md:3', 'nonchar.md:3', 'surrogates.md:3', 'surrogates.md:3']);
    expect(found.map((x) => x.message.slice(0, 6))).toEqual(['U+FFFE', 'U+FFFF', 'U+D800', 'U+DFFF']);
  });

  test('deep nesting is cut with a warning naming the place, and keeps every character', async () => {
    for (const id of ['nesting-div', 'nesting-quote-md']) {
      const c = DEFECTS.find((d) => d.id === id)!.repro();
      const edition = parse('fuzz', c.docs);
      const warning = edition.diagnostics.find((x) => x.rule === 'deep-nesting');
      expect(warning, id).toBeDefined();
      expect(warning!.line, id).toBeGreaterThan(0);
    }
  });

  test(`${WIDE_PARAGRAPHS.toLocaleString('en')} unclosed <p> in one div: read without exhausting the stack, every paragraph a block`, () => {
    const c = DEFECTS.find((d) => d.id === 'wide-html')!.repro();
    const result = readBlocks(Buffer.from(c.docs[0]!.bytes).toString('utf8'), 'html');
    const texts = result.blocks.map((b) => b.lines.join(''));
    expect(texts.length).toBe(c.expect.length);
    expect(lost(c.expect, texts).count).toBe(0);
    expect(texts.slice(-2)).toEqual(c.expect.slice(-2));
  }, 120_000);

  test('curly quotes count as the straight ones they were set from, and a missing quote still shows', () => {
    expect(lost('他说"好"，\'是\'。', '他说“好”，‘是’。').count).toBe(0);
    expect(lost('他说"好"。', '他说“好。').sample).toBe('" U+0022');
    expect(lost('“好”', '好').count).toBe(2);
  });

  test('a long headline measured on one unbounded line: setting time linear in its length', () => {
    const text = '交通政府生态图书馆服务，景区保护“高铁”大桥。'.repeat(1_000);
    const start = cpu();
    const lines = setParagraph(text, { metrics: { advance: () => 1 }, size: 10, width: 1e6, align: 'start' });
    const spent = cpu() - start;
    expect(lines.length).toBe(1);
    expect(lines[0]!.text).toBe(text);
    // 23,000 characters: about 0.1 s; trying every pair of break points took about 25 s.
    expect(spent).toBeLessThan(2_000);
  });

  test('5,000 headings: parse and layout within the time bound, every heading placed', async () => {
    const c = DEFECTS.find((d) => d.id === 'many-headings')!.repro();
    const env = environment('broadsheet');
    // Parse and layout timed apart, with the event loop let through between them (vitest's worker
    // reports progress over it; a loaded machine stretches each synchronous step).
    let start = cpu();
    const edition = parse('fuzz', c.docs);
    let spent = cpu() - start;
    await new Promise((resolve) => setImmediate(resolve));
    start = cpu();
    const work = { searches: 0, expansions: 0, candidates: 0 };
    const laid = layout(env, edition, work);
    spent += cpu() - start;
    expect(laid.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(laid.pages.length).toBeGreaterThan(1);
    expect(spent).toBeLessThan(c.bound);
    // The work of the placement search, counted: a few searches per page, each within its budget of
    // beam states, and children per page bounded (about 18,000 today; 58,000 when every page of
    // 78 headings searched the full beam).
    const pages = laid.pages.length;
    expect(work.searches).toBeLessThanOrEqual(3 * pages);
    expect(work.expansions).toBeLessThanOrEqual(work.searches * SEARCH_BUDGET);
    expect(work.candidates / pages).toBeLessThan(25_000);
  }, 120_000);
});
