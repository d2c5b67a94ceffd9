/**
 * The editions a server shows: each one from a build folder (DIR/<id>/manifest.json, edition.json,
 * pdf/). A start reads the manifests only; an edition is read when first needed, and its web fonts —
 * named in the manifest — are made when first asked for (kept on disk when a cache folder is given).
 * Pages, thumbnails and photos are made when asked for (page-files.ts).
 */
import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Edition as EditionSchema } from '../model/schema.js';
import type { FramePage } from '../layout/types.js';
import { loadFontSet, type FontSet } from '../layout/fonts/index.js';
import { loadTemplate } from '../layout/template/index.js';
import { fontsFor } from '../pipeline/build.js';
import { fontFaceCss, webFontList, type WebFontListing } from '../render/fonts-web.js';
import { hashOf } from './assets.js';
import { fileInside, staysInside } from './files.js';
import { codeVersion } from './version.js';
import { lazyFace } from './font-files.js';
import { uiFace } from './ui-font.js';
import type { BuiltSite, EditionWithLayout, SiteEdition, SiteFace } from './types.js';

export type { BuiltSite, EditionWithLayout, SiteEdition, SiteFace, WebFace } from './types.js';

export class SiteError extends Error {
  override name = 'SiteError';
}

/** Newest first: by date (undated last), then by id. */
export function sortEditions(editions: SiteEdition[]): SiteEdition[] {
  return [...editions].sort((a, b) => {
    const da = a.date ?? '';
    const db = b.date ?? '';
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
  return entries.map((name) => join(path, name)).filter((dir) => (isPlainDir(dir) ? isPlainFile(join(dir, 'edition.json')) : staysInside(path, dir) && fileInside(dir, 'edition.json')));
}

const lstat = (path: string) => {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
};
/** A folder that is not a link (so it lies inside the folder it was listed in). */
const isPlainDir = (path: string) => lstat(path)?.isDirectory() === true;
/** A regular file that is not a link. */
const isPlainFile = (path: string) => lstat(path)?.isFile() === true;

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

const fontSets = new Map<string, FontSet>();

/** The fonts of a template (one set per template name, shared by the editions laid out on it). */
function fontSetFor(templateName: string): FontSet {
  let set = fontSets.get(templateName);
  if (!set) {
    try {
      set = fontsFor(loadTemplate(templateName || 'broadsheet'));
    } catch {
      set = loadFontSet();
    }
    fontSets.set(templateName, set);
  }
  return set;
}

export function writeAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

const isListing = (f: unknown): f is WebFontListing => {
  const x = f as WebFontListing | null;
  return !!x && typeof x.role === 'string' && typeof x.family === 'string' && typeof x.text === 'string' && typeof x.file === 'string' && /^[\w.-]+\.woff2$/.test(x.file);
};

/** What an edition's manifest.json tells a server (written by epaper build), or null when it has none. */
interface ManifestFacts {
  id: string;
  paper: string | null;
  date: string | null;
  title: string;
  sections: string[];
  /** Page codes in edition order (file names of the page PDFs). */
  codes: string[];
  webFonts: WebFontListing[];
  raw: string;
}

function readManifest(dir: string): ManifestFacts | null {
  let raw: string;
  let m: { edition?: unknown; paper?: unknown; date?: unknown; title?: unknown; pages?: { section?: unknown; code?: unknown; number?: unknown }[]; webFonts?: unknown };
  try {
    raw = readFileSync(join(dir, 'manifest.json'), 'utf8');
    m = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof m?.edition !== 'string' || !Array.isArray(m.webFonts) || !m.webFonts.every(isListing) || !Array.isArray(m.pages)) return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: m.edition,
    paper: text(m.paper),
    date: text(m.date),
    title: text(m.title) ?? '',
    sections: m.pages.map((p) => text(p?.section)).filter((x): x is string => x !== null),
    codes: m.pages.map((p, i) => text(p?.code) ?? String(typeof p?.number === 'number' ? p.number : i + 1).padStart(2, '0')),
    webFonts: m.webFonts,
    raw,
  };
}

export interface LoadOptions {
  /** Root of the cache: thumbnails of each edition go to ROOT/web/<hash>/, web fonts to ROOT/web/fonts/. */
  cacheRoot?: string | null;
  /** The edition's images folder (defaults to DIR/images when there is one). */
  imagesDir?: string | null;
}

/** Frame page (1-based position) → file name, of the page PDFs DIR/pdf/<code>.pdf that are files inside DIR. */
function pagePdfs(dir: string, codes: string[]): Map<number, string> {
  const pdfs = new Map<number, string>();
  codes.forEach((code, i) => {
    if (fileInside(dir, join('pdf', `${code}.pdf`))) pdfs.set(i + 1, `${code}.pdf`);
  });
  return pdfs;
}

/**
 * One edition from its build folder. With a manifest that lists its web fonts (epaper build writes
 * one) only the manifest is read: the edition itself is read when first needed and no font is made.
 */
export async function loadEdition(dir: string, options: LoadOptions = {}): Promise<SiteEdition> {
  const manifest = readManifest(dir);
  const read = () => readEditionJson(dir);
  const eager = manifest ? null : read();
  const id = manifest?.id ?? eager!.id;
  const stat = statSync(join(dir, 'edition.json'));
  const key = hashOf(manifest?.raw ?? '', String(stat.size), String(stat.mtimeMs), codeVersion());
  const cacheDir = options.cacheRoot ? join(options.cacheRoot, 'web', `${id}-${key}`) : null;
  const fontsDir = options.cacheRoot ? join(options.cacheRoot, 'web', 'fonts') : null;
  const inside = isPlainDir(dir) ? (f: string) => isPlainFile(join(dir, f)) : (f: string) => fileInside(dir, f) !== null;
  const pdfName = [`${id}.pdf`, join('pdf', 'edition.pdf')].find(inside);
  const fonts = fontSetFor(eager?.layout.template ?? (manifest ? templateOf(manifest.raw) : ''));
  const listed = manifest?.webFonts ?? webFontList(eager!.layout.pages, fonts);
  const images = options.imagesDir ?? join(dir, 'images');
  return siteEdition(eager ?? read, {
    dir,
    pdfs: pagePdfs(dir, manifest?.codes ?? eager!.layout.pages.map((p) => p.code)),
    editionPdf: pdfName ? join(dir, pdfName) : null,
    faces: listed.map((f) => lazyFace(f, fonts.file(f.role), fontsDir)),
    fonts,
    imagesDir: existsSync(images) && statSync(images).isDirectory() ? images : null,
    cacheDir,
    ...(manifest ? { id, date: manifest.date, names: [manifest.paper ?? '', manifest.title, ...manifest.sections].join(' ') } : {}),
  });
}

function templateOf(raw: string): string {
  try {
    const t = (JSON.parse(raw) as { template?: unknown }).template;
    return typeof t === 'string' ? t : '';
  } catch {
    return '';
  }
}

type EditionParts = Pick<SiteEdition, 'dir' | 'pdfs' | 'editionPdf' | 'faces' | 'fonts' | 'imagesDir' | 'cacheDir'> &
  Partial<Pick<SiteEdition, 'rev' | 'imageRev' | 'id' | 'date' | 'names'>>;

/**
 * A served edition from an edition with its layout (its frames carry their links, resolved by layout),
 * or from a function that reads it when first needed (then `parts` names its id and date).
 */
export function siteEdition(edition: EditionWithLayout | (() => EditionWithLayout), parts: EditionParts): SiteEdition {
  let loaded = typeof edition === 'function' ? null : edition;
  const read = edition as () => EditionWithLayout;
  const get = () => (loaded ??= read());
  return {
    id: parts.id ?? get().id,
    date: parts.date !== undefined ? parts.date : get().date,
    names: parts.names ?? null,
    ...parts,
    fontCss: fontFaceCss(parts.faces, '/fonts/'),
    get edition() {
      return get();
    },
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
  site.ui = uiFace(site, '', options.cacheRoot ? join(options.cacheRoot, 'web', 'fonts') : null);
  return site;
}

