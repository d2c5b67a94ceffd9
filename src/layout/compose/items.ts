/**
 * Items to place: an article of the page with its body pieces and printed jumps, or the continuation
 * of one cut on an earlier page.
 */
import type { Article, Page } from '../../model/schema.js';
import { sumRows } from './columns.js';
import type { Ctx } from './context.js';
import { headlineRole } from './headline-size.js';
import { sourceJumpLink } from './links.js';
import type { Item, PendingJump } from './module-types.js';
import { bodyPieces } from './body.js';
import { blockPiece, jumpSpec, leadingPhotos, type Piece } from './pieces.js';

/** An article's body pieces set at the column width of ctx, closed by its own out jumps. */
export function articlePieces(ctx: Ctx, art: Article, file: string, pageNo: number): Piece[] {
  const pieces = bodyPieces(ctx, art, file, pageNo);
  for (const j of art.jumps) {
    if (j.direction !== 'out' || j.generated) continue;
    const piece = blockPiece(1, [jumpSpec(ctx, j.text, ctx.g.colW, ctx.g.baseOff, sourceJumpLink(ctx, art, j))], false);
    piece.noBreakBefore = true;
    pieces.push(piece);
  }
  return pieces;
}

export function articleItem(ctx: Ctx, art: Article, page: Page, pageIndex: number, lead: boolean, R: number): Item {
  const file = page.source.file;
  const pageNo = page.number ?? pageIndex + 1;
  const pieces = articlePieces(ctx, art, file, pageNo);
  const bodyRows = sumRows(pieces);
  // A printed continuation ("▲上接01版") never takes the lead's headline: at most the page's second level.
  const continued = art.jumps.some((j) => j.direction === 'in');
  return {
    kind: 'article',
    id: art.id,
    article: art,
    anchor: 'top',
    pageIndex,
    lead,
    headRole: headlineRole(lead && !continued, bodyRows, R),
    pieces,
    bodyRows,
    photos: leadingPhotos(art),
    variants: [],
    heads: [],
    stretch: [],
    file,
    pageNo,
  };
}

/** Forgets an item's variants, headings and stretch tables (set again when the page's mode changes). */
export function resetItem(it: Item): void {
  it.variants = [];
  it.heads = [];
  it.stretch = [];
  it.modes = undefined;
}

/**
 * What an item's variants, headings and stretch tables depend on besides the item: its headline role,
 * the columns of the format it is tried on (the column width is the same on every format) and whether
 * the page is set as a short page (which also widens its photos).
 */
export function modeKey(ctx: Ctx, it: Item): string {
  return `${it.headRole}|${ctx.g.cols}|${ctx.roomy ? 1 : 0}`;
}

/**
 * Points the item's tables at those of its mode in `ctx`, made empty on first use: a page tried on
 * several formats computes each mode's variants once, and the page's final arrangement reuses them.
 */
export function useMode(ctx: Ctx, it: Item): void {
  const key = modeKey(ctx, it);
  const modes = (it.modes ??= new Map());
  let tables = modes.get(key);
  if (!tables) {
    tables = { variants: [], heads: [], stretch: [] };
    modes.set(key, tables);
  }
  it.variants = tables.variants;
  it.heads = tables.heads;
  it.stretch = tables.stretch;
}

export function continuationItem(pending: PendingJump, rest: Piece[], file: string): Item {
  return {
    kind: 'cont',
    id: pending.articleId,
    article: pending.article,
    anchor: 'top',
    pageIndex: pending.fromPageIndex,
    lead: false,
    headRole: 'headline-small',
    pieces: rest,
    bodyRows: sumRows(rest),
    photos: [],
    pending,
    variants: [],
    heads: [],
    stretch: [],
    file,
  };
}
