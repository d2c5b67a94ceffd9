/**
 * The shapes composition passes around: headings, photo bands, module variants and fits, items to
 * place, pending continuations.
 */
import type { Article, Block, Jump } from '../../model/schema.js';
import type { FrameLine } from '../types.js';
import type { Flow } from './columns.js';
import type { LineSpec } from './context.js';
import type { Fig, Piece } from './pieces.js';

export type HeadlineRole = 'headline-lead' | 'headline' | 'headline-small';

/** A thin rectangle relative to a module's top-left corner, pt. */
export interface RuleRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Heading {
  rows: number;
  lines: LineSpec[];
  penalty: number;
  /** Rules drawn with the heading (the frame around a column logo). */
  rules: RuleRect[];
}

export interface PhotoPlace {
  block: Block;
  fig: Fig;
  col: number;
  span: number;
  top: number;
  imgRows: number;
  rows: number;
  captions: LineSpec[];
}

export interface Band {
  offs: number[];
  photos: PhotoPlace[];
}

/** How a module is made taller than its text needs, in grid lines. */
export interface Fit {
  /** Blank lines between the heading and the body. */
  air: number;
  /** Lines added to the first photo across the top. */
  grow: number;
  /** Lines added to the flexible pieces of the body (photos in the flow, air around subheads and callouts). */
  flex: number;
  /** Body lines beyond the balanced height (the last column gets them). */
  extra: number;
  /** Photos spanning columns in the flow kept at their span where a lower body would set them one column wide. */
  wide?: boolean;
  /** A blank line above the heading, under the rule: the module set a line lower in its box, where no other way makes it that tall. */
  drop?: number;
}

export const NO_FIT: Fit = { air: 0, grow: 0, flex: 0, extra: 0 };

/** One way to stretch a module: its fit and what it costs (white cells left inside and the means used). */
export interface Stretch {
  fit: Fit;
  cost: number;
  /** Lines the last column is then short. */
  short: number;
  /** White lines then left at the foot of each column of the module. */
  foot: number[];
}

export interface Variant {
  k: number;
  head: Heading;
  band: Band;
  /** The body pieces as flowed (grown when the fit says so). */
  pieces: Piece[];
  /** Body height (grid lines, photos included) and module height. */
  H: number;
  rows: number;
  flow: Flow;
  /** Cells inside the module left white, and the white lines at the foot of each of its columns. */
  white: number;
  foot: number[];
  /**
   * Lines the last column holding text is short of the module's foot, or the white cells at the foot
   * of neighbouring columns joined when more (what may read as a hole); and the last column holding
   * text (-1: none).
   */
  short: number;
  lastCol: number;
  penalty: number;
  fit: Fit;
  /** The text set in one column across the module's columns (a few lines in a module of two columns, across.ts). */
  across?: boolean;
}

/** A continuation waiting for its page: the jump line and model jump to fix once the page is known. */
export interface PendingJump {
  articleId: string;
  fromPage: number;
  /** The printed code of the page the article leaves (null when the page has none). */
  fromCode: string | null;
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

export interface Item {
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
  /**
   * The variant, heading and stretch tables of each composition mode the item was tried in (items.ts
   * useMode); variants, heads and stretch are those of the current mode.
   */
  modes?: Map<string, ItemTables>;
  file: string;
  /** An article's page number as its diagnostics name it (its text may be set again at another measure). */
  pageNo?: number;
  /** Body pieces set across k columns in one (index k), set on first use. */
  across?: (Piece[] | undefined)[];
}

/** An item's tables in one composition mode. */
export interface ItemTables {
  variants: Item['variants'];
  heads: Item['heads'];
  stretch: Item['stretch'];
}
