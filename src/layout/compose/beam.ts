/**
 * The beam of the arrangement search: a child of a beam state (a place made, or an item moved on),
 * its skyline hash, and the children kept for the next step, in order of their keys.
 */
import type { Place, State } from './skyline.js';

/** A child of a beam state, evaluated without copying the state. */
export interface Cand {
  parent: State;
  place: Place | null;
  /** The item moved to a later page instead, or -1. */
  moved: number;
  cost: number;
  lead: boolean;
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
 * O(n + few · log n) instead of a full sort. With `empty`, the heap starts with no index and takes
 * them by push (a key may then be changed before its index is pushed).
 */
export class KeyHeap {
  private readonly heap: Int32Array;
  private size: number;

  constructor(
    private readonly keys: Float64Array,
    empty = false,
  ) {
    const n = keys.length;
    this.heap = new Int32Array(n);
    if (empty) {
      this.size = 0;
      return;
    }
    for (let i = 0; i < n; i++) this.heap[i] = i;
    this.size = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The next index without taking it, or -1 when none is left. */
  peek(): number {
    return this.size === 0 ? -1 : this.heap[0]!;
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

  /** Puts index i in (not in the heap already). */
  push(i: number): void {
    const heap = this.heap;
    let j = this.size++;
    while (j > 0) {
      const up = (j - 1) >> 1;
      if (!this.before(i, heap[up]!)) break;
      heap[j] = heap[up]!;
      j = up;
    }
    heap[j] = i;
  }

  /** Whether index a comes before index b. */
  before(a: number, b: number): boolean {
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

/**
 * Candidate indices in ascending order of key plus a further cost found only when a candidate comes
 * up (`extra`, never negative): a candidate whose further cost is not 0 waits in a second heap, under
 * its full key, until that comes up. The order is that of the full keys, but the further cost is found
 * only for the candidates taken before the beam is full.
 */
export class LazyOrder {
  private readonly base: KeyHeap;
  /** Each candidate's key with its further cost, once found. */
  private readonly full: Float64Array;
  private readonly waiting: KeyHeap;

  constructor(
    keys: Float64Array,
    private readonly extra: ((i: number) => number) | null,
  ) {
    this.base = new KeyHeap(keys);
    this.full = Float64Array.from(keys);
    this.waiting = new KeyHeap(this.full, true);
  }

  /** The next index, or -1 when none is left. */
  pop(): number {
    for (;;) {
      const w = this.waiting.peek();
      const i = this.base.peek();
      // Keys not yet raised equal their full keys, so the waiting heap's order compares them.
      if (w >= 0 && (i < 0 || this.waiting.before(w, i))) return this.waiting.pop();
      if (i < 0) return -1;
      this.base.pop();
      const more = this.extra ? this.extra(i) : 0;
      if (more <= 0) return i;
      this.full[i] = this.full[i]! + more;
      this.waiting.push(i);
    }
  }
}

/** The hash of the skyline the candidate leaves (see childHash). */
export function candHash(c: Cand): number {
  const s = c.parent;
  return c.place ? childHash(s, c.place, s.moved.length, c.lead ? c.place.k : s.leadK) : childHash(s, null, s.moved.length + 1, s.leadK);
}

/** The first `beam` candidates in order, one per skyline shape. */
export function pickBest(cands: Cand[], order: LazyOrder, beam: number): State[] {
  const seen = new Set<number>();
  const next: State[] = [];
  for (let i = order.pop(); i >= 0; i = order.pop()) {
    const hash = candHash(cands[i]!);
    if (seen.has(hash)) continue;
    seen.add(hash);
    next.push(materialize(cands[i]!));
    if (next.length >= beam) break;
  }
  return next;
}

/** The span the first item took in the candidate's arrangement (0 when it was moved on). */
function rootOf(c: Cand): number {
  const first = c.parent.places[0] ?? c.place;
  return first && first.item === 0 ? first.k : 0;
}

/**
 * The first `beam` candidates in order, one per skyline shape, each span of the first item keeping an
 * equal share of the beam while it has candidates for it, the rest of the beam filled in order.
 */
export function pickByRoot(cands: Cand[], order: LazyOrder, beam: number): State[] {
  const count = new Map<number, number>();
  for (const c of cands) {
    const root = rootOf(c);
    count.set(root, (count.get(root) ?? 0) + 1);
  }
  const share = shareOf([...count.values()], beam);
  const taken = new Map<number, number>();
  const seen = new Set<number>();
  const next: State[] = [];
  const passed: number[] = [];
  for (let i = order.pop(); i >= 0 && next.length < beam; i = order.pop()) {
    const c = cands[i]!;
    const hash = candHash(c);
    if (seen.has(hash)) continue;
    const root = rootOf(c);
    const n = taken.get(root) ?? 0;
    if (n >= share) {
      passed.push(i);
      continue;
    }
    seen.add(hash);
    taken.set(root, n + 1);
    next.push(materialize(c));
  }
  for (const i of passed) {
    if (next.length >= beam) break;
    const hash = candHash(cands[i]!);
    if (seen.has(hash)) continue;
    seen.add(hash);
    next.push(materialize(cands[i]!));
  }
  return next;
}

/** The share of the beam each group may take, given how many candidates each has: what a group cannot use goes to the others. */
export function shareOf(sizes: number[], beam: number): number {
  sizes.sort((a, b) => a - b);
  let left = beam;
  let groups = sizes.length;
  for (const n of sizes) {
    const share = Math.ceil(left / groups);
    if (n >= share) return share;
    left -= n;
    groups--;
  }
  return beam;
}
