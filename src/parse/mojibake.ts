/**
 * Mojibake repair: UTF-8 text that was decoded with a GBK or Big5 code page becomes runs of unusual Han
 * characters. For each run, try the round trip (encode with the wrong code page, decode as UTF-8); keep
 * the result only when it is valid UTF-8 and plausible Chinese text, and say what was there before.
 */
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8');

/** Well-formed UTF-8 with at least one multi-byte character, checked without decoding. */
function isUtf8(b: Uint8Array): boolean {
  let multi = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length + (n === 0 ? 1 : 0)) return false;
    for (let k = 1; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return false;
    if (n > 0) multi++;
    i += n + 1;
  }
  return multi > 0;
}
const RUN = /[^\x00-\x7f\s\u3000-\u303f\uff01-\uff5e“”‘’]{4,}/g;
const HAN = /[\u3400-\u9fff]/g;

export interface Repair {
  original: string;
  repaired: string;
  codePage: string;
}

/**
 * Per code page and character of the Han and full-width blocks: its code-page bytes, packed as
 * (count << 16) | bytes; 0 while not yet looked up, NOT_PACKED when they are not one or two bytes.
 */
const packed = new Map<string, Uint32Array>();
const NOT_PACKED = 0xffffffff;

function packedBytes(table: Uint32Array, c: number, codePage: string): number {
  if (table[c] === 0) {
    const b = iconv.encode(String.fromCharCode(c), codePage);
    table[c] = b.length === 1 ? 0x10000 | b[0]! : b.length === 2 ? 0x20000 | (b[0]! << 8) | b[1]! : NOT_PACKED;
  }
  return table[c]!;
}

const isHanOrFullWidth = (c: number) => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef);

/**
 * Whether the code-page bytes of a run of Han and full-width characters are surely not UTF-8 (or hold a
 * "?", a character the code page lacks), read character by character: right text fails within its first
 * few characters. Other runs are not judged here (false).
 */
function surelyNotUtf8(run: string, codePage: string): boolean {
  let table = packed.get(codePage);
  if (!table) packed.set(codePage, (table = new Uint32Array(0x10000)));
  let need = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (!isHanOrFullWidth(c)) return false;
    const p = packedBytes(table, c, codePage);
    if (p === NOT_PACKED) return false;
    for (let k = p >>> 16; k > 0; k--) {
      const b = (p >>> ((k - 1) * 8)) & 0xff;
      if (need > 0) {
        if ((b & 0xc0) !== 0x80) return true;
        need--;
      } else if (b === 0x3f || (b >= 0x80 && b < 0xc2) || b > 0xf4) return true;
      else need = b < 0x80 ? 0 : b <= 0xdf ? 1 : b <= 0xef ? 2 : 3;
    }
  }
  return need > 0;
}

function roundTrip(run: string): { text: string; codePage: string } | null {
  for (const codePage of ['gbk', 'big5']) {
    if (surelyNotUtf8(run, codePage)) continue;
    const bytes = iconv.encode(run, codePage);
    // A character the code page lacks encodes as "?": the run is not text of this code page.
    if (bytes.includes(0x3f) || !isUtf8(bytes)) continue;
    const text = utf8.decode(bytes);
    const han = (text.match(HAN) ?? []).length;
    // Plausible: mostly Han, no control or private-use characters, shorter than the run (3 bytes a character).
    if (han >= 2 && han >= [...text].length * 0.6 && !/[\u0000-\u0008\uE000-\uF8FF\uFFFD]/.test(text) && text.length < run.length) {
      return { text, codePage };
    }
  }
  return null;
}

/** The text with every repairable run repaired, and the repairs made. */
export function repairMojibake(text: string): { text: string; repairs: Repair[] } {
  const repairs: Repair[] = [];
  let out = '';
  let copied = 0;
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
    const run = m[0];
    const fixed = roundTrip(run);
    if (!fixed) continue;
    repairs.push({ original: run, repaired: fixed.text, codePage: fixed.codePage });
    out += text.slice(copied, m.index) + fixed.text;
    copied = m.index + run.length;
  }
  return { text: repairs.length > 0 ? out + text.slice(copied) : text, repairs };
}
