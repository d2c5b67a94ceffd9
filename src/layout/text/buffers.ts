/**
 * Scratch buffers for setting a paragraph, grown on demand and reused between calls, and decoding text
 * into code points.
 */


export let cap = 0;

export let cps = new Int32Array(0); // code points

export let offs = new Int32Array(0); // UTF-16 offset of each code point (length n + 1)

export let cls = new Uint8Array(0);

export let flg = new Uint16Array(0);

export let brk = new Uint8Array(0); // brk[b]: 1 = break allowed before b, 2 = required break before b

export let wid = new Float64Array(0); // advance, em

export let adj = new Float64Array(0); // adj[i]: change of the advance from i to i + 1 when both share a line

export let gapPair = new Uint8Array(0); // 1 when adj[i] holds a Han–Latin gap

export let cmp = new Float64Array(0); // compressible blank of a full-width mark (half its advance), else 0

export let byPair = new Uint8Array(0); // 1 when the mark's blank is already taken by adjacent compression

export let startC = new Float64Array(0); // blank removed when the char opens a line

export let endC = new Float64Array(0); // blank removed when the char ends a line

export let shr = new Float64Array(0); // optional shrink of an interior char (push-in)

export let W = new Float64Array(0); // prefix sum of wid

export let A = new Float64Array(0); // prefix sum of adj

export let S = new Float64Array(0); // prefix sum of shr

export let SP = new Int32Array(0); // prefix count of word spaces

export let GP = new Int32Array(0); // prefix count of Han–Latin gap pairs

export let SPR = new Int32Array(0); // prefix count of spreadable pairs

export let TG = new Int32Array(0); // prefix count of gaps tightening may close (between two ideographs)

export let best = new Float64Array(0); // total-fit cost up to a break

export let prev = new Int32Array(0); // start of the best line ending at a break

export let visEnd = new Int32Array(0); // visEnd[b]: end of the last non-whitespace char before b

export let delta = new Float64Array(0); // per-line change of the advance from i to i + 1

export let u2c = new Int32Array(0); // UTF-16 offset -> code point index

export function ensure(n: number, len: number): void {
  if (n + 2 > cap) {
    cap = Math.max(n + 2, cap * 2, 64);
    cps = new Int32Array(cap);
    offs = new Int32Array(cap);
    cls = new Uint8Array(cap);
    flg = new Uint16Array(cap);
    brk = new Uint8Array(cap);
    wid = new Float64Array(cap);
    adj = new Float64Array(cap);
    gapPair = new Uint8Array(cap);
    cmp = new Float64Array(cap);
    byPair = new Uint8Array(cap);
    startC = new Float64Array(cap);
    endC = new Float64Array(cap);
    shr = new Float64Array(cap);
    W = new Float64Array(cap);
    A = new Float64Array(cap);
    S = new Float64Array(cap);
    SP = new Int32Array(cap);
    GP = new Int32Array(cap);
    SPR = new Int32Array(cap);
    TG = new Int32Array(cap);
    best = new Float64Array(cap);
    prev = new Int32Array(cap);
    visEnd = new Int32Array(cap);
    delta = new Float64Array(cap);
  }
  if (len + 2 > u2c.length) u2c = new Int32Array(Math.max(len + 2, u2c.length * 2, 64));
}

/** Decode `text` into the code point buffers; returns the code point count. */
export function decode(text: string): number {
  const len = text.length;
  ensure(len, len);
  let n = 0;
  for (let u = 0; u < len; ) {
    const c = text.charCodeAt(u);
    let cp = c;
    let step = 1;
    if (c >= 0xd800 && c <= 0xdbff && u + 1 < len) {
      const d = text.charCodeAt(u + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        step = 2;
      }
    }
    cps[n] = cp;
    offs[n] = u;
    u2c[u] = n;
    if (step === 2) u2c[u + 1] = n;
    n++;
    u += step;
  }
  offs[n] = len;
  u2c[len] = n;
  return n;
}
