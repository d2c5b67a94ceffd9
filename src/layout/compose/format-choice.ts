/**
 * The format a page is set on: its template's sheet, set as a short page or not, or a sheet folded from
 * it and cut to the grid lines its items take, each tried by a search of the page's items (trials);
 * the costs of moving an article on, and the arrangement a trial found when the page's own search
 * would be the same.
 */
import type { Ctx } from './context.js';
import { reachesFoot, settledMeasure } from './final-cost.js';
import { formatOf, formatSteps, gridRows } from './format.js';
import type { Item } from './module-types.js';
import { arrange } from './search.js';
import { formatCtx, narrowItems, prepareItems, roomyItems } from './short-page.js';
import { exposed, type State } from './skyline.js';
import type { Template } from '../template/schema.js';

/** Cost of moving a whole article to a later page, and from the edition's last page (which adds a page). */
export const MOVE_COST = 150;

export const MOVE_LAST_COST = 600;

/** Share of the article area the placed modules take. */
export function usedShare(s: State, R: number, C: number): number {
  let used = 0;
  for (const p of s.places) used += (p.rows + (p.rule ? 1 : 0)) * p.k;
  return used / (R * C);
}

/** Share of the article area the placed modules take once exposed ones are stretched to the foot (as setPlaces does). */
export function settledShare(s: State, R: number, C: number): number {
  let used = usedShare(s, R, C) * R * C;
  const exp = exposed(s);
  s.places.forEach((p, i) => {
    if (!exp.has(i) || p.cut) return;
    let foot = R;
    for (let j = p.col; j < p.col + p.k; j++) foot = Math.min(foot, s.floor[j]! < R ? s.floor[j]! - 1 : R);
    const gap = foot - (p.top + p.rows);
    if (reachesFoot(gap, R)) used += gap * p.k;
  });
  return used / (R * C);
}

/** Fill the format choice aims at: the page's share of cells covered. */
export const FORMAT_FILL = 0.9;

/** Fill from which a short page holding a hole keeps its sheet. */
const FULL_FILL = 0.95;

/** Grid lines beyond the fewest a cut sheet may take to close a hole. */
const HOLE_ROWS = 8;

/** Fewest grid lines an article area keeps on a smaller format. */
const MIN_AREA_ROWS = 8;

/** An arrangement found while the page's format was chosen: searched with MOVE_LAST_COST over R grid lines. */
export interface Searched {
  state: State;
  R: number;
}

/** What a format trial found: the sheet's share filled, whether a hole is left, the final cost, the share the modules take. */
interface Trial {
  fill: number;
  holed: boolean;
  cost: number;
  taken: number;
}

function measureTrial(ctx: Ctx, items: Item[], s: State, R: number, H: number): Trial {
  const { cost, white, holes } = settledMeasure(ctx, items, s);
  return {
    fill: 1 - white / (ctx.g.rows * ctx.g.cols),
    holed: holes > 0,
    cost,
    taken: (settledShare(s, R, ctx.g.cols) * R + H) / ctx.g.rows,
  };
}

/** A page's format, whether it is set as a short page, and what its items' search on that format found. */
export interface ChosenFormat {
  t: Template;
  roomy: boolean;
  searched: Searched | null;
  /** What the search of its items as a short page on that format found, when it was tried. */
  roomySearched: Searched | null;
}

const formatKey = (t: Template, roomy: boolean) => `${t.columns}×${t.page.width}×${t.page.height}${roomy ? ' roomy' : ''}`;

/** The arrangement of the items over R grid lines searched with moveCost: the one already searched when it is the same search. */
export function arrangeOnce(ctx: Ctx, items: Item[], R: number, moveCost: number, searched: Searched | null): State {
  return searched && searched.R === R && moveCost === MOVE_LAST_COST ? searched.state : arrange(ctx, items, R, false, moveCost);
}

/**
 * The format a page is set on (headerRows: the grid lines its header band takes on a format). A page
 * whose items all go on the template's sheet whole but leave it short of FORMAT_FILL (the white its
 * arrangement leaves, final-cost.ts) is set as a short page when that fills it; else it is folded
 * while the folded sheet still takes them all whole (set as usual where the short-page setting no
 * longer fits) and the sheet before is short or holds a hole; a sheet still short or holding a hole is
 * cut to the fewest grid lines that take them all whole, or up to HOLE_ROWS more when those close the
 * hole, else to the cheapest of those cuts and the sheet uncut.
 */
export function chooseFormat(base: Ctx, items: Item[], headerRows: (ctx: Ctx) => number): ChosenFormat {
  const tried = new Map<string, Searched>();
  const trials = new Map<string, Trial | null>();
  // Whether the last arrangement tried leaves a hole, its final cost, and the share of the sheet its modules take.
  let holed = false;
  let cost = 0;
  let taken = 0;
  const tryOn = (t: Template, roomy: boolean): number | null => {
    const key = formatKey(t, roomy);
    let trial = trials.get(key);
    if (trial === undefined) {
      trial = trialOn(t, roomy);
      trials.set(key, trial);
    }
    if (!trial) return null;
    ({ holed, cost, taken } = trial);
    return trial.fill;
  };
  /** The items searched on sheet t (as a short page when roomy): null when they do not all go on it whole. */
  const trialOn = (t: Template, roomy: boolean): Trial | null => {
    // On a smaller sheet every item goes whole: its search looks for no cut (one that cuts would fail the trial).
    const ctx = t === base.t ? base : { ...formatCtx(base, t), whole: true };
    const H = headerRows(ctx);
    const R = ctx.g.rows - H;
    if (R < MIN_AREA_ROWS) return null;
    prepareItems(ctx, items, R);
    const narrow = roomy ? roomyItems(ctx, items) : null;
    const s = arrange(ctx, items, R, false, MOVE_LAST_COST);
    tried.set(formatKey(t, roomy), { state: s, R });
    const whole = s.moved.length === 0 && s.cuts === 0 && s.places.length === items.length;
    // Measured as the items were set for the trial, before they are set back.
    const trial = whole ? measureTrial(ctx, items, s, R, H) : null;
    if (narrow) narrowItems(ctx, items, narrow);
    return trial;
  };

  const done = (t: Template, roomy: boolean) => {
    base.roomy = false;
    prepareItems(base, items, base.g.rows - headerRows(base));
    return { t, roomy, searched: tried.get(formatKey(t, roomy)) ?? null, roomySearched: tried.get(formatKey(t, true)) ?? null };
  };
  const plain = tryOn(base.t, false);
  // Modules that take the sheet: a full page (a hole in it is the page search's to close).
  if (plain === null || plain >= FORMAT_FILL || taken >= FORMAT_FILL) return done(base.t, false);
  // Set as a short page (a larger lead headline, more air in headings, larger photos), when that fits.
  const roomyFill = tryOn(base.t, true);
  let roomy = roomyFill !== null;
  // A short page that holds a hole is taken only when nearly full: else a smaller sheet may close it.
  if (roomyFill !== null && roomyFill >= (holed ? FULL_FILL : FORMAT_FILL)) return done(base.t, true);
  let chosen = base.t;
  let fill: number = roomyFill ?? plain;
  let chosenHoled = holed;
  let chosenCost = cost;
  for (const t of formatSteps(base.t).slice(1)) {
    if (fill >= FORMAT_FILL && !chosenHoled) break;
    let f = tryOn(t, roomy);
    // The short-page setting (larger photos) may not go on a smaller sheet where the usual one does.
    if (f === null && roomy && (f = tryOn(t, false)) !== null) roomy = false;
    if (f === null) break;
    [chosen, fill, chosenHoled, chosenCost] = [t, f, holed, cost];
  }
  if (fill < FORMAT_FILL || chosenHoled) {
    const cols = chosen.columns;
    const most = gridRows(chosen);
    const fewest = fewestRows(most, fill, (r) => tryOn(formatOf(base.t, cols, r), roomy) !== null);
    // The fewest lines may leave a hole that a few lines more close: the first cut without one, else the
    // cheapest of the cuts tried and the sheet uncut (when that is filled).
    let rows = fill < FORMAT_FILL ? fewest : most;
    let least = fill < FORMAT_FILL ? Infinity : chosenCost;
    for (let r = fewest; r <= Math.min(most, fewest + HOLE_ROWS); r++) {
      if (tryOn(formatOf(base.t, cols, r), roomy) === null) continue;
      if (!holed) {
        rows = r;
        break;
      }
      if (cost < least) [rows, least] = [r, cost];
    }
    chosen = formatOf(base.t, cols, rows);
  }
  return done(chosen, roomy);
}

/**
 * The fewest grid lines (of a sheet of `rows` that takes every item whole, `fill` of it filled) that
 * still take every item whole (`fits`): tried first where the filled share would fill the sheet, then
 * in steps doubling away from there until the answer is bracketed, then by halving.
 */
export function fewestRows(rows: number, fill: number, fits: (rows: number) => boolean): number {
  const least = Math.min(rows, Math.max(MIN_AREA_ROWS, Math.floor(rows * fill * 0.85)));
  const guess = Math.min(rows, Math.max(least, Math.ceil(rows * fill)));
  let lo: number;
  let hi: number;
  if (fits(guess)) {
    hi = guess;
    let step = 1;
    for (;;) {
      const r = Math.max(least, hi - step);
      if (r === hi) return hi;
      if (!fits(r)) {
        lo = r + 1;
        break;
      }
      hi = r;
      step *= 2;
    }
  } else {
    lo = guess + 1;
    let step = 1;
    for (;;) {
      const r = Math.min(rows, lo + step - 1);
      if (r >= rows || fits(r)) {
        hi = r;
        break;
      }
      lo = r + 1;
      step *= 2;
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fits(mid)) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}
