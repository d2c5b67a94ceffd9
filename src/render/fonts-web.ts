/**
 * Web fonts for the HTML renderer: per font role, a WOFF2 subset holding only the characters the pages
 * draw with that role, under a content-hashed file name.
 *
 * Subsets are made with harfbuzz (font-subset.ts): the font is cut down to the characters, without the
 * layout tables (GSUB, GPOS …: the pages are drawn glyph by glyph, without shaping, at the advances
 * layout measured, so a browser must not substitute or kern) and without hinting. Advance widths and
 * vertical metrics are those of the font file. WOFF2 files are written by Google's encoder (wawoff2),
 * whose glyf transform keeps them about a fifth smaller than brotli over the plain tables.
 *
 * Results are cached in memory by (font file, sorted text), so a rebuild with the same text is instant.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type { FontSet } from '../layout/fonts/index.js';
import type { FramePage } from '../layout/types.js';
import { closeFace, subsetSfnt } from './font-subset.js';

export interface WebFontFace {
  role: string;
  /** CSS font-family name, e.g. ep-serif. */
  family: string;
  /** Content-hashed file name, e.g. ep-serif.3f2a9c1b.woff2. */
  file: string;
  data: Buffer;
  /** The characters the subset holds (sorted by code point). */
  text: string;
}

/** Tables left out of the subsets: layout, vertical metrics, baseline and style tables. */
const DROP_TABLES = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'MATH', 'vhea', 'vmtx', 'VORG', 'STAT', 'meta', 'DSIG'];
/** name table records kept: copyright … PostScript name, licence description and licence URL. */
const NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14];

/** Subsets made in this process, by font file and text. */
const cache = new Map<string, Promise<Buffer>>();

type Woff2Encoder = { compress(sfnt: Uint8Array): Promise<Uint8Array> };

/** Google's WOFF2 encoder compiled to WebAssembly (CommonJS, without types), loaded when first used. */
let encoder: Woff2Encoder | null = null;

let woff2Queue: Promise<unknown> = Promise.resolve();

/**
 * The WOFF2 form of an sfnt font. The encoder returns a view into its WebAssembly memory, which its
 * next call reuses, so calls take turns and each result is copied out before the next one starts.
 */
function woff2(sfnt: Buffer): Promise<Buffer> {
  const made = woff2Queue.then(async () => {
    encoder ??= createRequire(import.meta.url)('wawoff2') as Woff2Encoder;
    return Buffer.from(await encoder.compress(sfnt));
  });
  woff2Queue = made.catch(() => undefined);
  return made;
}

/** Subsets made by this process (made, not found in the cache): what a server start must not do. */
export const subsetStats = { made: 0 };

/** Bumped when the subsets made from the same font and text change (options, tables kept). */
const SUBSET_VERSION = '3';

/** A web font as listed before it is made: its file name follows from the font file and the text. */
export interface WebFontListing {
  role: string;
  family: string;
  file: string;
  text: string;
}

/** CSS font-family name used for a font role. */
export function webFamily(role: string): string {
  return `ep-${role.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'font'}`;
}

/**
 * One WOFF2 subset per font role the pages draw with, holding exactly the characters drawn with that
 * role that the role's font has (others are drawn by the browser's fallback fonts).
 */
export async function webFonts(pages: FramePage[], fonts: FontSet): Promise<WebFontFace[]> {
  const used = usedText(pages, fonts);
  const roles = [...used.keys()].sort();
  return Promise.all(
    roles.map(async (role) => {
      const text = used.get(role) as string;
      const family = webFamily(role);
      const data = await subsetFile(fonts.file(role), text);
      const hash = createHash('sha256').update(data).digest('hex').slice(0, 8);
      return { role, family, file: `${family}.${hash}.woff2`, data, text };
    }),
  );
}

/**
 * The content-hashed name of the subset of a font file for a text, known without making it: a hash of
 * the font file (name and size), the text and the subsetter's version.
 */
export function subsetName(family: string, fontFile: string, text: string): string {
  let size = 0;
  try {
    size = statSync(fontFile).size;
  } catch {
    // a missing font fails when the subset is made
  }
  const hash = createHash('sha256').update(`${SUBSET_VERSION}\0${basename(fontFile)}\0${size}\0${sortedText(text)}`).digest('hex').slice(0, 16);
  return `${family}.${hash}.woff2`;
}

/**
 * The web fonts the pages need, per font role, named but not made (cheap: no subsetting). The build
 * lists them in manifest.json; a server makes each one when it is first asked for.
 */
export function webFontList(pages: FramePage[], fonts: Pick<FontSet, 'hasGlyph' | 'file'>): WebFontListing[] {
  const used = usedText(pages, fonts);
  return [...used.keys()].sort().map((role) => {
    const text = used.get(role) as string;
    const family = webFamily(role);
    return { role, family, file: subsetName(family, fonts.file(role), text), text };
  });
}

/**
 * Per font role the pages draw with, the characters drawn with it that the role's font has, sorted by
 * code point.
 */
export function usedText(pages: FramePage[], fonts: Pick<FontSet, 'hasGlyph'>): Map<string, string> {
  const used = new Map<string, Set<number>>();
  for (const page of pages) {
    for (const box of page.boxes) {
      for (const line of box.lines) {
        if (line.text.length === 0 || !(line.size > 0)) continue;
        let set = used.get(line.font);
        if (!set) used.set(line.font, (set = new Set()));
        for (const ch of line.text) {
          const cp = ch.codePointAt(0) as number;
          if (!isControl(cp)) set.add(cp);
        }
      }
    }
  }
  const out = new Map<string, string>();
  for (const [role, set] of used) {
    const codePoints = [...set].filter((cp) => !(cp >= 0xd800 && cp <= 0xdfff) && fonts.hasGlyph(role, cp)).sort((a, b) => a - b);
    out.set(role, String.fromCodePoint(...codePoints));
  }
  return out;
}

/** Forgets the subsets made from a font file (the file changed). */
export function forgetSubsets(file: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${file}\u0000`)) cache.delete(key);
  closeFace(file);
}

/**
 * The WOFF2 subset of a font file for a text, from the cache when made before; with `cache: false` it
 * is made without keeping it (texts that will not come again).
 */
export function subsetFile(file: string, text: string, options: { cache?: boolean } = {}): Promise<Buffer> {
  const sorted = sortedText(text);
  const key = `${file}\u0000${sorted}`;
  const cached = cache.get(key);
  if (cached) return cached;
  if (options.cache === false) return makeSubset(file, sorted);
  const made = makeSubset(file, sorted);
  cache.set(key, made);
  made.catch(() => cache.delete(key));
  return made;
}

function sortedText(text: string): string {
  const cps = [...new Set([...text].map((c) => c.codePointAt(0) as number))].sort((a, b) => a - b);
  return String.fromCodePoint(...cps);
}

async function makeSubset(file: string, text: string): Promise<Buffer> {
  subsetStats.made++;
  const sfnt = subsetSfnt(file, text, { dropTables: DROP_TABLES, nameIds: NAME_IDS, noHinting: true, noLayoutClosure: true });
  return woff2(sfnt);
}

/** @font-face rules for the faces, their files under urlPrefix (e.g. '/fonts/'). */
export function fontFaceCss(faces: { role: string; family: string; file: string }[], urlPrefix: string): string {
  return faces
    .map(
      (face) =>
        `@font-face{font-family:${cssString(face.family)};src:url(${cssString(urlPrefix + face.file)}) format("woff2");` +
        'font-weight:400;font-style:normal;font-display:block}',
    )
    .join('\n');
}

function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}
