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

export function articleItem(ctx: Ctx, art: Article, page: Page, pageIndex: number, lead: boolean, R: number): Item {
  const file = page.source.file;
  const pieces = bodyPieces(ctx, art, file, page.number ?? pageIndex + 1);
  // The article's own out jumps close its text.
  for (const j of art.jumps) {
    if (j.direction !== 'out' || j.generated) continue;
    const piece = blockPiece(1, [jumpSpec(ctx, j.text, ctx.g.colW, ctx.g.baseOff, sourceJumpLink(ctx, art, j))], false);
    piece.noBreakBefore = true;
    pieces.push(piece);
  }
  const bodyRows = sumRows(pieces);
  return {
    kind: 'article',
    id: art.id,
    article: art,
    anchor: 'top',
    pageIndex,
    lead,
    headRole: headlineRole(lead, bodyRows, R),
    pieces,
    bodyRows,
    photos: leadingPhotos(art),
    variants: [],
    heads: [],
    stretch: [],
    file,
  };
}

/** Forgets an item's variants, headings and stretch tables (set again when the page's mode changes). */
export function resetItem(it: Item): void {
  it.variants = [];
  it.heads = [];
  it.stretch = [];
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
