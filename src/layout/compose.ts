/**
 * Page composition: lays the articles of an edition out on the template's column grid and baseline
 * grid, and returns the positioned frames every renderer draws (pure: no I/O).
 *
 * Each page gets a header band (masthead or folio, teasers, banner), then the articles as rectangular
 * modules spanning whole columns. A module is its heading (column logo in a thin frame, kicker,
 * headline broken between phrases, deck, byline), the photos that open the article across its top, and
 * the body flowed through its columns, photos from the middle of the text standing where the text
 * reaches them. The module sizes and positions come from a beam search over column spans, each module
 * going into a slot of a skyline over the columns (continuations carried in from the page before go
 * to the foot of the page first). A module may be stretched by whole grid lines to end level with the
 * foot or with the module beside it: air under its heading, a taller photo, air around subheads and
 * callouts, or a paragraph set one line longer with its spacing opened a little; the baseline grid is
 * kept. The cost is the white space left on the page, with holes over 1 column × 3 lines priced high,
 * plus penalties (cuts, headlines over two lines or broken inside a phrase, shallow or cramped
 * modules). Articles that do not fit are cut at a line and continued on the next page under a short
 * headline, with generated jump lines, jumps and links; at most two cuts per page, other articles move
 * whole. The edition's last page, when it holds much less than a page, is set again as a short page:
 * a larger lead headline, more air in headings, photos nearer their natural size.
 */
import type { Article, Block, Diagnostic, Edition, Folio, Jump, Link, Page } from '../model/schema.js';
import type { FontSet } from './fonts.js';
import type { StyleRole, Template } from './template-schema.js';
import { isOrphanLine, kinsokuViolations, setParagraph, type SetLine } from './text.js';
import { LINE_BOX, type BoxKind, type FrameBox, type FrameLine, type FrameLink, type FramePage, type LinePart, type LineRole, type PageReport } from './types.js';

export interface LayoutOptions {
  /** Pixel sizes of the image files in the edition's images/ folder, keyed by Block.src. */
  images?: Record<string, { width: number; height: number }>;
}

export interface LayoutResult {
  edition: Edition;
  pages: FramePage[];
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/** A continuation needs at least this many lines; so does the part left on the source page. */
const MIN_CONT_LINES = 5;
const MIN_PART_LINES = 5;
/** Continuations created per page at most. */
const MAX_CUTS = 2;
/** Beam width of the arrangement search. */
const BEAM = 64;
/** Cost of a cut, in grid cells (column × line) of white space. */
const CUT_COST = 12;
/** Cost per line sent to another page by a cut. */
const CARRY_COST = 0.5;
/** Cost of moving a whole article to a later page, and from the edition's last page (which adds a page). */
const MOVE_COST = 150;
const MOVE_LAST_COST = 600;
/** Cost per headline line beyond two. */
const HEADLINE_LINE_COST = 80;
/** Cost of a multi-column module whose columns hold fewer than MIN_COLUMN_LINES lines. */
const CRAMPED_COST = 40;
const MIN_COLUMN_LINES = 4;
/** Fill below which a page (other than the last) gets an 'underfilled-page' warning. */
const FILL_TARGET = 0.95;
/** Headline sizes tried, as factors of the role's size, before accepting more than two lines. */
const HEADLINE_STEPS = [1, 0.9, 0.8, 0.7, 0.6];
/** Larger sizes tried first for the lead headline of a short page. */
const LARGE_STEPS = [1.5, 1.35, 1.2, 1.1];
/** Cost of a two-line headline broken inside a phrase when its text has phrases (parts between spaces). */
const MID_PHRASE_COST = 4;
/** Weight of the frame rules around a column logo, pt. */
const FRAME_RULE = 0.6;
/** Cost per size step a headline is set below its role's size. */
const HEADLINE_STEP_COST = 1.5;
/** Share of a photo's height it may grow by to take up white space at the bottom of its module. */
const PHOTO_GROWTH = 0.4;
/** Preferred least depth of a multi-column module's columns (grid lines), and the cost per line short. */
const GOOD_DEPTH = 10;
const SHALLOW_COST = 2;
/** Cost of a column holding only a few lines under a photo. */
const FRAGMENT_COST = 15;
/** Cost per column the lead is narrower than 60% of the page. */
const LEAD_NARROW_COST = 12;
/** Photo height at most this share of the text's column depth. */
const PHOTO_DEPTH = 0.7;
/** Cost per grid line of difference between neighbouring columns' free space at the foot. */
const RAGGED_COST = 0.3;
/** Largest gap (share of the article area's height) a module is stretched over to reach the foot. */
const STRETCH_MAX = 0.12;
/** Lines a module may be stretched by at most, and the means: air lines, photo and flex lines. */
const MAX_STRETCH = 12;
const MAX_AIR = 2;
const ROOMY_AIR = 4;
const MAX_GROW_STEPS = 8;
const MAX_FLEX_STEPS = 8;
/** Photo growth on a short page, as a share of the photo's height. */
const ROOMY_PHOTO_GROWTH = 1;
/** Costs of the stretching means: per air line and column (times the air lines), per photo line, per flex line. */
const AIR_COST = 0.25;
const GROW_COST = 0.3;
const FLEX_COST = 0.6;
/** Spacing a paragraph set one line longer may open between characters, em. */
const MAX_TRACK = 0.15;
/** Lines a module's last column may be short before the white counts as a hole, and the cost per line beyond. */
const MAX_SHORT = 3;
const SHORT_COST = 8;
/** Cells a heading takes, roughly, when estimating what the items left can fill. */
const HEAD_CELLS = 8;
/** Cost of a hole larger than MAX_SHORT cells left between or under modules. */
const BAD_HOLE_COST = 40;
/** Further cost per cell of such a hole. */
const HOLE_AREA_COST = 12;
/** Cost per headline line beyond the first in a one-column module, of a heading taller than the body, and per column a photo story lacks. */
const NARROW_HEAD_COST = 6;
const NARROW_HEAD_ROWS = 5;
const TALL_HEAD_COST = 2;
const PHOTO_STORY_COST = 20;
/** Below this share of the article area taken, the edition's last page is set as a short page. */
const ROOMY_FILL = 0.6;
/** Placeholder aspect ratio (width / height) of photos without a known image size. */
const PLACEHOLDER_ASPECT = 4 / 3;

type Align = 'justify' | 'start' | 'center' | 'end';
type HeadlineRole = 'headline-lead' | 'headline' | 'headline-small';
type LinkInfo = FrameLink;

// ---------------------------------------------------------------------------------------------
// Grid
// ---------------------------------------------------------------------------------------------

interface Grid {
  x0: number;
  y0: number;
  width: number;
  height: number;
  cols: number;
  colW: number;
  gutter: number;
  /** Baseline grid step, pt. */
  B: number;
  /** Grid lines in the type area. */
  rows: number;
  /** Baseline of a grid line below the line's top, pt. */
  baseOff: number;
}

function makeGrid(t: Template): Grid {
  const width = t.page.width - t.margins.left - t.margins.right;
  const height = t.page.height - t.margins.top - t.margins.bottom;
  const colW = (width - (t.columns - 1) * t.gutter) / t.columns;
  const B = t.baseline;
  const body = t.styles.body.size;
  return {
    x0: t.margins.left,
    y0: t.margins.top,
    width,
    height,
    cols: t.columns,
    colW,
    gutter: t.gutter,
    B,
    rows: Math.floor(height / B + 1e-6),
    baseOff: (B - body) / 2 + LINE_BOX.top * body,
  };
}

function colX(g: Grid, c: number): number {
  return g.x0 + c * (g.colW + g.gutter);
}

function spanW(g: Grid, k: number): number {
  return k * g.colW + (k - 1) * g.gutter;
}

// ---------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------

/** A line positioned relative to its block: dx from the block's left edge, dy (baseline) from its top. */
interface LineSpec {
  text: string;
  xs: number[];
  width: number;
  role: LineRole;
  font: string;
  size: number;
  dx: number;
  dy: number;
  /** Grey level from the style, when above 0. */
  gray?: number;
  link?: LinkInfo;
  /** Body lines: the model block (and list item) they set. */
  part?: LinePart;
  /** Caption and credit lines: their photo's figure id. */
  figure?: string;
}

interface Ctx {
  /** The edition's links (for jumps printed in the source). */
  links: Link[];
  t: Template;
  fonts: FontSet;
  g: Grid;
  options: LayoutOptions;
  diagnostics: Diagnostic[];
  /** A short page: the lead headline may take a larger size and headings get more air. */
  roomy: boolean;
  /** Headlines measured for their phrase breaks, by style and text. */
  measures: Map<string, HeadMeasure>;
  /** Caption and credit lines of photos, by block and width. */
  captionCache: WeakMap<Block, Map<number, { cap: SetLine[]; cred: SetLine[] }>>;
}

interface SetOpts {
  align?: Align;
  indent?: number;
  size?: number;
}

/** Sets `text` in the style of `style`; non-justified text is set flush left (callers align it). */
function setText(ctx: Ctx, text: string | null | undefined, style: StyleRole, width: number, o: SetOpts = {}): SetLine[] {
  if (!text) return [];
  const st = ctx.t.styles[style];
  const align = o.align ?? st.align;
  return setParagraph(text, {
    metrics: ctx.fonts.metrics(st.font),
    size: o.size ?? st.size,
    width: Math.max(width, 1),
    indent: o.indent ?? (align === 'justify' ? st.indent : 0),
    align: align === 'justify' ? 'justify' : 'start',
  });
}

function alignDx(align: Align, avail: number, width: number): number {
  if (align === 'center') return Math.max(0, (avail - width) / 2);
  if (align === 'end') return Math.max(0, avail - width);
  return 0;
}

function spec(
  ctx: Ctx,
  line: SetLine,
  style: StyleRole,
  role: LineRole,
  avail: number,
  dx: number,
  dy: number,
  o: { align?: Align; size?: number; link?: LinkInfo; part?: LinePart; figure?: string } = {},
): LineSpec {
  const st = ctx.t.styles[style];
  const align = o.align ?? st.align;
  const out: LineSpec = {
    text: line.text,
    xs: line.xs,
    width: line.width,
    role,
    font: st.font,
    size: o.size ?? st.size,
    dx: dx + (align === 'justify' ? 0 : alignDx(align, avail, line.width)),
    dy,
  };
  if (st.gray > 0) out.gray = st.gray;
  if (o.link) out.link = o.link;
  if (o.part) out.part = o.part;
  if (o.figure !== undefined) out.figure = o.figure;
  return out;
}

/** The part of a line setting line `i` of block `block` (list item `item`). */
function partOf(block: number, i: number, item?: number): LinePart {
  return item === undefined ? { block, start: i === 0 } : { block, item, start: i === 0 };
}

/** Baseline of line i of a block with the given leading and size, from the block's top. */
function blockBaseline(i: number, leading: number, size: number): number {
  return i * leading + (leading - size) / 2 + LINE_BOX.top * size;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The text of a generated jump line: "▶下转02版①" (out) or "▲上接01版①" (in). */
export function jumpText(direction: 'out' | 'in', page: number, mark: string): string {
  return direction === 'out' ? `▶下转${pad2(page)}版${mark}` : `▲上接${pad2(page)}版${mark}`;
}

function circled(n: number): string {
  return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `(${n})`;
}

function formatDate(date: string | null | undefined): string | null {
  if (!date) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

function weekdayOf(date: string | null | undefined): string | null {
  if (!date) return null;
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : (WEEKDAYS[d.getUTCDay()] ?? null);
}

// ---------------------------------------------------------------------------------------------
// Body pieces: the flow that fills a module's columns
// ---------------------------------------------------------------------------------------------

/** The smallest unit of column flow: one line, or a block that is never split. */
interface Piece {
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
interface ParaRef {
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

function linePiece(line: LineSpec, set: SetLine, index: number, count: number, justified: boolean, extra: LineSpec[] = []): Piece {
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

function blockPiece(rows: number, lines: LineSpec[], keepWithNext: boolean): Piece {
  return { rows, lines, index: 0, count: 0, keepWithNext, noBreakBefore: false, kinsoku: 0, loose: false, orphan: false };
}

/** A photo block with its index in the article's body and its figure id ("p1-a2#3"). */
interface Fig {
  index: number;
  id: string;
}

function figOf(art: Article, index: number): Fig {
  return { index, id: `${art.id}#${index}` };
}

/** Width / height of a photo: from the image file's size, else the placeholder's aspect. */
function aspectOf(ctx: Ctx, p: Block): number {
  const size = p.src ? ctx.options.images?.[p.src] : undefined;
  return size && size.width > 0 && size.height > 0 ? size.width / size.height : PLACEHOLDER_ASPECT;
}

/** Caption and credit lines under a photo of `imgRows` grid lines, and the grid lines they take. */
function photoCaptions(ctx: Ctx, p: Block, fig: Fig, w: number, imgRows: number): { captions: LineSpec[]; capRows: number } {
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
function leadingPhotos(art: Article): Block[] {
  const out: Block[] = [];
  for (const b of art.body) {
    if (b.type !== 'photo') break;
    out.push(b);
  }
  return out;
}

function bodyPieces(ctx: Ctx, art: Article, file: string, page: number): Piece[] {
  const { g } = ctx;
  const W = g.colW;
  const out: Piece[] = [];
  const leading = leadingPhotos(art).length;
  const paragraphDiagnostics = (b: Block, lines: SetLine[]) => {
    const where = b.source ?? art.source;
    const kin = kinsokuViolations(lines.map((l) => l.text));
    const loose = lines.filter((l) => l.loose && !l.last).length;
    const last = lines[lines.length - 1];
    const diag = (severity: 'warning' | 'info', rule: string, message: string) =>
      ctx.diagnostics.push({ file, line: where?.line ?? null, column: where?.column ?? null, severity, rule, message, page, article: art.id });
    if (kin > 0) diag('warning', 'kinsoku', `article ${art.id}: ${kin} line(s) start or end with a character 禁则 forbids there`);
    if (loose > 0) diag('info', 'loose-line', `article ${art.id}: ${loose} justified line(s) spaced wider than allowed`);
    if (lines.length >= 2 && last && isOrphanLine(last.text))
      diag('warning', 'orphan', `article ${art.id}: paragraph ends with a single character on its last line (孤字)`);
  };
  art.body.forEach((b, bi) => {
    switch (b.type) {
      case 'paragraph':
      case 'quote': {
        const role = b.type === 'quote' ? 'quote' : 'body';
        const inset = b.type === 'quote' ? ctx.t.styles.quote.size : 0;
        const lines = setText(ctx, b.text, role, W - 2 * inset);
        paragraphDiagnostics(b, lines);
        lines.forEach((l, i) => {
          const s = spec(ctx, l, role, role, W - 2 * inset, inset, g.baseOff, { part: partOf(bi, i) });
          out.push(linePiece(s, l, i, lines.length, ctx.t.styles[role].align === 'justify'));
        });
        if (lines.length >= 3 && ctx.t.styles[role].align === 'justify') {
          const lastChars = [...lines[lines.length - 1]!.text].length;
          out[out.length - lines.length]!.para = { text: b.text ?? '', block: bi, role, inset, n: lines.length, lastChars };
        }
        break;
      }
      case 'subhead': {
        const st = ctx.t.styles.subhead;
        const lines = setText(ctx, b.text, 'subhead', W, { align: 'start' });
        if (lines.length === 0) break;
        if (out.length > 0) out.push({ ...blockPiece(1, [], false), spacer: true });
        if (st.leading <= g.B + 0.01) {
          const specs = lines.map((l, i) => spec(ctx, l, 'subhead', 'subhead', W, 0, i * g.B + g.baseOff, { part: partOf(bi, i) }));
          out.push({ ...blockPiece(lines.length, specs, true), flex: 1 });
        } else {
          const rows = Math.ceil((lines.length * st.leading) / g.B - 1e-6);
          const top = (rows * g.B - lines.length * st.leading) / 2;
          const specs = lines.map((l, i) =>
            spec(ctx, l, 'subhead', 'subhead', W, 0, top + blockBaseline(i, st.leading, st.size), { part: partOf(bi, i) }),
          );
          out.push({ ...blockPiece(rows, specs, true), flex: 1 });
        }
        break;
      }
      case 'callout': {
        const st = ctx.t.styles.callout;
        const inset = ctx.t.styles.body.size;
        const lines = setText(ctx, b.text, 'callout', W - 2 * inset, { align: 'start' });
        if (lines.length === 0) break;
        const perLine = Math.ceil(st.leading / g.B - 1e-6);
        if (lines.length <= 3) {
          // One block with half a grid line of space above and below, lines centred.
          const rows = Math.ceil((lines.length * st.leading + g.B) / g.B - 1e-6);
          const top = (rows * g.B - lines.length * st.leading) / 2;
          const specs = lines.map((l, i) =>
            spec(ctx, l, 'callout', 'callout', W - 2 * inset, inset, top + blockBaseline(i, st.leading, st.size), { align: 'center', part: partOf(bi, i) }),
          );
          out.push({ ...blockPiece(rows, specs, false), flex: 1 });
        } else {
          lines.forEach((l, i) => {
            const dy = (perLine * g.B - st.leading) / 2 + blockBaseline(0, st.leading, st.size);
            const s = spec(ctx, l, 'callout', 'callout', W - 2 * inset, inset, dy, { align: 'center', part: partOf(bi, i) });
            out.push(blockPiece(perLine, [s], false));
          });
        }
        break;
      }
      case 'list': {
        const st = ctx.t.styles.list;
        const items = b.items ?? [];
        items.forEach((item, j) => {
          const marker = b.ordered ? `${j + 1}.` : '●';
          const mLine = setText(ctx, marker, 'list', W, { align: 'start', indent: 0 })[0];
          const hang = Math.max(2 * st.size, (mLine?.width ?? st.size) + 0.5 * st.size);
          const lines = setText(ctx, item, 'list', W - hang, { indent: 0 });
          paragraphDiagnostics(b, lines);
          lines.forEach((l, i) => {
            // The marker line starts the item; the item's text follows it.
            const s = spec(ctx, l, 'list', 'list', W - hang, hang, g.baseOff, { part: partOf(bi, mLine ? i + 1 : i, j) });
            const extra = i === 0 && mLine ? [spec(ctx, mLine, 'list', 'list', hang, 0, g.baseOff, { align: 'start', part: partOf(bi, 0, j) })] : [];
            out.push(linePiece(s, l, i, lines.length, st.align === 'justify', extra));
          });
        });
        break;
      }
      case 'photo': {
        // Photos opening the body go across the module's top; the others stand where the text has them.
        if (bi < leading) break;
        out.push(flowPhoto(ctx, b, figOf(art, bi), 1));
        break;
      }
    }
  });
  return out;
}

/** A photo standing in the column flow, `span` columns wide, with its caption. */
function flowPhoto(ctx: Ctx, b: Block, fig: Fig, span: number): Piece {
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
function widenedPhotos(ctx: Ctx, pieces: Piece[]): Piece[] {
  const { g } = ctx;
  return pieces.map((p) => {
    if (!p.photo || p.photo.span > 1) return p;
    const span = Math.min(3, Math.round((naturalWidth(ctx, p.photo.block) + g.gutter) / (g.colW + g.gutter)));
    return span > 1 ? { ...flowPhoto(ctx, p.photo.block, p.photo.fig, span), narrow: p } : p;
  });
}

/** A piece grown by d grid lines: a taller photo (caption moved down), or a block with more air around it. */
function grownPiece(p: Piece, d: number, B: number): Piece {
  if (d <= 0) return p;
  const shift = p.photo ? d * B : (d * B) / 2;
  const out: Piece = { ...p, rows: p.rows + d, lines: p.lines.map((l) => ({ ...l, dy: l.dy + shift })) };
  if (p.photo) out.photo = { ...p.photo, imgRows: p.photo.imgRows + d };
  return out;
}

/** The flexible parts of a body's pieces, by index: photos, blocks, paragraphs (longest first). */
const flexParts = new WeakMap<Piece[], { photos: number[]; blocks: number[]; paras: number[] }>();

/**
 * The pieces with `extra` grid lines spread over their flexible parts: photos in the flow grow first
 * (round robin), then paragraphs are set one line longer (longest first), then subheads and callouts
 * get air around them. Null when they cannot take that many lines.
 */
function flexedPieces(ctx: Ctx, pieces: Piece[], extra: number): Piece[] | null {
  if (extra <= 0) return pieces;
  let byExtra = flexedCache.get(pieces);
  if (!byExtra) {
    byExtra = new Map();
    flexedCache.set(pieces, byExtra);
  }
  const key = ctx.roomy ? -extra : extra;
  let out = byExtra.get(key);
  if (out === undefined) {
    out = flexPieces(ctx, pieces, extra);
    byExtra.set(key, out);
  }
  return out;
}

/** Flexed pieces by body and lines added (negative: on a short page). */
const flexedCache = new WeakMap<Piece[], Map<number, Piece[] | null>>();

function flexPieces(ctx: Ctx, pieces: Piece[], extra: number): Piece[] | null {
  const B = ctx.g.B;
  const grow = new Map<number, number>();
  const swap = new Map<number, Piece[]>();
  let left = extra;
  const photoFlex = (p: Piece) => Math.max(1, Math.floor(p.photo!.imgRows * (ctx.roomy ? ROOMY_PHOTO_GROWTH : PHOTO_GROWTH)));
  let parts = flexParts.get(pieces);
  if (!parts) {
    parts = { photos: [], blocks: [], paras: [] };
    for (const [i, p] of pieces.entries()) {
      if (p.photo) parts.photos.push(i);
      else if (p.flex) parts.blocks.push(i);
      if (p.para && p.index === 0 && i + p.para.n <= pieces.length) parts.paras.push(i);
    }
    parts.paras.sort((a, b) => pieces[b]!.para!.n - pieces[a]!.para!.n || a - b);
    flexParts.set(pieces, parts);
  }
  const { photos, blocks, paras } = parts;
  // Round robin, one line at a time, so that several photos grow alike.
  while (left > 0) {
    let moved = false;
    for (const i of photos) {
      if (left <= 0) break;
      const cur = grow.get(i) ?? 0;
      if (cur >= photoFlex(pieces[i]!)) continue;
      grow.set(i, cur + 1);
      left--;
      moved = true;
    }
    if (!moved) break;
  }
  let tried = 0;
  for (const i of paras) {
    if (left <= 0 || tried++ >= extra + 3) break;
    const looser = looserParagraph(ctx, pieces[i]!.para!);
    if (!looser) continue;
    swap.set(i, looser);
    left--;
  }
  for (const i of blocks) {
    if (left <= 0) break;
    grow.set(i, 1);
    left--;
  }
  if (left > 0) return null;
  const out: Piece[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const sw = swap.get(i);
    if (sw) {
      out.push(...sw);
      i += pieces[i]!.para!.n - 1;
      continue;
    }
    out.push(grownPiece(pieces[i]!, grow.get(i) ?? 0, B));
  }
  return out;
}

/**
 * The paragraph set one line longer: set on a slightly narrower measure, its justified lines then spread
 * to the full measure, opening the space between characters by at most MAX_TRACK em. Null when no
 * measure gives exactly one more line within that.
 */
function looserParagraph(ctx: Ctx, ref: ParaRef): Piece[] | null {
  if (ref.looser !== undefined) return ref.looser;
  ref.looser = null;
  const st = ctx.t.styles[ref.role];
  const W = ctx.g.colW - 2 * ref.inset;
  const maxAdd = MAX_TRACK * st.size;
  const perLine = Math.max(2, Math.floor(W / st.size));
  // The last line's shortfall spread over the other lines is what the measure must lose, at least.
  const need = Math.max(0, (perLine - ref.lastChars) / ref.n);
  const most = maxAdd * (perLine - 1);
  let best: SetLine[] | null = null;
  for (let cut = need * st.size + 0.1 * st.size, tries = 0; cut <= most && tries < 3; cut += 0.35 * st.size, tries++) {
    const lines = setText(ctx, ref.text, ref.role, W - cut);
    if (lines.length === ref.n + 1) best = lines;
    if (lines.length > ref.n) break;
  }
  if (!best) return null;
  const out: Piece[] = [];
  for (const [i, l] of best.entries()) {
    if (l.loose) return null;
    let line = l;
    if (!l.last) {
      const m = l.xs.length;
      if (m < 2) return null;
      const add = (W - l.width) / (m - 1);
      if (add > maxAdd) return null;
      line = { ...l, xs: l.xs.map((x, j) => x + j * add), width: W };
    }
    const s = spec(ctx, line, ref.role, ref.role, W, ref.inset, ctx.g.baseOff, { part: partOf(ref.block, i) });
    const piece = linePiece(s, line, i, best.length, true);
    if (piece.orphan || piece.kinsoku > 0) return null;
    out.push(piece);
  }
  ref.looser = out;
  return out;
}

function flexOf(ctx: Ctx, pieces: Piece[]): number {
  let n = 0;
  for (const p of pieces) {
    if (p.photo) n += Math.max(1, Math.floor(p.photo.imgRows * (ctx.roomy ? ROOMY_PHOTO_GROWTH : PHOTO_GROWTH)));
    n += p.flex ?? 0;
    if (p.para && p.index === 0) n += 1;
  }
  return n;
}

/** A right-aligned jump line of one grid line ("▶下转02版①"). */
function jumpSpec(ctx: Ctx, text: string, width: number, dy: number, link: LinkInfo): LineSpec {
  const line = setText(ctx, text, 'jump', width, { align: 'start', indent: 0 })[0] ?? {
    text,
    xs: [],
    width: 0,
    last: true,
    loose: false,
  };
  return spec(ctx, line, 'jump', 'jump', width, 0, dy, { align: 'end', link });
}

// ---------------------------------------------------------------------------------------------
// Column flow and balancing
// ---------------------------------------------------------------------------------------------

interface ColFlow {
  start: number;
  end: number;
  /** Lines used, counting `off`: the lines at its top taken by a photo spanning it from the column before. */
  used: number;
  off: number;
}

interface Flow {
  cols: ColFlow[];
  /** The pieces in the order they are set (a photo that did not fit a column's foot moves after text). */
  seq: Piece[];
  /** First piece of seq not set. */
  next: number;
}

/** May a column end before piece i? */
function canBreak(p: Piece[], i: number): boolean {
  const prev = p[i - 1];
  const cur = p[i];
  if (!prev || !cur) return true;
  if (prev.keepWithNext || cur.noBreakBefore) return false;
  // No widow: a column never starts with a paragraph's single last line.
  if (cur.count >= 2 && cur.index === cur.count - 1) return false;
  return true;
}

/**
 * Fills the columns in order, each up to its capacity in grid lines, breaking only where allowed. A photo
 * that does not fit the rest of a column lets the text after it fill the column and opens the next one.
 */
function flow(pieces: Piece[], caps: number[]): Flow {
  let n = pieces.length;
  let seq = pieces;
  let i = 0;
  const k = caps.length;
  const cols: ColFlow[] = [];
  // Lines at the top of each column taken by a photo spanning it from the column before.
  const over: number[] = new Array(k).fill(0);
  for (let j = 0; j < k; j++) {
    const cap = caps[j]!;
    // A subhead's blank line never opens a column.
    while (i < n && seq[i]!.spacer) i++;
    const start = i;
    const off = over[j]!;
    let used = off;
    while (i < n) {
      const p = seq[i]!;
      const span = p.photo?.span ?? 1;
      if (span > 1) {
        if (j + span > k) {
          // Too few columns left for it: the photo one column wide.
          if (seq === pieces) seq = pieces.slice();
          seq[i] = p.narrow!;
          continue;
        }
        // A photo spanning columns opens its column, level with the tops of the columns it spans (whose
        // capacities differ from this one's by what stands above them).
        let ok = i === start && used + p.rows <= cap;
        for (let c = j + 1; c < j + span && ok; c++) {
          const at = used + caps[c]! - cap;
          if (over[c] !== at || at + p.rows > caps[c]!) ok = false;
        }
        if (!ok) break;
        for (let c = j + 1; c < j + span; c++) over[c] = used + caps[c]! - cap + p.rows;
        used += p.rows;
        i++;
        continue;
      }
      if (used + p.rows > cap) break;
      used += p.rows;
      i++;
    }
    if (i < n && seq[i]!.photo && used < cap) {
      // Text after the photo that fits here, up to a place where the text may break.
      let m = 0;
      let rows = 0;
      let best = 0;
      let bestRows = 0;
      for (let q = i + 1; q < n && !seq[q]!.photo && rows + seq[q]!.rows <= cap - used; q++) {
        rows += seq[q]!.rows;
        m++;
        if (canBreak(seq, q + 1) && !seq[q]!.spacer) {
          best = m;
          bestRows = rows;
        }
      }
      if (best > 0 && canBreak(seq, i)) {
        if (seq === pieces) seq = pieces.slice();
        const photo = seq[i]!;
        seq.splice(i, 1);
        seq.splice(i + best, 0, photo);
        used += bestRows;
        i += best;
        cols.push({ start, end: i, used, off });
        continue;
      }
    }
    if (i < n && i > start && !canBreak(seq, i)) {
      // A subhead near the foot: without its blank line above, the subhead and its first line may fit.
      let q = i - 1;
      while (q > start && seq[q]!.keepWithNext && !seq[q]!.spacer) q--;
      const sp = seq[q];
      if (q > start && sp && sp.spacer && q < i - 1 && used - sp.rows + seq[i]!.rows <= cap && canBreak(seq, i + 1)) {
        if (seq === pieces) seq = pieces.slice();
        seq.splice(q, 1);
        n--;
        used += seq[i - 1]!.rows - sp.rows;
        cols.push({ start, end: i, used, off });
        continue;
      }
    }
    if (i < n && i > start) {
      let b = i;
      while (b > start && !canBreak(seq, b)) b--;
      if (b > start) {
        for (let q = b; q < i; q++) used -= seq[q]!.rows;
        i = b;
      }
    }
    cols.push({ start, end: i, used, off });
  }
  return { cols, seq, next: i };
}

function sumRows(pieces: Piece[], from = 0): number {
  let s = 0;
  for (let i = from; i < pieces.length; i++) s += pieces[i]!.rows;
  return s;
}

/** The smallest body height (grid lines) at which the pieces fit the columns, columns starting at offs. */
function balance(pieces: Piece[], offs: number[]): { H: number; flow: Flow } {
  const k = offs.length;
  const maxOff = Math.max(0, ...offs);
  const total = sumRows(pieces);
  if (pieces.length === 0) return { H: maxOff, flow: { cols: offs.map(() => ({ start: 0, end: 0, used: 0, off: 0 })), seq: pieces, next: 0 } };
  let maxPiece = 0;
  for (const p of pieces) maxPiece = Math.max(maxPiece, p.rows);
  const offSum = offs.reduce((a, b) => a + b, 0);
  let H = Math.max(Math.ceil((total + offSum) / k), maxPiece + Math.min(...offs));
  const limit = total + maxOff + maxPiece + 2;
  let best: { H: number; flow: Flow; bad: number } | null = null;
  for (; H <= limit; H++) {
    const caps = offs.map((o) => Math.max(0, H - o));
    const f = flow(pieces, caps);
    if (f.next !== f.seq.length) continue;
    // Columns before the last should end within one line of the module's foot; try a little taller.
    const bad = shortfall(f.seq, f, caps);
    if (!best || bad < best.bad) best = { H: Math.max(H, maxOff), flow: f, bad };
    if (bad <= 1 || H >= best.H + 3) break;
  }
  if (best) return { H: best.H, flow: best.flow };
  const f = flow(pieces, offs.map((o) => Math.max(0, limit - o)));
  return { H: Math.max(limit, maxOff), flow: f };
}

/** Lines the text of the columns before the last falls short of their capacity, at most. */
function shortfall(pieces: Piece[], f: Flow, caps: number[]): number {
  let last = -1;
  f.cols.forEach((c, j) => {
    if (c.end > c.start) last = j;
  });
  let bad = 0;
  f.cols.forEach((c, j) => {
    if (j >= last || caps[j]! <= 0) return;
    let used = c.used;
    for (let i = c.end - 1; i >= c.start && pieces[i]!.spacer; i--) used -= pieces[i]!.rows;
    bad = Math.max(bad, caps[j]! - used);
  });
  return bad;
}

// ---------------------------------------------------------------------------------------------
// Items: what the arrangement places (articles, continuations)
// ---------------------------------------------------------------------------------------------

/** A thin rectangle relative to a module's top-left corner, pt. */
interface RuleRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Heading {
  rows: number;
  lines: LineSpec[];
  penalty: number;
  /** Rules drawn with the heading (the frame around a column logo). */
  rules: RuleRect[];
}

interface PhotoPlace {
  block: Block;
  fig: Fig;
  col: number;
  span: number;
  top: number;
  imgRows: number;
  rows: number;
  captions: LineSpec[];
}

interface Band {
  offs: number[];
  photos: PhotoPlace[];
}

/** How a module is made taller than its text needs, in grid lines. */
interface Fit {
  /** Blank lines between the heading and the body. */
  air: number;
  /** Lines added to the first photo across the top. */
  grow: number;
  /** Lines added to the flexible pieces of the body (photos in the flow, air around subheads and callouts). */
  flex: number;
  /** Body lines beyond the balanced height (the last column gets them). */
  extra: number;
}

const NO_FIT: Fit = { air: 0, grow: 0, flex: 0, extra: 0 };

/** One way to stretch a module: its fit and what it costs (white cells left inside and the means used). */
interface Stretch {
  fit: Fit;
  cost: number;
  /** Lines the last column is then short. */
  short: number;
}

interface Variant {
  k: number;
  head: Heading;
  band: Band;
  /** The body pieces as flowed (grown when the fit says so). */
  pieces: Piece[];
  /** Body height (grid lines, photos included) and module height. */
  H: number;
  rows: number;
  flow: Flow;
  /** Cells inside the module left white. */
  white: number;
  /** Lines the last column holding text is short of the module's foot, and that column (-1: none). */
  short: number;
  lastCol: number;
  penalty: number;
  fit: Fit;
}

/** A continuation waiting for its page: the jump line and model jump to fix once the page is known. */
interface PendingJump {
  articleId: string;
  fromPage: number;
  fromPageIndex: number;
  mark: string;
  outSpec: LineSpec;
  outJump: Jump;
  /** The column width, to re-align the jump line when its text changes. */
  colWidth: number;
  article: Article;
  /** The jump line as drawn on the source page. */
  frameLine?: FrameLine;
}

interface Item {
  kind: 'article' | 'cont';
  id: string;
  article: Article;
  /** Continuations on a page with articles of its own are set from the foot of the page. */
  anchor: 'top' | 'bottom';
  pageIndex: number;
  lead: boolean;
  headRole: HeadlineRole;
  pieces: Piece[];
  bodyRows: number;
  photos: Block[];
  /** Continuations: where the text comes from. */
  pending?: PendingJump;
  moved?: { fromPage: number };
  /** Module variants by span (index k), computed on first use. */
  variants: (Variant | null | undefined)[];
  /** Headings by span (index k), set on first use. */
  heads: (Heading | undefined)[];
  /** Ways to stretch the module by span (index k): entry d makes it d grid lines taller. */
  stretch: ((Stretch | undefined)[] | undefined)[];
  file: string;
}

/** The link of a jump printed in the source, from the edition's links when the parser resolved it. */
function sourceJumpLink(ctx: Ctx, art: Article, j: Jump): LinkInfo {
  const markOk = (l: Link) => l.mark == null || j.mark == null || l.mark === j.mark;
  if (j.direction === 'out') {
    const l = ctx.links.find((x) => x.kind === 'jump' && x.from.article === art.id && markOk(x));
    return l ? { kind: 'jump', page: l.to.page ?? j.page, article: l.to.article, resolved: l.resolved } : { kind: 'jump', page: j.page, article: null, resolved: false };
  }
  const l = ctx.links.find((x) => x.kind === 'jump' && x.to.article === art.id && markOk(x));
  return l
    ? { kind: 'jump', page: l.from.page ?? j.page, article: l.from.article, resolved: l.resolved }
    : { kind: 'jump', page: j.page, article: art.continues, resolved: art.continues != null };
}

function bylineText(art: Article): string | null {
  const parts: string[] = [];
  if (art.byline) parts.push(art.byline);
  else if (art.authors.length > 0) parts.push(art.authors.map((a) => (a.role ? `${a.role} ${a.name}` : a.name)).join('　'));
  if (art.dateline && !(art.byline ?? '').includes(art.dateline)) parts.push(art.dateline);
  return parts.length > 0 ? parts.join('　') : null;
}

/** The article's headline cut down to a short form for its continuation. */
function shortHeadline(art: Article): string {
  const h = (art.headline ?? art.kicker ?? art.deck ?? '').trim();
  if (!h) return '（续）';
  if ([...h].length <= 16) return h;
  const parts = h.split(/[\s\u3000，,：:；;！!？?—]+/).filter((s) => s.length > 0);
  const first = parts[0] ?? h;
  const len = [...first].length;
  if (len >= 4 && len <= 14) return balancedCut(first, 14);
  return balancedCut(h, 12);
}

const OPENERS = '“‘（《「『【(';
const CLOSERS = '”’）》」』】)';

/** The first `max` characters of a headline, never ending inside a quotation or on an opening mark. */
function balancedCut(text: string, max: number): string {
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

function heading(ctx: Ctx, item: Item, k: number): Heading {
  const cached = item.heads[k];
  if (cached) return cached;
  const h = setHeading(ctx, item, k);
  item.heads[k] = h;
  return h;
}

function setHeading(ctx: Ctx, item: Item, k: number): Heading {
  const { g, t } = ctx;
  const W = spanW(g, k);
  const art = item.article;
  type El = {
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
  };
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

/** The four sides of a rectangle as thin rectangles of weight `t`. */
function frameRects(x: number, y: number, w: number, h: number, t: number): RuleRect[] {
  return [
    { x, y, w, h: t },
    { x, y: y + h - t, w, h: t },
    { x, y: y + t, w: t, h: h - 2 * t },
    { x: x + w - t, y: y + t, w: t, h: h - 2 * t },
  ];
}

/** Phrases of a headline: the parts between its spaces (a space marks a phrase break in a headline). */
function phrases(text: string): string[] {
  return text.split(/[ \u3000]+/).filter((s) => s.length > 0);
}

/**
 * A headline in at most two lines: its role's size, or a step smaller when it needs more than two lines
 * or when a smaller size lets it break between phrases. Larger steps are tried first on short pages.
 */
function headlineLines(ctx: Ctx, text: string, style: HeadlineRole, W: number, large: boolean): { lines: SetLine[]; size: number; penalty: number } {
  const st = ctx.t.styles[style];
  const small = ctx.t.styles['headline-small'].size;
  const factors = large ? [...LARGE_STEPS, ...HEADLINE_STEPS] : HEADLINE_STEPS;
  const sizes = factors.map((f) => st.size * f);
  for (const f of HEADLINE_STEPS) if (small * f < sizes[sizes.length - 1]! - 0.01) sizes.push(small * f);
  const first = large ? LARGE_STEPS.length : 0;
  const m = measureHeadline(ctx, text, style);
  const one = (size: number) => (m.full * size) / st.size <= W + 0.01;
  const set = (t: string, size: number) => setText(ctx, t, style, W, { align: 'start', indent: 0, size });
  if (large) {
    // The largest size that sets it in one line, else in two even lines broken between phrases.
    let even: { lines: SetLine[]; size: number; penalty: number } | null = null;
    for (let i = 0; i < first; i++) {
      const size = sizes[i]!;
      if (one(size)) return { lines: set(text, size), size, penalty: 0 };
      if (even) continue;
      let split: SetLine[] | null = null;
      if (m.parts.length > 1) split = phraseSplit(ctx, m, style, W, size);
      else {
        const lines = set(text, size);
        if (lines.length === 2) split = balanceLines(ctx, text, style, W, size, lines);
      }
      if (split && Math.min(split[0]!.width, split[1]!.width) >= 0.6 * Math.max(split[0]!.width, split[1]!.width)) even = { lines: split, size, penalty: 0 };
    }
    if (even) return even;
  }
  let best: { lines: SetLine[]; size: number; penalty: number } | null = null;
  for (let i = first; i < sizes.length; i++) {
    const size = sizes[i]!;
    const step = (i - first) * HEADLINE_STEP_COST;
    if (best && step >= best.penalty) break;
    if (one(size)) {
      best = { lines: set(text, size), size, penalty: step };
      break;
    }
    const split = m.parts.length > 1 ? phraseSplit(ctx, m, style, W, size) : null;
    if (split) {
      best = { lines: split, size, penalty: step };
      break;
    }
    const lines = set(text, size);
    if (lines.length === 1) {
      best = { lines, size, penalty: step };
      break;
    }
    if (lines.length > 2) continue;
    const cand = { lines: balanceLines(ctx, text, style, W, size, lines), size, penalty: step + (m.parts.length > 1 ? MID_PHRASE_COST : 0) };
    if (!best || cand.penalty < best.penalty) best = cand;
  }
  if (best) return best;
  const size = sizes[sizes.length - 1]!;
  const lines = set(text, size);
  return { lines, size, penalty: sizes.length * HEADLINE_STEP_COST + Math.max(0, lines.length - 2) * HEADLINE_LINE_COST };
}

/** A headline's phrases and its natural widths at its style's size: whole, and split before each phrase. */
interface HeadMeasure {
  parts: string[];
  full: number;
  /** heads[i] / tails[i]: the phrases before / from phrase i, set on one line. */
  heads: number[];
  tails: number[];
}

function measureHeadline(ctx: Ctx, text: string, style: StyleRole): HeadMeasure {
  const key = `${style}\u0000${text}`;
  const cached = ctx.measures.get(key);
  if (cached) return cached;
  const width = (t: string) => setText(ctx, t, style, 1e6, { align: 'start', indent: 0 })[0]?.width ?? 0;
  const parts = phrases(text);
  const heads: number[] = [0];
  const tails: number[] = [0];
  for (let i = 1; i < parts.length; i++) {
    heads.push(width(parts.slice(0, i).join(' ')));
    tails.push(width(parts.slice(i).join(' ')));
  }
  const m = { parts, full: width(text), heads, tails };
  ctx.measures.set(key, m);
  return m;
}

/** Two lines broken between phrases, each fitting the measure, as even as possible; or null. */
function phraseSplit(ctx: Ctx, m: HeadMeasure, style: StyleRole, W: number, size: number): SetLine[] | null {
  const scale = size / ctx.t.styles[style].size;
  let best = -1;
  let bestW = Infinity;
  for (let i = 1; i < m.parts.length; i++) {
    const w = Math.max(m.heads[i]!, m.tails[i]!) * scale;
    if (w <= W + 0.01 && w < bestW) {
      bestW = w;
      best = i;
    }
  }
  if (best < 0) return null;
  const a = setText(ctx, m.parts.slice(0, best).join(' '), style, W, { align: 'start', indent: 0, size });
  const b = setText(ctx, m.parts.slice(best).join(' '), style, W, { align: 'start', indent: 0, size });
  return a.length === 1 && b.length === 1 ? [a[0]!, b[0]!] : null;
}

/** Two-line headlines: the narrowest measure that still takes two lines, so the lines are even. */
function balanceLines(ctx: Ctx, text: string, style: StyleRole, W: number, size: number, lines: SetLine[]): SetLine[] {
  // From half the natural width upwards, a character at a time, to the first measure giving two lines.
  const full = (measureHeadline(ctx, text, style).full * size) / ctx.t.styles[style].size;
  for (let w = full / 2 + 0.6 * size, i = 0; w < W && i < 4; w += size, i++) {
    const trial = setText(ctx, text, style, w, { align: 'start', indent: 0, size });
    if (trial.length <= 2) return trial;
  }
  return lines;
}

/** Photos across the top of the module's body, left to right, wrapping when the columns run out. */
function photoBand(ctx: Ctx, art: Article, photos: Block[], k: number, bodyRows: number, grow = 0): Band {
  const { g } = ctx;
  const offs: number[] = new Array(k).fill(0);
  const placed: PhotoPlace[] = [];
  const n = photos.length;
  if (n === 0) return { offs, photos: placed };
  const rowsAt = (p: Block, span: number) => Math.max(3, Math.round(spanW(g, span) / aspectOf(ctx, p) / g.B));
  let span1 = n === 1 ? (k <= 2 ? k : Math.max(2, Math.round(k * 0.6))) : Math.max(1, Math.floor(k / Math.min(n, k)));
  if (ctx.roomy && n === 1) {
    // Short pages: the photo takes its natural width when that is wider.
    const natural = Math.round((naturalWidth(ctx, photos[0]!) + g.gutter) / (g.colW + g.gutter));
    span1 = Math.min(k, Math.max(span1, natural));
  } else if (bodyRows >= 2 * MIN_COLUMN_LINES) {
    // A photo is no taller than about two thirds of the text's column depth (a single photo keeps two
    // columns, others one); a photo with a few lines of caption only (a photo story) spans the module.
    const depth = (PHOTO_DEPTH * bodyRows) / k;
    const least = n === 1 ? Math.min(k, 2) : 1;
    while (span1 > least && photos.some((p) => rowsAt(p, span1) > depth)) span1--;
  }
  let col = 0;
  photos.forEach((p, idx) => {
    const span = Math.min(span1, k);
    if (col + span > k) col = 0;
    let top = 0;
    for (let j = col; j < col + span; j++) top = Math.max(top, offs[j]!);
    const w = spanW(g, span);
    const imgRows = rowsAt(p, span) + (idx === 0 ? grow : 0);
    // The photos across the top are the first blocks of the article's body.
    const fig = figOf(art, idx);
    const { captions, capRows } = photoCaptions(ctx, p, fig, w, imgRows);
    const rows = imgRows + capRows;
    for (let j = col; j < col + span; j++) offs[j] = top + rows;
    placed.push({ block: p, fig, col, span, top, imgRows, rows, captions });
    col += span;
  });
  return { offs, photos: placed };
}

/** Width a photo would like: its pixels at 200 dpi, or 40% of the type area for a placeholder. */
function naturalWidth(ctx: Ctx, p: Block): number {
  const size = p.src ? ctx.options.images?.[p.src] : undefined;
  if (size && size.width > 0) return Math.min(ctx.g.width, (size.width * 72) / 200);
  return 0.4 * ctx.g.width;
}

function computeVariant(ctx: Ctx, item: Item, k: number, fit: Fit = NO_FIT): Variant | null {
  const head = heading(ctx, item, k);
  const band = photoBand(ctx, item.article, item.photos, k, item.bodyRows, fit.grow);
  const pieces = flexedPieces(ctx, item.pieces, fit.flex);
  if (!pieces) return null;
  let { H, flow: f } = balance(pieces, band.offs);
  if (fit.extra > 0) {
    H += fit.extra;
    f = flow(pieces, band.offs.map((o) => Math.max(0, H - o)));
    if (f.next !== f.seq.length) return null;
  }
  let white = 0;
  let short = 0;
  let lastCol = -1;
  f.cols.forEach((c, j) => {
    const free = Math.max(0, H - band.offs[j]! - c.used);
    white += free;
    if (c.end > c.start) {
      short = free;
      lastCol = j;
    }
  });
  let penalty = head.penalty;
  const bodyRows = sumRows(pieces);
  if (k > 1 && bodyRows / k < MIN_COLUMN_LINES) penalty += CRAMPED_COST * (k - 1);
  // Newspaper columns of a module read best at some depth; a few lines under a photo read badly.
  if (k > 1) penalty += SHALLOW_COST * Math.max(0, GOOD_DEPTH - H) * (k - 1);
  band.offs.forEach((o) => {
    if (o > 0 && H - o > 0 && H - o < MIN_COLUMN_LINES + 1) penalty += FRAGMENT_COST;
  });
  // A last column short by more than a few lines leaves a hole.
  if (short > MAX_SHORT) penalty += SHORT_COST * (short - MAX_SHORT);
  if (item.lead) penalty += LEAD_NARROW_COST * Math.max(0, Math.ceil(0.6 * ctx.g.cols) - k);
  penalty += headingPenalty(ctx, item, head, k, H);
  return { k, head, band, pieces, H, rows: head.rows + fit.air + H, flow: f, white, short, lastCol, penalty, fit };
}

/** An editor's objections to a heading in its module: one that towers over a narrow module's text. */
function headingPenalty(ctx: Ctx, item: Item, head: Heading, k: number, H: number): number {
  let p = 0;
  const headlines = head.lines.filter((l) => l.role === 'headline' || l.role === 'headline-lead' || l.role === 'headline-small').length;
  // A one-column module: a headline of two lines or more, and a heading deeper than a few lines, read cramped.
  if (k === 1 && headlines >= 2) p += NARROW_HEAD_COST * (headlines - 1);
  if (k === 1 && head.rows > NARROW_HEAD_ROWS) p += NARROW_HEAD_COST * (head.rows - NARROW_HEAD_ROWS);
  if (head.rows > H) p += TALL_HEAD_COST * Math.min(10, head.rows - H);
  // A module of photos with a few lines of caption: wide enough for the photo to read.
  if (item.photos.length > 0 && item.bodyRows < 2 * MIN_COLUMN_LINES && k < Math.min(3, ctx.g.cols)) p += PHOTO_STORY_COST * (Math.min(3, ctx.g.cols) - k);
  return p;
}

function variantOf(ctx: Ctx, item: Item, k: number): Variant | null {
  let v = item.variants[k];
  if (v === undefined) {
    v = computeVariant(ctx, item, k);
    item.variants[k] = v;
  }
  return v;
}

/**
 * The ways to make the module taller, entry d for d grid lines (undefined: no way found): air under the
 * heading, a taller photo, air around subheads and callouts, or a last column a little shorter. Every
 * column but the last still reaches the foot, and the last is short by at most MAX_SHORT lines.
 */
function stretchTable(ctx: Ctx, item: Item, k: number): (Stretch | undefined)[] {
  const cached = item.stretch[k];
  if (cached) return cached;
  const out: (Stretch | undefined)[] = [];
  item.stretch[k] = out;
  const v0 = variantOf(ctx, item, k);
  if (!v0) return out;
  const first = v0.band.photos[0];
  // Photos are cropped to their boxes: a photo story's photo (with a few lines of caption only) may grow most.
  const story = item.bodyRows < 2 * MIN_COLUMN_LINES;
  const G = first ? Math.min(MAX_GROW_STEPS, Math.floor(first.imgRows * (ctx.roomy || story ? ROOMY_PHOTO_GROWTH : PHOTO_GROWTH))) : 0;
  const E = Math.min(MAX_FLEX_STEPS, flexOf(ctx, item.pieces));
  const A = v0.head.rows > 0 ? (ctx.roomy ? ROOMY_AIR : MAX_AIR) : 0;
  const combos: [number, number][] = [[0, 0]];
  for (let g = 1; g <= G; g++) combos.push([g, 0]);
  for (let e = 1; e <= E; e++) combos.push([0, e]);
  for (const [g, e] of combos) {
    const v = g === 0 && e === 0 ? v0 : computeVariant(ctx, item, k, { air: 0, grow: g, flex: e, extra: 0 });
    if (!v) continue;
    for (let x = 0; x <= MAX_STRETCH; x++) {
      // Only a one-column module ends its text short of its foot on purpose.
      if (x > 0 && (k > 1 || v.short + x > MAX_SHORT)) break;
      for (let a = 0; a <= A; a++) {
        const d = v.rows + x + a - v0.rows;
        if (d < 0 || d > MAX_STRETCH) continue;
        const cost = v.white + k * x + a * k * AIR_COST * (1 + a) + g * GROW_COST + e * FLEX_COST + (v.penalty - v0.penalty);
        const cur = out[d];
        if (!cur || cost < cur.cost) out[d] = { fit: { air: a, grow: g, flex: e, extra: x }, cost, short: v.short + k * x };
      }
    }
  }
  return out;
}

/** Whether the item may be cut to `avail` grid lines at span k, and how many lines it would carry. */
function cutCheck(item: Item, v: Variant, avail: number, relaxed: boolean): { carried: number } | null {
  const bodyH = avail - v.head.rows;
  const maxOff = Math.max(0, ...v.band.offs);
  if (bodyH - maxOff < (relaxed ? 1 : 3)) return null;
  let cap = -1;
  for (const o of v.band.offs) cap += Math.max(0, bodyH - o);
  const carried = item.bodyRows - cap;
  if (cap < (relaxed ? 1 : MIN_PART_LINES)) return null;
  if (carried < (relaxed ? 1 : MIN_CONT_LINES)) return null;
  return { carried };
}

// ---------------------------------------------------------------------------------------------
// Arrangement search
// ---------------------------------------------------------------------------------------------

interface Place {
  item: number;
  k: number;
  col: number;
  /** First grid line of the module (below its rule line, if any), relative to the article area. */
  top: number;
  rule: boolean;
  rows: number;
  cut: boolean;
  /** Set from the foot of the page upwards (continuations on a page with articles of its own). */
  bottom: boolean;
  /** Grid lines the module is stretched by (see stretchTable). */
  d: number;
}

interface State {
  /** Grid lines in the article area. */
  R: number;
  /** First free grid line per column, from the top. */
  sky: number[];
  /** Last usable grid line (exclusive) per column: the top of what was set from the foot. */
  floor: number[];
  /** The place that last filled each column from the top, or -1. */
  owner: number[];
  cost: number;
  places: Place[];
  moved: number[];
  cuts: number;
  leadK: number;
}

function emptyState(C: number, R: number): State {
  return { R, sky: new Array(C).fill(0), floor: new Array(C).fill(R), owner: new Array(C).fill(-1), cost: 0, places: [], moved: [], cuts: 0, leadK: C };
}

function arrange(ctx: Ctx, items: Item[], R: number, relaxed: boolean, moveCost: number): State {
  return beamSearch(ctx, items, R, relaxed, moveCost);
}

/** A child of a beam state, evaluated without copying the state. */
interface Cand {
  parent: State;
  place: Place | null;
  /** The item moved to a later page instead, or -1. */
  moved: number;
  cost: number;
  lead: boolean;
  /** Cost plus the white the page is sure to keep (free cells beyond what the items left can fill): ranks the beam. */
  key: number;
}

/** Free cells of the article area once the place is made (null: nothing placed). */
function freeAfter(s: State, p: Place | null): number {
  let free = 0;
  for (let j = 0; j < s.sky.length; j++) {
    let sky = s.sky[j]!;
    let floor = usableFloor(s, j);
    if (p && j >= p.col && j < p.col + p.k) {
      if (p.bottom) floor = Math.max(0, p.top - 1);
      else sky = p.top + p.rows;
    }
    free += Math.max(0, floor - sky);
  }
  return free;
}

function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x9e3779b1) >>> 0;
}

function childHash(s: State, p: Place | null, movedCount: number, leadK: number): number {
  let h = 0x811c9dc5;
  const C = s.sky.length;
  for (let j = 0; j < C; j++) {
    const inside = p !== null && j >= p.col && j < p.col + p.k;
    const sky = inside && !p!.bottom ? p!.top + p!.rows : s.sky[j]!;
    const floor = inside && p!.bottom ? p!.top : s.floor[j]!;
    h = mix(mix(h, sky), floor);
  }
  return mix(mix(mix(h, s.cuts + (p?.cut ? 1 : 0)), leadK), movedCount);
}

function materialize(c: Cand): State {
  const s = c.parent;
  if (!c.place) return { ...s, moved: [...s.moved, c.moved], cost: c.cost };
  const p = c.place;
  const sky = p.bottom ? s.sky : s.sky.slice();
  const floor = p.bottom ? s.floor.slice() : s.floor;
  const owner = p.bottom ? s.owner : s.owner.slice();
  for (let j = p.col; j < p.col + p.k; j++) {
    if (p.bottom) floor[j] = p.top;
    else {
      sky[j] = p.top + p.rows;
      owner[j] = s.places.length;
    }
  }
  return {
    R: s.R,
    sky,
    floor,
    owner,
    cost: c.cost,
    places: [...s.places, p],
    moved: s.moved,
    cuts: s.cuts + (p.cut ? 1 : 0),
    leadK: c.lead ? p.k : s.leadK,
  };
}

function beamSearch(ctx: Ctx, items: Item[], R: number, relaxed: boolean, moveCost: number): State {
  const C = ctx.g.cols;
  let states: State[] = [emptyState(C, R)];
  // Cells the items after each one could fill at most (text, and a heading's worth).
  const after: number[] = new Array(items.length + 1).fill(0);
  for (let i = items.length - 1; i >= 0; i--) after[i] = after[i + 1]! + items[i]!.bodyRows + HEAD_CELLS;
  items.forEach((item, idx) => {
    const cands: Cand[] = [];
    for (const s of states) {
      const max = item.lead ? C : Math.min(C, s.leadK);
      const min = item.lead ? Math.min(max, Math.ceil(C / 2)) : 1;
      for (let k = min; k <= max; k++) {
        const v = variantOf(ctx, item, k);
        if (!v) continue;
        const cols = item.anchor === 'bottom' ? footPositions(s, k) : positions(s, k, item.lead);
        for (const col of cols) {
          if (item.anchor === 'bottom') {
            for (const c of placeAtFoot(ctx, s, idx, item, v, col, relaxed)) cands.push({ parent: s, place: c.place, moved: -1, cost: c.cost, lead: item.lead, key: 0 });
          } else {
            for (const c of placeInto(ctx, s, idx, item, v, col, relaxed)) cands.push({ parent: s, place: c.place, moved: -1, cost: c.cost, lead: item.lead, key: 0 });
          }
        }
      }
      if (!item.lead || relaxed) {
        const cost = s.cost + moveCost + item.bodyRows * 0.5;
        cands.push({ parent: s, place: null, moved: idx, cost, lead: false, key: 0 });
      }
    }
    // The best child per skyline shape, then the best BEAM of those.
    for (const c of cands) c.key = c.cost + Math.max(0, freeAfter(c.parent, c.place) - after[idx + 1]!);
    cands.sort((a, b) => a.key - b.key);
    const seen = new Set<number>();
    const next: State[] = [];
    for (const c of cands) {
      const s = c.parent;
      const hash = c.place
        ? childHash(s, c.place, s.moved.length, c.lead ? c.place.k : s.leadK)
        : childHash(s, null, s.moved.length + 1, s.leadK);
      if (seen.has(hash)) continue;
      seen.add(hash);
      next.push(materialize(c));
      if (next.length >= BEAM) break;
    }
    states = next.length > 0 ? next : [emptyState(C, R)];
  });
  let best: State | null = null;
  let bestCost = Infinity;
  for (const s of states) {
    const c = finalCost(ctx, items, s);
    if (c < bestCost) {
      bestCost = c;
      best = s;
    }
  }
  return best!;
}

/** Candidate columns for a module of span k: the lowest slot (leftmost) and the slot leaving the least hole. */
function positions(s: State, k: number, lead: boolean): number[] {
  const C = s.sky.length;
  let lowest = -1;
  let lowestKey = Infinity;
  let tight = -1;
  let tightKey = Infinity;
  // The leftmost slot of each level the module can sit on without a hole beneath it.
  const flat: number[] = [];
  const flatBase: number[] = [];
  for (let c = 0; c + k <= C; c++) {
    const base = levelAt(s, c, k);
    if (lead && base > 0) continue;
    let hole = 0;
    for (let j = c; j < c + k; j++) hole += base - s.sky[j]!;
    const kl = base * 1e4 + hole;
    const kt = hole * 1e4 + base;
    if (kl < lowestKey) {
      lowestKey = kl;
      lowest = c;
    }
    if (kt < tightKey) {
      tightKey = kt;
      tight = c;
    }
    if (hole === 0 && !flatBase.includes(base)) {
      flat.push(c);
      flatBase.push(base);
    }
  }
  const out: number[] = [];
  if (lowest >= 0) out.push(lowest);
  if (tight >= 0 && tight !== lowest) out.push(tight);
  if (lead) return out;
  for (const [i, c] of flat.entries()) {
    if (out.includes(c)) continue;
    let taken = false;
    for (const o of out) if (levelAt(s, o, k) === flatBase[i]) taken = true;
    if (!taken) out.push(c);
  }
  return out;
}

function levelAt(s: State, c: number, k: number): number {
  let base = 0;
  for (let j = c; j < c + k; j++) base = Math.max(base, s.sky[j]!);
  return base;
}

/** Candidate columns for a module set from the foot: the lowest slot (rightmost first) and the tightest. */
function footPositions(s: State, k: number): number[] {
  const C = s.floor.length;
  let lowest = -1;
  let lowestKey = Infinity;
  let tight = -1;
  let tightKey = Infinity;
  for (let c = C - k; c >= 0; c--) {
    let bottom = Infinity;
    for (let j = c; j < c + k; j++) bottom = Math.min(bottom, usableFloor(s, j));
    let hole = 0;
    for (let j = c; j < c + k; j++) hole += usableFloor(s, j) - bottom;
    const kl = -bottom * 1e4 + hole;
    const kt = hole * 1e4 - bottom;
    if (kl < lowestKey) {
      lowestKey = kl;
      lowest = c;
    }
    if (kt < tightKey) {
      tightKey = kt;
      tight = c;
    }
  }
  const out: number[] = [];
  if (lowest >= 0) out.push(lowest);
  if (tight >= 0 && tight !== lowest) out.push(tight);
  return out;
}

function placeInto(ctx: Ctx, s: State, idx: number, item: Item, v: Variant, col: number, relaxed: boolean): { place: Place; cost: number }[] {
  const k = v.k;
  const C = s.sky.length;
  let base = 0;
  let limit = Infinity;
  for (let j = col; j < col + k; j++) {
    base = Math.max(base, s.sky[j]!);
    limit = Math.min(limit, usableFloor(s, j));
  }
  const rule = base > 0;
  const top = rule ? base + 1 : 0;
  if (item.lead && top !== 0) return [];
  let hole = 0;
  for (let j = col; j < col + k; j++) hole += base - s.sky[j]!;
  const avail = limit - top;
  if (avail <= 0) return [];
  let cost = s.cost + hole + v.penalty;
  if (hole > MAX_SHORT) cost += BAD_HOLE_COST + HOLE_AREA_COST * hole;
  // Levels worth ending on: the foot, or the level of the module beside, so that nothing is left between.
  const targets: number[] = [limit];
  if (col > 0) targets.push(s.sky[col - 1]!);
  if (col + k < C) targets.push(s.sky[col + k]!);
  if (v.rows > avail) {
    if (s.cuts >= MAX_CUTS) return [];
    const c = cutCheck(item, v, avail, relaxed);
    if (!c) return [];
    cost += CUT_COST + CARRY_COST * c.carried;
    return [{ place: { item: idx, k, col, top, rule, rows: avail, cut: true, bottom: false, d: 0 }, cost }];
  }
  let table: (Stretch | undefined)[] | null = null;
  let natural = v.white;
  if (v.short > MAX_SHORT) {
    // A last column short by much: set the same height with photos grown or paragraphs opened instead.
    table = stretchTable(ctx, item, k);
    natural = Math.min(natural, table[0]?.cost ?? natural);
  }
  const out = [{ place: { item: idx, k, col, top, rule, rows: v.rows, cut: false, bottom: false, d: 0 }, cost: cost + natural }];
  for (const [i, level] of targets.entries()) {
    const d = level - top - v.rows;
    if (d <= 0 || d > MAX_STRETCH || level > limit || targets.indexOf(level) !== i) continue;
    table ??= stretchTable(ctx, item, k);
    const st = table[d];
    if (!st) continue;
    out.push({ place: { item: idx, k, col, top, rule, rows: v.rows + d, cut: false, bottom: false, d }, cost: cost + st.cost });
  }
  return out;
}

/** Sets a module on the foot of its columns (or as high as it must go); the rule line goes above it. */
function placeAtFoot(ctx: Ctx, s: State, idx: number, item: Item, v: Variant, col: number, relaxed: boolean): { place: Place; cost: number }[] {
  const k = v.k;
  let bottom = Infinity;
  let base = 0;
  for (let j = col; j < col + k; j++) {
    bottom = Math.min(bottom, usableFloor(s, j));
    base = Math.max(base, s.sky[j]!);
  }
  let hole = 0;
  for (let j = col; j < col + k; j++) hole += usableFloor(s, j) - bottom;
  const avail = bottom - (base > 0 ? base + 1 : 0);
  if (avail <= 0) return [];
  let cost = s.cost + hole + v.penalty;
  if (hole > MAX_SHORT) cost += BAD_HOLE_COST + HOLE_AREA_COST * hole;
  const at = (rows: number, cut: boolean, d: number, c: number) => {
    const top = bottom - rows;
    return { place: { item: idx, k, col, top, rule: top > 0, rows, cut, bottom: true, d }, cost: c };
  };
  if (v.rows > avail) {
    if (s.cuts >= MAX_CUTS) return [];
    const c = cutCheck(item, v, avail, relaxed);
    if (!c) return [];
    return [at(avail, true, 0, cost + CUT_COST + CARRY_COST * c.carried)];
  }
  const out = [at(v.rows, false, 0, cost + v.white)];
  // Stretched up to what lies above, or level with the top of a module set from the foot beside it,
  // so that no sliver is left.
  const tops = [bottom - avail];
  if (col > 0 && s.floor[col - 1]! < s.R) tops.push(s.floor[col - 1]!);
  if (col + k < s.sky.length && s.floor[col + k]! < s.R) tops.push(s.floor[col + k]!);
  for (const [i, top] of tops.entries()) {
    const d = bottom - top - v.rows;
    if (d <= 0 || d > MAX_STRETCH || top < bottom - avail || tops.indexOf(top) !== i) continue;
    const st = stretchTable(ctx, item, k)[d];
    if (st) out.push(at(v.rows + d, false, d, cost + st.cost));
  }
  return out;
}

/** The last grid line (exclusive) free in column j above what was set from the foot and its rule line. */
function usableFloor(s: State, j: number): number {
  const f = s.floor[j]!;
  return f < s.R ? Math.max(0, f - 1) : f;
}

/** Grid lines free below each column's top-down content. */
function freeBelow(s: State, j: number): number {
  return Math.max(0, usableFloor(s, j) - s.sky[j]!);
}

/** Exposed modules: set from the top with nothing below them in any of their columns. */
function exposed(s: State): Set<number> {
  const out = new Set<number>();
  s.places.forEach((p, i) => {
    if (p.bottom) return;
    let all = true;
    for (let j = p.col; j < p.col + p.k; j++) if (s.owner[j] !== i) all = false;
    if (all) out.add(i);
  });
  return out;
}

function finalCost(ctx: Ctx, items: Item[], s: State): number {
  let cost = s.cost;
  const C = s.sky.length;
  const free: number[] = [];
  for (let j = 0; j < C; j++) free.push(freeBelow(s, j));
  // White at the foot of each column, with the lines the last column of a module there is short.
  const foot = free.slice();
  for (const i of exposed(s)) {
    const p = s.places[i]!;
    if (p.cut) continue;
    let gap = Infinity;
    for (let j = p.col; j < p.col + p.k; j++) gap = Math.min(gap, free[j]!);
    const item = items[p.item]!;
    const v = variantOf(ctx, item, p.k)!;
    let short = v.short;
    let base = v.white;
    let table: (Stretch | undefined)[] | null = null;
    if (p.d > 0 || v.short > MAX_SHORT) {
      table = stretchTable(ctx, item, p.k);
      const st = table[p.d];
      if (st && (p.d > 0 || st.cost < base)) {
        short = st.short;
        base = st.cost;
      }
    }
    // Stretched down to what lies below it, when it can be.
    if (gap > 0 && p.d + gap <= MAX_STRETCH) {
      table ??= stretchTable(ctx, item, p.k);
      const st = table[p.d + gap];
      if (st) {
        cost += st.cost - base;
        short = st.short;
        for (let j = p.col; j < p.col + p.k; j++) {
          free[j] = free[j]! - gap;
          foot[j] = foot[j]! - gap;
        }
      }
    }
    if (v.lastCol >= 0) foot[p.col + v.lastCol] = foot[p.col + v.lastCol]! + short;
  }
  let run = 0;
  for (let j = 0; j <= C; j++) {
    const f = j < C ? free[j]! : 0;
    if (j < C) {
      cost += f;
      if (j > 0) cost += RAGGED_COST * Math.abs(f - free[j - 1]!);
    }
    const w = j < C ? foot[j]! : 0;
    if (w > 0) run += w;
    else {
      if (run > MAX_SHORT) cost += BAD_HOLE_COST + HOLE_AREA_COST * run;
      run = 0;
    }
  }
  return cost;
}

// ---------------------------------------------------------------------------------------------
// Page composition
// ---------------------------------------------------------------------------------------------

interface PageCtx {
  ctx: Ctx;
  page: Page;
  pageIndex: number;
  number: number;
  boxes: FrameBox[];
  /** Cells of the type area covered by content: covered[row][col]. */
  covered: Uint8Array;
  report: PageReport;
  /** Out jumps already numbered on this page (for ①②③). */
  marks: number;
}

function cover(pc: PageCtx, row0: number, rows: number, col0: number, cols: number): void {
  const { g } = pc.ctx;
  for (let r = Math.max(0, row0); r < Math.min(g.rows, row0 + rows); r++)
    for (let c = Math.max(0, col0); c < Math.min(g.cols, col0 + cols); c++) pc.covered[r * g.cols + c] = 1;
}

function toFrameLine(s: LineSpec, x: number, y: number): FrameLine {
  const line: FrameLine = { text: s.text, role: s.role, x: x + s.dx, y: y + s.dy, width: s.width, size: s.size, font: s.font, xs: s.xs };
  if (s.gray !== undefined) line.gray = s.gray;
  if (s.link) line.link = { ...s.link };
  if (s.part) line.part = { ...s.part };
  if (s.figure !== undefined) line.figure = s.figure;
  return line;
}

function box(kind: BoxKind, article: string | null, x: number, y: number, width: number, height: number, lines: FrameLine[] = []): FrameBox {
  return { kind, article, x, y, width, height, lines };
}

function ruleBox(x: number, y: number, width: number, height: number): FrameBox {
  return box('rule', null, x, y, width, height);
}

/** Header band: masthead (front page) or folio, the teasers, the banner. Returns the grid lines used. */
function composeHeader(pc: PageCtx, edition: Edition): number {
  const { ctx, page } = pc;
  const { g, t } = ctx;
  let row = 0;
  const W = g.width;
  const band = (kind: BoxKind, els: { text: string | null; style: StyleRole; role: LineRole }[]) => {
    const parts = els
      .map((e) => ({ ...e, lines: setText(ctx, e.text, e.style, W, { align: 'start', indent: 0 }) }))
      .filter((e) => e.lines.length > 0);
    if (parts.length === 0) return;
    let total = 0;
    for (const p of parts) total += p.lines.length * t.styles[p.style].leading;
    const rows = Math.ceil((total + 0.4 * g.B) / g.B - 1e-6);
    const y = g.y0 + row * g.B;
    const lines: FrameLine[] = [];
    let cur = 0;
    for (const p of parts) {
      const st = t.styles[p.style];
      p.lines.forEach((l, i) => {
        const s = spec(ctx, l, p.style, p.role, W, 0, cur + blockBaseline(i, st.leading, st.size), {
          align: st.align === 'justify' ? 'start' : st.align,
        });
        lines.push(toFrameLine(s, g.x0, y));
      });
      cur += p.lines.length * st.leading;
    }
    pc.boxes.push(box(kind, null, g.x0, y, W, rows * g.B, lines));
    cover(pc, row, rows, 0, g.cols);
    row += rows;
  };
  const m = page.masthead;
  if (m) {
    const date = m.date ?? page.date ?? edition.date;
    const lunar = m.lunarDate ? (m.lunarDate.startsWith('农历') ? m.lunarDate : `农历${m.lunarDate}`) : null;
    const cn = m.cn ? (/^\s*CN/i.test(m.cn) ? m.cn : `CN ${m.cn}`) : null;
    const meta = [
      formatDate(date),
      m.weekday ?? weekdayOf(date),
      lunar,
      m.issueNumber != null ? `第${m.issueNumber}期` : null,
      m.pageCount != null ? `今日${m.pageCount}版` : null,
      m.publisher,
      cn,
      m.postalCode ? `邮发代号 ${m.postalCode}` : null,
    ].filter((s): s is string => !!s);
    band('masthead', [
      { text: m.paper ?? edition.paper, style: 'masthead', role: 'masthead' },
      { text: m.englishName, style: 'masthead-meta', role: 'masthead-meta' },
      { text: meta.join('　'), style: 'masthead-meta', role: 'masthead-meta' },
    ]);
  } else {
    row += composeFolio(pc, edition, row);
  }
  if (page.teasers.length > 0) {
    row += composeTeasers(pc, edition, row);
  }
  if (page.banner) {
    band('banner', [
      { text: page.banner.title, style: 'banner', role: 'banner' },
      { text: page.banner.subtitle, style: 'banner-sub', role: 'banner-sub' },
    ]);
  }
  if (row > 0) {
    // A rule across the page on the grid line below the header.
    pc.boxes.push(ruleBox(g.x0, g.y0 + row * g.B + g.B / 2 - 0.5, W, 1));
    cover(pc, row, 1, 0, g.cols);
    row += 1;
  }
  return row;
}

/** The folio line across the top of an inner page; returns the grid lines used. */
function composeFolio(pc: PageCtx, edition: Edition, row: number): number {
  const { ctx, page } = pc;
  const { g } = ctx;
  const f: Folio | null = page.folio;
  const W = g.width;
  const number = f?.number ?? page.number ?? pc.number;
  const section = f?.section ?? page.section;
  const date = f?.date ?? page.date ?? edition.date;
  const left = [`第${pad2(number)}版`, section].filter(Boolean).join('　');
  const center = [formatDate(date), f?.weekday ?? weekdayOf(date)].filter(Boolean).join('　');
  const right = [
    ...(f?.editors ?? []).map((e) => `${e.role}：${e.name}`),
    f?.phone ? `电话：${f.phone}` : null,
  ]
    .filter(Boolean)
    .join('　');
  const set = (s: string) => setText(ctx, s, 'folio', W, { align: 'start', indent: 0 })[0];
  const l = set(left);
  const c = set(center);
  const r = set(right);
  const gap = 2 * ctx.t.styles.folio.size;
  const oneRow = (l?.width ?? 0) + (c?.width ?? 0) + (r?.width ?? 0) + 2 * gap <= W;
  const y = g.y0 + row * g.B;
  const lines: FrameLine[] = [];
  if (oneRow) {
    if (l) lines.push(toFrameLine(spec(ctx, l, 'folio', 'folio', W, 0, g.baseOff, { align: 'start' }), g.x0, y));
    if (c) lines.push(toFrameLine(spec(ctx, c, 'folio', 'folio', W, 0, g.baseOff, { align: 'center' }), g.x0, y));
    if (r) lines.push(toFrameLine(spec(ctx, r, 'folio', 'folio', W, 0, g.baseOff, { align: 'end' }), g.x0, y));
  } else {
    if (l) lines.push(toFrameLine(spec(ctx, l, 'folio', 'folio', W, 0, g.baseOff, { align: 'start' }), g.x0, y));
    if (c) lines.push(toFrameLine(spec(ctx, c, 'folio', 'folio', W, 0, g.baseOff, { align: 'end' }), g.x0, y));
    setText(ctx, right, 'folio', W, { align: 'start', indent: 0 }).forEach((rl, i) =>
      lines.push(toFrameLine(spec(ctx, rl, 'folio', 'folio', W, 0, (i + 1) * g.B + g.baseOff, { align: 'end' }), g.x0, y)),
    );
  }
  const rows = oneRow ? 1 : 1 + Math.max(1, setText(ctx, right, 'folio', W, { align: 'start', indent: 0 }).length);
  pc.boxes.push(box('folio', null, g.x0, y, W, rows * g.B, lines));
  cover(pc, row, rows, 0, g.cols);
  return rows;
}

/**
 * The teasers (导读) as a strip across the page: the label, then the teasers side by side, each its
 * headline followed on the same line by its page reference ("见08版") when that fits.
 */
function composeTeasers(pc: PageCtx, edition: Edition, row: number): number {
  const { ctx, page } = pc;
  const { g, t } = ctx;
  if (page.teasers.length === 0) return 0;
  const W = g.width;
  const ts = t.styles.teaser;
  const hs = t.styles['teaser-head'];
  const head = setText(ctx, '导读', 'teaser-head', W, { align: 'start', indent: 0 })[0];
  const labelW = head ? head.width + hs.size : 0;
  const avail = W - labelW;
  const gap = 2 * ts.size;
  const y = g.y0 + row * g.B;
  const lines: FrameLine[] = [];
  const top = 0.2 * g.B;
  if (head) lines.push(toFrameLine(spec(ctx, head, 'teaser-head', 'teaser-head', labelW, 0, top + blockBaseline(0, hs.leading, hs.size), { align: 'start' }), g.x0, y));
  const cells = page.teasers.map((tz) => {
    const refText = tz.page != null ? `见${pad2(tz.page)}版` : tz.text;
    const link = edition.links.find(
      (lk) => lk.kind === 'teaser' && lk.from.page === pc.number && lk.to.page === tz.page && (tz.article == null || lk.to.article === tz.article),
    );
    const info: LinkInfo = {
      kind: 'teaser',
      page: tz.page,
      article: tz.article ?? link?.to.article ?? null,
      resolved: link ? link.resolved : tz.article != null,
    };
    const one = setText(ctx, tz.headline, 'teaser', 1e6, { align: 'start', indent: 0 })[0];
    const ref = refText ? setText(ctx, refText, 'teaser', 1e6, { align: 'start', indent: 0 })[0] : undefined;
    const natural = (one?.width ?? 0) + (ref ? ts.size + ref.width : 0);
    return { tz, refText, info, ref, natural };
  });
  // Rows of teasers at their natural widths; one too wide for a row wraps within it.
  const rowsOf: (typeof cells)[] = [];
  let curRow: typeof cells = [];
  let used = 0;
  for (const c of cells) {
    const w = Math.min(c.natural, avail);
    if (curRow.length > 0 && used + gap + w > avail) {
      rowsOf.push(curRow);
      curRow = [];
      used = 0;
    }
    used += (curRow.length > 0 ? gap : 0) + w;
    curRow.push(c);
  }
  if (curRow.length > 0) rowsOf.push(curRow);
  let cur = top;
  for (const r of rowsOf) {
    let rowH = 0;
    let cx = g.x0 + labelW;
    for (const c of r) {
      const cellW = Math.min(c.natural, avail);
      const hl = setText(ctx, c.tz.headline, 'teaser', cellW, { align: 'start', indent: 0 });
      hl.forEach((l, i) => lines.push(toFrameLine(spec(ctx, l, 'teaser', 'teaser', cellW, 0, cur + blockBaseline(i, ts.leading, ts.size)), cx, y)));
      let h = hl.length * ts.leading;
      if (c.ref && c.refText) {
        const last = hl[hl.length - 1];
        const inline = last !== undefined && last.width + ts.size + c.ref.width <= cellW + 0.01;
        const i = inline ? hl.length - 1 : hl.length;
        const dx = inline ? last!.width + ts.size : 0;
        const s = spec(ctx, c.ref, 'teaser', 'teaser', cellW - dx, dx, cur + blockBaseline(i, ts.leading, ts.size), { align: inline ? 'start' : 'end', link: c.info });
        lines.push(toFrameLine(s, cx, y));
        if (!inline) h += ts.leading;
      }
      rowH = Math.max(rowH, h);
      cx += cellW + gap;
    }
    cur += rowH + 0.3 * g.B;
  }
  const rows = Math.ceil(cur / g.B - 1e-6);
  pc.boxes.push(box('teasers', null, g.x0, y, W, rows * g.B, lines));
  cover(pc, row, rows, 0, g.cols);
  return rows;
}

function articleItem(ctx: Ctx, art: Article, page: Page, pageIndex: number, lead: boolean, R: number): Item {
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
    headRole: lead ? 'headline-lead' : bodyRows >= 0.5 * R ? 'headline' : 'headline-small',
    pieces,
    bodyRows,
    photos: leadingPhotos(art),
    variants: [],
    heads: [],
    stretch: [],
    file,
  };
}

/** Builds the frames of one placed module; returns the remainder pieces when the module is cut. */
function realize(pc: PageCtx, item: Item, p: Place, areaRow: number, nextPageNo: number): { rest: Piece[]; pending?: PendingJump } {
  const { ctx } = pc;
  const { g } = ctx;
  const k = p.k;
  const x = colX(g, p.col);
  const W = spanW(g, k);
  const row = areaRow + p.top;
  const y = g.y0 + row * g.B;
  if (p.rule) {
    pc.boxes.push(ruleBox(x, y - g.B / 2 - 0.25, W, 0.5));
    cover(pc, row - 1, 1, p.col, k);
  }
  const v0 = variantOf(ctx, item, k)!;
  let v = v0;
  if (!p.cut && (p.rows > v0.rows || v0.short > MAX_SHORT)) {
    // Stretched: the way found for the most lines that fit the module's rows.
    const table = stretchTable(ctx, item, k);
    for (let d = Math.min(p.rows - v0.rows, MAX_STRETCH); d >= 0; d--) {
      const st = table[d];
      const cand = st ? computeVariant(ctx, item, k, st.fit) : null;
      if (cand && cand.rows <= p.rows) {
        v = cand;
        break;
      }
    }
  }
  let f = v.flow;
  let rest: Piece[] = [];
  let pending: PendingJump | undefined;
  const headRows = v.head.rows + v.fit.air;
  const bodyTop = row + headRows;
  let jumpLine: LineSpec | null = null;
  let jumpCol = k - 1;
  if (p.cut) {
    const bodyH = p.rows - headRows;
    const caps = v.band.offs.map((o) => Math.max(0, bodyH - o));
    while (jumpCol > 0 && caps[jumpCol]! <= 0) jumpCol--;
    caps[jumpCol] = Math.max(0, caps[jumpCol]! - 1);
    f = flow(v.pieces, caps);
    rest = f.seq.slice(f.next);
    const art = item.article!;
    pc.marks += 1;
    const mark = circled(pc.marks);
    const text = jumpText('out', nextPageNo, mark);
    jumpLine = jumpSpec(ctx, text, g.colW, (bodyH - 1) * g.B + g.baseOff, { kind: 'jump', page: nextPageNo, article: art.id, resolved: true });
    const outJump: Jump = { direction: 'out', page: nextPageNo, mark, text, generated: true };
    pending = { articleId: art.id, fromPage: pc.number, fromPageIndex: pc.pageIndex, mark, outSpec: jumpLine, outJump, colWidth: g.colW, article: art };
    pc.report.continuations += 1;
  }
  const art = item.article!;
  const lines: FrameLine[] = v.head.lines.map((s) => toFrameLine(s, x, y));
  cover(pc, row, headRows, p.col, k);
  const ruleBoxes: FrameBox[] = v.head.rules.map((r) => box('rule', art.id, x + r.x, y + r.y, r.w, r.h));
  const photoBoxes: FrameBox[] = [];
  for (const ph of v.band.photos) {
    const px = colX(g, p.col + ph.col);
    const py = g.y0 + (bodyTop + ph.top) * g.B;
    const pw = spanW(g, ph.span);
    const ib = box('photo', art.id, px, py, pw, ph.imgRows * g.B - 0.25 * g.B);
    ib.image = { file: ph.block.src ?? null, alt: ph.block.caption ?? null };
    ib.figure = ph.fig.id;
    photoBoxes.push(ib);
    for (const s of ph.captions) lines.push(toFrameLine(s, px, py));
    cover(pc, bodyTop + ph.top, ph.rows, p.col + ph.col, ph.span);
  }
  f.cols.forEach((c, j) => {
    const cx = colX(g, p.col + j);
    let r = v.band.offs[j]!;
    cover(pc, bodyTop + r, c.used, p.col + j, 1);
    r += c.off;
    for (let i = c.start; i < c.end; i++) {
      const piece = f.seq[i]!;
      const py = g.y0 + (bodyTop + r) * g.B;
      if (piece.photo) {
        const ib = box('photo', art.id, cx, py, spanW(g, piece.photo.span), piece.photo.imgRows * g.B - 0.25 * g.B);
        ib.image = { file: piece.photo.block.src ?? null, alt: piece.photo.block.caption ?? null };
        ib.figure = piece.photo.fig.id;
        photoBoxes.push(ib);
      }
      for (const s of piece.lines) lines.push(toFrameLine(s, cx, py));
      pc.report.kinsokuViolations += piece.kinsoku;
      if (piece.loose) pc.report.looseLines += 1;
      if (piece.orphan) pc.report.orphans += 1;
      r += piece.rows;
    }
  });
  if (jumpLine && pending) {
    const jx = colX(g, p.col + jumpCol);
    const fl = toFrameLine(jumpLine, jx, g.y0 + bodyTop * g.B);
    lines.push(fl);
    cover(pc, row + p.rows - 1, 1, p.col + jumpCol, 1);
    pending.frameLine = fl;
  }
  pc.boxes.push(box('article', art.id, x, y, W, p.rows * g.B, lines));
  pc.boxes.push(...photoBoxes, ...ruleBoxes);
  return pending ? { rest, pending } : { rest };
}

/** Thin rules in the gutters between modules standing side by side. */
function gutterRules(pc: PageCtx, places: Place[], areaRow: number): void {
  const { g } = pc.ctx;
  for (const a of places) {
    for (const b of places) {
      if (a.col + a.k !== b.col) continue;
      const top = Math.max(a.top, b.top);
      const bottom = Math.min(a.top + a.rows, b.top + b.rows);
      if (bottom - top < 2) continue;
      const x = colX(g, b.col) - g.gutter / 2 - 0.25;
      pc.boxes.push(ruleBox(x, g.y0 + (areaRow + top) * g.B, 0.5, (bottom - top) * g.B));
    }
  }
}

/** Share of the article area the placed modules take. */
function usedShare(s: State, R: number, C: number): number {
  let used = 0;
  for (const p of s.places) used += (p.rows + (p.rule ? 1 : 0)) * p.k;
  return used / (R * C);
}

/** Forgets an item's variants, headings and stretch tables (set again when the page's mode changes). */
function resetItem(it: Item): void {
  it.variants = [];
  it.heads = [];
  it.stretch = [];
}

function newPageAfter(ed: Edition, source: Page): Page {
  const last = ed.pages[ed.pages.length - 1]!;
  const number = (last.number ?? ed.pages.length) + 1;
  const date = ed.date ?? source.date;
  return {
    number,
    code: null,
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

function pageNumberAt(ed: Edition, i: number): number {
  const p = ed.pages[i];
  if (p) return p.number ?? i + 1;
  const last = ed.pages[ed.pages.length - 1];
  return (last?.number ?? ed.pages.length) + (i - ed.pages.length + 1);
}

function continuationItem(pending: PendingJump, rest: Piece[], file: string): Item {
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

// ---------------------------------------------------------------------------------------------
// Edition
// ---------------------------------------------------------------------------------------------

/** Lays out every page of the edition; continuations may add pages. */
export function layoutEdition(edition: Edition, template: Template, fonts: FontSet, options: LayoutOptions = {}): LayoutResult {
  const ed: Edition = structuredClone(edition);
  const g = makeGrid(template);
  const ctx: Ctx = { links: ed.links, t: template, fonts, g, options, diagnostics: [], roomy: false, measures: new Map(), captionCache: new WeakMap() };
  const frames: FramePage[] = [];
  let carry: Item[] = [];

  for (let pi = 0; pi < ed.pages.length || carry.length > 0; pi++) {
    if (pi >= ed.pages.length) {
      const src = ed.pages[carry[0]?.pageIndex ?? ed.pages.length - 1] ?? ed.pages[ed.pages.length - 1]!;
      ed.pages.push(newPageAfter(ed, src));
    }
    const page = ed.pages[pi]!;
    const number = page.number ?? pi + 1;
    const pc: PageCtx = {
      ctx,
      page,
      pageIndex: pi,
      number,
      boxes: [],
      covered: new Uint8Array(g.rows * g.cols),
      report: { fill: 0, kinsokuViolations: 0, looseLines: 0, orphans: 0, continuations: 0 },
      marks: 0,
    };
    for (const a of page.articles) for (const j of a.jumps) if (j.direction === 'out' && !j.generated && j.mark) pc.marks += 1;

    const headerRows = composeHeader(pc, ed);
    const R = g.rows - headerRows;
    // Continuations go to the foot of a page that has articles of its own, and are searched first.
    const own = page.articles.map((a, i) => articleItem(ctx, a, page, pi, i === 0, R));
    const conts = carry.filter((it) => it.kind === 'cont');
    const moved = carry.filter((it) => it.kind !== 'cont');
    for (const c of conts) c.anchor = own.length > 0 ? 'bottom' : 'top';
    const items: Item[] = own.length > 0 ? [...conts, ...own, ...moved] : [...conts, ...moved];
    carry = [];

    // Moving an article off the edition's last page adds a page, unless the page overflows anyway.
    let need = 0;
    for (const it of items) need += it.bodyRows + 4 * g.cols;
    const moveCost = pi >= ed.pages.length - 1 && need <= R * g.cols ? MOVE_LAST_COST : MOVE_COST;
    let best = arrange(ctx, items, R, false, moveCost);
    if (best.places.length === 0 && items.length > 0) best = arrange(ctx, items, R, true, moveCost);
    // The edition's last page holding much less than a page: a larger lead headline, more air in the
    // headings, photos nearer their natural size (when every article still goes on the page whole).
    if (pi === ed.pages.length - 1 && best.moved.length === 0 && best.cuts === 0 && usedShare(best, R, g.cols) < ROOMY_FILL) {
      ctx.roomy = true;
      const narrow = items.map((it) => it.pieces);
      for (const it of items) {
        resetItem(it);
        it.pieces = widenedPhotos(ctx, it.pieces);
      }
      const roomy = arrange(ctx, items, R, false, moveCost);
      if (roomy.moved.length === 0 && roomy.cuts === 0 && roomy.places.length === best.places.length) best = roomy;
      else {
        ctx.roomy = false;
        items.forEach((it, i) => {
          resetItem(it);
          it.pieces = narrow[i]!;
        });
      }
    }
    const nextNo = pageNumberAt(ed, pi + 1);
    // Reading order: the page's own articles, then what was carried in.
    const rank = (p: Place) => (items[p.item]!.anchor === 'bottom' ? items.length : 0) + p.item;
    const order = best.places.slice().sort((a, b) => rank(a) - rank(b));
    const exp = exposed(best);
    const finalPlaces: Place[] = [];
    for (const p of order) {
      const item = items[p.item]!;
      const idx = best.places.indexOf(p);
      const place = { ...p };
      // Modules with little or nothing below them reach down to the foot of the type area (or the
      // rule above a module set from the foot).
      let foot = R;
      for (let j = p.col; j < p.col + p.k; j++) foot = Math.min(foot, best.floor[j]! < R ? best.floor[j]! - 1 : R);
      const gap = foot - (p.top + p.rows);
      if (exp.has(idx) && !p.cut && gap > 0 && gap <= Math.max(3, STRETCH_MAX * R)) place.rows = foot - p.top;
      finalPlaces.push(place);
      if (item.kind === 'cont' && item.pending) settleJump(ctx, ed, item.pending, pc);
      if (item.moved) {
        ctx.diagnostics.push({
          file: item.file,
          line: item.article?.source?.line ?? null,
          column: item.article?.source?.column ?? null,
          severity: 'warning',
          rule: 'continuation',
          message: `article ${item.id} did not fit on page ${item.moved.fromPage}; set whole on page ${number}`,
          page: number,
          article: item.id,
        });
      }
      const { rest, pending } = realize(pc, item, place, headerRows, nextNo);
      if (pending) {
        carry.push(continuationItem(pending, rest, item.file));
      }
    }
    for (const m of best.moved) {
      const item = items[m]!;
      if (item.kind === 'article' && !item.moved) item.moved = { fromPage: number };
      carry.push(item);
    }
    gutterRules(pc, finalPlaces, headerRows);
    if (ctx.roomy) {
      ctx.roomy = false;
      for (const it of carry) resetItem(it);
    }
    let cov = 0;
    for (const c of pc.covered) cov += c;
    pc.report.fill = cov / (g.rows * g.cols);
    frames.push({ number, width: template.page.width, height: template.page.height, boxes: pc.boxes, report: pc.report });
    if (pi > edition.pages.length + 50) break;
  }

  // Underfilled pages (the edition's last page may be short).
  frames.forEach((fp, i) => {
    if (i === frames.length - 1 || fp.report.fill >= FILL_TARGET) return;
    ctx.diagnostics.push({
      file: ed.pages[i]?.source.file ?? '',
      line: null,
      column: null,
      severity: 'warning',
      rule: 'underfilled-page',
      message: `page ${fp.number} is ${(fp.report.fill * 100).toFixed(1)}% filled (target ${FILL_TARGET * 100}%)`,
      page: fp.number,
      article: null,
    });
  });
  missingGlyphs(ctx, ed, frames);
  resolveLinks(frames, ed);
  return { edition: ed, pages: frames, diagnostics: ctx.diagnostics };
}

/** Articles with a part (a box) on each page of the frames, by page number. */
function partsByPage(frames: FramePage[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const fp of frames) {
    const ids = out.get(fp.number) ?? new Set<string>();
    for (const b of fp.boxes) if (b.article) ids.add(b.article);
    out.set(fp.number, ids);
  }
  return out;
}

/** Resolves the link of every jump and teaser line of the frames (see linkTarget). */
function resolveLinks(frames: FramePage[], ed: Edition): void {
  const parts = partsByPage(frames);
  frames.forEach((fp, i) => {
    const from = ed.pages[i]?.number ?? fp.number;
    for (const box of fp.boxes) {
      for (const line of box.lines) if (line.link) line.link = linkTarget(line.link, { page: from, article: box.article }, ed.links, parts);
    }
  });
}

/**
 * Where a jump or teaser line leads, the one place a link's target is decided: a jump leaving an
 * article for a page goes to the article the edition's links name for it there; the link is resolved
 * when the target page is in the frames and the target article, when named, has a part on it.
 */
export function linkTarget(
  link: FrameLink,
  from: { page: number; article: string | null },
  links: Link[],
  parts: Map<number, Set<string>>,
): FrameLink {
  const out: FrameLink = { ...link };
  if (out.kind === 'jump' && out.page != null) {
    const found = links.find((l) => l.kind === 'jump' && l.from.page === from.page && l.from.article === from.article && l.to.page === out.page);
    if (found) {
      out.article = found.to.article;
      out.resolved = found.resolved;
    }
  }
  const there = out.page == null ? undefined : parts.get(out.page);
  out.resolved = out.resolved && there !== undefined && (out.article == null || there.has(out.article));
  return out;
}

/** The continuation is placed on page pc: fix the out jump's page, add the jumps and the link. */
function settleJump(ctx: Ctx, ed: Edition, p: PendingJump, pc: PageCtx): void {
  const to = pc.number;
  const text = jumpText('out', to, p.mark);
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
  if (fl?.link) fl.link.page = to;
  p.outJump.page = to;
  p.outJump.text = text;
  const art = p.article;
  art.jumps.push(p.outJump);
  art.jumps.push({ direction: 'in', page: p.fromPage, mark: p.mark, text: jumpText('in', p.fromPage, p.mark), generated: true });
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

/** One diagnostic per character the fonts lack, per article (the character is still drawn). */
function missingGlyphs(ctx: Ctx, ed: Edition, frames: FramePage[]): void {
  const seen = new Set<string>();
  const cache = new Map<string, boolean>();
  const sourceOf = new Map<string, { file: string; line: number | null; column: number | null }>();
  ed.pages.forEach((p) => {
    for (const a of p.articles) sourceOf.set(a.id, { file: p.source.file, line: a.source?.line ?? null, column: a.source?.column ?? null });
  });
  frames.forEach((fp, i) => {
    const file = ed.pages[i]?.source.file ?? '';
    for (const b of fp.boxes) {
      for (const l of b.lines) {
        for (const ch of l.text) {
          const cp = ch.codePointAt(0)!;
          if (/\s/u.test(ch)) continue;
          const key = `${l.font}|${cp}`;
          let has = cache.get(key);
          if (has === undefined) {
            has = ctx.fonts.hasGlyph(l.font, cp);
            cache.set(key, has);
          }
          if (has) continue;
          const seenKey = `${cp}|${b.article ?? ''}`;
          if (seen.has(seenKey)) continue;
          seen.add(seenKey);
          const src = b.article ? sourceOf.get(b.article) : undefined;
          const hex = cp.toString(16).toUpperCase().padStart(4, '0');
          ctx.diagnostics.push({
            file: src?.file ?? file,
            line: src?.line ?? null,
            column: src?.column ?? null,
            severity: 'warning',
            rule: 'missing-glyph',
            message: `character “${ch}” (U+${hex}) has no glyph in font ${l.font}${b.article ? ` (article ${b.article})` : ` (page ${fp.number})`}`,
            page: fp.number,
            article: b.article,
          });
        }
      }
    }
  });
}
