/**
 * What every composition step shares: the template, fonts and grid of an edition, and setting text in
 * a style as positioned line specs.
 */
import type { Block, Diagnostic, Link } from '../../model/schema.js';
import type { FontSet } from '../fonts/index.js';
import type { StyleRole, Template } from '../template/schema.js';
import { fullWidthPunctuation, setParagraph, type SetLine } from '../text/index.js';
import { LINE_BOX, type FrameLink, type LinePart, type LineRole } from '../types.js';
import type { Grid } from './grid.js';

export interface LayoutOptions {
  /** Pixel sizes of the image files in the edition's images/ folder, keyed by Block.src. */
  images?: Record<string, { width: number; height: number }>;
  /**
   * Pages whose articles all go on them whole but leave them under 90% filled may go on a smaller format
   * of the template (compose/format.ts). Off unless asked for: `epaper build` asks, the preview does not,
   * so that a page keeps its sheet while it is edited.
   */
  formats?: boolean;
  /** Counts of the placement search's work, added to as pages are composed (for benchmarks). */
  work?: SearchWork;
}

/** The placement search's work: searches run, beam states expanded and children evaluated. */
export interface SearchWork {
  searches: number;
  expansions: number;
  candidates: number;
}

export type Align = 'justify' | 'start' | 'center' | 'end';

export type LinkInfo = FrameLink;

/** A line positioned relative to its block: dx from the block's left edge, dy (baseline) from its top. */
export interface LineSpec {
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

export interface Ctx {
  /** The edition's links (for jumps printed in the source). */
  links: Link[];
  t: Template;
  fonts: FontSet;
  g: Grid;
  options: LayoutOptions;
  diagnostics: Diagnostic[];
  /** A short page: the lead headline may take a larger size and headings get more air. */
  roomy: boolean;
  /** Every item goes on the page whole: the search makes no cuts (smaller formats are tried so). */
  whole?: boolean;
  /** Modules may be stretched by any number of lines their stretch tables allow, not only to a level beside or below (the search again of a page left with a hole). */
  fine?: boolean;
  /**
   * With `fine`, a third search for a hole the second left: each span of the first item keeps a share
   * of the beam (beam.ts), and white no item left can reach ranks a candidate as a hole (dead.ts).
   */
  wary?: boolean;
  /** Headlines measured for their phrase breaks, by style and text. */
  measures: Map<string, HeadMeasure>;
  /** Caption and credit lines of photos, by block and width. */
  captionCache: WeakMap<Block, Map<number, { cap: SetLine[]; cred: SetLine[] }>>;
}

export interface SetOpts {
  align?: Align;
  indent?: number;
  size?: number;
  /** Extra space per gap (em) beyond which a justified line counts as loose. */
  maxStretch?: number;
  /** Exactly this many lines when a setting of that many exists (see SetOptions.lines). */
  lines?: number;
}

/** Sets `text` in the style of `style`; non-justified text is set flush left (callers align it). */
export function setText(ctx: Ctx, text: string | null | undefined, style: StyleRole, width: number, o: SetOpts = {}): SetLine[] {
  if (!text) return [];
  const st = ctx.t.styles[style];
  const align = o.align ?? st.align;
  return setParagraph(fullWidthPunctuation(text), {
    metrics: ctx.fonts.metrics(st.font),
    size: o.size ?? st.size,
    width: Math.max(width, 1),
    indent: o.indent ?? (align === 'justify' ? st.indent : 0),
    align: align === 'justify' ? 'justify' : 'start',
    words: WORD_BREAK_STYLES.has(style),
    maxStretch: o.maxStretch,
    lines: o.lines,
  });
}

/** Styles broken only between words (a headline never breaks inside a word). */
const WORD_BREAK_STYLES = new Set<StyleRole>(['headline-lead', 'headline', 'headline-small', 'deck', 'subhead']);

export function alignDx(align: Align, avail: number, width: number): number {
  if (align === 'center') return Math.max(0, (avail - width) / 2);
  if (align === 'end') return Math.max(0, avail - width);
  return 0;
}

export function spec(
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
export function partOf(block: number, i: number, item?: number): LinePart {
  return item === undefined ? { block, start: i === 0 } : { block, item, start: i === 0 };
}

/** Baseline of line i of a block with the given leading and size, from the block's top. */
export function blockBaseline(i: number, leading: number, size: number): number {
  return i * leading + (leading - size) / 2 + LINE_BOX.top * size;
}

/** A headline's phrases and its natural widths at its style's size: whole, and split before each phrase. */
export interface HeadMeasure {
  parts: string[];
  full: number;
  /** heads[i] / tails[i]: the phrases before / from phrase i, set on one line. */
  heads: number[];
  tails: number[];
}
