/**
 * The placement search: a beam search placing each item in turn into the best slots, or moving it to a
 * later page.
 */
import type { Ctx } from './context.js';
import { candHash, LazyOrder, pickBest, pickByRoot, type Cand } from './beam.js';
import { deadCost, leastRows } from './dead.js';
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

/**
 * How many times wider the beam is when a page left with a hole is searched again (Ctx.fine): 4 takes
 * a page such as seed 002 half as long again, and a wider beam alone closes no more holes than the
 * warier third search does (Ctx.wary).
 */
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

/** Whether the item has a module of some span from k0 to k1. */
function hasVariant(ctx: Ctx, item: Item, k0: number, k1: number): boolean {
  for (let k = k0; k <= k1; k++) if (variantOf(ctx, item, k)) return true;
  return false;
}

/** The dead cost (dead.ts) of candidate i, found once per skyline shape. */
function deadOf(ctx: Ctx, cands: Cand[], least: Float64Array): (i: number) => number {
  const memo = new Map<number, number>();
  return (i) => {
    const c = cands[i]!;
    const hash = candHash(c);
    let dead = memo.get(hash);
    if (dead === undefined) {
      dead = deadCost(ctx, c.parent, c.place, least);
      memo.set(hash, dead);
    }
    return dead;
  };
}

export function beamSearch(ctx: Ctx, items: Item[], R: number, relaxed: boolean, moveCost: number): State {
  const C = ctx.g.cols;
  const beam = beamWidth(items.length) * (ctx.fine ? FINE_BEAM : 1);
  const work = ctx.options.work;
  if (work) work.searches++;
  let states: State[] = [emptyState(C, R)];
  const least = ctx.wary ? leastRows(ctx, items) : null;
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
    // The page searched again for a hole also prices white no item left can reach as a hole (dead.ts).
    const order = new LazyOrder(keys, least ? deadOf(ctx, cands, least[idx + 1]!) : null);
    const next = ctx.wary ? pickByRoot(cands, order, beam) : pickBest(cands, order, beam);
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
