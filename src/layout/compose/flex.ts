/**
 * Flexing a body: photos in the flow grown, paragraphs set one line longer, air around subheads and
 * callouts, to make a module end level with its neighbours.
 */
import { TIGHT, type SetLine } from '../text/index.js';
import { partOf, setText, spec, type Ctx } from './context.js';
import { linePiece, type ParaRef, type Piece } from './pieces.js';

/** Share of a photo's height it may grow by to take up white space at the bottom of its module. */
export const PHOTO_GROWTH = 0.4;

/** Photo growth on a short page, as a share of the photo's height. */
export const ROOMY_PHOTO_GROWTH = 1;

/** Spacing a paragraph set one line longer may open between characters, em. */
export const MAX_TRACK = 0.15;

/** Extra space per gap (em) the narrower setting may itself open, (tracked lines stay under 0.25 em, and few are tracked). */
export const LOOSER_STRETCH = 0.06;

/** A piece grown by d grid lines: a taller photo (caption moved down), or a block with more air around it. */
export function grownPiece(p: Piece, d: number, B: number): Piece {
  if (d <= 0) return p;
  const shift = p.photo ? d * B : (d * B) / 2;
  const out: Piece = { ...p, rows: p.rows + d, lines: p.lines.map((l) => ({ ...l, dy: l.dy + shift })) };
  if (p.photo) out.photo = { ...p.photo, imgRows: p.photo.imgRows + d };
  return out;
}

/** The flexible parts of a body's pieces, by index: photos, blocks, paragraphs (longest first). */
export const flexParts = new WeakMap<Piece[], { photos: number[]; blocks: number[]; paras: number[] }>();

/**
 * The pieces with `extra` grid lines spread over their flexible parts: photos in the flow grow first
 * (round robin), then paragraphs are set one line longer (longest first), then subheads and callouts
 * get air around them. Null when they cannot take that many lines.
 */
export function flexedPieces(ctx: Ctx, pieces: Piece[], extra: number): Piece[] | null {
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
export const flexedCache = new WeakMap<Piece[], Map<number, Piece[] | null>>();

export function flexPieces(ctx: Ctx, pieces: Piece[], extra: number): Piece[] | null {
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
    // Cheapest first: a paragraph whose last line is nearly full gains a line by pushing out few characters.
    const short = (i: number) => shortfall(ctx, pieces[i]!.para!);
    parts.paras.sort((a, b) => short(a) - short(b) || pieces[b]!.para!.n - pieces[a]!.para!.n || a - b);
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

/** Characters a paragraph's last line is short of a full line (what setting it one line longer must push out, about). */
function shortfall(ctx: Ctx, ref: ParaRef): number {
  const perLine = Math.floor((ctx.g.colW - 2 * ref.inset) / ctx.t.styles[ref.role].size);
  return Math.max(0, perLine - ref.lastChars);
}

/**
 * The paragraph set one line longer: set on a slightly narrower measure, its justified lines then spread
 * to the full measure, opening the space between characters by at most MAX_TRACK em. Null when no
 * measure gives exactly one more line within that.
 */
export function looserParagraph(ctx: Ctx, ref: ParaRef): Piece[] | null {
  if (ref.looser !== undefined) return ref.looser;
  ref.looser = null;
  const st = ctx.t.styles[ref.role];
  const W = ctx.g.colW - 2 * ref.inset;
  // First on the full measure, a few lines pushed out where that costs least (no tracking).
  const full = setText(ctx, ref.text, ref.role, W, { indent: ref.indent, lines: ref.n + 1, maxStretch: TIGHT });
  if (full.length === ref.n + 1 && full.every((l) => !l.loose)) {
    const out = linePieces(ctx, ref, full, W);
    if (out) return (ref.looser = out);
  }
  const maxAdd = MAX_TRACK * st.size;
  const perLine = Math.max(2, Math.floor(W / st.size));
  // The last line's shortfall spread over the other lines is what the measure must lose, at least.
  const need = Math.max(0, (perLine - ref.lastChars) / ref.n);
  const most = maxAdd * (perLine - 1);
  let best: SetLine[] | null = null;
  for (let cut = need * st.size + 0.1 * st.size, tries = 0; cut <= most && tries < 8; cut += 0.15 * st.size, tries++) {
    const lines = setText(ctx, ref.text, ref.role, W - cut, { maxStretch: LOOSER_STRETCH, indent: ref.indent });
    if (lines.length === ref.n + 1) best = lines;
    if (lines.length > ref.n) break;
  }
  if (!best) return null;
  const tracked: SetLine[] = [];
  for (const l of best) {
    if (l.loose) return null;
    if (l.last) {
      tracked.push(l);
      continue;
    }
    const open = trackable(l.text);
    const m = open.filter(Boolean).length;
    if (m < 1) return null;
    const add = (W - l.width) / m;
    if (add > maxAdd) return null;
    let shift = 0;
    const xs = l.xs.map((x, j) => x + (shift += j > 0 && open[j - 1] ? add : 0));
    if (widestGap(ctx, ref.role, l.text, xs) > MAX_TRACKED_GAP * st.size) return null;
    tracked.push({ ...l, xs, width: W });
  }
  ref.looser = linePieces(ctx, ref, tracked, W);
  return ref.looser;
}

/** The paragraph's lines as pieces; null when a line breaks a 禁则 rule or the last is a 孤字. */
function linePieces(ctx: Ctx, ref: ParaRef, lines: SetLine[], W: number): Piece[] | null {
  const out: Piece[] = [];
  for (const [i, line] of lines.entries()) {
    const s = spec(ctx, line, ref.role, ref.role, W, ref.inset, ctx.g.baseOff, { part: partOf(ref.block, i) });
    const piece = linePiece(s, line, i, lines.length, true);
    if (piece.orphan || piece.kinsoku > 0) return null;
    out.push(piece);
  }
  return out;
}

/** Widest extra space (em) a tracked line may open between two Han characters, its own spacing included. */
export const MAX_TRACKED_GAP = 0.19;

/** Widest extra space (pt) between two characters of a line beyond their advances. */
function widestGap(ctx: Ctx, role: ParaRef['role'], text: string, xs: number[]): number {
  const st = ctx.t.styles[role];
  const m = ctx.fonts.metrics(st.font);
  const cs = [...text];
  let widest = 0;
  for (let j = 0; j + 1 < cs.length; j++) {
    if (!HAN.test(cs[j]!) || !HAN.test(cs[j + 1]!)) continue;
    widest = Math.max(widest, xs[j + 1]! - xs[j]! - m.advance(cs[j]!.codePointAt(0)!) * st.size);
  }
  return widest;
}

const HAN = /\p{Script=Han}/u;
const LATIN = /[\p{Script=Latin}0-9]/u;

/**
 * Which gaps of a line (after code point j) tracking may open: between two characters that are not
 * both Latin letters or digits (a word stays whole) and not a Han–Latin pair (that gap keeps its ¼ em).
 */
function trackable(text: string): boolean[] {
  const cs = [...text];
  return cs.map((c, j) => {
    const d = cs[j + 1];
    if (d === undefined) return false;
    if (LATIN.test(c) && LATIN.test(d)) return false;
    return !((HAN.test(c) && LATIN.test(d)) || (LATIN.test(c) && HAN.test(d)));
  });
}

export function flexOf(ctx: Ctx, pieces: Piece[]): number {
  let n = 0;
  for (const p of pieces) {
    if (p.photo) n += Math.max(1, Math.floor(p.photo.imgRows * (ctx.roomy ? ROOMY_PHOTO_GROWTH : PHOTO_GROWTH)));
    n += p.flex ?? 0;
    if (p.para && p.index === 0) n += 1;
  }
  return n;
}
