/**
 * Frames: the one positioned result of layout. Every renderer (PDF, HTML, images) draws these and
 * nothing else, so every renderer breaks every line identically. Units are PDF points (1/72 in),
 * origin top-left of the page, y growing downwards; a line's `y` is its baseline.
 */

/** What a line of text is, for styling and for the report. */
export type LineRole =
  | 'masthead'
  | 'masthead-meta'
  | 'ear'
  | 'banner'
  | 'banner-sub'
  | 'teaser'
  | 'teaser-head'
  | 'logo'
  | 'kicker'
  | 'headline-lead'
  | 'headline'
  | 'headline-small'
  | 'deck'
  | 'byline'
  | 'body'
  | 'subhead'
  | 'list'
  | 'callout'
  | 'quote'
  | 'caption'
  | 'credit'
  | 'jump'
  | 'folio'
  | 'page-credit';

/**
 * The box every line of text occupies, in em of its size: the ideographic em box, `top` above the
 * baseline and `bottom` below it. PDF tags, ALTO, HTML hit areas and images all use this one box.
 */
export const LINE_BOX = { top: 0.88, bottom: 0.12 } as const;

/**
 * Where a cross-page reference leads, resolved once by the layout for printed and generated jumps and
 * teasers alike. Renderers link `resolved` lines and never look the target up themselves.
 */
export interface FrameLink {
  kind: 'jump' | 'teaser';
  /** The target page's printed number, as the reference names it, or null when it names no page. */
  page: number | null;
  /**
   * The target page's `FramePage.code` once the layout resolved the link (the page's printed code,
   * "B01", when it is not in the frames); renderers link to this page and name it by it.
   */
  code?: string | null;
  /** The target article's id (its part on `page` when it has several), or null for the page itself. */
  article: string | null;
  /** True when `code` is a page of this edition's frames (and `article`, when given, has a part there). */
  resolved: boolean;
}

/**
 * What a line belongs to in its article, so renderers never infer structure from geometry or text:
 * `block` is the index of the model block (Article.body) the line sets, `item` the list item within a
 * list block, and `start` marks the first line of that block or item as set on this page (false on a
 * line that continues a block begun in an earlier column, part or page).
 */
export interface LinePart {
  block: number;
  item?: number;
  start: boolean;
}

/** A font role names a font in fonts/manifest.json (serif body, heavy sans headlines …). */
export type FontRole = string;

export interface FrameLine {
  /** The exact string drawn on this line. */
  text: string;
  role: LineRole;
  /** Left edge of the line box and baseline, in points. */
  x: number;
  y: number;
  /** Width the line occupies once set (justified lines: the column width). */
  width: number;
  /** Font size in points. */
  size: number;
  font: FontRole;
  /**
   * x offset from `x` of every character (by code point) of `text`, in points. Renderers place each
   * glyph here; this carries justification, punctuation compression and Han–Latin spacing.
   */
  xs: number[];
  /** Grey level of the text, 0 (black, the default) .. 1 (white), from the role's style. */
  gray?: number;
  /** A cross-page reference drawn on this line (jump or teaser), for links in PDF and HTML. */
  link?: FrameLink;
  /** Body lines (body, subhead, list, callout, quote, caption, credit): the block they set. */
  part?: LinePart;
  /** Caption and credit lines: the `figure` id of the photo box they belong to. */
  figure?: string;
}

export type BoxKind =
  | 'masthead'
  | 'folio'
  | 'banner'
  | 'teasers'
  | 'article'
  | 'photo'
  | 'credits'
  | 'rule';

export interface FrameBox {
  kind: BoxKind;
  /** The article (model id) this box belongs to, or null. */
  article: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: FrameLine[];
  /** Photos: the image file to fit into the box, or null for a neutral placeholder. */
  image?: { file: string | null; alt: string | null } | null;
  /** Photos: an id unique in the edition ("p1-a2#3": article and block index), named by caption lines. */
  figure?: string;
}

export interface PageReport {
  /** Share of the type area covered by boxes, 0..1. */
  fill: number;
  /** Lines that start or end with a character 禁则 forbids there. */
  kinsokuViolations: number;
  /** Justified lines whose gaps had to open by more than the allowed amount. */
  looseLines: number;
  /** Paragraph last lines holding a single character (孤字). */
  orphans: number;
  /** Continuations created on this page ("▶下转"). */
  continuations: number;
}

export interface FramePage {
  /** Page number as printed (1-based; sections each count from 1). */
  number: number;
  /**
   * The page's identity, unique in the edition: the model page's code ("A01") when known, else its
   * number in two digits ("01"). Files, URLs, destinations and links name the page by it.
   */
  code: string;
  width: number;
  height: number;
  boxes: FrameBox[];
  report: PageReport;
}
