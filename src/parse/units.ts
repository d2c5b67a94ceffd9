/**
 * Units: the raw blocks of a reader as the shared newspaper layer sees them — one unit per heading,
 * paragraph, list, picture or printed jump line, with its source position.
 */
import type { Article, Block, Jump, Teaser } from '../model/schema.js';
import type { BlockRole, RawBlock } from './blocks.js';
import { isJumpLine } from './patterns.js';

export interface Problem {
  line: number | null;
  column: number | null;
  severity: 'error' | 'warning' | 'info';
  rule: string;
  message: string;
}

export interface Unit {
  kind: 'heading' | 'para' | 'list' | 'jump' | 'image';
  /** Image URL (image units). */
  src?: string;
  depth: number;
  lines: string[];
  items: string[];
  ordered: boolean;
  strong: boolean;
  quote: boolean;
  jump: Omit<Jump, 'generated'> | null;
  line: number;
  column: number;
  gapBefore: number;
  role?: BlockRole;
  articleStart?: boolean;
  ref?: string;
}

/** Where each jump of the model was printed, for diagnostics at the jump's own line. */
export const jumpPlace = new WeakMap<Jump, { line: number; column: number }>();

/** Where each teaser reference was printed. */
export const teaserPlace = new WeakMap<Teaser, { line: number; column: number }>();

export const text = (u: Unit) => u.lines.join('');
export const spaced = (u: Unit) => u.lines.join(' ');

export function unitsFrom(blocks: RawBlock[]): Unit[] {
  const units: Unit[] = [];
  for (const b of blocks) {
    const base: Unit = {
      kind: b.kind === 'heading' ? 'heading' : b.kind === 'list' ? 'list' : 'para',
      depth: b.depth,
      lines: b.lines,
      items: b.items,
      ordered: b.ordered,
      strong: b.strong,
      quote: b.quote,
      jump: null,
      line: b.line,
      column: b.column,
      gapBefore: b.gapBefore,
      ...(b.role ? { role: b.role } : {}),
      ...(b.articleStart ? { articleStart: true } : {}),
      ...(b.ref ? { ref: b.ref } : {}),
    };
    if (base.kind !== 'para') {
      units.push(base);
      continue;
    }
    // Pictures: one unit each, before the paragraph's text (a caption printed in the same paragraph).
    for (const src of b.images) units.push({ ...base, kind: 'image', lines: [], src, role: undefined });
    if (b.lines.length === 0) continue;
    // Jump lines printed on a line of their own inside a paragraph become units of their own.
    let current: string[] = [];
    let first = true;
    b.lines.forEach((line, i) => {
      const jump = isJumpLine(line);
      if (jump) {
        if (current.length) units.push({ ...base, lines: current, gapBefore: first ? b.gapBefore : 0 });
        if (current.length) first = false;
        current = [];
        units.push({
          ...base,
          kind: 'jump',
          lines: [line],
          jump: { direction: jump.direction, page: jump.page, mark: jump.mark, text: jump.text },
          line: b.line + i,
          column: 1,
          gapBefore: first ? b.gapBefore : 0,
        });
        first = false;
      } else current.push(line);
    });
    if (current.length) units.push({ ...base, lines: current, gapBefore: first ? b.gapBefore : 0 });
  }
  return units;
}


export interface Draft {
  article: Article;
  /** Body paragraphs before post-processing: the unit behind each, for positions and gaps. */
  raw: { unit: Unit; block: Block }[];
  depth: number;
  hasBody: boolean;
  pendingIn: Jump[];
}

export const BULLET = /^[●•◆■▪◇○·]\s*/;

export type Warn = (u: { line: number; column: number } | null, rule: string, message: string, severity?: Problem['severity']) => void;
