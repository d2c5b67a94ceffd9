/**
 * Break opportunities: UAX #14 (npm linebreak) overridden by the clreq rules (禁则, words, numbers with
 * their units, codes, jump references as one unit).
 */
// The linebreak package ships no type declarations; its shape is described by `LineBreakerCtor` below.
// @ts-ignore
import LineBreakerImport from 'linebreak';
import { brk, cls, cps, decode, flg, u2c } from './buffers.js';
import { C_DASH, C_ELLIP, C_OTHER, F_CJK, F_DIGIT, F_LATIN, F_NOEND, F_NOSTART, F_UNIT, F_UPPER, F_WORD, clsOf, flagsOf } from './classes.js';

interface BreakResult {
  position: number;
  required: boolean;
}

type LineBreakerCtor = new (text: string) => { nextBreak(): BreakResult | null };

const LineBreaker = LineBreakerImport as unknown as LineBreakerCtor;

/** A jump reference (▶下转02版①, ▲上接01版①, （下转第2版）): one unbreakable unit. */
export const JUMP_RE =
  /[▶▲►▼◀◆△▷▸▹→]\s*(?:下转|上接|转|接|续)\s*(?:第\s*)?(?:[A-Za-z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版\s*[①-⑳]?|[（(]\s*(?:下转|上接|转|接|续)\s*(?:第\s*)?(?:[A-Za-z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版\s*[①-⑳]?\s*[)）]/gu;

/** Fill `brk[1..n-1]` (and brk[n] = 2) for the decoded text. */
export function computeBreaks(text: string, n: number, words = false): void {
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
  if (words) keepWords(text);
  brk[n] = 2;
}

/**
 * Break opportunities of `text` as code point indices b (a line may start at b), 0 < b < length,
 * after the clreq overrides. Required breaks (after a line feed) are included.
 */
export function breakOpportunities(text: string, options: { words?: boolean } = {}): number[] {
  const n = decode(text);
  computeBreaks(text, n, options.words ?? false);
  const out: number[] = [];
  for (let b = 1; b < n; b++) if (brk[b]) out.push(b);
  return out;
}

/** Words longer than this (code points) may still break inside, so that a narrow measure can take them. */
const MAX_WORD = 6;
/** The zh word segmenter, made when first needed (making it loads ICU's word data: about 20 ms). */
let segmenter: Intl.Segmenter | null = null;
/** Word spans of texts set with word-aware breaks (headlines are set many times while measured). */
const wordCache = new Map<string, [number, number][]>();

/** Code point spans [start, end) of the words of a text, from the zh word segmenter. */
export function wordSpans(text: string): [number, number][] {
  const cached = wordCache.get(text);
  if (cached) return cached;
  const spans: [number, number][] = [];
  let at = 0;
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  for (const seg of segmenter.segment(text)) {
    const len = [...seg.segment].length;
    if (seg.isWordLike && len > 1) spans.push([at, at + len]);
    at += len;
  }
  if (wordCache.size > 5000) wordCache.clear();
  wordCache.set(text, spans);
  return spans;
}

/** Headlines, decks and subheads: no break inside a word (Intl.Segmenter, zh) of up to MAX_WORD characters. */
function keepWords(text: string): void {
  for (const [s, e] of wordSpans(text)) {
    if (e - s > MAX_WORD) continue;
    for (let b = s + 1; b < e; b++) if (brk[b] !== 2) brk[b] = 0;
  }
}
