/**
 * The white regions of a finished arrangement, as the page will show them: the grid cells of the
 * article area that no module, rule line or text column takes, joined where they touch. A module's
 * column takes its cells from the module's heading down to its last line; what lies below that line
 * (or above the heading, under the rule) in the module is white, and so is whatever no module covers.
 */
import type { State } from './skyline.js';

/** A placed module as it will be set: its rows once stretched, and the white lines at the foot of each of its columns. */
export interface SettledPlace {
  rows: number;
  /** White lines at the foot of each of the module's columns (left to right). */
  foot: ArrayLike<number>;
  /** White lines at its top, under its rule (Fit.drop). */
  drop?: number;
}

let cells = new Uint8Array(0);
let stack = new Int32Array(0);

/** The sizes (in cells) of the white regions of the article area, given each place of the state as it is settled. */
export function whiteRegions(s: State, settled: SettledPlace[]): number[] {
  const C = s.sky.length;
  const R = s.R;
  const n = R * C;
  if (cells.length < n) {
    cells = new Uint8Array(n);
    stack = new Int32Array(n);
  }
  cells.fill(0, 0, n);
  s.places.forEach((p, i) => {
    const st = settled[i]!;
    if (p.rule && p.top > 0) for (let j = p.col; j < p.col + p.k; j++) cells[(p.top - 1) * C + j] = 1;
    for (let j = 0; j < p.k; j++) {
      const end = Math.min(R, p.top + st.rows - Math.max(0, st.foot[j] ?? 0));
      for (let r = Math.max(0, p.top + (st.drop ?? 0)); r < end; r++) cells[r * C + p.col + j] = 1;
    }
  });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (cells[i]) continue;
    let size = 0;
    let top = 0;
    stack[top++] = i;
    cells[i] = 1;
    while (top > 0) {
      const c = stack[--top]!;
      size++;
      const r = (c / C) | 0;
      const j = c - r * C;
      if (r > 0 && !cells[c - C]) (cells[c - C] = 1), (stack[top++] = c - C);
      if (r < R - 1 && !cells[c + C]) (cells[c + C] = 1), (stack[top++] = c + C);
      if (j > 0 && !cells[c - 1]) (cells[c - 1] = 1), (stack[top++] = c - 1);
      if (j < C - 1 && !cells[c + 1]) (cells[c + 1] = 1), (stack[top++] = c + 1);
    }
    out.push(size);
  }
  return out;
}
