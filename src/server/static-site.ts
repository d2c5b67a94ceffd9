/**
 * Serving a site folder written by `epaper site` (export.ts) as it is: files only, with the cache
 * headers a static host or CDN in front of it should set — content-hashed assets and fonts cached for
 * good, everything else revalidated — and 404.html for anything not there. Nothing is laid out or
 * rendered, so it starts at once whatever the size of the archive.
 */
import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import { securityHeaderValues, securityHeaders } from './app.js';
import { FastFiles } from './fast-files.js';
import { precompressed, READ_CHUNK } from './files.js';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const SHORT = 'public, max-age=300';
export const REVALIDATE = 'no-cache';

/** A folder holding a site written by `epaper site`. */
export function isSiteDir(dir: string): boolean {
  return ['index.html', '404.html', 'assets', 'e'].every((f) => existsSync(join(dir, f)));
}

/** The Cache-Control of a site file by its URL path. */
export function cacheControlFor(path: string): string {
  if (/^\/(?:assets|fonts)\//.test(path)) return IMMUTABLE;
  if (/\.(?:pdf|webp|png|jpe?g)$/i.test(path)) return SHORT;
  return REVALIDATE;
}

/**
 * The site folder served: files that are there by the fast path (fast-files.ts), everything else
 * (ranges, date conditions, 404s, text without a compressed form) by the Express app below.
 */
export function staticSiteApp(dir: string): RequestListener {
  const app = staticSiteExpress(dir);
  const fast = new FastFiles({
    common: securityHeaderValues(),
    headersFor: (name) => ({ 'Cache-Control': cacheControlFor(name), ...(name === '/sw.js' ? { 'Service-Worker-Allowed': '/' } : {}) }),
  });
  return (req: IncomingMessage, res: ServerResponse) => fast.handle(req, res, dir, () => void app(req, res));
}

/** The Express app of a site folder: every request the fast path leaves alone. */
export function staticSiteExpress(dir: string): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  const notFound = (res: Response) => res.status(404).type('text/html; charset=utf-8').set('Cache-Control', 'no-store').sendFile(join(dir, '404.html'));
  app.use(refuseLinksOut(dir, notFound));
  const headers = (res: Response, path: string) => {
    const url = `/${path.slice(dir.length).replace(/^\/+/, '')}`;
    res.set('Cache-Control', cacheControlFor(url));
    if (extname(path) === '' || path.endsWith('index.html')) res.type('text/html; charset=utf-8');
    if (url === '/sw.js') res.set('Service-Worker-Allowed', '/');
  };
  // Text files as compressed when the site was written; what has no compressed form, compressed here.
  app.use(precompressed(dir, headers));
  app.use(compression());
  app.use(express.static(dir, { index: 'index.html', redirect: false, dotfiles: 'ignore', setHeaders: headers, highWaterMark: READ_CHUNK } as Parameters<typeof express.static>[1]));
  // A path without extension names a folder with an index.html (an article link, a search page).
  app.use((req, res, next) => {
    const file = join(dir, decodeURIComponent(req.path), 'index.html');
    if (!req.path.includes('..') && existsSync(file) && statSync(file).isFile()) {
      headers(res, file);
      return void res.sendFile(file, { dotfiles: 'ignore' });
    }
    next();
  });
  app.use((_req, res) => void notFound(res));
  return app;
}

/**
 * 404 for a path that names, or whose folder's index.html is, a link leading out of the site folder;
 * looked at with asynchronous calls, before express.static (which follows links) sees the path.
 */
function refuseLinksOut(dir: string, notFound: (res: Response) => void) {
  let base: Promise<string> | null = null;
  const outside = async (path: string) => {
    const real = await realpath(path).catch(() => null);
    if (real === null) return false;
    base ??= realpath(dir);
    const b = await base;
    return real !== b && !real.startsWith(b + sep);
  };
  return async (req: Request, res: Response, next: NextFunction) => {
    let name: string;
    try {
      name = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const index = extname(name) === '' || name.endsWith('/') ? [join(dir, name, 'index.html')] : [];
    for (const path of [join(dir, name), ...index]) if (await outside(path)) return void notFound(res);
    next();
  };
}
