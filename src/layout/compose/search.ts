/**
 * The placement search: a beam search placing each item in turn into the best slots, or moving it to a
 * later page.
 */
import type { Ctx } from './context.js';
import { finalCost } from './final-cost.js';
import type { Item } from './module-types.js';
import { MIN_SPREAD_LINES, variantOf } from './modules.js';
import { emptyState, usableFloor, type Place, type State } from './skyline.js';
import { footPositions, placeAtFoot, placeInto, positions } from './slots.js';

/** Beam width of the arrangement search. */
export const BEAM = 64;

/**
 * Beam states one search may expand over all its items: a page of up to 24 items searches the full
 * beam, one of more items a narrower one, so that a page's search costs at most what 24 items do.
 */
export const SEARCH_BUDGET = 24 * BEAM;

/** How many times wider the beam is when a page left with a hole is searched again (Ctx.fine): 4 closes one more hole of the layout metrics, but takes a page such as seed 002 half as long again. */
export const FINE_BEAM = 2;

/** The narrowest beam. */
export const MIN_BEAM = 12;

/** The beam width for a search of `items` items. */
export function beamWidth(items: number): number {
  return Math.max(MIN_BEAM, Math.min(BEAM, Math.floor(SEARCH_BUDGET / Math.max(1, items))));
}

/** Cells a heading takes, roughly, when estimating what the items left can fill. */
export const HEAD_CELLS = 8;

export function arrange(ctx: Ctx, items: Item[], R: number, relaxed: boolean, moveCost: number): State {
  return beamSearch(ctx, items, R, relaxed, moveCost);
}

/** A child of a beam state, evaluated without copying the state. */
export interface Cand {
  parent: State;
  place: Place | null;
  /** The item moved to a later page instead, or -1. */
  moved: number;
  cost: number;
  lead: boolean;
}

/** Free cells of the article area once the place is made (null: nothing placed). */
export function freeAfter(s: State, p: Place | null): number {
  let free = 0;
  for (let j = 0; j < s.sky.length; j++) {
    let sky = s.sky[j]!;
    let floor = usableFloor(s, j);
    if (p && j >= p.col && j < p.col + p.k) {
      if (p.bottom) floor = Math.max(0, p.top - 1);
      else sky = p.top + p.rows;
    }
    free += Math.max(0, floor - sky);
  }
  return free;
}

export function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x9e3779b1) >>> 0;
}

export function childHash(s: State, p: Place | null, movedCount: number, leadK: number): number {
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

export function materialize(c: Cand): State {
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

/**
 * Indices of `keys` in ascending order of key, equal keys in ascending order of index (the order a
 * stable sort gives), popped one at a time from a binary heap: taking the first few of n costs
 * O(n + few · log n) instead of a full sort.
 */
export class KeyHeap {
  private readonly heap: Int32Array;
  private size: number;

  constructor(private readonly keys: Float64Array) {
    const n = keys.length;
    this.heap = new Int32Array(n);
    for (let i = 0; i < n; i++) this.heap[i] = i;
    this.size = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The next index, or -1 when none is left. */
  pop(): number {
    if (this.size === 0) return -1;
    const top = this.heap[0]!;
    this.size--;
    if (this.size > 0) {
      this.heap[0] = this.heap[this.size]!;
      this.down(0);
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && a < b);
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = this.size;
    const x = heap[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(heap[child + 1]!, heap[child]!)) child++;
      if (!this.before(heap[child]!, x)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = x;
  }
}

/** Whether the item has a module of some span from k0 to k1. */
function hasVariant(ctx: Ctx, item: Item, k0: number, k1: number): boolean {
  for (let k = k0; k <= k1; k++) if (variantOf(ctx, item, k)) return true;
  return false;
}

export function beamSearch(ctx: Ctx, items: Item[], R: number, relaxed: boolean, moveCost: number): State {
  const C = ctx.g.cols;
  const beam = beamWidth(items.length) * (ctx.fine ? FINE_BEAM : 1);
  const work = ctx.options.work;
  if (work) work.searches++;
  let states: State[] = [emptyState(C, R)];
  // Cells the items after each one could fill at most (text, and a heading's worth).
  const after: number[] = new Array(items.length + 1).fill(0);
  for (let i = items.length - 1; i >= 0; i--) after[i] = after[i + 1]! + items[i]!.bodyRows + HEAD_CELLS;
  items.forEach((item, idx) => {
    const cands: Cand[] = [];
    for (const s of states) {
      const max = item.lead ? C : Math.min(C, s.leadK);
      // The lead spans half the page at least, unless its text is too short to spread that wide.
      const spread = item.photos.length > 0 ? C : Math.max(1, Math.floor(item.bodyRows / MIN_SPREAD_LINES));
      let min = item.lead ? Math.min(max, Math.ceil(C / 2), spread) : 1;
      // A lead with no module that wide (every span leaving a column empty) may take a narrower one.
      if (min > 1 && !hasVariant(ctx, item, min, max)) min = 1;
      for (let k = min; k <= max; k++) {
        const v = variantOf(ctx, item, k);
        if (!v) continue;
        const cols = item.anchor === 'bottom' ? footPositions(s, k) : positions(s, k, item.lead);
        for (const col of cols) {
          if (item.anchor === 'bottom') {
            for (const c of placeAtFoot(ctx, s, idx, item, v, col, relaxed)) cands.push({ parent: s, place: c.place, moved: -1, cost: c.cost, lead: item.lead });
          } else {
            for (const c of placeInto(ctx, s, idx, item, v, col, relaxed)) cands.push({ parent: s, place: c.place, moved: -1, cost: c.cost, lead: item.lead });
          }
        }
      }
      if (!item.lead || relaxed) {
        const cost = s.cost + moveCost + item.bodyRows * 0.5;
        cands.push({ parent: s, place: null, moved: idx, cost, lead: false });
      }
    }
    if (work) {
      work.expansions += states.length;
      work.candidates += cands.length;
    }
    // The best child per skyline shape, then the best `beam` of those. A candidate's key, which ranks
    // the beam, is its cost plus the white the page is sure to keep (free cells beyond what the items
    // left can fill); candidates are taken in key order (ties in the order made) until the beam is full.
    const keys = new Float64Array(cands.length);
    cands.forEach((c, i) => (keys[i] = c.cost + Math.max(0, freeAfter(c.parent, c.place) - after[idx + 1]!)));
    const order = new KeyHeap(keys);
    const seen = new Set<number>();
    const next: State[] = [];
    for (let i = order.pop(); i >= 0; i = order.pop()) {
      const c = cands[i]!;
      const s = c.parent;
      const hash = c.place
        ? childHash(s, c.place, s.moved.length, c.lead ? c.place.k : s.leadK)
        : childHash(s, null, s.moved.length + 1, s.leadK);
      if (seen.has(hash)) continue;
      seen.add(hash);
      next.push(materialize(c));
      if (next.length >= beam) break;
    }
    states = next.length > 0 ? next : [emptyState(C, R)];
  });
  let best: State | null = null;
  let bestCost = Infinity;
  for (const s of states) {
    const c = finalCost(ctx, items, s, bestCost);
    if (c < bestCost) {
      bestCost = c;
      best = s;
    }
  }
  return best!;
}
