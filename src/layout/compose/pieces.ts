/**
 * Pieces, the units of column flow (a line, or a block never split), and the photos in it: figure ids,
 * photo sizes, captions and credits, and the jump lines that close a text.
 */
import type { Article, Block } from '../../model/schema.js';
import { isOrphanLine, kinsokuViolations, type SetLine } from '../text/index.js';
import { blockBaseline, partOf, setText, spec, type Ctx, type LineSpec, type LinkInfo } from './context.js';
import { spanW } from './grid.js';

/** Placeholder aspect ratio (width / height) of photos without a known image size. */
export const PLACEHOLDER_ASPECT = 4 / 3;

/** The smallest unit of column flow: one line, or a block that is never split. */
export interface Piece {
  rows: number;
  lines: LineSpec[];
  /** Line index and line count within its paragraph (count 0: not a paragraph line). */
  index: number;
  count: number;
  keepWithNext: boolean;
  noBreakBefore: boolean;
  /** Report data: kinsoku violations, loose line, 孤字 on a paragraph's last line. */
  kinsoku: number;
  loose: boolean;
  orphan: boolean;
  /** Blank space before a subhead: dropped when it would open a column. */
  spacer?: boolean;
  /** A photo set in the column flow: its block, image height in grid lines and the columns it spans. */
  photo?: { block: Block; fig: Fig; imgRows: number; span: number };
  /** A photo spanning columns: the same photo one column wide, for a module too narrow for it. */
  narrow?: Piece;
  /** Subheads and callouts: grid lines of air the piece may take when its module is stretched. */
  flex?: number;
  /** On a paragraph's first line: the paragraph, which may be set one line longer. */
  para?: ParaRef;
}

/** A paragraph of body text or quote, for setting it again one line longer. */
export interface ParaRef {
  text: string;
  /** Its block's index in the article's body. */
  block: number;
  role: 'body' | 'quote';
  inset: number;
  /** Its lines as set, and the characters on its last line. */
  n: number;
  lastChars: number;
  /** Its lines set one line longer (spacing opened a little), once computed; null when that is not possible. */
  looser?: Piece[] | null;
}

export function linePiece(line: LineSpec, set: SetLine, index: number, count: number, justified: boolean, extra: LineSpec[] = []): Piece {
  return {
    rows: 1,
    lines: [...extra, line],
    index,
    count,
    keepWithNext: false,
    noBreakBefore: false,
    kinsoku: kinsokuViolations([set.text]),
    loose: justified && set.loose,
    orphan: count >= 2 && index === count - 1 && isOrphanLine(set.text),
  };
}

export function blockPiece(rows: number, lines: LineSpec[], keepWithNext: boolean): Piece {
  return { rows, lines, index: 0, count: 0, keepWithNext, noBreakBefore: false, kinsoku: 0, loose: false, orphan: false };
}

/** A photo block with its index in the article's body and its figure id ("p1-a2#3"). */
export interface Fig {
  index: number;
  id: string;
}

export function figOf(art: Article, index: number): Fig {
  return { index, id: `${art.id}#${index}` };
}

/** Width / height of a photo: from the image file's size, else the placeholder's aspect. */
export function aspectOf(ctx: Ctx, p: Block): number {
  const size = p.src ? ctx.options.images?.[p.src] : undefined;
  return size && size.width > 0 && size.height > 0 ? size.width / size.height : PLACEHOLDER_ASPECT;
}

/** Caption and credit lines under a photo of `imgRows` grid lines, and the grid lines they take. */
export function photoCaptions(ctx: Ctx, p: Block, fig: Fig, w: number, imgRows: number): { captions: LineSpec[]; capRows: number } {
  const { g, t } = ctx;
  let byWidth = ctx.captionCache.get(p);
  if (!byWidth) {
    byWidth = new Map();
    ctx.captionCache.set(p, byWidth);
  }
  let set = byWidth.get(w);
  if (!set) {
    set = { cap: setText(ctx, p.caption, 'caption', w), cred: setText(ctx, p.credit, 'credit', w, { align: 'start' }) };
    byWidth.set(w, set);
  }
  const { cap, cred } = set;
  const cs = t.styles.caption;
  const crs = t.styles.credit;
  const capH = cap.length * cs.leading + cred.length * crs.leading;
  // The caption a quarter line under the image, ending clear of the next body line's em box.
  const capRows = capH > 0 ? Math.ceil((capH + 0.2 * g.B - (g.B - t.styles.body.size) / 2) / g.B - 1e-6) : 1;
  const captions: LineSpec[] = [];
  let cur = imgRows * g.B;
  const own = { figure: fig.id };
  cap.forEach((l, i) =>
    captions.push(spec(ctx, l, 'caption', 'caption', w, 0, cur + blockBaseline(i, cs.leading, cs.size), { ...own, part: partOf(fig.index, i) })),
  );
  cur += cap.length * cs.leading;
  cred.forEach((l, i) =>
    captions.push(
      spec(ctx, l, 'credit', 'credit', w, 0, cur + blockBaseline(i, crs.leading, crs.size), {
        align: crs.align === 'justify' ? 'end' : crs.align,
        ...own,
        part: partOf(fig.index, i),
      }),
    ),
  );
  return { captions, capRows };
}

/** The photos that open an article's body (before any text): set across the top of its module. */
export function leadingPhotos(art: Article): Block[] {
  const out: Block[] = [];
  for (const b of art.body) {
    if (b.type !== 'photo') break;
    out.push(b);
  }
  return out;
}

/** A photo standing in the column flow, `span` columns wide, with its caption. */
export function flowPhoto(ctx: Ctx, b: Block, fig: Fig, span: number): Piece {
  const { g } = ctx;
  const w = spanW(g, span);
  const imgRows = Math.max(3, Math.round(w / aspectOf(ctx, b) / g.B));
  const { captions, capRows } = photoCaptions(ctx, b, fig, w, imgRows);
  const piece = blockPiece(imgRows + capRows, captions, false);
  piece.photo = { block: b, fig, imgRows, span };
  return piece;
}

/**
 * The pieces for a short page: each photo in the flow spans the columns of its natural width (two or
 * three), falling back to one column where the module is too narrow.
 */
export function widenedPhotos(ctx: Ctx, pieces: Piece[]): Piece[] {
  const { g } = ctx;
  return pieces.map((p) => {
    if (!p.photo || p.photo.span > 1) return p;
    const span = Math.min(3, Math.round((naturalWidth(ctx, p.photo.block) + g.gutter) / (g.colW + g.gutter)));
    return span > 1 ? { ...flowPhoto(ctx, p.photo.block, p.photo.fig, span), narrow: p } : p;
  });
}

/** A right-aligned jump line of one grid line ("▶下转02版①"). */
export function jumpSpec(ctx: Ctx, text: string, width: number, dy: number, link: LinkInfo): LineSpec {
  const line = setText(ctx, text, 'jump', width, { align: 'start', indent: 0 })[0] ?? {
    text,
    xs: [],
    width: 0,
    last: true,
    loose: false,
  };
  return spec(ctx, line, 'jump', 'jump', width, 0, dy, { align: 'end', link });
}

/** Width a photo would like: its pixels at 200 dpi, or 40% of the type area for a placeholder. */
export function naturalWidth(ctx: Ctx, p: Block): number {
  const size = p.src ? ctx.options.images?.[p.src] : undefined;
  if (size && size.width > 0) return Math.min(ctx.g.width, (size.width * 72) / 200);
  return 0.4 * ctx.g.width;
}
