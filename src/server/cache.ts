/**
 * Builds for the server, kept on disk under CACHE/builds/<id>-<key>/<id>/, where the key hashes the
 * edition's documents and images, the template and the package version. A source whose key is already
 * there is not laid out again.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LoadedTemplate } from '../layout/template/index.js';
import { buildEdition, type Layout } from '../pipeline/build.js';
import { formatDiagnostic, reportLines } from '../pipeline/report.js';
import { IMAGE_EXT, type EditionSource } from '../pipeline/sources.js';
import { writeEdition } from '../pipeline/write.js';
import { hashOf } from './assets.js';
import { editionDirs } from './site.js';
import { codeVersion } from './version.js';

export interface CachedBuild {
  /** The edition folder (holding edition.json and pdf/), or null when the edition had errors. */
  dir: string | null;
  cached: boolean;
  ms: number;
  /** Error diagnostics, formatted, when the edition could not be built. */
  errors: string[];
  /** Per-page layout report lines of a fresh build. */
  report: string[];
}

const templateKey = (t: LoadedTemplate | null) => (t ? JSON.stringify({ ...t, file: basename(t.file), dir: '' }) : '');

/** The cache key of one source with one layout. */
export function sourceKey(source: EditionSource, layout: Layout): string {
  const parts: (string | Buffer)[] = [codeVersion(), templateKey(layout.template), templateKey(layout.smaller), source.id];
  for (const file of source.files) parts.push(basename(file), readFileSync(file));
  if (source.imagesDir) {
    for (const name of readdirSync(source.imagesDir).sort()) {
      try {
        parts.push(name, readFileSync(join(source.imagesDir, name)));
      } catch {
        parts.push(name);
      }
    }
  }
  return hashOf(...parts);
}

/** Build one source into the cache unless an identical build is there already. */
export async function buildCached(source: EditionSource, layout: Layout, cacheRoot: string, maxInput?: number): Promise<CachedBuild> {
  const started = performance.now();
  const root = join(cacheRoot, 'builds', `${source.id}-${sourceKey(source, layout)}`);
  const found = existsSync(root) ? editionDirs(root)[0] : undefined;
  if (found) return { dir: found, cached: true, ms: performance.now() - started, errors: [], report: [] };
  const built = await buildEdition(source, layout.template, { smaller: layout.smaller, maxInput });
  const errors = built.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { dir: null, cached: false, ms: performance.now() - started, errors: errors.map(formatDiagnostic), report: [] };
  const written = await writeEdition(root, built, { extra: (dir) => source.imagesDir && copyImages(source.imagesDir, dir) });
  return { dir: written, cached: false, ms: performance.now() - started, errors: [], report: reportLines(built) };
}

/** Copy the edition's photos into the build folder (DIR/images/), so the server reads only build output. */
function copyImages(from: string, editionDir: string): void {
  mkdirSync(join(editionDir, 'images'), { recursive: true });
  for (const name of readdirSync(from)) {
    const file = join(from, name);
    if (IMAGE_EXT.test(name) && statSync(file).isFile()) copyFileSync(file, join(editionDir, 'images', name));
  }
}

export type { Layout } from '../pipeline/build.js';
