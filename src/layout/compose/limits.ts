/**
 * What cannot be placed, said as an error instead of lost: a heading part longer than an empty page
 * holds, an item no empty page can take, and text still waiting when the edition has run MAX_EXTRA_PAGES
 * past its own pages. Each error names the file, the article's line and how much text it concerns.
 */
import type { Article, Diagnostic } from '../../model/schema.js';
import type { StyleRole } from '../template/schema.js';
import type { Ctx } from './context.js';
import { bylineText } from './headings.js';
import { HEADLINE_STEPS } from './headline-size.js';
import type { Item } from './module-types.js';

/** Pages the layout may add after the edition's own for text carried over. */
export const MAX_EXTRA_PAGES = 50;

const length = (s: string | null | undefined) => (s ? [...s].length : 0);

/**
 * Most characters a heading part in `style` can hold on an empty page at its smallest size: every grid
 * line of the article area across the full width, half-width characters throughout. Anything longer
 * can never be placed, so it is not set at all.
 */
function capacity(ctx: Ctx, style: StyleRole, rows: number, smallest: number): number {
  const st = ctx.t.styles[style];
  const size = st.size * smallest;
  const lines = Math.max(1, Math.floor((rows * ctx.g.B) / (st.leading * smallest)));
  return Math.ceil(lines * (ctx.g.width / (0.5 * size)));
}

/** The heading parts of an article longer than any page holds, as [what, characters, most]. */
export function oversizedHeading(ctx: Ctx, art: Article, rows: number): [string, number, number][] {
  const smallest = HEADLINE_STEPS[HEADLINE_STEPS.length - 1]!;
  const parts: [string, string | null, StyleRole, number][] = [
    ['column logo', art.logo, 'logo', 1],
    ['kicker', art.kicker, 'kicker', 1],
    ['headline', art.headline, 'headline-small', smallest],
    ['deck', art.deck, 'deck', 1],
    ['byline', bylineText(art), 'byline', 1],
  ];
  const out: [string, number, number][] = [];
  for (const [what, text, style, factor] of parts) {
    const n = length(text);
    const most = capacity(ctx, style, rows, factor);
    if (n > most) out.push([what, n, most]);
  }
  return out;
}

/** Characters of an item not yet placed: its heading (a whole article) and its body lines. */
export function itemCharacters(item: Item): number {
  let n = 0;
  if (item.kind === 'article') {
    const a = item.article;
    n += length(a.logo) + length(a.kicker) + length(a.headline) + length(a.deck) + length(bylineText(a));
  }
  for (const p of item.pieces) {
    for (const l of p.lines) n += length(l.text);
    if (p.photo) n += length(p.photo.block.caption) + length(p.photo.block.credit);
  }
  return n;
}

export function unplacedError(item: Item, page: number, message: string): Diagnostic {
  return {
    file: item.file,
    line: item.article.source?.line ?? null,
    column: item.article.source?.column ?? null,
    severity: 'error',
    rule: 'unplaced-text',
    message,
    page,
    article: item.id,
  };
}

/** Characters an oversized heading part is cut to, so the layout of a failing edition stays quick. */
const CUT_TO = 100;

/** Error for an article whose heading part is longer than a page; the part is cut so layout stays bounded. */
export function cutOversizedHeading(ctx: Ctx, art: Article, file: string, page: number, rows: number): void {
  for (const [what, n, most] of oversizedHeading(ctx, art, rows)) {
    ctx.diagnostics.push({
      file,
      line: art.source?.line ?? null,
      column: art.source?.column ?? null,
      severity: 'error',
      rule: 'unplaced-text',
      message: `the ${what} of article ${art.id} has ${n} characters, more than a whole page holds (about ${most}): shorten it, or mark its text as a paragraph`,
      page,
      article: art.id,
    });
    const cut = (s: string | null) => (s ? [...s].slice(0, CUT_TO).join('') : s);
    if (what === 'column logo') art.logo = cut(art.logo);
    else if (what === 'kicker') art.kicker = cut(art.kicker);
    else if (what === 'headline') art.headline = cut(art.headline);
    else if (what === 'deck') art.deck = cut(art.deck);
    else {
      art.byline = cut(bylineText(art));
      art.authors = [];
      art.dateline = null;
    }
  }
}
