/**
 * The cost of a finished arrangement: white space left, ragged feet and holes, after stretching
 * modules down to what lies below.
 */
import type { Ctx } from './context.js';
import type { Item, Stretch } from './module-types.js';
import { BAD_HOLE_COST, HOLE_AREA_COST, MAX_SHORT, MAX_STRETCH, stretchTable, variantOf } from './modules.js';
import { exposed, freeBelow, type Place, type State } from './skyline.js';
import { whiteRegions, type SettledPlace } from './white.js';

/** Cost per grid line of difference between neighbouring columns' free space at the foot. */
export const RAGGED_COST = 0.3;

/** Largest gap (share of the article area's height) a module is stretched over to reach the foot. */
export const STRETCH_MAX = 0.12;

/** Whether an exposed module is stretched over a gap of `gap` grid lines to the foot of an area of R lines (as the page is set). */
export function reachesFoot(gap: number, R: number): boolean {
  return gap > 0 && gap <= Math.max(3, STRETCH_MAX * R);
}

/**
 * The final cost of the arrangement; when its cost before holes already reaches `bound`, that cost
 * (the holes are not looked for: it cannot beat the bound).
 */
export function finalCost(ctx: Ctx, items: Item[], s: State, bound = Infinity): number {
  const { cost, settled } = settleAll(ctx, items, s);
  return cost >= bound ? cost : measureWhite(s, settled, cost).cost;
}

/** What the arrangement settled as the page is set leaves: its final cost, the grid cells of the article area left white, and how many of its white regions are holes. */
export function settledMeasure(ctx: Ctx, items: Item[], s: State): { cost: number; white: number; holes: number } {
  const { cost, settled } = settleAll(ctx, items, s);
  return measureWhite(s, settled, cost);
}

/** The white regions of the settled places: the cost before holes with the holes' added, the white cells, the holes. */
function measureWhite(s: State, settled: SettledPlace[], before: number): { cost: number; white: number; holes: number } {
  let cost = before;
  let white = 0;
  let holes = 0;
  for (const size of whiteRegions(s, settled)) {
    white += size;
    // White left between, under or inside modules that reads as a hole.
    if (size > MAX_SHORT) {
      holes++;
      cost += BAD_HOLE_COST + HOLE_AREA_COST * size;
    }
  }
  return { cost, white, holes };
}

/** Every place settled (see settle), and the arrangement's cost before its holes: its own, the stretches', the white at the foot. */
function settleAll(ctx: Ctx, items: Item[], s: State): { cost: number; settled: SettledPlace[] } {
  let cost = s.cost;
  const C = s.sky.length;
  const free: number[] = [];
  for (let j = 0; j < C; j++) free.push(freeBelow(s, j));
  const exp = exposed(s);
  const settled: SettledPlace[] = [];
  s.places.forEach((p, i) => {
    const st = settle(ctx, items, s, p, exp.has(i) ? free : null);
    cost += st.cost;
    settled.push(st);
  });
  for (let j = 0; j < C; j++) {
    cost += free[j]!;
    if (j > 0) cost += RAGGED_COST * Math.abs(free[j]! - free[j - 1]!);
  }
  return { cost, settled };
}

/**
 * A place as it will be set: stretched when its grid lines ask for it (or when that sets its short
 * last column better), and, when it is exposed (`free`: the free lines below each column), stretched
 * down to what lies below when it can be, taking those lines from `free`. Its cost is what the
 * stretch to the foot adds.
 */
function settle(ctx: Ctx, items: Item[], s: State, p: Place, free: number[] | null): SettledPlace & { cost: number } {
  const item = items[p.item]!;
  const v = variantOf(ctx, item, p.k)!;
  if (p.cut) return { rows: p.rows, foot: NO_WHITE, cost: 0 };
  let foot: number[] | null = null;
  let drop = 0;
  let base = v.white;
  let table: (Stretch | undefined)[] | null = null;
  if (p.d > 0 || v.short > MAX_SHORT) {
    table = stretchTable(ctx, item, p.k);
    const st = table[p.d];
    if (st && (p.d > 0 || st.cost < base)) {
      foot = st.foot;
      base = st.cost;
      drop = st.fit.drop ?? 0;
    }
  }
  let rows = p.rows;
  let cost = 0;
  if (free) {
    let gap = Infinity;
    for (let j = p.col; j < p.col + p.k; j++) gap = Math.min(gap, free[j]!);
    // Stretched down to what lies below it, when it can be.
    if (reachesFoot(gap, s.R) && p.d + gap <= MAX_STRETCH) {
      table ??= stretchTable(ctx, item, p.k);
      const st = table[p.d + gap];
      if (st) {
        cost = st.cost - base;
        foot = st.foot;
        drop = st.fit.drop ?? 0;
        rows += gap;
        for (let j = p.col; j < p.col + p.k; j++) free[j] = free[j]! - gap;
      }
    }
  }
  return { rows, foot: foot ?? v.foot, cost, drop };
}

const NO_WHITE: number[] = [];
