/**
 * Full-width punctuation in Chinese context: half-width , : ; ! ? ( ) and straight quotes that touch a
 * Chinese character (Han, kana, or full-width punctuation) are set as ，：；！？（）“”‘’. Numbers (3.5,
 * 1,000, 10:30), Latin words and URLs keep their marks. One code point maps to one, so the set text
 * lines up with the source; the model keeps the source text.
 */
import { F_CJK, flagsOf } from './classes.js';

const FULL: Record<string, string> = { ',': '，', ':': '：', ';': '；', '!': '！', '?': '？', '(': '（', ')': '）' };
const MARKS = /[,:;!?()"']/;
/** URLs and web addresses (their characters, brackets aside), left as they are. */
const URL_RE = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[\w\-.~:/?#@!$&'*+,;=%[\]]+/giu;

function isChinese(ch: string | undefined): boolean {
  return ch !== undefined && (flagsOf(ch.codePointAt(0)!) & F_CJK) !== 0;
}

/** Code point indices inside URLs. */
function urlIndices(text: string): Set<number> {
  const out = new Set<number>();
  if (!/:\/\/|www\./i.test(text)) return out;
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(text); m !== null; m = URL_RE.exec(text)) {
    const start = [...text.slice(0, m.index)].length;
    const len = [...m[0]].length;
    for (let i = start; i < start + len; i++) out.add(i);
  }
  return out;
}

/** The text with its half-width marks in Chinese context set full width (see the module comment). */
export function fullWidthPunctuation(text: string): string {
  if (!MARKS.test(text)) return text;
  const chars = [...text];
  const skip = urlIndices(text);
  // Straight quotes alternate opening and closing, counted over the whole text.
  let doubles = 0;
  let singles = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!MARKS.test(c)) continue;
    const quote = c === '"' ? doubles++ : c === "'" ? singles++ : -1;
    if (skip.has(i)) continue;
    // The previous character as set (a mark just made full width counts), the next as written.
    const touches = isChinese(chars[i - 1]) || isChinese(chars[i + 1]);
    if (!touches) continue;
    if (c === '"') chars[i] = quote % 2 === 0 ? '“' : '”';
    else if (c === "'") {
      // An apostrophe inside a Latin word stays.
      if (/[A-Za-z]/.test(chars[i - 1] ?? '') && /[A-Za-z]/.test(chars[i + 1] ?? '')) continue;
      chars[i] = quote % 2 === 0 ? '‘' : '’';
    } else chars[i] = FULL[c]!;
  }
  return chars.join('');
}
