/**
 * The parts of setting a paragraph that depend on its text alone, not on the measure: code points,
 * classes, break opportunities and widths. Composing a page sets one paragraph at several measures
 * (columns, insets, looser tries); the buffers of a text are kept after the first time and copied back
 * instead of computed again, and a paragraph set again with the same options gets the same lines.
 */
import * as B from './buffers.js';
import { computeBreaks } from './breaks.js';
import type { Metrics, SetLine } from './lines.js';
import { computeWidths } from './widths.js';

/** The buffers (length n + 1) that decode, computeBreaks and computeWidths fill. */
type Kept = {
  n: number;
  cps: Int32Array;
  offs: Int32Array;
  cls: Uint8Array;
  flg: Uint16Array;
  brk: Uint8Array;
  wid: Float64Array;
  adj: Float64Array;
  gapPair: Uint8Array;
  cmp: Float64Array;
  byPair: Uint8Array;
  startC: Float64Array;
  endC: Float64Array;
  shr: Float64Array;
  W: Float64Array;
  A: Float64Array;
  S: Float64Array;
  SP: Int32Array;
  GP: Int32Array;
  SPR: Int32Array;
  TG: Int32Array;
  visEnd: Int32Array;
};

/** Texts (and set paragraphs) kept, per cache; the oldest go first. */
const MAX_TEXTS = 256;
const MAX_SET = 1024;

/** Caches by metrics (a FontSet's metrics of one role), so that one font's widths never answer for another's. */
const texts = new WeakMap<Metrics, Map<string, Kept>>();
const setLines = new WeakMap<Metrics, Map<string, SetLine[]>>();

function cacheOf<V>(caches: WeakMap<Metrics, Map<string, V>>, metrics: Metrics): Map<string, V> {
  let cache = caches.get(metrics);
  if (!cache) {
    cache = new Map();
    caches.set(metrics, cache);
  }
  return cache;
}

function remember<V>(cache: Map<string, V>, key: string, value: V, max: number): void {
  if (cache.size >= max) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}

/** Bytes per code point of a kept text: nine Float64, seven Int32, one Uint16 and four Uint8 arrays. */
const KEPT_BYTES = 9 * 8 + 7 * 4 + 2 + 4;

/**
 * A copy of the buffers' first n + 1 entries, all in one allocation (views laid out widest first, so
 * each starts aligned): a page sets hundreds of texts, and one block each frees as one.
 */
function keep(n: number): Kept {
  const m = n + 1;
  const block = new ArrayBuffer(m * KEPT_BYTES);
  let at = 0;
  // A view of the next part of the block, of the buffer's own type, holding the buffer's first m entries.
  const take = <T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(from: T): T => {
    const view = new (from.constructor as new (b: ArrayBuffer, offset: number, length: number) => T)(block, at, m);
    view.set(from.subarray(0, m));
    at += m * from.BYTES_PER_ELEMENT;
    return view;
  };
  // Widest first: Float64, then Int32, Uint16 and Uint8.
  const wid = take(B.wid);
  const adj = take(B.adj);
  const cmp = take(B.cmp);
  const startC = take(B.startC);
  const endC = take(B.endC);
  const shr = take(B.shr);
  const W = take(B.W);
  const A = take(B.A);
  const S = take(B.S);
  const cps = take(B.cps);
  const offs = take(B.offs);
  const SP = take(B.SP);
  const GP = take(B.GP);
  const SPR = take(B.SPR);
  const TG = take(B.TG);
  const visEnd = take(B.visEnd);
  const flg = take(B.flg);
  const cls = take(B.cls);
  const brk = take(B.brk);
  const gapPair = take(B.gapPair);
  const byPair = take(B.byPair);
  return { n, wid, adj, cmp, startC, endC, shr, W, A, S, cps, offs, SP, GP, SPR, TG, visEnd, flg, cls, brk, gapPair, byPair };
}

function restore(k: Kept, length: number): void {
  B.ensure(k.n, length);
  B.cps.set(k.cps);
  B.offs.set(k.offs);
  B.cls.set(k.cls);
  B.flg.set(k.flg);
  B.brk.set(k.brk);
  B.wid.set(k.wid);
  B.adj.set(k.adj);
  B.gapPair.set(k.gapPair);
  B.cmp.set(k.cmp);
  B.byPair.set(k.byPair);
  B.startC.set(k.startC);
  B.endC.set(k.endC);
  B.shr.set(k.shr);
  B.W.set(k.W);
  B.A.set(k.A);
  B.S.set(k.S);
  B.SP.set(k.SP);
  B.GP.set(k.GP);
  B.SPR.set(k.SPR);
  B.TG.set(k.TG);
  B.visEnd.set(k.visEnd);
}

/** Decodes `text` and fills its breaks and widths into the buffers (from the kept copy when there is one); returns the code point count. */
export function prepareText(text: string, metrics: Metrics, words: boolean): number {
  const cache = cacheOf(texts, metrics);
  const key = words ? `w${text}` : `-${text}`;
  const kept = cache.get(key);
  if (kept) {
    restore(kept, text.length);
    return kept.n;
  }
  const n = B.decode(text);
  computeBreaks(text, n, words);
  computeWidths(n, metrics);
  remember(cache, key, keep(n), MAX_TEXTS);
  return n;
}

/**
 * The lines of a paragraph set before with the same text and options, or those `set` gives (then
 * kept). The lines are shared: callers never change them.
 */
export function setOnce(text: string, metrics: Metrics, options: string, set: () => SetLine[]): SetLine[] {
  const cache = cacheOf(setLines, metrics);
  const key = `${options}\u0000${text}`;
  let lines = cache.get(key);
  if (!lines) {
    lines = set();
    remember(cache, key, lines, MAX_SET);
  }
  return lines.slice();
}
