/**
 * The arrangement state: modules placed so far and the skyline of free lines over the columns.
 */


export interface Place {
  item: number;
  k: number;
  col: number;
  /** First grid line of the module (below its rule line, if any), relative to the article area. */
  top: number;
  rule: boolean;
  rows: number;
  cut: boolean;
  /** Set from the foot of the page upwards (continuations on a page with articles of its own). */
  bottom: boolean;
  /** Grid lines the module is stretched by (see stretchTable). */
  d: number;
}

export interface State {
  /** Grid lines in the article area. */
  R: number;
  /** First free grid line per column, from the top. */
  sky: number[];
  /** Last usable grid line (exclusive) per column: the top of what was set from the foot. */
  floor: number[];
  /** The place that last filled each column from the top, or -1. */
  owner: number[];
  cost: number;
  places: Place[];
  moved: number[];
  cuts: number;
  leadK: number;
}

export function emptyState(C: number, R: number): State {
  return { R, sky: new Array(C).fill(0), floor: new Array(C).fill(R), owner: new Array(C).fill(-1), cost: 0, places: [], moved: [], cuts: 0, leadK: C };
}

/** The last grid line (exclusive) free in column j above what was set from the foot and its rule line. */
export function usableFloor(s: State, j: number): number {
  const f = s.floor[j]!;
  return f < s.R ? Math.max(0, f - 1) : f;
}

/** Grid lines free below each column's top-down content. */
export function freeBelow(s: State, j: number): number {
  return Math.max(0, usableFloor(s, j) - s.sky[j]!);
}

/** Exposed modules: set from the top with nothing below them in any of their columns. */
export function exposed(s: State): Set<number> {
  const out = new Set<number>();
  s.places.forEach((p, i) => {
    if (p.bottom) return;
    let all = true;
    for (let j = p.col; j < p.col + p.k; j++) if (s.owner[j] !== i) all = false;
    if (all) out.add(i);
  });
  return out;
}
