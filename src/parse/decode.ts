/**
 * Bytes → text. Byte-order marks first, then strict UTF-8, then chardet's statistical guess decoded with
 * iconv-lite (GB18030 covers GBK and GB2312). Bytes that cannot be decoded become U+FFFD and are counted,
 * so the caller can report them; nothing here throws on bad input.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { guessUtf16 } from './utf16.js';

export interface Decoded {
  text: string;
  /** Canonical encoding name: utf-8, utf-16le, utf-16be, gb18030, big5, … */
  encoding: string;
  /** Number of byte sequences that could not be decoded (each became U+FFFD). */
  undecodable: number;
  /** The file looks binary (NUL bytes, not UTF-16). */
  binary: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function countReplacement(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let nul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) nul++;
    else if (b < 8 || (b > 13 && b < 27)) control++;
  }
  return nul > 0 || control > n * 0.05;
}

/** Map chardet's names onto the ones iconv-lite decodes best. */
function canonical(name: string): string {
  const n = name.toLowerCase();
  if (n === 'gb2312' || n === 'gbk' || n === 'gb18030' || n === 'gb-18030') return 'gb18030';
  if (n === 'big5' || n === 'big5-hkscs') return 'big5';
  if (n === 'utf-16le' || n === 'utf-16be' || n === 'utf-8') return n;
  if (n === 'euc-tw' || n === 'euc-kr' || n === 'euc-jp' || n === 'shift_jis' || n === 'iso-2022-jp') return n;
  return n;
}

/** The charset an HTML page declares in its first 2 KB (<meta charset=…> or http-equiv content). */
function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head);
  return m ? canonical(m[1]!) : null;
}

export function decode(input: Uint8Array): Decoded {
  const bytes = input;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = new TextDecoder('utf-8').decode(bytes.subarray(3));
    return { text, encoding: 'utf-8', undecodable: countReplacement(text), binary: false };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le');
    return { text, encoding: 'utf-16le', undecodable: countReplacement(text), binary: false };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be');
    return { text, encoding: 'utf-16be', undecodable: countReplacement(text), binary: false };
  }
  if (looksBinary(bytes)) {
    // UTF-16 without a BOM has NUL bytes too: its units read as text; failing that, ask chardet.
    const guess = guessUtf16(bytes) ?? canonical(chardet.detect(bytes) ?? '');
    if (guess === 'utf-16le' || guess === 'utf-16be') {
      const text = iconv.decode(Buffer.from(bytes), guess);
      return { text, encoding: guess, undecodable: countReplacement(text), binary: false };
    }
    return { text: '', encoding: 'binary', undecodable: 0, binary: true };
  }
  try {
    const text = utf8.decode(bytes);
    return { text, encoding: 'utf-8', undecodable: 0, binary: false };
  } catch {
    // Not strict UTF-8: ask chardet (a statistical guess over the whole buffer, so only now).
  }
  // UTF-16 without a BOM and without ASCII has no NUL bytes at all (Chinese text).
  const utf16 = guessUtf16(bytes);
  if (utf16) {
    const text = iconv.decode(Buffer.from(bytes), utf16);
    return { text, encoding: utf16, undecodable: countReplacement(text), binary: false };
  }
  // An HTML page that names its code page: GB2312/GBK pages often hold characters only GBK has, so every
  // GB name decodes as GB18030, its superset.
  const declared = declaredCharset(bytes);
  if (declared && declared !== 'utf-8' && iconv.encodingExists(declared)) {
    const text = iconv.decode(Buffer.from(bytes), declared);
    return { text, encoding: declared, undecodable: countReplacement(text), binary: false };
  }
  const guessed = canonical(chardet.detect(bytes) ?? '');
  {
    // Mostly UTF-8 with a few broken sequences: keep UTF-8 and count what could not be decoded.
    const loose = new TextDecoder('utf-8').decode(bytes);
    const bad = countReplacement(loose);
    let multibyte = 0;
    for (const ch of loose) if (ch.charCodeAt(0) > 0x7f && ch !== '\uFFFD') multibyte++;
    if (guessed === 'utf-8' || bad <= Math.max(2, multibyte * 0.25)) {
      return { text: loose, encoding: 'utf-8', undecodable: bad, binary: false };
    }
  }
  let encoding = guessed && iconv.encodingExists(guessed) && guessed !== 'utf-8' ? guessed : 'gb18030';
  // chardet sometimes names a single-byte Western code page for short CJK texts; prefer GB18030 then.
  if (/^(iso-8859|windows-12|ascii)/.test(encoding)) encoding = 'gb18030';
  const text = iconv.decode(Buffer.from(bytes), encoding);
  return { text, encoding, undecodable: countReplacement(text), binary: false };
}
