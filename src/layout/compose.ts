/**
 * Page composition: lays the articles of an edition out on the template's column grid and baseline
 * grid, and returns the positioned frames every renderer draws (pure: no I/O).
 *
 * Each page gets a header band (masthead or folio, teasers, banner), then the articles as rectangular
 * modules spanning whole columns. The module sizes and positions come from a beam search over column
 * spans, each module going into the lowest fitting slot of a skyline over the columns (continuations
 * carried in from the page before go to the foot of the page first); the cost is the white space left
 * on the page plus penalties (cuts, headlines over two lines, shallow or cramped modules). Articles
 * that do not fit are cut at a line and continued on the next page under a short headline, with
 * generated jump lines, jumps and links; at most two cuts per page, other articles move whole.
 */
import type { Article, Block, Diagnostic, Edition, Folio, Jump, Link, Page } from '../model/schema.js';
import type { FontSet } from './fonts.js';
import type { StyleRole, Template } from './template-schema.js';
import { isOrphanLine, kinsokuViolations, setParagraph, type SetLine } from './text.js';
import type { BoxKind, FrameBox, FrameLine, FramePage, LineRole, PageReport } from './types.js';

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

/** Top of the ideographic em box above the baseline, in em. */
const EM_TOP = 0.88;
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
const CARRY_COST = 0.05;
/** Cost of moving a whole article to a later page. */
const MOVE_COST = 600;
/** Cost per headline line beyond two. */
const HEADLINE_LINE_COST = 80;
/** Cost of a multi-column module whose columns hold fewer than MIN_COLUMN_LINES lines. */
const CRAMPED_COST = 40;
const MIN_COLUMN_LINES = 4;
/** Fill below which a page (other than the last) gets an 'underfilled-page' warning. */
const FILL_TARGET = 0.95;
/** Headline sizes tried, as factors of the role's size, before accepting more than two lines. */
const HEADLINE_STEPS = [1, 0.9, 0.8, 0.7, 0.6];
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
/** Placeholder aspect ratio (width / height) of photos without a known image size. */
const PLACEHOLDER_ASPECT = 4 / 3;

type Align = 'justify' | 'start' | 'center' | 'end';
type HeadlineRole = 'headline-lead' | 'headline' | 'headline-small';
type LinkInfo = NonNullable<FrameLine['link']>;

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
    baseOff: (B - body) / 2 + EM_TOP * body,
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
  link?: LinkInfo;
}

interface Ctx {
  /** The edition's links (for jumps printed in the source). */
  links: Link[];
  t: Template;
  fonts: FontSet;
  g: Grid;
  options: LayoutOptions;
  diagnostics: Diagnostic[];
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
  o: { align?: Align; size?: number; link?: LinkInfo } = {},
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
  if (o.link) out.link = o.link;
  return out;
}

/** Baseline of line i of a block with the given leading and size, from the block's top. */
function blockBaseline(i: number, leading: number, size: number): number {
  return i * leading + (leading - size) / 2 + EM_TOP * size;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
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

function bodyPieces(ctx: Ctx, art: Article, file: string): Piece[] {
  const { g } = ctx;
  const W = g.colW;
  const out: Piece[] = [];
  const paragraphDiagnostics = (b: Block, lines: SetLine[]) => {
    const where = b.source ?? art.source;
    const kin = kinsokuViolations(lines.map((l) => l.text));
    const loose = lines.filter((l) => l.loose && !l.last).length;
    const last = lines[lines.length - 1];
    const diag = (severity: 'warning' | 'info', rule: string, message: string) =>
      ctx.diagnostics.push({ file, line: where?.line ?? null, column: where?.column ?? null, severity, rule, message });
    if (kin > 0) diag('warning', 'kinsoku', `article ${art.id}: ${kin} line(s) start or end with a character 禁则 forbids there`);
    if (loose > 0) diag('info', 'loose-line', `article ${art.id}: ${loose} justified line(s) spaced wider than allowed`);
    if (lines.length >= 2 && last && isOrphanLine(last.text))
      diag('warning', 'orphan', `article ${art.id}: paragraph ends with a single character on its last line (孤字)`);
  };
  for (const b of art.body) {
    switch (b.type) {
      case 'paragraph':
      case 'quote': {
        const role = b.type === 'quote' ? 'quote' : 'body';
        const inset = b.type === 'quote' ? ctx.t.styles.quote.size : 0;
        const lines = setText(ctx, b.text, role, W - 2 * inset);
        paragraphDiagnostics(b, lines);
        lines.forEach((l, i) => {
          const s = spec(ctx, l, role, role, W - 2 * inset, inset, g.baseOff);
          out.push(linePiece(s, l, i, lines.length, ctx.t.styles[role].align === 'justify'));
        });
        break;
      }
      case 'subhead': {
        const st = ctx.t.styles.subhead;
        const lines = setText(ctx, b.text, 'subhead', W, { align: 'start' });
        if (lines.length === 0) break;
        if (out.length > 0) out.push({ ...blockPiece(1, [], false), spacer: true });
        if (st.leading <= g.B + 0.01) {
          const specs = lines.map((l, i) => spec(ctx, l, 'subhead', 'subhead', W, 0, i * g.B + g.baseOff));
          out.push(blockPiece(lines.length, specs, true));
        } else {
          const rows = Math.ceil((lines.length * st.leading) / g.B - 1e-6);
          const top = (rows * g.B - lines.length * st.leading) / 2;
          const specs = lines.map((l, i) => spec(ctx, l, 'subhead', 'subhead', W, 0, top + blockBaseline(i, st.leading, st.size)));
          out.push(blockPiece(rows, specs, true));
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
            spec(ctx, l, 'callout', 'callout', W - 2 * inset, inset, top + blockBaseline(i, st.leading, st.size), { align: 'center' }),
          );
          out.push(blockPiece(rows, specs, false));
        } else {
          lines.forEach((l) => {
            const dy = (perLine * g.B - st.leading) / 2 + blockBaseline(0, st.leading, st.size);
            const s = spec(ctx, l, 'callout', 'callout', W - 2 * inset, inset, dy, { align: 'center' });
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
            const s = spec(ctx, l, 'list', 'list', W - hang, hang, g.baseOff);
            const extra = i === 0 && mLine ? [spec(ctx, mLine, 'list', 'list', hang, 0, g.baseOff, { align: 'start' })] : [];
            out.push(linePiece(s, l, i, lines.length, st.align === 'justify', extra));
          });
        });
        break;
      }
      case 'photo':
        break;
    }
  }
  return out;
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
  used: number;
}

interface Flow {
  cols: ColFlow[];
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

/** Fills the columns in order, each up to its capacity in grid lines, breaking only where allowed. */
function flow(pieces: Piece[], from: number, caps: number[]): Flow {
  const n = pieces.length;
  let i = from;
  const cols: ColFlow[] = [];
  for (const cap of caps) {
    // A subhead's blank line never opens a column.
    while (i < n && pieces[i]!.spacer) i++;
    const start = i;
    let used = 0;
    while (i < n && used + pieces[i]!.rows <= cap) {
      used += pieces[i]!.rows;
      i++;
    }
    if (i < n && i > start) {
      let b = i;
      while (b > start && !canBreak(pieces, b)) b--;
      if (b > start) {
        for (let q = b; q < i; q++) used -= pieces[q]!.rows;
        i = b;
      }
    }
    cols.push({ start, end: i, used });
  }
  return { cols, next: i };
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
  if (pieces.length === 0) return { H: maxOff, flow: { cols: offs.map(() => ({ start: 0, end: 0, used: 0 })), next: 0 } };
  let maxPiece = 0;
  for (const p of pieces) maxPiece = Math.max(maxPiece, p.rows);
  const offSum = offs.reduce((a, b) => a + b, 0);
  let H = Math.max(Math.ceil((total + offSum) / k), maxPiece + Math.min(...offs));
  const limit = total + maxOff + maxPiece + 2;
  let best: { H: number; flow: Flow; bad: number } | null = null;
  for (; H <= limit; H++) {
    const caps = offs.map((o) => Math.max(0, H - o));
    const f = flow(pieces, 0, caps);
    if (f.next !== pieces.length) continue;
    // Columns before the last should end within one line of the module's foot; try a little taller.
    const bad = shortfall(pieces, f, caps);
    if (!best || bad < best.bad) best = { H: Math.max(H, maxOff), flow: f, bad };
    if (bad <= 1 || H >= best.H + 3) break;
  }
  if (best) return { H: best.H, flow: best.flow };
  const f = flow(pieces, 0, offs.map((o) => Math.max(0, limit - o)));
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

interface Heading {
  rows: number;
  lines: LineSpec[];
  penalty: number;
}

interface PhotoPlace {
  block: Block;
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

interface Variant {
  k: number;
  head: Heading;
  band: Band;
  /** Body height (grid lines, photos included) and module height. */
  H: number;
  rows: number;
  flow: Flow;
  /** Cells inside the module left white. */
  white: number;
  penalty: number;
  /** Lines the photos may grow by when the module is stretched, and the columns they span. */
  growMax: number;
  growSpan: number;
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
  if ([...h].length <= 12) return h;
  const parts = h.split(/[\s\u3000，,：:；;！!？?—]+/).filter((s) => s.length > 0);
  const first = parts[0] ?? h;
  const len = [...first].length;
  if (len >= 4 && len <= 14) return first;
  return [...h].slice(0, 12).join('');
}

function heading(ctx: Ctx, item: Item, k: number): Heading {
  const { g, t } = ctx;
  const W = spanW(g, k);
  const art = item.article;
  type El = { lines: SetLine[]; style: StyleRole; role: LineRole; size: number; leading: number; align: Align; link?: LinkInfo };
  const els: El[] = [];
  let penalty = 0;
  const add = (text: string | null | undefined, style: StyleRole, role: LineRole, o: { align?: Align; link?: LinkInfo } = {}) => {
    const st = t.styles[style];
    const lines = setText(ctx, text, style, W, { align: 'start', indent: 0 });
    if (lines.length === 0) return;
    const el: El = { lines, style, role, size: st.size, leading: st.leading, align: o.align ?? (st.align === 'justify' ? 'start' : st.align) };
    if (o.link) el.link = o.link;
    els.push(el);
  };
  const addHeadline = (text: string | null | undefined, style: HeadlineRole) => {
    if (!text) return;
    const st = t.styles[style];
    // The role's size in steps, then the small headline's sizes in steps, until two lines hold it.
    const small = t.styles['headline-small'].size;
    const sizes = HEADLINE_STEPS.map((f) => st.size * f);
    for (const f of HEADLINE_STEPS) if (small * f < sizes[sizes.length - 1]! - 0.01) sizes.push(small * f);
    let lines: SetLine[] = [];
    let size = st.size;
    for (const [i, sz] of sizes.entries()) {
      size = sz;
      lines = setText(ctx, text, style, W, { align: 'start', indent: 0, size });
      if (lines.length <= 2) {
        penalty += i * HEADLINE_STEP_COST;
        break;
      }
    }
    if (lines.length > 2) penalty += sizes.length * HEADLINE_STEP_COST;
    if (lines.length === 2) lines = balanceLines(ctx, text, style, W, size, lines);
    const f = size / st.size;
    penalty += Math.max(0, lines.length - 2) * HEADLINE_LINE_COST;
    els.push({
      lines,
      style,
      role: 'headline',
      size,
      leading: st.leading * f,
      align: st.align === 'justify' ? 'start' : st.align,
    });
  };
  if (art && item.kind === 'article') {
    add(art.logo, 'logo', 'logo');
    add(art.kicker, 'kicker', 'kicker');
    addHeadline(art.headline, item.headRole);
    add(art.deck, 'deck', 'deck');
    add(bylineText(art), 'byline', 'byline');
    for (const j of art.jumps) {
      if (j.direction !== 'in' || j.generated) continue;
      add(j.text, 'jump', 'jump', { align: 'end', link: sourceJumpLink(ctx, art, j) });
    }
  } else if (art && item.kind === 'cont' && item.pending) {
    addHeadline(shortHeadline(art), 'headline-small');
    const p = item.pending;
    add(`▲上接${pad2(p.fromPage)}版${p.mark}`, 'jump', 'jump', {
      align: 'end',
      link: { kind: 'jump', page: p.fromPage, article: art.id, resolved: true },
    });
  }
  if (els.length === 0) return { rows: 0, lines: [], penalty };
  let total = 0;
  for (const e of els) total += e.lines.length * e.leading;
  const rows = Math.ceil((total + 0.4 * g.B) / g.B - 1e-6);
  const lines: LineSpec[] = [];
  let cur = 0;
  for (const e of els) {
    e.lines.forEach((l, i) => {
      const o: { align: Align; size: number; link?: LinkInfo } = { align: e.align, size: e.size };
      if (e.link) o.link = e.link;
      lines.push(spec(ctx, l, e.style, e.role, W, 0, cur + blockBaseline(i, e.leading, e.size), o));
    });
    cur += e.lines.length * e.leading;
  }
  return { rows, lines, penalty };
}

/** Two-line headlines: the narrowest measure that still takes two lines, so the lines are even. */
function balanceLines(ctx: Ctx, text: string, style: StyleRole, W: number, size: number, lines: SetLine[]): SetLine[] {
  let lo = W / 2;
  let hi = W;
  let best = lines;
  for (let i = 0; i < 6; i++) {
    const mid = (lo + hi) / 2;
    const trial = setText(ctx, text, style, mid, { align: 'start', indent: 0, size });
    if (trial.length <= 2) {
      best = trial;
      hi = mid;
    } else lo = mid;
  }
  return best;
}

/** Photos across the top of the module's body, left to right, wrapping when the columns run out. */
function photoBand(ctx: Ctx, photos: Block[], k: number, bodyRows: number, grow = 0): Band {
  const { g, t } = ctx;
  const offs: number[] = new Array(k).fill(0);
  const placed: PhotoPlace[] = [];
  const n = photos.length;
  if (n === 0) return { offs, photos: placed };
  const aspectOf = (p: Block) => {
    const size = p.src ? ctx.options.images?.[p.src] : undefined;
    return size && size.width > 0 && size.height > 0 ? size.width / size.height : PLACEHOLDER_ASPECT;
  };
  const rowsAt = (p: Block, span: number) => Math.max(3, Math.round(spanW(g, span) / aspectOf(p) / g.B));
  let span1 = n === 1 ? (k <= 2 ? k : Math.max(2, Math.round(k * 0.6))) : Math.max(1, Math.floor(k / Math.min(n, k)));
  // A photo is no taller than about two thirds of the text's column depth (one column at least).
  const depth = (PHOTO_DEPTH * bodyRows) / k;
  while (span1 > 1 && photos.some((p) => rowsAt(p, span1) > depth)) span1--;
  let col = 0;
  photos.forEach((p, idx) => {
    const span = Math.min(span1, k);
    if (col + span > k) col = 0;
    let top = 0;
    for (let j = col; j < col + span; j++) top = Math.max(top, offs[j]!);
    const w = spanW(g, span);
    const imgRows = rowsAt(p, span) + (idx === 0 ? grow : 0);
    const cap = setText(ctx, p.caption, 'caption', w);
    const cred = setText(ctx, p.credit, 'credit', w, { align: 'start' });
    const cs = t.styles.caption;
    const crs = t.styles.credit;
    const capH = cap.length * cs.leading + cred.length * crs.leading;
    const capRows = capH > 0 ? Math.ceil((capH + 0.6 * g.B) / g.B - 1e-6) : 1;
    const captions: LineSpec[] = [];
    let cur = imgRows * g.B + 0.25 * g.B;
    cap.forEach((l, i) => captions.push(spec(ctx, l, 'caption', 'caption', w, 0, cur + blockBaseline(i, cs.leading, cs.size))));
    cur += cap.length * cs.leading;
    cred.forEach((l, i) =>
      captions.push(spec(ctx, l, 'credit', 'credit', w, 0, cur + blockBaseline(i, crs.leading, crs.size), { align: crs.align === 'justify' ? 'end' : crs.align })),
    );
    const rows = imgRows + capRows;
    for (let j = col; j < col + span; j++) offs[j] = top + rows;
    placed.push({ block: p, col, span, top, imgRows, rows, captions });
    col += span;
  });
  return { offs, photos: placed };
}

function computeVariant(ctx: Ctx, item: Item, k: number, grow = 0): Variant | null {
  const head = heading(ctx, item, k);
  const band = photoBand(ctx, item.photos, k, item.bodyRows, grow);
  const { H, flow: f } = balance(item.pieces, band.offs);
  let white = 0;
  f.cols.forEach((c, j) => (white += Math.max(0, H - band.offs[j]! - c.used)));
  let penalty = head.penalty;
  if (k > 1 && item.bodyRows / k < MIN_COLUMN_LINES) penalty += CRAMPED_COST * (k - 1);
  // Newspaper columns of a module read best at some depth; a few lines under a photo read badly.
  if (k > 1) penalty += SHALLOW_COST * Math.max(0, GOOD_DEPTH - H) * (k - 1);
  band.offs.forEach((o) => {
    if (o > 0 && H - o > 0 && H - o < MIN_COLUMN_LINES + 1) penalty += FRAGMENT_COST;
  });
  if (item.lead) penalty += LEAD_NARROW_COST * Math.max(0, Math.ceil(0.6 * ctx.g.cols) - k);
  const first = band.photos[0];
  return {
    k,
    head,
    band,
    H,
    rows: head.rows + H,
    flow: f,
    white,
    penalty,
    growMax: first ? Math.floor(first.imgRows * PHOTO_GROWTH) : 0,
    growSpan: first ? first.span : 0,
  };
}

function variantOf(ctx: Ctx, item: Item, k: number): Variant | null {
  let v = item.variants[k];
  if (v === undefined) {
    v = computeVariant(ctx, item, k);
    item.variants[k] = v;
  }
  return v;
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

function arrange(ctx: Ctx, items: Item[], R: number, relaxed: boolean): State {
  return beamSearch(ctx, items, R, relaxed);
}

/** A child of a beam state, evaluated without copying the state. */
interface Cand {
  parent: State;
  place: Place | null;
  /** The item moved to a later page instead, or -1. */
  moved: number;
  cost: number;
  lead: boolean;
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

function beamSearch(ctx: Ctx, items: Item[], R: number, relaxed: boolean): State {
  const C = ctx.g.cols;
  let states: State[] = [emptyState(C, R)];
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
          const c = item.anchor === 'bottom' ? placeAtFoot(s, idx, item, v, col, relaxed) : placeInto(s, idx, item, v, col, relaxed);
          if (!c) continue;
          cands.push({ parent: s, place: c.place, moved: -1, cost: c.cost, lead: item.lead });
        }
      }
      if (!item.lead || relaxed) {
        const cost = s.cost + MOVE_COST + item.bodyRows * 0.5;
        cands.push({ parent: s, place: null, moved: idx, cost, lead: false });
      }
    }
    // The best child per skyline shape, then the best BEAM of those.
    cands.sort((a, b) => a.cost - b.cost);
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
  for (let c = 0; c + k <= C; c++) {
    let base = 0;
    for (let j = c; j < c + k; j++) base = Math.max(base, s.sky[j]!);
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
  }
  const out: number[] = [];
  if (lowest >= 0) out.push(lowest);
  if (tight >= 0 && tight !== lowest) out.push(tight);
  return out;
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

function placeInto(s: State, idx: number, item: Item, v: Variant, col: number, relaxed: boolean): { place: Place; cost: number } | null {
  const k = v.k;
  let base = 0;
  let limit = Infinity;
  for (let j = col; j < col + k; j++) {
    base = Math.max(base, s.sky[j]!);
    limit = Math.min(limit, usableFloor(s, j));
  }
  const rule = base > 0;
  const top = rule ? base + 1 : 0;
  if (item.lead && top !== 0) return null;
  let hole = 0;
  for (let j = col; j < col + k; j++) hole += base - s.sky[j]!;
  const avail = limit - top;
  if (avail <= 0) return null;
  let rows: number;
  let cut = false;
  let cost = s.cost + hole + v.penalty;
  if (v.rows <= avail) {
    rows = v.rows;
    cost += v.white;
  } else {
    if (s.cuts >= MAX_CUTS) return null;
    const c = cutCheck(item, v, avail, relaxed);
    if (!c) return null;
    rows = avail;
    cut = true;
    cost += CUT_COST + CARRY_COST * c.carried;
  }
  return { place: { item: idx, k, col, top, rule, rows, cut, bottom: false }, cost };
}

/** Sets a module on the foot of its columns (or as high as it must go); the rule line goes above it. */
function placeAtFoot(s: State, idx: number, item: Item, v: Variant, col: number, relaxed: boolean): { place: Place; cost: number } | null {
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
  if (avail <= 0) return null;
  let rows: number;
  let cut = false;
  let cost = s.cost + hole + v.penalty;
  if (v.rows <= avail) {
    rows = v.rows;
    cost += v.white;
  } else {
    if (s.cuts >= MAX_CUTS) return null;
    const c = cutCheck(item, v, avail, relaxed);
    if (!c) return null;
    rows = avail;
    cut = true;
    cost += CUT_COST + CARRY_COST * c.carried;
  }
  const top = bottom - rows;
  return { place: { item: idx, k, col, top, rule: top > 0, rows, cut, bottom: true }, cost };
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
  for (let j = 0; j < s.sky.length; j++) {
    cost += freeBelow(s, j);
    if (j > 0) cost += RAGGED_COST * Math.abs(freeBelow(s, j) - freeBelow(s, j - 1));
  }
  for (const i of exposed(s)) {
    const p = s.places[i]!;
    if (p.cut) continue;
    let gap = Infinity;
    for (let j = p.col; j < p.col + p.k; j++) gap = Math.min(gap, freeBelow(s, j));
    const v = variantOf(ctx, items[p.item]!, p.k);
    if (gap > 0 && v) cost -= Math.min(gap, v.growMax) * v.growSpan;
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
  if (s.link) line.link = { ...s.link };
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

/** The teasers (导读) as a strip across the page: the label, then one cell per teaser. */
function composeTeasers(pc: PageCtx, edition: Edition, row: number): number {
  const { ctx, page } = pc;
  const { g, t } = ctx;
  if (page.teasers.length === 0) return 0;
  const W = g.width;
  const ts = t.styles.teaser;
  const hs = t.styles['teaser-head'];
  const head = setText(ctx, '导读', 'teaser-head', W, { align: 'start', indent: 0 })[0];
  const labelW = head ? head.width + hs.size : 0;
  const n = page.teasers.length;
  const perRow = Math.min(n, Math.max(1, Math.floor(g.cols / 2)));
  const cellW = (W - labelW - (perRow - 1) * g.gutter) / perRow;
  const y = g.y0 + row * g.B;
  const lines: FrameLine[] = [];
  const top = 0.2 * g.B;
  if (head) lines.push(toFrameLine(spec(ctx, head, 'teaser-head', 'teaser-head', labelW, 0, top + blockBaseline(0, hs.leading, hs.size), { align: 'start' }), g.x0, y));
  let cur = top;
  for (let first = 0; first < n; first += perRow) {
    let rowH = 0;
    page.teasers.slice(first, first + perRow).forEach((tz, j) => {
      const cx = g.x0 + labelW + j * (cellW + g.gutter);
      let h = cur;
      const hl = setText(ctx, tz.headline, 'teaser', cellW, { indent: 0 });
      hl.forEach((l, i) => lines.push(toFrameLine(spec(ctx, l, 'teaser', 'teaser', cellW, 0, h + blockBaseline(i, ts.leading, ts.size)), cx, y)));
      h += hl.length * ts.leading;
      const refText = tz.page != null ? `见${pad2(tz.page)}版` : tz.text;
      if (refText) {
        const link = edition.links.find(
          (lk) => lk.kind === 'teaser' && lk.from.page === pc.number && lk.to.page === tz.page && (tz.article == null || lk.to.article === tz.article),
        );
        const info: LinkInfo = {
          kind: 'teaser',
          page: tz.page,
          article: tz.article ?? link?.to.article ?? null,
          resolved: link ? link.resolved : tz.article != null,
        };
        const ref = setText(ctx, refText, 'teaser', cellW, { align: 'start', indent: 0 });
        ref.forEach((l, i) =>
          lines.push(toFrameLine(spec(ctx, l, 'teaser', 'teaser', cellW, 0, h + blockBaseline(i, ts.leading, ts.size), { align: 'end', link: info }), cx, y)),
        );
        h += ref.length * ts.leading;
      }
      rowH = Math.max(rowH, h - cur);
    });
    cur += rowH + 0.3 * g.B;
  }
  const rows = Math.ceil(cur / g.B - 1e-6);
  pc.boxes.push(box('teasers', null, g.x0, y, W, rows * g.B, lines));
  cover(pc, row, rows, 0, g.cols);
  return rows;
}

function articleItem(ctx: Ctx, art: Article, page: Page, pageIndex: number, lead: boolean, R: number): Item {
  const file = page.source.file;
  const pieces = bodyPieces(ctx, art, file);
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
    photos: art.body.filter((b) => b.type === 'photo'),
    variants: [],
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
  let f = v0.flow;
  let rest: Piece[] = [];
  let pending: PendingJump | undefined;
  const bodyTop = row + v.head.rows;
  let jumpLine: LineSpec | null = null;
  let jumpCol = k - 1;
  if (p.cut) {
    const bodyH = p.rows - v.head.rows;
    const caps = v.band.offs.map((o) => Math.max(0, bodyH - o));
    while (jumpCol > 0 && caps[jumpCol]! <= 0) jumpCol--;
    caps[jumpCol] = Math.max(0, caps[jumpCol]! - 1);
    f = flow(item.pieces, 0, caps);
    rest = item.pieces.slice(f.next);
    const art = item.article!;
    pc.marks += 1;
    const mark = circled(pc.marks);
    const text = `▶下转${pad2(nextPageNo)}版${mark}`;
    jumpLine = jumpSpec(ctx, text, g.colW, (bodyH - 1) * g.B + g.baseOff, { kind: 'jump', page: nextPageNo, article: art.id, resolved: true });
    const outJump: Jump = { direction: 'out', page: nextPageNo, mark, text, generated: true };
    pending = { articleId: art.id, fromPage: pc.number, fromPageIndex: pc.pageIndex, mark, outSpec: jumpLine, outJump, colWidth: g.colW, article: art };
    pc.report.continuations += 1;
  } else {
    const stretch = p.rows - v.rows;
    if (stretch > 0 && v.growMax > 0) {
      for (let grow = Math.min(stretch, v.growMax); grow > 0; grow--) {
        const cand = computeVariant(ctx, item, k, grow);
        if (cand && cand.rows <= p.rows) {
          v = cand;
          f = cand.flow;
          break;
        }
      }
    }
  }
  const art = item.article!;
  const lines: FrameLine[] = v.head.lines.map((s) => toFrameLine(s, x, y));
  cover(pc, row, v.head.rows, p.col, k);
  const photoBoxes: FrameBox[] = [];
  for (const ph of v.band.photos) {
    const px = colX(g, p.col + ph.col);
    const py = g.y0 + (bodyTop + ph.top) * g.B;
    const pw = spanW(g, ph.span);
    const ib = box('photo', art.id, px, py, pw, ph.imgRows * g.B - 0.25 * g.B);
    ib.image = { file: ph.block.src ?? null, alt: ph.block.caption ?? null };
    photoBoxes.push(ib);
    for (const s of ph.captions) lines.push(toFrameLine(s, px, py));
    cover(pc, bodyTop + ph.top, ph.rows, p.col + ph.col, ph.span);
  }
  f.cols.forEach((c, j) => {
    const cx = colX(g, p.col + j);
    let r = v.band.offs[j]!;
    cover(pc, bodyTop + r, c.used, p.col + j, 1);
    for (let i = c.start; i < c.end; i++) {
      const piece = item.pieces[i]!;
      const py = g.y0 + (bodyTop + r) * g.B;
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
  pc.boxes.push(...photoBoxes);
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

function newPageAfter(ed: Edition, source: Page): Page {
  const last = ed.pages[ed.pages.length - 1]!;
  const number = (last.number ?? ed.pages.length) + 1;
  const date = ed.date ?? source.date;
  return {
    number,
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
  const ctx: Ctx = { links: ed.links, t: template, fonts, g, options, diagnostics: [] };
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

    let best = arrange(ctx, items, R, false);
    if (best.places.length === 0 && items.length > 0) best = arrange(ctx, items, R, true);
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
    });
  });
  missingGlyphs(ctx, ed, frames);
  return { edition: ed, pages: frames, diagnostics: ctx.diagnostics };
}

/** The continuation is placed on page pc: fix the out jump's page, add the jumps and the link. */
function settleJump(ctx: Ctx, ed: Edition, p: PendingJump, pc: PageCtx): void {
  const to = pc.number;
  const text = `▶下转${pad2(to)}版${p.mark}`;
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
  art.jumps.push({ direction: 'in', page: p.fromPage, mark: p.mark, text: `▲上接${pad2(p.fromPage)}版${p.mark}`, generated: true });
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
          });
        }
      }
    }
  });
}
