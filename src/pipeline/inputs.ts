/**
 * What an edition's build depends on, as content hashes: its documents and images, the template (and
 * the smaller one `auto` may choose), the template's own font files, the build options and the epaper
 * version and code. Two builds with the same key write the same files, so an edition whose key is
 * recorded in its manifest.json is not built again.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { LoadedTemplate } from '../layout/template/index.js';
import type { Layout } from './build.js';
import type { EditionSource } from './sources.js';
import { codeVersion, hashParts, packageVersion } from './version.js';

export interface EditionInputs {
  /** One hash of everything below. */
  key: string;
  version: string;
  code: string;
  template: string;
  fonts: string;
  options: string;
  /** Hash per source document and image, by file name. */
  sources: Record<string, string>;
}

const fileHash = (file: string) => {
  try {
    return hashParts(readFileSync(file));
  } catch {
    return 'unreadable';
  }
};

const templateText = (t: LoadedTemplate | null) => (t ? JSON.stringify({ ...t, file: basename(t.file), dir: '' }) : '');

const fontCache = new Map<string, string>();

/** The font files a template names itself (the default fonts are covered by the code hash). */
function templateFonts(t: LoadedTemplate | null): string[] {
  if (!t?.fonts) return [];
  return Object.entries(t.fonts).sort().map(([role, file]) => {
    const path = resolve(t.dir, file);
    let hash = fontCache.get(path);
    if (hash === undefined) {
      hash = fileHash(path);
      fontCache.set(path, hash);
    }
    return `${role}=${hash}`;
  });
}

/** The content hashes of one edition's build. `options` are the build options that change its files. */
export function editionInputs(source: EditionSource, layout: Layout, options: Record<string, unknown>): EditionInputs {
  const sources: Record<string, string> = {};
  for (const file of source.files) sources[basename(file)] = fileHash(file);
  if (source.imagesDir) {
    for (const name of readdirSync(source.imagesDir).sort()) {
      const path = join(source.imagesDir, name);
      if (statSync(path, { throwIfNoEntry: false })?.isFile()) sources[`images/${name}`] = fileHash(path);
    }
  }
  const template = hashParts(templateText(layout.template), templateText(layout.smaller));
  const fonts = hashParts(...templateFonts(layout.template), '|', ...templateFonts(layout.smaller));
  const optionText = hashParts(JSON.stringify(Object.entries(options).sort()));
  const version = packageVersion();
  const code = codeVersion();
  const key = hashParts(version, code, template, fonts, optionText, source.id, JSON.stringify(Object.entries(sources)));
  return { key, version, code, template, fonts, options: optionText, sources };
}

/** The key recorded in OUT/<id>/manifest.json, or null when there is none. */
export function recordedKey(editionDir: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(join(editionDir, 'manifest.json'), 'utf8')) as { inputs?: { key?: unknown } };
    return typeof manifest.inputs?.key === 'string' ? manifest.inputs.key : null;
  } catch {
    return null;
  }
}
