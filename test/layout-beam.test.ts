/**
 * The beam of the arrangement search: the order candidates are taken in when a further cost is found
 * only as they come up, the share of the beam each span of the first item keeps, and the white no item
 * left can reach.
 */
import { describe, expect, it } from 'vitest';
import { LazyOrder, shareOf } from '../src/layout/compose/beam.js';
import type { Ctx } from '../src/layout/compose/context.js';
import { deadCost } from '../src/layout/compose/dead.js';
import { emptyState, type Place, type State } from '../src/layout/compose/skyline.js';

function rng(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('the order of a beam’s candidates', () => {
  it('takes candidates in order of key plus further cost, ties by index, finding the further cost only for those taken', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = rng(seed);
      const n = 5 + Math.floor(rand() * 60);
      const keys = Float64Array.from({ length: n }, () => Math.floor(rand() * 20));
      const extra = Array.from({ length: n }, () => (rand() < 0.5 ? 0 : Math.floor(rand() * 15)));
      const asked = new Set<number>();
      const order = new LazyOrder(keys, (i) => (asked.add(i), extra[i]!));
      const want = [...keys.keys()].sort((a, b) => keys[a]! + extra[a]! - (keys[b]! + extra[b]!) || a - b);
      const take = Math.floor(n / 3);
      const got: number[] = [];
      for (let i = 0; i < take; i++) got.push(order.pop());
      expect(got).toEqual(want.slice(0, take));
      // Those never asked about are the ones whose key alone already comes after every one taken.
      const last = keys[got[got.length - 1]!]! + extra[got[got.length - 1]!]!;
      for (let i = 0; i < n; i++) if (!asked.has(i)) expect(keys[i]!).toBeGreaterThanOrEqual(last);
      expect(asked.size).toBeLessThan(n);
      for (let i = take; i < n; i++) got.push(order.pop());
      expect(got).toEqual(want);
      expect(order.pop()).toBe(-1);
    }
  });

  it('gives each group the least share of the beam that fills it, what small groups cannot use going to the others', () => {
    const fill = (sizes: number[], share: number) => sizes.reduce((t, n) => t + Math.min(n, share), 0);
    for (const [sizes, beam] of [[[1, 2, 100, 100], 64], [[30, 30, 30], 60], [[5, 5], 64], [[200], 64], [[3, 40, 7, 90, 1], 128]] as [number[], number][]) {
      const share = shareOf([...sizes], beam);
      const total = sizes.reduce((a, b) => a + b, 0);
      expect(fill(sizes, share)).toBeGreaterThanOrEqual(Math.min(beam, total));
      if (share > 1 && total > beam) expect(fill(sizes, share - 1)).toBeLessThan(beam);
    }
  });
});

describe('white no item left can reach', () => {
  const ctx = { whole: true } as Ctx;
  // Three columns of 40 lines: a module over the first two, 10 lines deep; the third empty.
  const place: Place = { item: 0, k: 2, col: 0, top: 0, rows: 10, rule: false, cut: false, bottom: false, d: 0 };
  const s: State = { ...emptyState(3, 40), sky: [10, 10, 0], owner: [0, 0, -1], places: [place] };
  /** The fewest lines per span (index 1–3) of the items left. */
  const least = (k1: number, k2: number, k3: number) => Float64Array.from([Infinity, k1, k2, k3]);

  it('prices a column that no module left fits into as a hole', () => {
    // Nothing left fits one column wide, and a wider module over the third column would leave 10 lines white under it.
    expect(deadCost(ctx, s, null, least(60, 12, 8))).toBeGreaterThan(0);
    // Nothing is left at all.
    expect(deadCost(ctx, s, null, least(Infinity, Infinity, Infinity))).toBeGreaterThan(0);
  });

  it('prices nothing while some module left could go there', () => {
    expect(deadCost(ctx, s, null, least(30, 12, 8))).toBe(0);
    // The module placed next levels the third column with the others: then a 3-column module fits under both.
    const level: Place = { ...place, k: 1, col: 2, rows: 10 };
    expect(deadCost(ctx, s, level, least(60, 60, 20))).toBe(0);
  });

  it('prices nothing a cut could still fill, nor a few lines the module above may be stretched over', () => {
    expect(deadCost({ whole: false } as Ctx, s, null, least(60, 12, 8))).toBe(0);
    // Columns 1–2 are 34 lines deep and column 3 has a module of 36: 4 lines over 2 columns, and that module's own column 4 short.
    const deep: State = { ...emptyState(3, 40), sky: [36, 36, 38], owner: [0, 0, 1], places: [{ ...place, rows: 36 }, { ...place, k: 1, col: 2, rows: 38 }] };
    expect(deadCost(ctx, deep, null, least(Infinity, Infinity, Infinity))).toBe(0);
  });
});
