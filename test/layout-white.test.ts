import { describe, expect, it } from 'vitest';
import { whiteRegions } from '../src/layout/compose/white.js';
import { balance, raisedPhotoOrders, spanning, type Flow } from '../src/layout/compose/columns.js';
import type { Piece } from '../src/layout/compose/pieces.js';
import { emptyState, type Place, type State } from '../src/layout/compose/skyline.js';

/** A state of C columns and R grid lines with the places given (sky and owners are not needed here). */
function stateWith(C: number, R: number, places: Place[]): State {
  return { ...emptyState(C, R), places };
}

const place = (col: number, k: number, top: number, rows: number, rule = false): Place => ({ item: 0, k, col, top, rows, rule, cut: false, bottom: false, d: 0 });

/** A line of text, or a photo of `rows` grid lines one column wide. */
function line(index = 0, count = 1): Piece {
  return { rows: 1, lines: [], index, count, keepWithNext: false, noBreakBefore: false, kinsoku: 0, loose: false, orphan: false };
}

function photo(rows: number): Piece {
  return { ...line(0, 0), rows, photo: { block: { type: 'image' } as never, fig: {} as never, imgRows: rows, span: 1 } };
}

describe('white regions of an arrangement', () => {
  it('joins the white below a short column with the empty column beside it', () => {
    // Columns 1–2 hold a module of 10 lines whose second column ends 4 lines short; column 3 is empty.
    const s = stateWith(3, 10, [place(0, 2, 0, 10)]);
    expect(whiteRegions(s, [{ rows: 10, foot: [0, 4] }])).toEqual([14]);
  });

  it('counts the line a module is set down by under its rule as white, apart from white below it', () => {
    // Three columns under a rule: a module of 3 columns set a line down (Fit.drop), over a line of white at the foot.
    const s = stateWith(3, 12, [place(0, 3, 0, 5), place(0, 3, 6, 5, true)]);
    const sizes = whiteRegions(s, [
      { rows: 5, foot: [0, 0, 0] },
      { rows: 5, foot: [0, 0, 0], drop: 1 },
    ]).sort((a, b) => a - b);
    expect(sizes).toEqual([3, 3]);
  });

  it('keeps apart white that a module or its rule line separates', () => {
    // Two modules stacked across 2 columns, the lower one under a rule line; each ends 2 lines short in its second column.
    const s = stateWith(2, 12, [place(0, 2, 0, 5), place(0, 2, 6, 6, true)]);
    const sizes = whiteRegions(s, [
      { rows: 5, foot: [0, 2] },
      { rows: 6, foot: [0, 2] },
    ]).sort((a, b) => a - b);
    expect(sizes).toEqual([2, 2]);
  });

  it('counts a full page as no white at all', () => {
    const s = stateWith(2, 8, [place(0, 1, 0, 8), place(1, 1, 0, 8)]);
    expect(whiteRegions(s, [{ rows: 8, foot: [0] }, { rows: 8, foot: [0] }])).toEqual([]);
  });
});

describe('a photo raised to the top of the column before', () => {
  // Six lines of text, a photo of 4 lines, then a paragraph of 4: over 3 columns the photo opens the
  // third and leaves it 4 lines short.
  const pieces = [...Array.from({ length: 6 }, (_, i) => line(i, 6)), photo(4), ...Array.from({ length: 4 }, (_, i) => line(i, 4))];
  const offs = [0, 0, 0];
  const lastShort = (b: { H: number; flow: Flow }) => b.H - b.flow.cols[b.flow.cols.length - 1]!.used;

  it('offers the order with the photo at the top of the column before', () => {
    const plain = balance(pieces, offs);
    const opener = plain.flow.cols.findIndex((c, j) => j > 0 && plain.flow.seq[c.start]!.photo);
    expect(opener).toBeGreaterThan(0);
    const orders = raisedPhotoOrders(plain.flow);
    expect(orders).toHaveLength(1);
    expect(orders[0]![plain.flow.cols[opener - 1]!.start]!.photo).toBeDefined();
    expect(new Set(orders[0]!)).toEqual(new Set(pieces));
  });

  it('levels the columns better than the photo where the text reached it', () => {
    const plain = balance(pieces, offs);
    const raised = balance(raisedPhotoOrders(plain.flow)[0]!, offs);
    expect(lastShort(plain)).toBeGreaterThan(3);
    expect(lastShort(raised)).toBeLessThan(lastShort(plain));
    expect(raised.H).toBeLessThanOrEqual(plain.H);
  });

  it('offers nothing when no photo opens a column', () => {
    const { flow: f } = balance(Array.from({ length: 12 }, (_, i) => line(i, 12)), offs);
    expect(raisedPhotoOrders(f)).toEqual([]);
  });
});

describe('a photo spanning columns', () => {
  /** A photo of `rows` lines across `span` columns, with its one-column form (`narrowRows` lines). */
  function widePhoto(rows: number, span: number, narrowRows = rows): Piece {
    const p = photo(rows);
    return { ...p, photo: { ...p.photo!, span }, narrow: photo(narrowRows) };
  }
  const text = (n: number) => Array.from({ length: n }, (_, i) => line(i, n));

  it('levels the columns when the flow sets it one column wide all the same', () => {
    // 46 lines, a photo of 22 lines over 2 columns (8 at one column), 11 lines: the photo comes in the
    // second column, where it cannot span, so it is set one column wide; 65 lines in all.
    const b = balance([...text(46), widePhoto(22, 2, 8), ...text(11)], [0, 0]);
    expect(spanning(b.flow.seq)).toBe(0);
    expect(b.H).toBeLessThanOrEqual(34);
    expect(Math.abs(b.flow.cols[0]!.used - b.flow.cols[1]!.used)).toBeLessThanOrEqual(2);
  });

  it('keeps it at its span in a taller body when asked to', () => {
    // 20 lines, then the photo (10 lines over 2 of 3 columns, 5 at one), then 20 lines.
    const pieces = [...text(20), widePhoto(10, 2, 5), ...text(20)];
    const low = balance(pieces, [0, 0, 0]);
    const wide = balance(pieces, [0, 0, 0], true);
    expect(spanning(low.flow.seq)).toBe(0);
    expect(spanning(wide.flow.seq)).toBe(1);
    expect(wide.H).toBeGreaterThan(low.H);
    expect(wide.flow.next).toBe(wide.flow.seq.length);
  });

  it('opens a column, never follows a subhead into the middle of one (over the next column’s text)', () => {
    let checked = 0;
    for (const k of [2, 3]) {
      for (let a = 1; a < 12; a++) {
        for (let b = 1; b < 8; b++) {
          const pieces = [
            ...Array.from({ length: a }, (_, i) => line(i, a)),
            { ...line(0, 0), spacer: true },
            { ...line(0, 0), keepWithNext: true },
            widePhoto(2 + (a % 5), 2),
            ...Array.from({ length: b }, (_, i) => line(i, b)),
          ];
          const { flow: f } = balance(pieces, new Array(k).fill(0));
          f.cols.forEach((c) => {
            for (let i = c.start; i < c.end; i++) if ((f.seq[i]!.photo?.span ?? 1) > 1) expect(i).toBe(c.start);
          });
          checked++;
        }
      }
    }
    expect(checked).toBe(2 * 11 * 7);
  });
});
