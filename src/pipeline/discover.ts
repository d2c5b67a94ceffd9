/**
 * Finding the editions of an archive: a folder of edition folders (samples/), a YYYY/MM/DD tree, or any
 * folder of folders of pages, at any depth. Every folder holding documents is one edition, its id made
 * from its path below the archive root ("2023/02/01" → "2023-02-01"); a file or a folder of documents
 * named on the command line is one edition as with findEditions.
 */
import { readdirSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { slug } from '../parse/index.js';
import { DOC_EXT, findEditions, statOrFail, UsageError, type EditionSource } from './sources.js';

/** How deep below an archive root editions are looked for. */
const MAX_DEPTH = 8;

export interface ArchiveSource extends EditionSource {
  /** The archive root (absolute) this edition was found under. */
  archive: string;
}

const isDocument = (name: string) => DOC_EXT.test(name) && !/^readme\b/i.test(name) && !name.startsWith('.');

/** Folders holding documents under `dir` (not `dir` itself), depth first, sorted by path. */
function editionFolders(dir: string, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  const subs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'images' && e.name !== 'node_modules');
  for (const e of subs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, e.name);
    const docs = readdirSync(path, { withFileTypes: true }).some((f) => f.isFile() && isDocument(f.name));
    if (docs) found.push(path);
    found.push(...editionFolders(path, depth + 1));
  }
  return found;
}

/** The id of an edition folder below an archive root: its relative path, parts joined by '-'. */
export function archiveId(root: string, dir: string): string {
  const rel = relative(root, dir);
  return slug(rel.split(sep).join('-')) || slug(basename(dir)) || 'edition';
}

/** Resolve command-line paths to the editions of an archive. Throws UsageError on a bad path. */
export function discoverArchive(paths: string[]): ArchiveSource[] {
  if (paths.length === 0) throw new UsageError('name a document, a folder of documents or an archive folder (see epaper --help)');
  const editions: ArchiveSource[] = [];
  for (const path of paths) {
    const stat = statOrFail(path);
    const root = resolve(path);
    const direct = stat.isFile() || readdirSync(path, { withFileTypes: true }).some((f) => f.isFile() && isDocument(f.name));
    if (direct) {
      for (const e of findEditions([path])) editions.push({ ...e, archive: root });
      continue;
    }
    const dirs = editionFolders(path);
    if (dirs.length === 0) {
      throw new UsageError(`${path}: no documents here (looked for .md, .txt, .html files in it and in its sub-folders)`);
    }
    for (const d of dirs) {
      const [source] = findEditions([d]);
      editions.push({ ...source!, id: archiveId(path, d), archive: root });
    }
  }
  const seen = new Map<string, number>();
  for (const e of editions) {
    const n = seen.get(e.id) ?? 0;
    seen.set(e.id, n + 1);
    if (n > 0) e.id = `${e.id}-${n + 1}`;
  }
  return editions;
}
