/**
 * The cost of a finished arrangement: white space left, ragged feet and holes, after stretching
 * modules down to what lies below.
 */
import type { Ctx } from './context.js';
import type { Item, Stretch } from './module-types.js';
import { BAD_HOLE_COST, HOLE_AREA_COST, MAX_SHORT, MAX_STRETCH, stretchTable, variantOf } from './modules.js';
import { exposed, freeBelow, type State } from './skyline.js';

/** Cost per grid line of difference between neighbouring columns' free space at the foot. */
export const RAGGED_COST = 0.3;

/** Largest gap (share of the article area's height) a module is stretched over to reach the foot. */
export const STRETCH_MAX = 0.12;

/** Whether an exposed module is stretched over a gap of `gap` grid lines to the foot of an area of R lines (as the page is set). */
export function reachesFoot(gap: number, R: number): boolean {
  return gap > 0 && gap <= Math.max(3, STRETCH_MAX * R);
}

export function finalCost(ctx: Ctx, items: Item[], s: State): number {
  let cost = s.cost;
  const C = s.sky.length;
  const free: number[] = [];
  for (let j = 0; j < C; j++) free.push(freeBelow(s, j));
  // White at the foot of each column, with the lines the last column of a module there is short.
  const foot = free.slice();
  for (const i of exposed(s)) {
    const p = s.places[i]!;
    if (p.cut) continue;
    let gap = Infinity;
    for (let j = p.col; j < p.col + p.k; j++) gap = Math.min(gap, free[j]!);
    const item = items[p.item]!;
    const v = variantOf(ctx, item, p.k)!;
    let short = v.short;
    let base = v.white;
    let table: (Stretch | undefined)[] | null = null;
    if (p.d > 0 || v.short > MAX_SHORT) {
      table = stretchTable(ctx, item, p.k);
      const st = table[p.d];
      if (st && (p.d > 0 || st.cost < base)) {
        short = st.short;
        base = st.cost;
      }
    }
    // Stretched down to what lies below it, when it can be.
    if (reachesFoot(gap, s.R) && p.d + gap <= MAX_STRETCH) {
      table ??= stretchTable(ctx, item, p.k);
      const st = table[p.d + gap];
      if (st) {
        cost += st.cost - base;
        short = st.short;
        for (let j = p.col; j < p.col + p.k; j++) {
          free[j] = free[j]! - gap;
          foot[j] = foot[j]! - gap;
        }
      }
    }
    if (v.lastCol >= 0) foot[p.col + v.lastCol] = foot[p.col + v.lastCol]! + short;
  }
  let run = 0;
  for (let j = 0; j <= C; j++) {
    const f = j < C ? free[j]! : 0;
    if (j < C) {
      cost += f;
      if (j > 0) cost += RAGGED_COST * Math.abs(f - free[j - 1]!);
    }
    const w = j < C ? foot[j]! : 0;
    if (w > 0) run += w;
    else {
      if (run > MAX_SHORT) cost += BAD_HOLE_COST + HOLE_AREA_COST * run;
      run = 0;
    }
  }
  return cost;
}
