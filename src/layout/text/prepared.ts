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

function keep(n: number): Kept {
  const m = n + 1;
  return {
    n,
    cps: B.cps.slice(0, m),
    offs: B.offs.slice(0, m),
    cls: B.cls.slice(0, m),
    flg: B.flg.slice(0, m),
    brk: B.brk.slice(0, m),
    wid: B.wid.slice(0, m),
    adj: B.adj.slice(0, m),
    gapPair: B.gapPair.slice(0, m),
    cmp: B.cmp.slice(0, m),
    byPair: B.byPair.slice(0, m),
    startC: B.startC.slice(0, m),
    endC: B.endC.slice(0, m),
    shr: B.shr.slice(0, m),
    W: B.W.slice(0, m),
    A: B.A.slice(0, m),
    S: B.S.slice(0, m),
    SP: B.SP.slice(0, m),
    GP: B.GP.slice(0, m),
    SPR: B.SPR.slice(0, m),
    visEnd: B.visEnd.slice(0, m),
  };
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
