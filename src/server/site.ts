/**
 * The editions a server shows: each one read from a build folder (DIR/<id>/edition.json + pdf/), with
 * its web fonts (kept on disk when a cache folder
 * is given). Pages, thumbnails and photos are made when asked for (page-files.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Edition as EditionSchema } from '../model/schema.js';
import type { FramePage } from '../layout/types.js';
import { loadFontSet, type FontSet } from '../layout/fonts/index.js';
import { loadTemplate } from '../layout/template/index.js';
import { fontsFor } from '../pipeline/build.js';
import { fontFaceCss, webFonts } from '../render/fonts-web.js';
import { hashOf } from './assets.js';
import { fileInside, staysInside } from './files.js';
import { codeVersion } from './version.js';
import { uiFont } from './ui-font.js';
import type { BuiltSite, EditionWithLayout, SiteEdition, WebFace } from './types.js';

export type { BuiltSite, EditionWithLayout, SiteEdition, WebFace } from './types.js';

export class SiteError extends Error {
  override name = 'SiteError';
}

/** Newest first: by date (undated last), then by id. */
export function sortEditions(editions: SiteEdition[]): SiteEdition[] {
  return [...editions].sort((a, b) => {
    const da = a.edition.date ?? '';
    const db = b.edition.date ?? '';
    if (da !== db) return da < db ? 1 : -1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * Folders under `path` (or `path` itself) that hold an edition.json: sub-folders, and links to folders
 * that stay inside `path` (an edition written by epaper build is a link to its current build).
 */
export function editionDirs(path: string): string[] {
  if (fileInside(path, 'edition.json')) return [path];
  let entries: string[] = [];
  try {
    entries = readdirSync(path, { withFileTypes: true })
      .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
  return entries.map((name) => join(path, name)).filter((dir) => staysInside(path, dir) && fileInside(dir, 'edition.json'));
}

/** Read DIR/edition.json and check it against the model schema. */
export function readEditionJson(dir: string): EditionWithLayout {
  const file = join(dir, 'edition.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SiteError(`${file}: cannot be read as JSON (${(error as Error).message})`);
  }
  const parsed = EditionSchema.safeParse(raw);
  const layout = (raw as { layout?: { template?: unknown; pages?: unknown } } | null)?.layout;
  if (!parsed.success || !layout || !Array.isArray(layout.pages)) {
    const why = parsed.success ? 'no layout.pages' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 3).join('; ');
    throw new SiteError(`${file}: not an edition built by epaper build (${why})`);
  }
  return { ...parsed.data, layout: { template: String(layout.template ?? ''), pages: withCodes(layout.pages as FramePage[]) } };
}

/** Frames of builds made before pages had codes: each page and link target named by its two-digit number. */
function withCodes(pages: FramePage[]): FramePage[] {
  if (pages.every((p) => typeof p.code === 'string')) return pages;
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const p of pages) {
    p.code ??= pad(p.number);
    for (const b of p.boxes) for (const l of b.lines) if (l.link && l.link.code === undefined && l.link.page != null) l.link.code = pad(l.link.page);
  }
  return pages;
}

function fontSetFor(templateName: string): FontSet {
  try {
    return fontsFor(loadTemplate(templateName || 'broadsheet'));
  } catch {
    return loadFontSet();
  }
}

export function writeAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

const FacesIndex = (raw: unknown): { role: string; family: string; file: string; text: string }[] | null =>
  Array.isArray(raw) && raw.every((f) => f && typeof f.role === 'string' && typeof f.family === 'string' && typeof f.file === 'string' && /^[\w.-]+\.woff2$/.test(f.file))
    ? (raw as { role: string; family: string; file: string; text: string }[])
    : null;

/** Web fonts of an edition, from the cache folder when they were made before. */
async function facesFor(edition: EditionWithLayout, fonts: FontSet, cacheDir: string | null): Promise<WebFace[]> {
  const index = cacheDir ? join(cacheDir, 'faces.json') : null;
  if (cacheDir && index && existsSync(index)) {
    try {
      const listed = FacesIndex(JSON.parse(readFileSync(index, 'utf8')));
      if (listed) return listed.map((f) => ({ ...f, data: readFileSync(join(cacheDir, f.file)) }));
    } catch {
      // made again below
    }
  }
  const faces: WebFace[] = await webFonts(edition.layout.pages, fonts);
  if (cacheDir && index) {
    mkdirSync(cacheDir, { recursive: true });
    for (const f of faces) writeAtomic(join(cacheDir, f.file), f.data);
    writeAtomic(index, JSON.stringify(faces.map(({ role, family, file, text }) => ({ role, family, file, text }))));
  }
  return faces;
}

export interface LoadOptions {
  /** Root of the cache: web fonts and thumbnails of each edition go to ROOT/web/<hash>/. */
  cacheRoot?: string | null;
  /** The edition's images folder (defaults to DIR/images when there is one). */
  imagesDir?: string | null;
}

/** One edition from its build folder. */
export async function loadEdition(dir: string, options: LoadOptions = {}): Promise<SiteEdition> {
  const edition = readEditionJson(dir);
  const key = hashOf(readFileSync(join(dir, 'edition.json')), codeVersion());
  const cacheDir = options.cacheRoot ? join(options.cacheRoot, 'web', `${edition.id}-${key}`) : null;
  const pdfs = new Map<number, string>();
  edition.layout.pages.forEach((p, i) => {
    if (fileInside(dir, join('pdf', `${p.code}.pdf`))) pdfs.set(i + 1, `${p.code}.pdf`);
  });
  const pdfName = [`${edition.id}.pdf`, join('pdf', 'edition.pdf')].find((f) => fileInside(dir, f));
  const editionPdf = pdfName ? join(dir, pdfName) : null;
  const fonts = fontSetFor(edition.layout.template);
  const faces = await facesFor(edition, fonts, cacheDir);
  const images = options.imagesDir ?? join(dir, 'images');
  return siteEdition(edition, {
    dir,
    pdfs,
    editionPdf,
    faces,
    fonts,
    imagesDir: existsSync(images) && statSync(images).isDirectory() ? images : null,
    cacheDir,
  });
}

/** A served edition from an edition with its layout (its frames carry their links, resolved by layout). */
export function siteEdition(
  edition: EditionWithLayout,
  parts: Pick<SiteEdition, 'dir' | 'pdfs' | 'editionPdf' | 'faces' | 'fonts' | 'imagesDir' | 'cacheDir'> & Partial<Pick<SiteEdition, 'rev' | 'imageRev'>>,
): SiteEdition {
  return {
    id: edition.id,
    edition,
    ...parts,
    fontCss: fontFaceCss(parts.faces, '/fonts/'),
  };
}

/** A build folder to load, with the images folder of its source when known. */
export type SiteSource = string | { dir: string; imagesDir?: string | null };

/** Every edition found in the given build folders; a later edition with the same id replaces an earlier one. */
export async function loadSite(paths: SiteSource[], options: LoadOptions = {}): Promise<BuiltSite> {
  const byId = new Map<string, SiteEdition>();
  for (const entry of paths) {
    const path = typeof entry === 'string' ? entry : entry.dir;
    const dirs = editionDirs(path);
    if (dirs.length === 0) throw new SiteError(`${path}: no built edition here (looked for edition.json in it and in its sub-folders)`);
    for (const dir of dirs) {
      const imagesDir = typeof entry === 'string' ? options.imagesDir : (entry.imagesDir ?? options.imagesDir);
      const e = await loadEdition(dir, { ...options, imagesDir });
      byId.set(e.id, e);
    }
  }
  const site: BuiltSite = { editions: sortEditions([...byId.values()]) };
  site.ui = await uiFont(site);
  return site;
}

