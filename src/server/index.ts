/**
 * The e-paper web server: `serve` builds sources (through the on-disk cache), loads build folders,
 * listens on loopback and shuts down cleanly on SIGINT / SIGTERM. The app itself is app.ts.
 *
 * URL scheme (labels.ts makes every URL):
 *   /                              archive, newest edition first
 *   /e/<id>/                       viewer at the first page
 *   /e/<id>/<page>/                viewer at a page, named by its code: A01, B03, or 3 for 03
 *   /e/<id>/<page>/<article>       viewer at the page with the article highlighted
 *   /e/<id>/pages/<page>.html      page fragment (loaded by the viewer)
 *   /e/<id>/thumbs/<page>.webp     page thumbnail
 *   /e/<id>/images/<file>          photo of the edition as WebP
 *   /e/<id>/pdf/<code>.pdf         page PDF (A01.pdf, 03.pdf); /e/<id>/pdf/edition.pdf when built
 *   /fonts/<hash>.woff2            subset web fonts
 *   /assets/<name>-<hash>.js|css   viewer script and stylesheets
 *   /api/editions, /api/editions/<id>
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { checkInputSizes, findEditions } from '../pipeline/sources.js';
import { loadLayout, type Layout } from '../pipeline/build.js';
import { summaryLine } from '../pipeline/report.js';
import { createListener } from './app.js';
import { buildCached } from './cache.js';
import { editionHref } from './labels.js';
import { closer, listenOn, ServeError } from './listen.js';
import { editionDirs, loadSite, readEditionJson, type SiteSource } from './site.js';
import type { BuiltSite } from './types.js';
import { isSiteDir, staticSiteApp } from './static-site.js';

export type { BuiltSite, SiteEdition } from './types.js';
export { loadSite } from './site.js';
export { buildAssets, createApp, createListener, type AppOptions } from './app.js';
export { closer, listenOn, ServeError } from './listen.js';

export interface ServeOptions {
  port?: number;
  host?: string;
  /** Cache folder for builds, fonts and thumbnails (default .cache/epaper under the working directory). */
  out?: string;
  /** Layout for sources that are built: auto (the default), a template name or a template file. */
  layout?: string;
  /** Bytes one document of a source may have (default DEFAULT_MAX_INPUT); a larger one stops serve with an InputTooLargeError. */
  maxInput?: number;
  /** Where to print progress and the URL. */
  io?: { out: (s: string) => void; err: (s: string) => void };
  /**
   * Install SIGINT/SIGTERM handlers that close the server and exit 0, and close it too when standard
   * input is a pipe that reaches its end (the process that started the server is gone) (default true).
   */
  signals?: boolean;
}

export interface Serving {
  url: string;
  server: Server;
  site: BuiltSite;
  /** Close the server (idempotent). */
  close(): Promise<void>;
  /** Settles once the server has closed. */
  closed: Promise<void>;
}

/** Build (or find in the cache) every source, load build folders as they are, and listen. */
export async function serve(paths: string[], options: ServeOptions = {}): Promise<Serving> {
  const io = options.io ?? { out: (s: string) => process.stdout.write(`${s}\n`), err: (s: string) => process.stderr.write(`${s}\n`) };
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 3000;
  const cacheRoot = options.out ?? join(process.cwd(), '.cache', 'epaper');
  if (paths.length === 0) throw new ServeError('name a document, a folder of documents or a build folder to serve (see epaper --help)');

  if (paths.length === 1 && isSiteDir(paths[0]!)) return serveSiteDir(paths[0]!, port, host, options, io);
  const dirs: SiteSource[] = [];
  let layout: Layout | null = null;
  for (const path of paths) {
    const built = editionDirs(path);
    if (built.length > 0) {
      // One line per edition for a few; for an archive one line (its editions are not read at start).
      if (built.length <= 12) for (const dir of built) io.out(`  → serving ${dir}/ as built`);
      else io.out(`${built.length} editions in ${path}/\n  → serving them as built`);
      dirs.push(...built);
      continue;
    }
    layout ??= loadLayout(options.layout ?? 'auto');
    for (const source of findEditions([path])) {
      checkInputSizes(source, options.maxInput);
      const r = await buildCached(source, layout, cacheRoot, options.maxInput);
      if (!r.dir) {
        for (const line of r.errors) io.err(line);
        io.err(`epaper: ${source.id}: not served (${r.errors.length} error(s) above)`);
        continue;
      }
      io.out(`${summaryLine(readEditionJson(r.dir))}\n  → ${r.cached ? 'unchanged, from the cache' : 'built'} (${r.ms.toFixed(0)} ms)`);
      for (const line of r.report) io.out(line);
      dirs.push(r.dir);
    }
  }
  if (dirs.length === 0) throw new ServeError('no edition could be built, so there is nothing to serve');

  const site = await loadSite(dirs, { cacheRoot });
  const { server, url } = await listenOn(createListener({ editions: site, log: io.err }), port, host);
  const { close, closed } = closer(server, options.signals ?? true, io);
  const first = site.editions[0];
  io.out(`\nServing ${site.editions.length} edition(s) at ${url}${first ? `\n  newest: ${url.replace(/\/$/, '')}${editionHref(first.id)}` : ''}\nPress Ctrl+C to stop.`);
  return { url, server, site, close, closed };
}

/** A site folder written by `epaper site`, served as files (it starts at once, whatever its size). */
async function serveSiteDir(dir: string, port: number, host: string, options: ServeOptions, io: NonNullable<ServeOptions['io']>): Promise<Serving> {
  const { server, url } = await listenOn(staticSiteApp(dir), port, host);
  const { close, closed } = closer(server, options.signals ?? true, io);
  io.out(`Serving the site in ${dir}/ at ${url}\nPress Ctrl+C to stop.`);
  return { url, server, site: { editions: [] }, close, closed };
}
