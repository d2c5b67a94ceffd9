/**
 * Encodings: UTF-8 with and without BOM, UTF-16 LE/BE with and without BOM, GB18030, GBK and Big5, and
 * text carrying noncharacters (U+FFFE, U+FFFF …) or lone surrogates (only UTF-16 can hold those).
 */
import iconv from 'iconv-lite';
import type { Generator } from '../case.js';
import type { Rng } from '../rng.js';
import { BAD_CODE_POINTS } from '../text.js';
import { payload, randomPage, toHtml, toMarkdown, type PageSpec } from './page.js';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'utf-16le-bom' | 'utf-16be-bom' | 'gb18030' | 'gbk' | 'big5';

const isSurrogate = (u: number) => u >= 0xd800 && u <= 0xdfff;

/** UTF-16 code units as bytes, lone surrogates included (iconv would replace them). */
function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out[2 * i] = bigEndian ? u >> 8 : u & 0xff;
    out[2 * i + 1] = bigEndian ? u & 0xff : u >> 8;
  }
  return out;
}

export function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.from(`\uFEFF${text}`, 'utf8');
    case 'utf-16le':
    case 'utf-16be':
      return utf16(text, encoding === 'utf-16be');
    case 'utf-16le-bom':
    case 'utf-16be-bom':
      return utf16(`\uFEFF${text}`, encoding === 'utf-16be-bom');
    default:
      return iconv.encode(text, encoding);
  }
}

/** What of `text` an encoding can carry: legacy code pages turn what they lack into "?". */
export function representable(text: string, encoding: Encoding): string {
  if (encoding.startsWith('utf-')) return text;
  return iconv.decode(iconv.encode(text, encoding), encoding);
}

/** Puts `count` noncharacters (and, when the encoding can carry them, lone surrogates) into paragraphs. */
export function spoil(page: PageSpec, rng: Rng, count: number, surrogates: boolean): void {
  const bad = BAD_CODE_POINTS.filter((c) => surrogates || !isSurrogate(c.charCodeAt(0)));
  const paras = page.articles.flatMap((a) => a.body).filter((b): b is { kind: 'p'; text: string } => b.kind === 'p');
  for (let i = 0; i < count && paras.length > 0; i++) {
    const p = rng.pick(paras);
    // Never between the halves of a surrogate pair.
    let at = rng.int(0, p.text.length);
    if (at > 0 && isSurrogate(p.text.charCodeAt(at - 1)) && p.text.charCodeAt(at - 1) < 0xdc00) at--;
    p.text = p.text.slice(0, at) + rng.pick(bad) + p.text.slice(at);
  }
}

export const encodings: Generator = (rng) => {
  const encoding = rng.pick(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'utf-16le-bom', 'utf-16be-bom', 'gb18030', 'gbk', 'big5'] as const);
  const page = randomPage(rng, { articles: rng.int(1, 3), paragraphChars: 300, spice: 0.02 });
  if (rng.chance(0.4)) spoil(page, rng, rng.int(1, 5), encoding.startsWith('utf-16'));
  const html = rng.chance(0.3);
  const text = html ? toHtml(page, rng) : toMarkdown(page);
  const expect = payload(page).map((s) => representable(s, encoding));
  return { docs: [{ path: `page-${encoding}.${html ? 'html' : 'md'}`, bytes: encode(text, encoding) }], expect };
};
