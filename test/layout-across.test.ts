/**
 * Text set across a module (compose/across.ts): on a narrow sheet, a few lines without photos go in
 * one column as wide as the module instead of columns of a line or two.
 */
import { describe, expect, test } from 'vitest';
import { buildEdition } from '../src/cli/build.js';
import { findEditions } from '../src/cli/sources.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { columnWidth, pageFormat } from '../src/layout/compose/format.js';
import { holes } from './layout-measure.js';

const template = loadTemplate('broadsheet');
const [source] = findEditions(['test/fixtures/editions/two-pages']);

describe('a printed continuation of three lines on a two-column sheet', async () => {
  const built = await buildEdition(source!, template, { pagePdfs: false, formats: true });
  const page = built.edition.layout.pages[1]!;
  const format = pageFormat(template, page);
  const cont = page.boxes.find((b) => b.kind === 'article' && b.lines.some((l) => l.role === 'jump' && l.text.includes('上接')))!;
  const body = cont.lines.filter((l) => l.role === 'body');
  const colW = columnWidth(template);

  test('is set on a sheet of two columns, across both', () => {
    expect(format.columns).toBe(2);
    expect(cont.width).toBeGreaterThan(2 * colW);
    expect(body.length).toBeGreaterThan(0);
    // Every line starts at the module's left edge, and the first is wider than one column.
    for (const l of body) expect(Math.abs(l.x - cont.x)).toBeLessThan(20);
    expect(body[0]!.width).toBeGreaterThan(colW + 1);
    expect(Math.max(...body.map((l) => l.x + l.width))).toBeLessThanOrEqual(cont.x + cont.width + 0.01);
  });

  test('keeps its text, its headline on one line, and leaves the page without a hole', () => {
    const src = built.edition.pages[1]!.articles.find((a) => a.jumps.some((j) => j.direction === 'in'))!;
    const para = src.body.filter((b) => b.type === 'paragraph').map((b) => b.text).join('');
    expect(body.map((l) => l.text).join('').normalize('NFKC')).toBe(para.normalize('NFKC'));
    expect(cont.lines.filter((l) => l.role.startsWith('headline'))).toHaveLength(1);
    expect(holes(page, format).filter((h) => h.cells > 3)).toEqual([]);
    expect(page.report.fill).toBeGreaterThanOrEqual(0.9);
  });

  test('the article beside it, a photo and four lines, is set across too: the photo as wide as the module', () => {
    const other = page.boxes.find((b) => b.kind === 'article' && b !== cont)!;
    const photo = page.boxes.find((b) => b.kind === 'photo' && b.article === other.article)!;
    expect(other.width).toBeGreaterThan(2 * colW);
    expect(Math.abs(photo.width - other.width)).toBeLessThan(0.5);
    const lines = other.lines.filter((l) => l.role === 'body');
    expect(Math.max(...lines.map((l) => l.width))).toBeGreaterThan(colW + 1);
  });
});
