/**
 * Column flow and balancing: the body pieces poured into a module's columns, and the least height at
 * which they fit.
 */
import type { Piece } from './pieces.js';

export interface ColFlow {
  start: number;
  end: number;
  /** Lines used, counting `off`: the lines at its top taken by a photo spanning it from the column before. */
  used: number;
  off: number;
}

export interface Flow {
  cols: ColFlow[];
  /** The pieces in the order they are set (a photo that did not fit a column's foot moves after text). */
  seq: Piece[];
  /** First piece of seq not set. */
  next: number;
}

/** May a column end before piece i? */
export function canBreak(p: Piece[], i: number): boolean {
  const prev = p[i - 1];
  const cur = p[i];
  if (!prev || !cur) return true;
  if (prev.keepWithNext || cur.noBreakBefore) return false;
  // No widow: a column never starts with a paragraph's single last line.
  if (cur.count >= 2 && cur.index === cur.count - 1) return false;
  return true;
}

/** The pour of pieces into columns under way: the sequence set so far (copied before it changes). */
interface Pour {
  pieces: Piece[];
  seq: Piece[];
  n: number;
  /** Next piece to set. */
  i: number;
  caps: number[];
  /** Lines at the top of each column taken by a photo spanning it from the column before. */
  over: number[];
}

function writable(s: Pour): Piece[] {
  if (s.seq === s.pieces) s.seq = s.pieces.slice();
  return s.seq;
}

/** Sets pieces into column j from s.i while they fit; returns the lines used. */
function fillColumn(s: Pour, j: number, start: number, used: number): number {
  const cap = s.caps[j]!;
  const k = s.caps.length;
  while (s.i < s.n) {
    const p = s.seq[s.i]!;
    const span = p.photo?.span ?? 1;
    if (span > 1) {
      if (j + span > k) {
        // Too few columns left for it: the photo one column wide.
        writable(s)[s.i] = p.narrow!;
        continue;
      }
      // A photo spanning columns opens its column, level with the tops of the columns it spans (whose
      // capacities differ from this one's by what stands above them).
      let ok = s.i === start && used + p.rows <= cap;
      for (let c = j + 1; c < j + span && ok; c++) {
        const at = used + s.caps[c]! - cap;
        if (s.over[c] !== at || at + p.rows > s.caps[c]!) ok = false;
      }
      if (!ok) break;
      for (let c = j + 1; c < j + span; c++) s.over[c] = used + s.caps[c]! - cap + p.rows;
      used += p.rows;
      s.i++;
      continue;
    }
    if (used + p.rows > cap) break;
    used += p.rows;
    s.i++;
  }
  return used;
}

/**
 * A photo that does not fit the rest of the column: the text after it that fits here, up to a place
 * where the text may break, moves before it. Returns the lines used then, or null when none moves.
 */
function textPastPhoto(s: Pour, cap: number, used: number): number | null {
  const { seq, n, i } = s;
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
  if (best === 0 || !canBreak(seq, i)) return null;
  const w = writable(s);
  const photo = w[i]!;
  w.splice(i, 1);
  w.splice(i + best, 0, photo);
  s.i += best;
  return used + bestRows;
}

/**
 * A subhead near the foot that may not end the column: without its blank line above, the subhead and
 * its first line may fit. Returns the lines used then, or null.
 */
function dropSpacer(s: Pour, start: number, cap: number, used: number): number | null {
  const { seq, i } = s;
  let q = i - 1;
  while (q > start && seq[q]!.keepWithNext && !seq[q]!.spacer) q--;
  const sp = seq[q];
  // What it pulls in is the subhead's first line: never a photo, which would stand in this column's text
  // (one spanning columns over the next column's text).
  if (!(q > start && sp && sp.spacer && q < i - 1 && !seq[i]!.photo && used - sp.rows + seq[i]!.rows <= cap && canBreak(seq, i + 1))) return null;
  const w = writable(s);
  w.splice(q, 1);
  s.n--;
  return used + w[i - 1]!.rows - sp.rows;
}

/**
 * Fills the columns in order, each up to its capacity in grid lines, breaking only where allowed. A photo
 * that does not fit the rest of a column lets the text after it fill the column and opens the next one.
 */
export function flow(pieces: Piece[], caps: number[]): Flow {
  const k = caps.length;
  const s: Pour = { pieces, seq: pieces, n: pieces.length, i: 0, caps, over: new Array(k).fill(0) };
  const cols: ColFlow[] = [];
  for (let j = 0; j < k; j++) {
    const cap = caps[j]!;
    // A subhead's blank line never opens a column.
    while (s.i < s.n && s.seq[s.i]!.spacer) s.i++;
    const start = s.i;
    const off = s.over[j]!;
    let used = fillColumn(s, j, start, off);
    if (s.i < s.n && s.seq[s.i]!.photo && used < cap) {
      const moved = textPastPhoto(s, cap, used);
      if (moved !== null) {
        cols.push({ start, end: s.i, used: moved, off });
        continue;
      }
    }
    if (s.i < s.n && s.i > start && !canBreak(s.seq, s.i)) {
      const dropped = dropSpacer(s, start, cap, used);
      if (dropped !== null) {
        cols.push({ start, end: s.i, used: dropped, off });
        continue;
      }
    }
    if (s.i < s.n && s.i > start) {
      let b = s.i;
      while (b > start && !canBreak(s.seq, b)) b--;
      if (b > start) {
        for (let q = b; q < s.i; q++) used -= s.seq[q]!.rows;
        s.i = b;
      }
    }
    cols.push({ start, end: s.i, used, off });
  }
  return { cols, seq: s.seq, next: s.i };
}

/**
 * Other orders of the pieces as the flow set them: for each photo opening a column after the first,
 * the photo raised to the top of the column before (the text there then runs on below it).
 */
export function raisedPhotoOrders(f: Flow): Piece[][] {
  const out: Piece[][] = [];
  for (let j = 1; j < f.cols.length; j++) {
    const c = f.cols[j]!;
    const prev = f.cols[j - 1]!;
    if (c.end <= c.start || prev.end <= prev.start || !f.seq[c.start]!.photo || prev.off > 0) continue;
    const seq = f.seq.slice(0, f.next);
    const [photo] = seq.splice(c.start, 1);
    seq.splice(prev.start, 0, photo!);
    out.push(seq);
  }
  return out;
}

export function sumRows(pieces: Piece[], from = 0): number {
  let s = 0;
  for (let i = from; i < pieces.length; i++) s += pieces[i]!.rows;
  return s;
}

/**
 * The smallest body height (grid lines) at which the pieces fit the columns, columns starting at offs.
 * A photo spanning columns counts at its span; when the flow sets it one column wide all the same, the
 * height is sought again with it counted so. With `wide`, the least height at which the flow keeps
 * every spanning photo at its span (within WIDE_LINES), when there is one.
 */
export function balance(pieces: Piece[], offs: number[], wide = false): { H: number; flow: Flow } {
  if (pieces.length === 0) return { H: Math.max(0, ...offs), flow: { cols: offs.map(() => ({ start: 0, end: 0, used: 0, off: 0 })), seq: pieces, next: 0 } };
  if (wide) return balanceFrom(pieces, offs, 'wide');
  const spans = spanning(pieces);
  const first = balanceFrom(pieces, offs, 'any');
  if (spans === 0 || spanning(first.flow.seq) === spans) return first;
  const narrow = balanceFrom(pieces, offs, 'narrow');
  return narrow.H < first.H ? narrow : first;
}

/** Photos spanning columns among the pieces. */
export function spanning(pieces: Piece[]): number {
  let n = 0;
  for (const p of pieces) if (p.narrow) n++;
  return n;
}

/** Lines above the least body height over which a height keeping spanning photos wide is sought. */
const WIDE_LINES = 16;

/**
 * The least height from a bound: photos spanning columns counted at their span ('any': any flow taken;
 * 'wide': only flows keeping them at it) or at one column ('narrow').
 */
function balanceFrom(pieces: Piece[], offs: number[], mode: 'any' | 'wide' | 'narrow'): { H: number; flow: Flow } {
  const k = offs.length;
  const maxOff = Math.max(0, ...offs);
  let total = 0;
  let least = 0;
  let maxPiece = 0;
  for (const p of pieces) {
    const rows = mode === 'narrow' && p.narrow ? p.narrow.rows : p.rows;
    total += p.rows;
    least += rows;
    maxPiece = Math.max(maxPiece, rows);
  }
  const offSum = offs.reduce((a, b) => a + b, 0);
  let H = Math.max(Math.ceil((least + offSum) / k), maxPiece + Math.min(...offs));
  // Kept wide, a photo is sought over a few lines more only (a module is stretched by no more).
  const limit = mode === 'wide' ? Math.min(total + maxOff + maxPiece + 2, H + WIDE_LINES) : total + maxOff + maxPiece + 2;
  const spans = mode === 'wide' ? spanning(pieces) : 0;
  let best: { H: number; flow: Flow; bad: number } | null = null;
  for (; H <= limit; H++) {
    const caps = offs.map((o) => Math.max(0, H - o));
    const f = flow(pieces, caps);
    if (f.next !== f.seq.length || spanning(f.seq) < spans) continue;
    // Columns before the last should end within one line of the module's foot; try a little taller.
    const bad = shortfall(f.seq, f, caps);
    if (!best || bad < best.bad) best = { H: Math.max(H, maxOff), flow: f, bad };
    if (bad <= 1 || H >= best.H + 3) break;
  }
  if (best) return { H: best.H, flow: best.flow };
  if (mode === 'wide') return balanceFrom(pieces, offs, 'any');
  const f = flow(pieces, offs.map((o) => Math.max(0, limit - o)));
  return { H: Math.max(limit, maxOff), flow: f };
}

/** Lines the text of the columns before the last falls short of their capacity, at most. */
export function shortfall(pieces: Piece[], f: Flow, caps: number[]): number {
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
