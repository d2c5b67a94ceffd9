/**
 * Finding documents on disk: a file is a one-page edition; a folder of documents is an edition; a folder
 * of such folders (samples/) holds several editions. All file-system access of the parser lives here.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { slug, type SourceDocument } from '../parse/index.js';

export const DOC_EXT = /\.(?:md|markdown|mdown|txt|html?|xhtml)$/i;
/** Photo files of an edition's images/ folder. */
export const IMAGE_EXT = /\.(?:jpe?g|png|webp|gif|tiff?|avif)$/i;

export class UsageError extends Error {}

/**
 * Bytes one document may have (--max-input), 16 MiB by default: a hundred times a large 数字报 HTML
 * page, and far more text than the fifty continuation pages an article may fill.
 */
export const DEFAULT_MAX_INPUT = 16 * 1024 * 1024;

/** A document larger than the limit: not read at all. */
export class InputTooLargeError extends Error {
  override name = 'InputTooLargeError';
  constructor(
    readonly file: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${file}: ${tooLarge(size, limit)}`);
    this.detail = tooLarge(size, limit);
  }
  /** The message without the file name. */
  readonly detail: string;
}

function tooLarge(size: number, limit: number): string {
  const suggest = `${Math.ceil(size / 2 ** 20)}M`;
  return `${bytesText(size)} is more than the ${bytesText(limit)} one document may have; split the document, or raise the limit with --max-input (e.g. --max-input ${suggest})`;
}

/** Bytes as people read them: 16 MiB, 512 KiB, 300 bytes. */
export function bytesText(n: number): string {
  if (n >= 2 ** 30 && n % 2 ** 30 === 0) return `${n / 2 ** 30} GiB`;
  if (n >= 2 ** 20) return `${Number((n / 2 ** 20).toFixed(1))} MiB`;
  if (n >= 2 ** 10) return `${Number((n / 2 ** 10).toFixed(1))} KiB`;
  return `${n} bytes`;
}

/** --max-input's value: bytes, or a number with K, M or G (binary units, an optional "iB"/"B"); null when not one. */
export function parseByteSize(value: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmg])(?:i?b)?|b)?\s*$/i.exec(value);
  if (!m) return null;
  const n = Number(m[1]) * 1024 ** ({ k: 1, m: 2, g: 3 }[(m[2] ?? '').toLowerCase() as 'k'] ?? 0);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : null;
}

/** Throws InputTooLargeError for the first document of `edition` larger than `limit` bytes. */
export function checkInputSizes(edition: EditionSource, limit = DEFAULT_MAX_INPUT, cwd = process.cwd()): void {
  for (const file of edition.files) {
    const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    if (size > limit) throw new InputTooLargeError(relative(cwd, file) || file, size, limit);
  }
}

export interface EditionSource {
  id: string;
  /** The folder (or the file) the edition came from. */
  root: string;
  /** Absolute paths of its documents. */
  files: string[];
  /** The edition's images/ folder, when there is one. */
  imagesDir: string | null;
}

function documentsIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && DOC_EXT.test(e.name) && !/^readme\b/i.test(e.name) && !e.name.startsWith('.'))
    .map((e) => join(dir, e.name))
    .sort();
}

function imagesOf(dir: string): string | null {
  try {
    return statSync(join(dir, 'images')).isDirectory() ? join(dir, 'images') : null;
  } catch {
    return null;
  }
}

/** A command-line path's file status, or a UsageError naming the path when there is nothing there. */
export function statOrFail(path: string): Stats {
  try {
    return statSync(path);
  } catch {
    throw new UsageError(`${path}: no such file or folder`);
  }
}

/** Resolve command-line paths to editions. Throws UsageError with one clear line on a bad path. */
export function findEditions(paths: string[]): EditionSource[] {
  if (paths.length === 0) throw new UsageError('name a document or a folder of documents (see epaper --help)');
  const editions: EditionSource[] = [];
  for (const path of paths) {
    const stat = statOrFail(path);
    if (stat.isFile()) {
      editions.push({ id: slug(basename(path)), root: path, files: [path], imagesDir: null });
      continue;
    }
    if (!stat.isDirectory()) throw new UsageError(`${path}: not a file or a folder`);
    const docs = documentsIn(path);
    if (docs.length > 0) {
      editions.push({ id: slug(basename(path.replace(/\/+$/, '')) || 'edition'), root: path, files: docs, imagesDir: imagesOf(path) });
      continue;
    }
    const subs = readdirSync(path, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'images')
      .map((e) => join(path, e.name))
      .sort();
    const found = subs.filter((d) => documentsIn(d).length > 0);
    if (found.length === 0) {
      throw new UsageError(`${path}: no documents here (looked for .md, .txt, .html files in it and in its sub-folders)`);
    }
    for (const d of found) editions.push({ id: slug(basename(d)), root: d, files: documentsIn(d), imagesDir: imagesOf(d) });
  }
  const seen = new Map<string, number>();
  for (const e of editions) {
    const n = seen.get(e.id) ?? 0;
    seen.set(e.id, n + 1);
    if (n > 0) e.id = `${e.id}-${n + 1}`;
  }
  return editions;
}

/**
 * Read an edition's documents; paths in diagnostics are relative to the working directory. A document
 * larger than `maxInput` bytes is not read: InputTooLargeError.
 */
export function readDocuments(edition: EditionSource, cwd = process.cwd(), maxInput = DEFAULT_MAX_INPUT): SourceDocument[] {
  checkInputSizes(edition, maxInput, cwd);
  return edition.files.map((file) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new UsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return { path: relative(cwd, file) || file, bytes };
  });
}
