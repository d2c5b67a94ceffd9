/**
 * Module headings: column logo in a frame, kicker, headline, deck, byline and printed jump lines,
 * stacked on the grid; the short headline of a continuation.
 */
import type { Article } from '../../model/schema.js';
import type { StyleRole } from '../template/schema.js';
import type { SetLine } from '../text/index.js';
import type { LineRole } from '../types.js';
import { blockBaseline, setText, spec, type Align, type Ctx, type LineSpec, type LinkInfo } from './context.js';
import { spanW } from './grid.js';
import { balanceLines, headlineLines } from './headline-size.js';
import { jumpText } from './labels.js';
import { sourceJumpLink } from './links.js';
import type { Heading, HeadlineRole, Item, RuleRect } from './module-types.js';

/** Weight of the frame rules around a column logo, pt. */
export const FRAME_RULE = 0.6;

export function bylineText(art: Article): string | null {
  const parts: string[] = [];
  if (art.byline) parts.push(art.byline);
  else if (art.authors.length > 0) parts.push(art.authors.map((a) => (a.role ? `${a.role} ${a.name}` : a.name)).join('　'));
  if (art.dateline && !(art.byline ?? '').includes(art.dateline)) parts.push(art.dateline);
  return parts.length > 0 ? parts.join('　') : null;
}

/** The article's headline cut down to a short form for its continuation. */
export function shortHeadline(art: Article): string {
  const h = (art.headline ?? art.kicker ?? art.deck ?? '').trim();
  if (!h) return '（续）';
  if ([...h].length <= 16) return h;
  const parts = h.split(/[\s\u3000，,：:；;！!？?—]+/).filter((s) => s.length > 0);
  const first = parts[0] ?? h;
  const len = [...first].length;
  if (len >= 4 && len <= 14) return balancedCut(first, 14);
  return balancedCut(h, 12);
}

export const OPENERS = '“‘（《「『【(';

export const CLOSERS = '”’）》」』】)';

/** The first `max` characters of a headline, never ending inside a quotation or on an opening mark. */
export function balancedCut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  let end = max;
  const open: number[] = [];
  for (let i = 0; i < end; i++) {
    if (OPENERS.includes(chars[i]!)) open.push(i);
    else if (CLOSERS.includes(chars[i]!)) open.pop();
  }
  if (open.length > 0) {
    // Close the quotation when it ends soon after the cut; else cut before it opens.
    const closeAt = chars.findIndex((c, i) => i >= end && CLOSERS.includes(c));
    end = closeAt >= 0 && closeAt - end < 6 ? closeAt + 1 : open[0]!;
  }
  while (end > 0 && (OPENERS.includes(chars[end - 1]!) || /[、，,：:；;\s]/.test(chars[end - 1]!))) end--;
  return end >= 4 ? chars.slice(0, end).join('') : chars.slice(0, max).join('');
}

export function heading(ctx: Ctx, item: Item, k: number): Heading {
  const cached = item.heads[k];
  if (cached) return cached;
  const h = setHeading(ctx, item, k);
  item.heads[k] = h;
  return h;
}

/** One element of a heading: its lines as set and how they stand. */
interface El {
  lines: SetLine[];
  style: StyleRole;
  role: LineRole;
  size: number;
  leading: number;
  align: Align;
  link?: LinkInfo;
  /** Space above the element, pt. */
  before: number;
  framed?: boolean;
}

/** The elements of an item's heading at measure W, top to bottom, and the headline's penalty. */
function headingElements(ctx: Ctx, item: Item, W: number): { els: El[]; penalty: number } {
  const { g, t } = ctx;
  const art = item.article;
  const els: El[] = [];
  let penalty = 0;
  // Short pages give the heading more air between its parts.
  const air = ctx.roomy ? 0.4 * g.B : 0;
  const add = (text: string | null | undefined, style: StyleRole, role: LineRole, o: { align?: Align; link?: LinkInfo; before?: number; framed?: boolean } = {}) => {
    const st = t.styles[style];
    let lines = setText(ctx, text, style, o.framed ? W - 1.2 * st.size : W, { align: 'start', indent: 0 });
    if (lines.length === 0) return;
    // A kicker or deck in two lines: even lines, not a word or two left alone on the second.
    if (lines.length === 2 && text && (style === 'kicker' || style === 'deck')) lines = balanceLines(ctx, text, style, W, st.size, lines);
    const el: El = {
      lines,
      style,
      role,
      size: st.size,
      leading: st.leading,
      align: o.align ?? (st.align === 'justify' ? 'start' : st.align),
      before: els.length > 0 ? (o.before ?? 0) : 0,
    };
    if (o.link) el.link = o.link;
    if (o.framed) el.framed = true;
    els.push(el);
  };
  const addHeadline = (text: string | null | undefined, style: HeadlineRole) => {
    if (!text) return;
    const st = t.styles[style];
    const set = headlineLines(ctx, text, style, W, ctx.roomy && style === 'headline-lead');
    penalty += set.penalty;
    const f = set.size / st.size;
    els.push({
      lines: set.lines,
      style,
      role: style,
      size: set.size,
      leading: st.leading * f,
      align: st.align === 'justify' ? 'start' : st.align,
      before: els.length > 0 ? air : 0,
    });
  };
  if (art && item.kind === 'article') {
    add(art.logo, 'logo', 'logo', { framed: true });
    add(art.kicker, 'kicker', 'kicker', { before: els.length > 0 ? 0.25 * g.B : 0 });
    addHeadline(art.headline, item.headRole);
    add(art.deck, 'deck', 'deck', { before: air });
    add(bylineText(art), 'byline', 'byline', { before: air / 2 });
    for (const j of art.jumps) {
      if (j.direction !== 'in' || j.generated) continue;
      add(j.text, 'jump', 'jump', { align: 'end', link: sourceJumpLink(ctx, art, j) });
    }
  } else if (art && item.kind === 'cont' && item.pending) {
    addHeadline(shortHeadline(art), 'headline-small');
    const p = item.pending;
    add(jumpText('in', p.fromPage, p.mark), 'jump', 'jump', {
      align: 'end',
      link: { kind: 'jump', page: p.fromPage, article: art.id, resolved: true },
    });
  }
  return { els, penalty };
}

/** The elements stacked on the grid: the heading's grid lines, line specs and frame rules. */
function stackHeading(ctx: Ctx, els: El[], W: number, penalty: number): Heading {
  const { g } = ctx;
  if (els.length === 0) return { rows: 0, lines: [], penalty, rules: [] };
  let total = 0;
  for (const e of els) total += e.before + e.lines.length * e.leading;
  const rows = Math.ceil((total + (ctx.roomy ? 1.2 : 0.4) * g.B) / g.B - 1e-6);
  const lines: LineSpec[] = [];
  const rules: RuleRect[] = [];
  let cur = 0;
  for (const e of els) {
    cur += e.before;
    if (e.framed) {
      // A column logo: its lines centred in a thin frame at the head of the module, 0.6 em clear of the text.
      const pad = 0.6 * e.size;
      let inner = 0;
      for (const l of e.lines) inner = Math.max(inner, l.width);
      e.lines.forEach((l, i) => {
        lines.push(spec(ctx, l, e.style, e.role, inner, pad, cur + blockBaseline(i, e.leading, e.size), { align: 'center', size: e.size }));
      });
      const top = cur + (e.leading - e.size) / 2 - 0.35 * e.size;
      rules.push(...frameRects(0, top, Math.min(W, inner + 2 * pad), (e.lines.length - 1) * e.leading + 1.7 * e.size, FRAME_RULE));
    } else {
      e.lines.forEach((l, i) => {
        const o: { align: Align; size: number; link?: LinkInfo } = { align: e.align, size: e.size };
        if (e.link) o.link = e.link;
        lines.push(spec(ctx, l, e.style, e.role, W, 0, cur + blockBaseline(i, e.leading, e.size), o));
      });
    }
    cur += e.lines.length * e.leading;
  }
  return { rows, lines, penalty, rules };
}

export function setHeading(ctx: Ctx, item: Item, k: number): Heading {
  const W = spanW(ctx.g, k);
  const { els, penalty } = headingElements(ctx, item, W);
  return stackHeading(ctx, els, W, penalty);
}

/** The four sides of a rectangle as thin rectangles of weight `t`. */
export function frameRects(x: number, y: number, w: number, h: number, t: number): RuleRect[] {
  return [
    { x, y, w, h: t },
    { x, y: y + h - t, w, h: t },
    { x, y: y + t, w: t, h: h - 2 * t },
    { x: x + w - t, y: y + t, w: t, h: h - 2 * t },
  ];
}
