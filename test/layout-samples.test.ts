/**
 * The whole pipeline on every sample edition and on the two-page fixture, on both templates: the
 * layout rules of typesetting.md hold, no text is lost between the model, the frames and the PDF.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Article, Edition } from '../src/model/schema.js';
import { buildEdition, type BuiltEdition } from '../src/cli/build.js';
import { findEditions } from '../src/cli/sources.js';
import { loadTemplate } from '../src/layout/template.js';
import { kinsokuViolations } from '../src/layout/text.js';
import type { FrameBox, FrameLine } from '../src/layout/types.js';

const poppler = spawnSync('pdftotext', ['-v']).status === 0;
const sources = findEditions(['samples', 'test/fixtures/editions/two-pages']);
const TEXT_ROLES = new Set(['body', 'subhead', 'list', 'callout', 'quote']);
const MARKER = /^(?:[●•]|\d{1,2}[.、])$/;
/** Text as compared: no spaces, and the marks set full width in Chinese context mapped back (NFKC, straight quotes). */
const squash = (s: string) => s.normalize('NFKC').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, '');

/** The article's body text as the model has it: paragraphs, subheads, list items, callouts, quotes. */
function modelText(a: Article): string {
  return squash(a.body.map((b) => (b.type === 'photo' ? '' : b.type === 'list' ? (b.items ?? []).join('') : (b.text ?? ''))).join(''));
}

/** The same article's text as the frames draw it, across all its parts and pages. */
function frameText(e: BuiltEdition['edition'], id: string): string {
  return squash(
    e.layout.pages
      .flatMap((p) => p.boxes)
      .filter((b) => b.article === id && b.kind === 'article')
      .flatMap((b) => b.lines)
      .filter((l) => TEXT_ROLES.has(l.role) && !(l.role === 'list' && MARKER.test(l.text.trim())))
      .map((l) => l.text)
      .join(''),
  );
}

function overlaps(a: FrameBox, b: FrameBox): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0.5 && h > 0.5;
}

const articlesOf = (e: Edition) => e.pages.flatMap((p) => p.articles);

for (const templateName of ['broadsheet', 'tabloid']) {
  describe(`${templateName}`, async () => {
    const template = loadTemplate(templateName);
    const built = await Promise.all(sources.map((s) => buildEdition(s, template)));

    test.each(built.map((b) => [b.edition.id, b] as const))('%s: boxes inside the page, none overlapping', (_id, b) => {
      for (const page of b.edition.layout.pages) {
        const solid = page.boxes.filter((x) => x.kind !== 'rule');
        for (const box of page.boxes) {
          expect(box.x).toBeGreaterThanOrEqual(-0.01);
          expect(box.y).toBeGreaterThanOrEqual(-0.01);
          expect(box.x + box.width).toBeLessThanOrEqual(page.width + 0.01);
          expect(box.y + box.height).toBeLessThanOrEqual(page.height + 0.01);
        }
        // Modules of different articles (and the page furniture) never overlap; a photo sits inside
        // its own article's module, clear of that article's lines.
        for (let i = 0; i < solid.length; i++) {
          for (let j = i + 1; j < solid.length; j++) {
            const [a, c] = [solid[i]!, solid[j]!];
            if (a.article !== null && a.article === c.article) continue;
            expect(overlaps(a, c), `${a.kind}/${a.article} × ${c.kind}/${c.article}`).toBe(false);
          }
        }
        for (const photo of solid.filter((x) => x.kind === 'photo')) {
          for (const line of page.boxes.filter((x) => x.article === photo.article).flatMap((x) => x.lines)) {
            const box: FrameBox = { kind: 'article', article: null, x: line.x, y: line.y - line.size * 0.88, width: line.width, height: line.size, lines: [] };
            expect(overlaps(photo, box), `${photo.article}: "${line.text}" over its photo`).toBe(false);
          }
        }
      }
    });

    test.each(built.map((b) => [b.edition.id, b] as const))('%s: 0 lines breaking 禁则, 0 孤字', (_id, b) => {
      for (const page of b.edition.layout.pages) {
        const lines = page.boxes.flatMap((x) => x.lines).filter((l: FrameLine) => l.role === 'body');
        expect(kinsokuViolations(lines.map((l) => l.text))).toBe(0);
        expect(page.report.kinsokuViolations).toBe(0);
        expect(page.report.orphans).toBe(0);
      }
    });

    test.each(built.map((b) => [b.edition.id, b] as const))('%s: every article body drawn exactly once, in order', (_id, b) => {
      for (const a of articlesOf(b.edition)) expect(frameText(b.edition, a.id), a.id).toBe(modelText(a));
    });

    test.each(built.map((b) => [b.edition.id, b] as const))('%s: photo captions and credits are drawn', (_id, b) => {
      const drawn = squash(b.edition.layout.pages.flatMap((p) => p.boxes.flatMap((x) => x.lines.map((l) => l.text))).join(''));
      for (const a of articlesOf(b.edition)) {
        for (const photo of a.body.filter((x) => x.type === 'photo')) {
          if (photo.caption) expect(drawn).toContain(squash(photo.caption));
          if (photo.credit) expect(drawn).toContain(squash(photo.credit));
        }
        for (const j of a.jumps) expect(drawn).toContain(squash(j.text));
      }
    });

    test.each(built.map((b) => [b.edition.id, b] as const))('%s: headlines (continuations too) never end inside a quotation', (_id, b) => {
      for (const page of b.edition.layout.pages) {
        for (const box of page.boxes) {
          const head = box.lines.filter((l) => l.role.startsWith('headline')).map((l) => l.text).join('');
          if (!head) continue;
          expect([...head].filter((c) => c === '“').length, head).toBe([...head].filter((c) => c === '”').length);
          expect(head, head).not.toMatch(/[“‘（《「]$/);
        }
      }
    });

    test.each(built.map((b) => [b.edition.id, b] as const))('%s: body lines sit on the baseline grid', (_id, b) => {
      for (const page of b.edition.layout.pages) {
        const ys = page.boxes.flatMap((x) => x.lines).filter((l) => l.role === 'body').map((l) => l.y);
        if (ys.length === 0) continue;
        const first = Math.min(...ys);
        for (const y of ys) {
          const steps = (y - first) / template.baseline;
          expect(Math.abs(steps - Math.round(steps))).toBeLessThan(0.01);
        }
      }
    });

    test.skipIf(!poppler).each(built.map((b) => [b.edition.id, b] as const))('%s: pdftotext of the page PDFs holds every line', (_id, b) => {
      const dir = mkdtempSync(join(tmpdir(), 'epaper-pdf-'));
      let text = '';
      b.pdfs.forEach((pdf, i) => {
        const file = join(dir, `${i + 1}.pdf`);
        writeFileSync(file, pdf);
        text += execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      });
      const all = squash(text);
      for (const page of b.edition.layout.pages) {
        for (const line of page.boxes.flatMap((x) => x.lines)) expect(all, line.text).toContain(squash(line.text));
      }
      for (const a of articlesOf(b.edition)) {
        // Every body character of the model appears in the PDF text.
        const missing = [...new Set(modelText(a))].filter((ch) => !all.includes(ch));
        expect(missing, a.id).toEqual([]);
      }
    });
  });
}

test('fill: a page whose text runs on to a later page is at least 95% full', async () => {
  // A page whose own articles are short cannot be filled without inventing text; a page that sends
  // text on to the next one had enough of it.
  const template = loadTemplate('tabloid');
  let checked = 0;
  for (const s of sources) {
    const b = await buildEdition(s, template);
    for (const p of b.edition.layout.pages.slice(0, -1)) {
      if (p.report.continuations === 0) continue;
      checked++;
      expect(p.report.fill, `${b.edition.id} page ${p.number}`).toBeGreaterThanOrEqual(0.95);
    }
  }
  expect(checked).toBeGreaterThan(0);
});
