/**
 * Continuations: pages added for them, and the jump lines, jumps and links fixed once the
 * continuation's page is known.
 */
import type { Edition, Link, Page } from '../../model/schema.js';
import { alignDx, setText, type Ctx } from './context.js';
import { codeAfter } from './identity.js';
import { jumpText, weekdayOf } from './labels.js';
import type { PendingJump } from './module-types.js';
import type { PageCtx } from './page.js';

export function newPageAfter(ed: Edition, source: Page): Page {
  const last = ed.pages[ed.pages.length - 1]!;
  const number = (last.number ?? ed.pages.length) + 1;
  const date = ed.date ?? source.date;
  return {
    number,
    code: codeAfter(last.code),
    section: source.section,
    date,
    masthead: null,
    folio: { number, date, weekday: weekdayOf(date), section: source.section, phone: null, editors: [] },
    banner: null,
    teasers: [],
    articles: [],
    credits: [],
    source: { ...source.source, meta: {} },
  };
}

export function pageNumberAt(ed: Edition, i: number): number {
  const p = ed.pages[i];
  if (p) return p.number ?? i + 1;
  const last = ed.pages[ed.pages.length - 1];
  return (last?.number ?? ed.pages.length) + (i - ed.pages.length + 1);
}

/** The continuation is placed on page pc: fix the out jump's page, add the jumps and the link. */
export function settleJump(ctx: Ctx, ed: Edition, p: PendingJump, pc: PageCtx): void {
  const to = pc.number;
  const toCode = pc.page.code;
  const text = jumpText('out', toCode ?? to, p.mark);
  const fl = p.frameLine;
  if (fl && fl.text !== text) {
    const line = setText(ctx, text, 'jump', p.colWidth, { align: 'start', indent: 0 })[0];
    if (line) {
      const left = fl.x - p.outSpec.dx;
      const dx = alignDx('end', p.colWidth, line.width);
      fl.text = line.text;
      fl.xs = line.xs;
      fl.width = line.width;
      fl.x = left + dx;
    }
  }
  if (fl?.link) Object.assign(fl.link, { page: to }, toCode ? { code: toCode } : {});
  p.outJump.page = to;
  if (toCode) p.outJump.code = toCode;
  p.outJump.text = text;
  const art = p.article;
  art.jumps.push(p.outJump);
  art.jumps.push({ direction: 'in', page: p.fromPage, ...(p.fromCode ? { code: p.fromCode } : {}), mark: p.mark, text: jumpText('in', p.fromCode ?? p.fromPage, p.mark), generated: true });
  const link: Link = {
    kind: 'jump',
    from: { page: p.fromPage, article: art.id },
    to: { page: to, article: art.id },
    mark: p.mark,
    resolved: true,
  };
  ed.links.push(link);
  ctx.diagnostics.push({
    file: ed.pages[p.fromPageIndex]?.source.file ?? '',
    line: art.source?.line ?? null,
    column: art.source?.column ?? null,
    severity: 'info',
    rule: 'continuation',
    message: `article ${art.id} continued on page ${to} (${text})`,
    page: p.fromPage,
    article: art.id,
  });
}
