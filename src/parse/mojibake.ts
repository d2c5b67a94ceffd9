/**
 * Mojibake repair: UTF-8 text that was decoded with a GBK or Big5 code page becomes runs of unusual Han
 * characters. For each run, try the round trip (encode with the wrong code page, decode as UTF-8); keep
 * the result only when it is valid UTF-8 and plausible Chinese text, and say what was there before.
 */
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8');

/** Well-formed UTF-8 with at least one multi-byte character, checked without decoding; a prefix may end mid-sequence. */
function isUtf8(b: Uint8Array, prefix = false): boolean {
  let multi = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return false;
    if (i + n >= b.length + (n === 0 ? 1 : 0)) {
      if (!prefix) return false;
      for (let k = i + 1; k < b.length; k++) if ((b[k]! & 0xc0) !== 0x80) return false;
      return true;
    }
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

/** Code-page bytes of single characters, kept: a page's runs share most of their characters. */
const charBytes = new Map<string, Map<string, Uint8Array>>();

function bytesOf(ch: string, codePage: string): Uint8Array {
  let table = charBytes.get(codePage);
  if (!table) charBytes.set(codePage, (table = new Map()));
  let bytes = table.get(ch);
  if (!bytes) {
    bytes = Uint8Array.from(iconv.encode(ch, codePage));
    if (table.size < 65536) table.set(ch, bytes);
  }
  return bytes;
}

/** The code-page bytes of the run's first `count` characters. */
function prefixBytes(run: string, codePage: string, count: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let length = 0;
  for (const ch of run) {
    if (parts.length === count) break;
    const b = bytesOf(ch, codePage);
    parts.push(b);
    length += b.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Per code page and BMP character: 0 not yet known, 1 its bytes may open UTF-8, 2 they cannot. */
const opens = new Map<string, Uint8Array>();

/** Whether the code-page bytes of the run's first character can be the start of UTF-8 text. */
function mayOpenUtf8(run: string, codePage: string): boolean {
  let table = opens.get(codePage);
  if (!table) opens.set(codePage, (table = new Uint8Array(0x10000)));
  const c = run.charCodeAt(0);
  if (c >= 0xd800 && c <= 0xdfff) return true;
  if (table[c] === 0) table[c] = isUtf8(bytesOf(run[0]!, codePage), true) ? 1 : 2;
  return table[c] === 1;
}

function roundTrip(run: string): { text: string; codePage: string } | null {
  for (const codePage of ['gbk', 'big5']) {
    // Most right text fails within its first characters: test those before the whole run.
    if (!mayOpenUtf8(run, codePage) || !isUtf8(prefixBytes(run, codePage, 4), true)) continue;
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
  const out = text.replace(RUN, (run) => {
    const fixed = roundTrip(run);
    if (!fixed) return run;
    repairs.push({ original: run, repaired: fixed.text, codePage: fixed.codePage });
    return fixed.text;
  });
  return { text: out, repairs };
}
