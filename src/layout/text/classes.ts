/**
 * Character classes and flags of the clreq table (Han, opening and closing marks, stops, dashes,
 * Latin, digits, units, spaces), built once at module load.
 */

export const C_OTHER = 0;

export const C_HAN = 1;

export const C_OPEN = 2; // full-width opening bracket/quote: blank on the left half

export const C_CLOSE = 3; // full-width closing bracket/quote: blank on the right half

export const C_STOP1 = 4; // ，、；： blank on the right half

export const C_STOP2 = 5; // 。？！． blank on the right half

export const C_DASH = 6;

export const C_ELLIP = 7;

export const C_SPACE = 8;

export const C_ALNUM = 9;

export const C_APUNCT = 10;

export const F_NOSTART = 1;

export const F_NOEND = 2;

/** Takes part in CJK breaking: a break between two such characters is allowed unless 禁则 forbids it. */
export const F_CJK = 4;

/** Ideograph / kana / hangul: one side of a Han–Latin gap. */
export const F_IDEO = 8;

/** ASCII / Latin non-space printable: runs of these form one unbreakable Latin token. */
export const F_WORD = 16;

/** Latin letter or digit: the other side of a Han–Latin gap. */
export const F_LATIN = 32;

export const F_DIGIT = 64;

export const F_UPPER = 128;

/** Han unit or counter that stays with a preceding number (8.6万, 2023年). */
export const F_UNIT = 256;

/** Whitespace: hangs (zero width) at a line end. */
export const F_WS = 512;

/** Punctuation or symbol that does not count as a character for the 孤字 rule. */
export const F_PUNCT = 1024;

/** A Latin word space: stretches and shrinks first. */
export const F_WORDSPACE = 2048;

/** Line feed / carriage return / other line separators: zero width. */
export const F_NEWLINE = 4096;

export const CLS = new Uint8Array(0x10000);

export const FLG = new Uint16Array(0x10000);

export function setRange(lo: number, hi: number, cls: number, flags: number): void {
  for (let c = lo; c <= hi; c++) {
    if (cls >= 0) CLS[c] = cls;
    FLG[c] = (FLG[c] ?? 0) | flags;
  }
}

export function setChars(chars: string, cls: number, flags: number): void {
  for (const ch of chars) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x10000) continue;
    if (cls >= 0) CLS[c] = cls;
    FLG[c] = (FLG[c] ?? 0) | flags;
  }
}

// Han, kana, hangul and other ideographic scripts.
export const HAN_FLAGS = F_CJK | F_IDEO;
const HAN_RANGES: [number, number][] = [
  [0x2e80, 0x2fdf],
  [0x3005, 0x3007],
  [0x3021, 0x3029],
  [0x3038, 0x303b],
  [0x3040, 0x30ff],
  [0x3100, 0x312f],
  [0x31a0, 0x31bf],
  [0x31f0, 0x31ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7af],
  [0xf900, 0xfaff],
];
for (const [lo, hi] of HAN_RANGES) setRange(lo, hi, C_HAN, HAN_FLAGS);
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
setChars('万亿千百元角分年月日时点秒岁个件名人次位户家所座台辆吨米克升度倍版期届项天周号条页层栋亩里斤场轮批例份股首部张篇只头架艘间套路段公平毫厘', -1, F_UNIT);

export function clsOf(cp: number): number {
  if (cp < 0x10000) return CLS[cp]!;
  if (cp >= 0x20000 && cp <= 0x3ffff) return C_HAN;
  return C_OTHER;
}

export function flagsOf(cp: number): number {
  if (cp < 0x10000) return FLG[cp]!;
  if (cp >= 0x20000 && cp <= 0x3ffff) return HAN_FLAGS;
  if (cp >= 0x1f100 && cp <= 0x1faff) return F_CJK;
  return 0;
}
