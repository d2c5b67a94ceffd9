/**
 * Frames carry meaning: every body line names the model block (and list item) it sets, every caption
 * names its photo's figure, and every jump or teaser line carries its resolved target.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Article, Block, Edition } from '../src/model/schema.js';
import { parseEdition } from '../src/parse/index.js';
import { jumpText, layoutEdition, type LayoutResult } from '../src/layout/index.js';
import { loadFontSet } from '../src/layout/fonts.js';
import { loadTemplate } from '../src/layout/template.js';
import type { FrameBox, FrameLine } from '../src/layout/types.js';

const BODY_ROLES = new Set(['body', 'subhead', 'list', 'callout', 'quote', 'caption', 'credit']);
/** Text as compared: no spaces, and the marks set full width in Chinese context mapped back (NFKC, straight quotes). */
const squash = (s: string) => s.normalize('NFKC').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, '');
const fonts = loadFontSet();

function parseDir(dir: string): Edition {
  const docs = readdirSync(dir)
    .filter((f) => /\.(md|html?|txt)$/i.test(f))
    .sort()
    .map((f) => ({ path: join(dir, f), bytes: readFileSync(join(dir, f)) }));
  return parseEdition(dir.split('/').pop()!, docs);
}

const dirs = [...readdirSync('samples').filter((d) => /^\d/.test(d)).map((d) => join('samples', d)), 'test/fixtures/editions/two-pages'];

function articleLines(r: LayoutResult, id: string): FrameLine[] {
  return r.pages.flatMap((p) => p.boxes).filter((b) => b.article === id && b.kind === 'article').flatMap((b) => b.lines);
}

/** The text a block sets, as the model has it (a photo: its caption then its credit). */
function blockText(b: Block): string {
  if (b.type === 'photo') return squash((b.caption ?? '') + (b.credit ?? ''));
  if (b.type === 'list') return squash((b.items ?? []).join(''));
  return squash(b.text ?? '');
}

for (const name of ['broadsheet', 'tabloid']) {
  describe(name, () => {
    const template = loadTemplate(name);
    const results = dirs.map((d) => [d, layoutEdition(parseDir(d), template, fonts)] as const);

    test.each(results)('%s: every body line names its block, and the blocks set add up to the model text', (_d, r) => {
      const articles: Article[] = r.edition.pages.flatMap((p) => p.articles);
      let checked = 0;
      for (const art of articles) {
        const lines = articleLines(r, art.id);
        for (const l of lines) if (BODY_ROLES.has(l.role)) expect(l.part, `${art.id}: ${l.role} line “${l.text}”`).toBeDefined();
        art.body.forEach((b, bi) => {
          const own = lines.filter((l) => l.part?.block === bi);
          const text = squash(own.map((l) => l.text).join(''));
          if (b.type === 'list') {
            (b.items ?? []).forEach((item, j) => {
              const mine = own.filter((l) => l.part?.item === j);
              // The item's marker line comes first and starts it; its text follows.
              expect(mine[0]?.part?.start).toBe(true);
              expect(mine.filter((l) => l.part?.start)).toHaveLength(1);
              expect(squash(mine.map((l) => l.text).join('')).endsWith(squash(item))).toBe(true);
            });
          } else {
            expect(text, `${art.id} block ${bi}`).toBe(blockText(b));
            if (b.type !== 'photo' && own.length > 0) {
              expect(own[0]!.part!.start).toBe(true);
              expect(own.filter((l) => l.part!.start)).toHaveLength(1);
            }
          }
          checked += own.length;
        });
      }
      expect(checked).toBeGreaterThan(0);
    });

    test.each(results)('%s: each caption and credit names a photo of its article on its page', (_d, r) => {
      const ids = r.pages.flatMap((p) => p.boxes).filter((b) => b.kind === 'photo').map((b) => b.figure);
      expect(ids.every((id) => typeof id === 'string')).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      for (const page of r.pages) {
        const photos = new Map<string, FrameBox>();
        for (const b of page.boxes) if (b.kind === 'photo' && b.figure) photos.set(b.figure, b);
        for (const b of page.boxes) {
          for (const l of b.lines) {
            if (l.role !== 'caption' && l.role !== 'credit') continue;
            const photo = photos.get(l.figure ?? '');
            expect(photo, `caption “${l.text}” on page ${page.number}`).toBeDefined();
            expect(photo!.article).toBe(b.article);
            // The caption stands under its photo, within its width.
            expect(l.y).toBeGreaterThan(photo!.y + photo!.height);
            expect(l.x).toBeGreaterThanOrEqual(photo!.x - 0.01);
            expect(l.x + l.width).toBeLessThanOrEqual(photo!.x + photo!.width + 0.01);
          }
        }
      }
    });

    test('two pages: jumps and teasers lead to the article that continues them', () => {
      const r = results.find(([d]) => d.endsWith('two-pages'))![1];
      const [p1, p2] = r.edition.pages;
      const linked = r.pages.flatMap((p) => p.boxes.flatMap((b) => b.lines.filter((l) => l.link).map((l) => ({ page: p.number, box: b, line: l }))));
      expect(linked.length).toBeGreaterThanOrEqual(3);
      for (const { page, box, line } of linked) {
        const link = line.link!;
        expect(link.resolved, line.text).toBe(true);
        const target = r.pages.find((p) => p.number === link.page)!;
        expect(target).toBeDefined();
        expect(target.boxes.some((b) => b.kind === 'article' && b.article === link.article)).toBe(true);
        if (link.kind === 'jump') {
          const from = r.edition.pages.find((p) => (p.number ?? 0) === page)!.articles.find((a) => a.id === box.article)!;
          const jump = from.jumps.find((j) => j.text === line.text)!;
          // The target article is the one on the other page whose own jump names this page and mark.
          const there = r.edition.pages.find((p) => p.number === link.page)!;
          const back = there.articles.find((a) => a.jumps.some((j) => j.page === page && j.mark === jump.mark && j.direction !== jump.direction));
          expect(link.article).toBe(back?.id);
        } else {
          const teaser = p1!.teasers.find((t) => line.text.includes(String(t.page).padStart(2, '0')))!;
          const head = squash(teaser.headline ?? '');
          expect(p2!.articles.find((a) => a.id === link.article)?.headline?.replace(/\s+/g, '')).toBe(head);
        }
      }
    });
  });
}

describe('links that lead nowhere', () => {
  test('a teaser for a page the edition does not have is unresolved', () => {
    const ed = parseDir('test/fixtures/editions/two-pages');
    const teaser = ed.pages[0]!.teasers[0]!;
    teaser.page = 9;
    teaser.article = null;
    ed.links = ed.links.filter((l) => l.kind !== 'teaser');
    const r = layoutEdition(ed, loadTemplate('broadsheet'), fonts);
    const line = r.pages[0]!.boxes.flatMap((b) => b.lines).find((l) => l.link?.kind === 'teaser')!;
    expect(line.link).toMatchObject({ page: 9, resolved: false });
  });

  test('a jump to an article without a part on the target page is unresolved', () => {
    const ed = parseDir('test/fixtures/editions/two-pages');
    ed.links = ed.links.map((l) => (l.kind === 'jump' && l.from.page === 1 ? { ...l, to: { ...l.to, article: 'p2-a9' } } : l));
    const r = layoutEdition(ed, loadTemplate('broadsheet'), fonts);
    const line = r.pages[0]!.boxes.flatMap((b) => b.lines).find((l) => l.link?.kind === 'jump')!;
    expect(line.link).toMatchObject({ page: 2, article: 'p2-a9', resolved: false });
  });

  test('jump lines are spelled by one function', () => {
    expect(jumpText('out', 2, '①')).toBe('▶下转02版①');
    expect(jumpText('in', 12, '②')).toBe('▲上接12版②');
  });
});
