/**
 * White no item left can reach: a column whose free lines no module of the items still to place can
 * cover (every window of columns over it either leaves a hole under the module or is too shallow for
 * it) stays white, and reads as a hole. The page searched a third time for a hole (Ctx.wary) ranks
 * its beam with that white priced as a hole, so that an arrangement sure to leave one gives way early.
 */
import type { Ctx } from './context.js';
import { STRETCH_MAX } from './final-cost.js';
import type { Item } from './module-types.js';
import { BAD_HOLE_COST, HOLE_AREA_COST, MAX_SHORT, MIN_PART_LINES, variantOf } from './modules.js';
import type { Place, State } from './skyline.js';
import { MAX_CUTS } from './slots.js';

/** Lines a part of a cut module takes at least besides its heading, roughly. */
const CUT_ROWS = MIN_PART_LINES + 2;

/**
 * For each item index i and span k, the fewest grid lines a module of span k of the items from i on
 * takes (Infinity when none has a module that wide); row i = items.length is all Infinity.
 */
export function leastRows(ctx: Ctx, items: Item[]): Float64Array[] {
  const C = ctx.g.cols;
  const out: Float64Array[] = new Array(items.length + 1);
  out[items.length] = new Float64Array(C + 1).fill(Infinity);
  for (let i = items.length - 1; i >= 0; i--) {
    const row = Float64Array.from(out[i + 1]!);
    for (let k = 1; k <= C; k++) {
      const v = variantOf(ctx, items[i]!, k);
      if (v && v.rows < row[k]!) row[k] = v.rows;
    }
    out[i] = row;
  }
  return out;
}

const sky = new Int32Array(256);
const usable = new Int32Array(256);
const owner = new Int32Array(256);

/**
 * Cells the state with the place made leaves in columns that none of the items left (their fewest
 * lines per span: `least`) can reach, priced as a hole; 0 when there are none. Columns whose free
 * lines the module above, when nothing is set under it, may still be stretched over are not counted.
 */
export function deadCost(ctx: Ctx, s: State, p: Place | null, least: Float64Array): number {
  const C = s.sky.length;
  for (let j = 0; j < C; j++) {
    const inside = p !== null && j >= p.col && j < p.col + p.k;
    sky[j] = inside && !p!.bottom ? p!.top + p!.rows : s.sky[j]!;
    owner[j] = inside && !p!.bottom ? s.places.length : s.owner[j]!;
    const floor = inside && p!.bottom ? p!.top : s.floor[j]!;
    usable[j] = floor < s.R ? Math.max(0, floor - 1) : floor;
  }
  const cuts = s.cuts + (p?.cut ? 1 : 0);
  const canCut = !ctx.whole && cuts < MAX_CUTS;
  const tolerance = Math.max(MAX_SHORT, Math.floor(STRETCH_MAX * s.R));
  let dead = 0;
  for (let j = 0; j < C; j++) {
    const free = usable[j]! - sky[j]!;
    if (free <= MAX_SHORT || (free <= tolerance && stretchable(s, p, j)) || reachable(j, C, least, canCut)) continue;
    dead += free;
  }
  return dead > 0 ? BAD_HOLE_COST + HOLE_AREA_COST * dead : 0;
}

/** Whether the module over column j (in the scratch skyline) is exposed, and so may be stretched down to the foot as the page is set. */
function stretchable(s: State, p: Place | null, j: number): boolean {
  const o = owner[j]!;
  if (o < 0) return false;
  const q = o === s.places.length ? p! : s.places[o]!;
  if (q.cut) return false;
  for (let x = q.col; x < q.col + q.k; x++) if (owner[x] !== o) return false;
  return true;
}

/** Whether some module of the items left could sit over column j (in the scratch skyline) without a hole under it. */
function reachable(j: number, C: number, least: Float64Array, canCut: boolean): boolean {
  for (let k = 1; k <= C; k++) {
    const need = canCut ? Math.min(least[k]!, CUT_ROWS) : least[k]!;
    if (need === Infinity) continue;
    for (let c = Math.max(0, j - k + 1); c <= j && c + k <= C; c++) {
      let base = 0;
      let limit = Infinity;
      let sum = 0;
      for (let x = c; x < c + k; x++) {
        if (sky[x]! > base) base = sky[x]!;
        if (usable[x]! < limit) limit = usable[x]!;
        sum += sky[x]!;
      }
      if (k * base - sum > MAX_SHORT) continue;
      if (limit - (base > 0 ? base + 1 : 0) >= need) return true;
    }
  }
  return false;
}
