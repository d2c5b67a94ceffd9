/**
 * What setting a paragraph takes (metrics, size, measure, indent, alignment) and gives (lines with
 * per-character x offsets).
 */
import type { Metrics } from '../fonts/advances.js';

export type { Metrics };

export interface SetOptions {
  metrics: Metrics;
  /** Font size, pt. */
  size: number;
  /** Measure (column width), pt. */
  width: number;
  /** First-line indent in em (body text uses 2). */
  indent?: number;
  /** Default 'justify'. */
  align?: 'justify' | 'start' | 'center' | 'end';
  /** Max extra space per gap in em before a line counts as loose (default 0.25). */
  maxStretch?: number;
  /** Break only between words (headlines, decks, subheads): no break inside a word of a few characters. */
  words?: boolean;
  /**
   * Set the paragraph in exactly this many lines when a setting of that many exists (TeX's
   * looseness): the cheapest one, lines pushed out where that costs least. Else the usual setting.
   */
  lines?: number;
}

export interface SetLine {
  /** Exact characters on this line. */
  text: string;
  /** x offset in pt of each code point of `text` from the column's left edge. */
  xs: number[];
  /** Width used in pt, from the column's left edge (indent included, alignment offset excluded). */
  width: number;
  /** The paragraph's last line. */
  last: boolean;
  /** Justification needed more than maxStretch per gap. */
  loose: boolean;
}
