/**
 * Chinese line breaking and justification for one paragraph (pure, no I/O).
 *
 * Break opportunities start from UAX #14 (npm `linebreak`) and are then overridden by a clreq class
 * table (禁则, unbreakable units, quotes between Han characters). Breaks are chosen over the whole
 * paragraph (total fit): every candidate line is priced, and the cheapest sequence wins. Pushing in
 * (compressing punctuation and word spaces so a no-start mark stays on the line) is priced below
 * pushing out (ending the line earlier and spreading it); loose lines and a last line holding one
 * character (孤字) are priced high, so they appear only when nothing else fits. Punctuation compression
 * (标点挤压), the ¼-em Han–Latin gap, justification and indent all show up in the per-code-point `xs`.
 *
 * All internal measures are in em (1 = the font size); results are converted to points at the end.
 */
// The linebreak package ships no type declarations; its shape is described by `LineBreakerCtor` below.
// @ts-ignore
import LineBreakerImport from 'linebreak';

import type { Metrics } from './fonts/advances.js';

export type { Metrics };

export interface SetOptions {
  metrics: Metrics;
  /** Font size, pt. */
  size: number;
  /** Measure (column width), pt. */
  width: number;
  /** First-line indent in em (body text uses 2). */
  indent?: number;
  /** Default 'justify'. */
  align?: 'justify' | 'start' | 'center' | 'end';
  /** Max extra space per gap in em before a line counts as loose (default 0.25). */
  maxStretch?: number;
}

export interface SetLine {
  /** Exact characters on this line. */
  text: string;
  /** x offset in pt of each code point of `text` from the column's left edge. */
  xs: number[];
  /** Width used in pt, from the column's left edge (indent included, alignment offset excluded). */
  width: number;
  /** The paragraph's last line. */
  last: boolean;
  /** Justification needed more than maxStretch per gap. */
  loose: boolean;
}

interface BreakResult {
  position: number;
  required: boolean;
}
type LineBreakerCtor = new (text: string) => { nextBreak(): BreakResult | null };
const LineBreaker = LineBreakerImport as unknown as LineBreakerCtor;

// ---------------------------------------------------------------------------------------------
// Character class table (built once at module load)
// ---------------------------------------------------------------------------------------------

const C_OTHER = 0;
const C_HAN = 1;
const C_OPEN = 2; // full-width opening bracket/quote: blank on the left half
const C_CLOSE = 3; // full-width closing bracket/quote: blank on the right half
const C_STOP1 = 4; // ，、；： blank on the right half
const C_STOP2 = 5; // 。？！． blank on the right half
const C_DASH = 6;
const C_ELLIP = 7;
const C_SPACE = 8;
const C_ALNUM = 9;
const C_APUNCT = 10;

const F_NOSTART = 1;
const F_NOEND = 2;
/** Takes part in CJK breaking: a break between two such characters is allowed unless 禁则 forbids it. */
const F_CJK = 4;
/** Ideograph / kana / hangul: one side of a Han–Latin gap. */
const F_IDEO = 8;
/** ASCII / Latin non-space printable: runs of these form one unbreakable Latin token. */
const F_WORD = 16;
/** Latin letter or digit: the other side of a Han–Latin gap. */
const F_LATIN = 32;
const F_DIGIT = 64;
const F_UPPER = 128;
/** Han unit or counter that stays with a preceding number (8.6万, 2023年). */
const F_UNIT = 256;
/** Whitespace: hangs (zero width) at a line end. */
const F_WS = 512;
/** Punctuation or symbol that does not count as a character for the 孤字 rule. */
const F_PUNCT = 1024;
/** A Latin word space: stretches and shrinks first. */
const F_WORDSPACE = 2048;
/** Line feed / carriage return / other line separators: zero width. */
const F_NEWLINE = 4096;

const CLS = new Uint8Array(0x10000);
const FLG = new Uint16Array(0x10000);

function setRange(lo: number, hi: number, cls: number, flags: number): void {
  for (let c = lo; c <= hi; c++) {
    if (cls >= 0) CLS[c] = cls;
    FLG[c] = (FLG[c] ?? 0) | flags;
  }
}
function setChars(chars: string, cls: number, flags: number): void {
  for (const ch of chars) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x10000) continue;
    if (cls >= 0) CLS[c] = cls;
    FLG[c] = (FLG[c] ?? 0) | flags;
  }
}

// Han, kana, hangul and other ideographic scripts.
const HAN_FLAGS = F_CJK | F_IDEO;
setRange(0x2e80, 0x2fdf, C_HAN, HAN_FLAGS);
setRange(0x3005, 0x3007, C_HAN, HAN_FLAGS);
setRange(0x3021, 0x3029, C_HAN, HAN_FLAGS);
setRange(0x3038, 0x303b, C_HAN, HAN_FLAGS);
setRange(0x3040, 0x30ff, C_HAN, HAN_FLAGS);
setRange(0x3100, 0x312f, C_HAN, HAN_FLAGS);
setRange(0x31a0, 0x31bf, C_HAN, HAN_FLAGS);
setRange(0x31f0, 0x31ff, C_HAN, HAN_FLAGS);
setRange(0x3400, 0x4dbf, C_HAN, HAN_FLAGS);
setRange(0x4e00, 0x9fff, C_HAN, HAN_FLAGS);
setRange(0xac00, 0xd7af, C_HAN, HAN_FLAGS);
setRange(0xf900, 0xfaff, C_HAN, HAN_FLAGS);
// Other wide symbols that break like Han characters.
setRange(0x3000, 0x303f, -1, F_CJK);
setRange(0x3200, 0x33ff, C_HAN, F_CJK);
setRange(0xff00, 0xffef, C_HAN, F_CJK);
setRange(0x2460, 0x24ff, C_OTHER, F_CJK); // ① ②
setRange(0x25a0, 0x25ff, C_OTHER, F_CJK); // ▶ ▲ ■
setRange(0x2190, 0x21ff, C_OTHER, F_CJK); // arrows
setRange(0x2600, 0x27bf, C_OTHER, F_CJK); // ★ ☆ ✓

// Latin letters and digits.
setRange(0x30, 0x39, C_ALNUM, F_WORD | F_LATIN | F_DIGIT);
setRange(0x41, 0x5a, C_ALNUM, F_WORD | F_LATIN | F_UPPER);
setRange(0x61, 0x7a, C_ALNUM, F_WORD | F_LATIN);
setRange(0xc0, 0x24f, C_ALNUM, F_WORD | F_LATIN);
// × and ÷ sit inside that range but are symbols.
CLS[0xd7] = CLS[0xf7] = C_OTHER;
FLG[0xd7] = FLG[0xf7] = 0;
setRange(0x370, 0x3ff, C_ALNUM, F_WORD | F_LATIN);
setRange(0x400, 0x4ff, C_ALNUM, F_WORD | F_LATIN);
// ASCII punctuation.
setChars('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', C_APUNCT, F_WORD | F_PUNCT);

// Whitespace.
setChars(' \u00a0', C_SPACE, F_WS | F_WORDSPACE);
setRange(0x2000, 0x200a, C_SPACE, F_WS | F_WORDSPACE);
setChars('\t\u3000', C_SPACE, F_WS);
setChars('\n\r\u000b\u000c\u0085\u2028\u2029', C_SPACE, F_WS | F_NEWLINE);

// Full-width punctuation (classes decide which half is blank).
setChars('（「『《“‘【〈〔〖［｛｟〘〚', C_OPEN, F_CJK | F_PUNCT | F_NOEND);
setChars('）」』》”’】〉〕〗］｝｠〙〛', C_CLOSE, F_CJK | F_PUNCT | F_NOSTART);
setChars('，、；：', C_STOP1, F_CJK | F_PUNCT | F_NOSTART);
setChars('。？！．', C_STOP2, F_CJK | F_PUNCT | F_NOSTART);
setChars('—―⸺⸻', C_DASH, F_PUNCT);
setChars('…⋯', C_ELLIP, F_PUNCT);
// Other characters that may not start a line.
setChars('·・～－〜', C_OTHER, F_CJK | F_PUNCT | F_NOSTART);
setChars('-–%‰℃°′″％', -1, F_PUNCT | F_NOSTART);
setChars(',.;:!?)]}', -1, F_NOSTART);
// Other characters that may not end a line.
setChars('([{/$', -1, F_NOEND);
setChars('￥¥£€￡＄', -1, F_PUNCT | F_NOEND);
// Counters and units that stay with a preceding number.
setChars('万亿千百元角分年月日时点秒岁个件名人次位户家所座台辆吨米克升度倍版期届项天周号条页层栋亩里斤', -1, F_UNIT);

function clsOf(cp: number): number {
  if (cp < 0x10000) return CLS[cp]!;
  if (cp >= 0x20000 && cp <= 0x3ffff) return C_HAN;
  return C_OTHER;
}
function flagsOf(cp: number): number {
  if (cp < 0x10000) return FLG[cp]!;
  if (cp >= 0x20000 && cp <= 0x3ffff) return HAN_FLAGS;
  if (cp >= 0x1f100 && cp <= 0x1faff) return F_CJK;
  return 0;
}

/** A jump reference (▶下转02版①, ▲上接01版①, （下转第2版）): one unbreakable unit. */
const JUMP_RE =
  /[▶▲►▼◀◆△▷▸▹→]\s*(?:下转|上接|转|接|续)\s*(?:第\s*)?(?:[A-Za-z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版\s*[①-⑳]?|[（(]\s*(?:下转|上接|转|接|续)\s*(?:第\s*)?(?:[A-Za-z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版\s*[①-⑳]?\s*[)）]/gu;

// ---------------------------------------------------------------------------------------------
// Scratch buffers, grown on demand and reused between calls
// ---------------------------------------------------------------------------------------------

let cap = 0;
let cps = new Int32Array(0); // code points
let offs = new Int32Array(0); // UTF-16 offset of each code point (length n + 1)
let cls = new Uint8Array(0);
let flg = new Uint16Array(0);
let brk = new Uint8Array(0); // brk[b]: 1 = break allowed before b, 2 = required break before b
let wid = new Float64Array(0); // advance, em
let adj = new Float64Array(0); // adj[i]: change of the advance from i to i + 1 when both share a line
let gapPair = new Uint8Array(0); // 1 when adj[i] holds a Han–Latin gap
let cmp = new Float64Array(0); // compressible blank of a full-width mark (half its advance), else 0
let byPair = new Uint8Array(0); // 1 when the mark's blank is already taken by adjacent compression
let startC = new Float64Array(0); // blank removed when the char opens a line
let endC = new Float64Array(0); // blank removed when the char ends a line
let shr = new Float64Array(0); // optional shrink of an interior char (push-in)
let W = new Float64Array(0); // prefix sum of wid
let A = new Float64Array(0); // prefix sum of adj
let S = new Float64Array(0); // prefix sum of shr
let SP = new Int32Array(0); // prefix count of word spaces
let GP = new Int32Array(0); // prefix count of Han–Latin gap pairs
let SPR = new Int32Array(0); // prefix count of spreadable pairs
let best = new Float64Array(0); // total-fit cost up to a break
let prev = new Int32Array(0); // start of the best line ending at a break
let visEnd = new Int32Array(0); // visEnd[b]: end of the last non-whitespace char before b
let delta = new Float64Array(0); // per-line change of the advance from i to i + 1
let u2c = new Int32Array(0); // UTF-16 offset -> code point index

function ensure(n: number, len: number): void {
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
    best = new Float64Array(cap);
    prev = new Int32Array(cap);
    visEnd = new Int32Array(cap);
    delta = new Float64Array(cap);
  }
  if (len + 2 > u2c.length) u2c = new Int32Array(Math.max(len + 2, u2c.length * 2, 64));
}

/** Decode `text` into the code point buffers; returns the code point count. */
function decode(text: string): number {
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

/** Fill `brk[1..n-1]` (and brk[n] = 2) for the decoded text. */
function computeBreaks(text: string, n: number): void {
  for (let i = 0; i <= n; i++) {
    cls[i] = i < n ? clsOf(cps[i]!) : C_OTHER;
    flg[i] = i < n ? flagsOf(cps[i]!) : 0;
    brk[i] = 0;
  }
  // Base: UAX #14.
  const lb = new LineBreaker(text);
  for (let r = lb.nextBreak(); r !== null; r = lb.nextBreak()) {
    const b = u2c[r.position]!;
    if (b > 0 && b <= n) brk[b] = r.required ? 2 : 1;
  }
  // clreq overrides.
  for (let b = 1; b < n; b++) {
    if (brk[b] === 2) continue;
    const fp = flg[b - 1]!;
    const fn = flg[b]!;
    let ok = brk[b]!;
    if (fp & F_CJK && fn & F_CJK) ok = 1;
    if (fn & F_NOSTART || fp & F_NOEND) ok = 0;
    else if (fp & F_WORD && fn & F_WORD) ok = 0;
    else if (fp & F_DIGIT && fn & F_UNIT) ok = 0;
    else {
      const cp = cls[b - 1]!;
      if ((cp === C_DASH || cp === C_ELLIP) && cls[b] === cp) ok = 0;
      else if (cps[b - 1] === 0x20 && fn & F_DIGIT && b >= 2 && flg[b - 2]! & F_UPPER) {
        // An uppercase code with its number: CN 43-0005, ISSN 1234.
        let k = b - 2;
        while (k >= 0 && flg[k]! & F_UPPER) k--;
        const run = b - 2 - k;
        if (run <= 6 && (k < 0 || !(flg[k]! & F_LATIN))) ok = 0;
      }
    }
    brk[b] = ok;
  }
  // Jump references are one unit.
  if (text.indexOf('版') >= 0) {
    JUMP_RE.lastIndex = 0;
    for (let m = JUMP_RE.exec(text); m !== null; m = JUMP_RE.exec(text)) {
      const s = u2c[m.index]!;
      const e = u2c[m.index + m[0].length]!;
      for (let b = s + 1; b < e; b++) if (brk[b] !== 2) brk[b] = 0;
    }
  }
  brk[n] = 2;
}

/**
 * Break opportunities of `text` as code point indices b (a line may start at b), 0 < b < length,
 * after the clreq overrides. Required breaks (after a line feed) are included.
 */
export function breakOpportunities(text: string): number[] {
  const n = decode(text);
  computeBreaks(text, n);
  const out: number[] = [];
  for (let b = 1; b < n; b++) if (brk[b]) out.push(b);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Widths
// ---------------------------------------------------------------------------------------------

/** Word space shrink, as a share of its advance. */
const SPACE_SHRINK = 0.4;
/** Word space stretch, em. */
const SPACE_STRETCH = 0.5;
/** Han–Latin gap, em. */
const HAN_LATIN_GAP = 0.25;
const EPS = 1e-9;

function computeWidths(n: number, metrics: Metrics): void {
  for (let i = 0; i < n; i++) {
    const f = flg[i]!;
    const w = f & F_NEWLINE ? 0 : metrics.advance(cps[i]!);
    wid[i] = w > 0 ? w : 0;
    const c = cls[i]!;
    cmp[i] = c >= C_OPEN && c <= C_STOP2 && w >= 0.9 ? w / 2 : 0;
    byPair[i] = 0;
  }
  // Adjacent pairs: compression of two full-width marks, Han–Latin gaps.
  for (let i = 0; i + 1 < n; i++) {
    let v = 0;
    gapPair[i] = 0;
    if (cmp[i]! > 0 && cmp[i + 1]! > 0) {
      if (cls[i] !== C_OPEN) {
        v = -cmp[i]!;
        byPair[i] = 1;
      } else if (cls[i + 1] === C_OPEN) {
        v = -cmp[i + 1]!;
        byPair[i + 1] = 1;
      }
    } else {
      const fa = flg[i]!;
      const fb = flg[i + 1]!;
      if ((fa & F_IDEO && fb & F_LATIN) || (fa & F_LATIN && fb & F_IDEO)) {
        v = HAN_LATIN_GAP;
        gapPair[i] = 1;
      }
    }
    adj[i] = v;
  }
  adj[n > 0 ? n - 1 : 0] = 0;
  gapPair[n > 0 ? n - 1 : 0] = 0;
  W[0] = 0;
  A[0] = 0;
  S[0] = 0;
  SP[0] = 0;
  GP[0] = 0;
  SPR[0] = 0;
  visEnd[0] = 0;
  for (let i = 0; i < n; i++) {
    const c = cls[i]!;
    const m = cmp[i]!;
    startC[i] = c === C_OPEN ? m : 0;
    endC[i] = c !== C_OPEN ? m : 0;
    let s = m > 0 && !byPair[i] ? m : 0;
    // An opening mark closes up on the advance of the char before it, which must have room left.
    if (c === C_OPEN && s > 0 && (i === 0 || wid[i - 1]! + adj[i - 1]! - shr[i - 1]! < s - EPS)) s = 0;
    if (flg[i]! & F_WORDSPACE) s = wid[i]! * SPACE_SHRINK;
    shr[i] = s;
    W[i + 1] = W[i]! + wid[i]!;
    A[i + 1] = A[i]! + adj[i]!;
    S[i + 1] = S[i]! + s;
    SP[i + 1] = SP[i]! + (flg[i]! & F_WORDSPACE ? 1 : 0);
    GP[i + 1] = GP[i]! + gapPair[i]!;
    SPR[i + 1] = SPR[i]! + (i + 1 < n && spreadable(i) ? 1 : 0);
    visEnd[i + 1] = flg[i]! & F_WS ? visEnd[i]! : i + 1;
  }
}

/** Natural width (em) of the line [a, b), trailing whitespace hanging, indent included. */
function natural(a: number, b: number, indent: number): number {
  const e = visEnd[b]!;
  const ind = a === 0 ? indent : 0;
  if (e <= a) return ind;
  return W[e]! - W[a]! + A[e - 1]! - A[a]! - startC[a]! - endC[e - 1]! + ind;
}

/** Optional shrink (em) of the line [a, b): interior word spaces and uncompressed marks. */
function shrinkable(a: number, b: number): number {
  const e = visEnd[b]!;
  return e - 1 > a + 1 ? S[e - 1]! - S[a + 1]! : 0;
}

/** Number of characters (not punctuation, not whitespace) in [a, b), counting up to `limit`. */
function countChars(a: number, b: number, limit: number): number {
  let k = 0;
  for (let i = a; i < b && k < limit; i++) if (!(flg[i]! & (F_PUNCT | F_WS))) k++;
  return k;
}

/** Cost of a line that is loose (needs more than maxStretch per gap). */
const LOOSE_COST = 100;
/** Cost of a paragraph ending on a single character (孤字). */
const ORPHAN_COST = 1000;
/** Cost of splitting a unit wider than the measure. */
const SPLIT_COST = 1e6;
/** Cost per line, so that fewer lines win a tie. */
const LINE_COST = 1e-3;
/** Weight of pushing in to keep a no-start mark on the line (cheap: 禁则 is fixed by pushing in first). */
const KINSOKU_SHRINK = 0.02;
/** Weight of pushing in otherwise (dearer than a moderate stretch, cheaper than a loose line). */
const SHRINK = 2;

/**
 * Cost of setting [a, b) as one line, or -1 when it cannot fit even pushed in. `stretch`: the line is
 * justified; `hard`: it ends at a line feed or the paragraph's end; `last`: it ends the paragraph.
 * Mirrors the stages of `emit`.
 */
function lineCost(
  a: number,
  b: number,
  indent: number,
  widthEm: number,
  maxStretch: number,
  stretch: boolean,
  hard: boolean,
  last: boolean,
): number {
  const nat = natural(a, b, indent);
  const e = visEnd[b]!;
  let cost = LINE_COST;
  if (last && a > 0 && countChars(a, b, 2) === 1) cost += ORPHAN_COST;
  if (nat > widthEm + EPS) {
    const sh = shrinkable(a, b);
    if (nat - sh > widthEm + EPS) return -1;
    const r = (nat - widthEm) / sh;
    const kinsoku = e > a && (flg[e - 1]! & F_NOSTART) !== 0;
    return cost + (kinsoku ? KINSOKU_SHRINK : SHRINK) * r * r;
  }
  let need = widthEm - nat;
  if (hard) return cost;
  if (!stretch) return cost + 0.1 * need * need;
  if (need <= EPS) return cost;
  const spaces = e - 1 > a ? SP[e - 1]! - SP[a]! : 0;
  const gaps = e - 1 > a ? GP[e - 1]! - GP[a]! : 0;
  const spread = e - 1 > a ? SPR[e - 1]! - SPR[a]! : 0;
  if (spaces > 0) {
    const per = Math.min(SPACE_STRETCH, need / spaces);
    need -= per * spaces;
    const r = per / SPACE_STRETCH;
    cost += 0.25 * r * r;
  }
  if (gaps > 0 && need > EPS) {
    const per = Math.min(maxStretch, need / gaps);
    need -= per * gaps;
    const r = per / maxStretch;
    cost += 0.5 * r * r;
  }
  if (need <= EPS) return cost;
  if (spread === 0) return cost + LOOSE_COST * 10;
  const r = need / spread / maxStretch;
  return cost + r * r + (r > 1 + EPS ? LOOSE_COST : 0);
}

/** Is the justified line [a, b) loose: too short to fill the measure within maxStretch per gap? */
function tooShort(a: number, b: number, indent: number, widthEm: number, maxStretch: number): boolean {
  const need = widthEm - natural(a, b, indent);
  if (need <= EPS) return false;
  const e = visEnd[b]!;
  if (e - 1 <= a) return true;
  const room =
    (SP[e - 1]! - SP[a]!) * SPACE_STRETCH + (GP[e - 1]! - GP[a]! + SPR[e - 1]! - SPR[a]!) * maxStretch;
  return need > room + EPS;
}

/** Record the line [a, c) when it gives the best total so far; on a tie the later start wins. */
function relax(a: number, c: number, total: number): void {
  if (total <= best[c]! + 1e-9) {
    best[c] = total;
    prev[c] = a;
  }
}

// ---------------------------------------------------------------------------------------------
// Setting
// ---------------------------------------------------------------------------------------------

/** Break `text` into lines of `opts.width` and position every code point. */
export function setParagraph(text: string, opts: SetOptions): SetLine[] {
  if (text.length === 0) return [];
  const size = opts.size;
  const widthEm = opts.width / size;
  const indent = opts.indent ?? 0;
  const align = opts.align ?? 'justify';
  const maxStretch = opts.maxStretch ?? 0.25;
  const justify = align === 'justify';
  const n = decode(text);
  computeBreaks(text, n);
  computeWidths(n, opts.metrics);
  const limit = widthEm + EPS;

  // Total fit: best[p] is the least cost of setting [0, p) in lines ending at p, prev[p] the start
  // of the line that ends at p. Push-in, push-out, loose lines and 孤字 are priced by lineCost.
  for (let p = 0; p <= n; p++) best[p] = Infinity;
  best[0] = 0;
  // `lo` only moves forward: lines from a later start are shorter, so their first candidate that is
  // not loose lies no earlier. Candidates before it are skipped, except the last one (push-out).
  let lo = 1;
  for (let a = 0; a < n; a++) {
    const base = best[a]!;
    if (base === Infinity) continue;
    if (lo <= a) lo = a + 1;
    while (lo < n && (brk[lo] === 0 || (brk[lo] === 1 && tooShort(a, lo, indent, widthEm, maxStretch)))) lo++;
    // Within two lines of the end every loose candidate is tried too, so a 孤字 can be avoided.
    const nearEnd = W[n]! - W[a]! <= 2 * widthEm + 2;
    let any = false;
    for (let f = lo - 1; f > a; f--) {
      if (brk[f] === 0) continue;
      const cost = lineCost(a, f, indent, widthEm, maxStretch, justify, false, false);
      if (cost >= 0) {
        any = true;
        relax(a, f, base + cost);
      }
      if (!nearEnd) break;
    }
    let c = lo;
    for (; c <= n; c++) {
      const k = brk[c]!;
      if (k === 0) continue;
      const cost = lineCost(a, c, indent, widthEm, maxStretch, justify, k === 2, c === n);
      if (cost < 0) break;
      any = true;
      relax(a, c, base + cost);
      if (k === 2) break;
    }
    if (!any) {
      // A single unit wider than the measure: split it at the last code point that fits.
      const stop = c <= n ? c : n;
      let k = a + 1;
      for (let j = a + 2; j < stop; j++) {
        if (natural(a, j, indent) <= limit) k = j;
        else break;
      }
      relax(a, k, base + SPLIT_COST);
    }
  }
  const ends: number[] = [];
  for (let p = n; p > 0; p = prev[p]!) ends.push(p);
  ends.reverse();
  const L = ends.length;

  const lines: SetLine[] = new Array(L);
  let start = 0;
  for (let k = 0; k < L; k++) {
    const end = ends[k]!;
    const last = k === L - 1;
    const stretch = align === 'justify' && !last && brk[end] !== 2;
    lines[k] = emit(text, start, end, indent, widthEm, size, align, stretch, maxStretch, last);
    start = end;
  }
  return lines;
}

/** Position the line [a, b): shrink or stretch it, then compute xs. */
function emit(
  text: string,
  a: number,
  b: number,
  indent: number,
  widthEm: number,
  size: number,
  align: 'justify' | 'start' | 'center' | 'end',
  stretch: boolean,
  maxStretch: number,
  last: boolean,
): SetLine {
  let e = visEnd[b]!;
  if (e < a) e = a;
  for (let i = a; i < e; i++) delta[i] = 0;
  const nat = natural(a, b, indent);
  let loose = false;
  let need = widthEm - nat;

  if (need < -EPS) {
    // Push in: word spaces, brackets and quotes, ，、；：, then 。？！.
    let rest = -need;
    for (let stage = 0; stage < 4 && rest > EPS; stage++) {
      let total = 0;
      for (let i = a + 1; i < e - 1; i++) if (stageOf(i) === stage) total += shr[i]!;
      if (total <= 0) continue;
      const r = rest >= total ? 1 : rest / total;
      for (let i = a + 1; i < e - 1; i++) {
        if (stageOf(i) !== stage) continue;
        const s = shr[i]! * r;
        if (cls[i] === C_OPEN) delta[i - 1] = delta[i - 1]! - s;
        else delta[i] = delta[i]! - s;
      }
      rest -= r * total;
    }
  } else if (stretch && need > EPS) {
    // Word spaces first, then Han–Latin gaps, then every gap between characters.
    let spaces = 0;
    let gaps = 0;
    let spread = 0;
    for (let i = a; i < e - 1; i++) {
      if (flg[i]! & F_WORDSPACE) spaces++;
      if (gapPair[i]) gaps++;
      if (spreadable(i)) spread++;
    }
    if (spaces > 0) {
      const per = Math.min(SPACE_STRETCH, need / spaces);
      for (let i = a; i < e - 1; i++) if (flg[i]! & F_WORDSPACE) delta[i] = delta[i]! + per;
      need -= per * spaces;
    }
    if (gaps > 0 && need > EPS) {
      const per = Math.min(maxStretch, need / gaps);
      for (let i = a; i < e - 1; i++) if (gapPair[i]) delta[i] = delta[i]! + per;
      need -= per * gaps;
    }
    if (need > EPS) {
      if (spread > 0) {
        const per = need / spread;
        if (per > maxStretch + EPS) loose = true;
        for (let i = a; i < e - 1; i++) if (spreadable(i)) delta[i] = delta[i]! + per;
      } else if (e - 1 > a) {
        const per = need / (e - 1 - a);
        loose = true;
        for (let i = a; i < e - 1; i++) delta[i] = delta[i]! + per;
      } else {
        loose = true;
      }
    }
  }

  // Line width and alignment offset.
  let x = a === 0 ? indent : 0;
  if (e > a) x -= startC[a]!;
  const xs: number[] = new Array(b - a);
  let lineEnd = x;
  if (e > a) {
    let t = x;
    for (let i = a; i < e - 1; i++) t += wid[i]! + adj[i]! + delta[i]!;
    lineEnd = t + wid[e - 1]! - endC[e - 1]!;
  }
  let off = 0;
  if (align === 'center') off = (widthEm - lineEnd) / 2;
  else if (align === 'end') off = widthEm - lineEnd;
  let j = 0;
  for (let i = a; i < e; i++) {
    xs[j++] = (x + off) * size;
    x += wid[i]! + adj[i]! + delta[i]!;
  }
  const tail = (lineEnd + off) * size;
  for (let i = e; i < b; i++) xs[j++] = tail;
  return {
    text: text.slice(offs[a]!, offs[b]!),
    xs,
    width: lineEnd * size,
    last,
    loose,
  };
}

/** Push-in stage of an interior char: 0 word spaces, 1 brackets/quotes, 2 ，、；：, 3 。？！, -1 none. */
function stageOf(i: number): number {
  if (shr[i]! <= 0) return -1;
  if (flg[i]! & F_WORDSPACE) return 0;
  const c = cls[i]!;
  if (c === C_OPEN || c === C_CLOSE) return 1;
  if (c === C_STOP1) return 2;
  if (c === C_STOP2) return 3;
  return -1;
}

/** May the gap between i and i + 1 open when spreading a line (not inside a Latin word or a dash)? */
function spreadable(i: number): boolean {
  if (flg[i]! & F_WORD && flg[i + 1]! & F_WORD) return false;
  const c = cls[i]!;
  if ((c === C_DASH || c === C_ELLIP) && cls[i + 1] === c) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

function firstLastVisible(line: string): [number, number] {
  let s = 0;
  let e = line.length;
  while (s < e && flagsOf(line.charCodeAt(s)) & F_WS) s++;
  while (e > s && flagsOf(line.charCodeAt(e - 1)) & F_WS) e--;
  if (s >= e) return [-1, -1];
  const first = line.codePointAt(s)!;
  let lastAt = e - 1;
  const lc = line.charCodeAt(lastAt);
  if (lc >= 0xdc00 && lc <= 0xdfff && lastAt > s) lastAt--;
  return [first, line.codePointAt(lastAt)!];
}

/** Count lines that start with a character that may not start a line or end with one that may not end one. */
export function kinsokuViolations(lines: readonly string[]): number {
  let count = 0;
  for (const line of lines) {
    const [first, last] = firstLastVisible(line);
    if (first < 0) continue;
    if (flagsOf(first) & F_NOSTART || flagsOf(last) & F_NOEND) count++;
  }
  return count;
}

/** One character alone on a line, apart from punctuation and whitespace (孤字). */
export function isOrphanLine(line: string): boolean {
  let k = 0;
  for (const ch of line) {
    if (flagsOf(ch.codePointAt(0)!) & (F_PUNCT | F_WS)) continue;
    if (++k > 1) return false;
  }
  return k === 1;
}
