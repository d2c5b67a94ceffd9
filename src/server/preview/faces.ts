/**
 * Web fonts of the preview that only grow, so an edit costs no new font or a small one, and the
 * preview's interface font.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../model/schema.js';
import type { FontSet } from '../../layout/fonts.js';
import { decode } from '../../parse/index.js';
import type { EditionSource } from '../../pipeline/sources.js';
import type { FramePage } from '../../layout/types.js';
import { subsetFile, usedText, webFamily } from '../../render/fonts-web.js';
import { hashOf } from '../assets.js';
import type { WebFace } from '../types.js';
import { shown } from './inputs.js';

/** Characters each preview font holds from the start, so typing them needs no new font. */
const SEED_TEXT =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~' +
  '，。、；：？！“”‘’（）《》〈〉【】—…·「」『』〔〕～％＋－×÷＝℃●○■□▲△▶◆◇★☆①②③④⑤⑥⑦⑧⑨⑩';
/** Font family of the preview's interface font (see GrowingFaces.ui). */
export const UI_FAMILY = 'ep-pv-ui';

/** Web fonts of one role: the first subset, then one small subset per edit that brought new characters. */
interface RoleFaces {
  cps: Set<number>;
  faces: (WebFace & { range: string | null })[];
}

/** After this many added subsets a role's font is made again as one subset. */
const MAX_ADDED_FACES = 16;

/** "U+4E00-4E02,U+4E8C" for sorted code points. */
function unicodeRange(cps: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cps.length; ) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j]! + 1) j++;
    const hex = (n: number) => n.toString(16).toUpperCase();
    parts.push(j > i ? `U+${hex(cps[i]!)}-${hex(cps[j]!)}` : `U+${hex(cps[i]!)}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Web fonts that only grow, so that an edit costs no new font, or a small one. Each role has one
 * family: a first subset holding the seed characters and those of the first layout, and for an edit
 * that draws characters it lacks, a subset of just those characters under the same family, limited to
 * them by unicode-range (browsers take each character from the face that holds it). When a role has
 * gathered MAX_ADDED_FACES such subsets, it is made again as one subset under a new family name.
 */
export class GrowingFaces {
  private readonly byRole = new Map<string, RoleFaces>();

  async faces(pages: FramePage[], fonts: FontSet): Promise<WebFace[]> {
    const used = usedText(pages, fonts);
    const roles = [...used.keys()].sort();
    const lists = await Promise.all(roles.map((role) => this.role(role, used.get(role) ?? '', fonts)));
    return lists.flat();
  }

  /**
   * The preview's interface font (family UI_FAMILY, role "preview-ui"): the sans role's font for the
   * panel, the banner and the source view, which quote the documents.
   */
  async ui(text: string, fonts: FontSet): Promise<WebFace[]> {
    const role = fonts.roles().includes('sans') ? 'sans' : fonts.roles()[0];
    if (!role) return [];
    const seen = new Set<number>();
    const cps: number[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x2000 || (cp >= 0xd800 && cp <= 0xdfff) || seen.has(cp)) continue;
      seen.add(cp);
      if (fonts.hasGlyph(role, cp)) cps.push(cp);
    }
    return this.role(role, String.fromCodePoint(...cps), fonts, { key: 'preview-ui', family: UI_FAMILY, seed: '' });
  }

  private async role(role: string, used: string, fonts: FontSet, as: { key?: string; family?: string; seed?: string } = {}): Promise<WebFace[]> {
    const file = fonts.file(role);
    const key = `${as.key ?? role}\u0000${file}`;
    const faceRole = as.key ?? role;
    const have = this.byRole.get(key);
    const cps = [...used].map((c) => c.codePointAt(0)!);
    const missing = [...new Set(cps.filter((cp) => !have?.cps.has(cp)))].sort((a, b) => a - b);
    if (have && missing.length === 0) return have.faces;
    if (have && have.faces.length <= MAX_ADDED_FACES) {
      const text = String.fromCodePoint(...missing);
      const data = await subsetFile(file, text, { cache: false });
      const family = have.faces[0]!.family;
      const face = { role: faceRole, family, file: `${family}.${hashOf(data).slice(0, 8)}.woff2`, data, text, range: unicodeRange(missing) };
      for (const cp of missing) have.cps.add(cp);
      have.faces = [...have.faces, face];
      return have.faces;
    }
    const all = new Set(have?.cps ?? [...(as.seed ?? SEED_TEXT)].map((c) => c.codePointAt(0)!).filter((cp) => fonts.hasGlyph(role, cp)));
    for (const cp of cps) all.add(cp);
    if (all.size === 0) return [];
    const text = String.fromCodePoint(...[...all].sort((a, b) => a - b));
    const data = await subsetFile(file, text, { cache: false });
    const hash = hashOf(data).slice(0, 8);
    const family = as.family ?? `${webFamily(role)}-${hash}`;
    const faces = [{ role: faceRole, family, file: as.family ? `${family}.${hash}.woff2` : `${family}.woff2`, data, text, range: null }];
    this.byRole.set(key, { cps: all, faces });
    return faces;
  }

  /** Forget fonts made from a file (it changed). */
  forget(file: string): void {
    for (const key of this.byRole.keys()) if (key.endsWith(`\u0000${file}`)) this.byRole.delete(key);
  }
}

/** @font-face rules of the preview's fonts, with the unicode-range of the added subsets. */
export function facesCss(faces: (WebFace & { range?: string | null })[]): string {
  return faces
    .map(
      (f) =>
        `@font-face{font-family:"${f.family}";src:url("/fonts/${f.file}") format("woff2");font-weight:400;font-style:normal;font-display:block${f.range ? `;unicode-range:${f.range}` : ''}}`,
    )
    .join('\n');
}

/** A map that forgets its oldest entries beyond a limit. */
export class Recent<V> extends Map<string, V> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: string, value: V): this {
    super.delete(key);
    super.set(key, value);
    while (this.size > this.limit) this.delete(this.keys().next().value as string);
    return this;
  }
}


/** What the preview's interface shows of the inputs: file names, the documents' text and the diagnostics. */
export function interfaceText(sources: EditionSource[], diagnostics: Diagnostic[]): string {
  const parts: string[] = [];
  for (const source of sources) {
    for (const file of source.files) {
      parts.push(shown(file));
      try {
        const decoded = decode(readFileSync(file));
        if (!decoded.binary) parts.push(decoded.text);
      } catch {
        // a file that cannot be read has no text to show
      }
    }
  }
  for (const d of diagnostics) parts.push(d.file, d.message);
  return parts.join('\n');
}
