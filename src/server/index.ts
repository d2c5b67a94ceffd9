/**
 * The e-paper web server: an Express app over built editions (archive, flip viewer, page fragments,
 * thumbnails, PDFs, fonts, JSON API), and `serve`, which builds sources (through the on-disk cache),
 * listens on loopback and shuts down cleanly on SIGINT / SIGTERM.
 *
 * URL scheme:
 *   /                              archive, newest edition first
 *   /e/<id>/                       viewer at the first page
 *   /e/<id>/<n>/                   viewer at page n (frame page number, 1-based)
 *   /e/<id>/<n>/<article>          viewer at page n with the article highlighted
 *   /e/<id>/pages/<n>.html         page fragment (loaded by the viewer)
 *   /e/<id>/thumbs/<n>.webp        page thumbnail
 *   /e/<id>/pdf/<NN>.pdf           page PDF; /e/<id>/pdf/edition.pdf when built
 *   /fonts/<hash>.woff2            subset web fonts
 *   /assets/<name>-<hash>.js|css   viewer script and stylesheets
 *   /api/editions, /api/editions/<id>
 */
import { fstatSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import { pageCss } from '../render/html/index.js';
import { makeAsset, trimSource, viewerScript, type Asset } from './assets.js';
import { archivePage, errorPage, issueNumber, notFoundPage, pdfHref, thumbHref, viewerPage, type SiteAssets, type ViewerExtras } from './pages.js';
import {
  editionDirs,
  framePage,
  loadSite,
  pageHtml,
  pageImage,
  pageLabel,
  pageSection,
  pageThumb,
  readEditionJson,
  viewerHref,
  type BuiltSite,
  type SiteEdition,
  type SiteSource,
} from './site.js';
import { PreparedCache, sendPrepared } from './send.js';
import { readerRouter } from './reader.js';
import { NOJS_CSS, SITE_CSS } from './styles.js';

export type { BuiltSite, SiteEdition } from './site.js';
export { loadSite } from './site.js';

export interface AppOptions {
  editions: BuiltSite;
  /** Where to report unexpected errors; defaults to stderr. */
  log?: (message: string) => void;
  /** Markup added to each viewer page (the editor preview's controls). */
  viewerExtras?: (e: SiteEdition) => ViewerExtras;
  /** Further files served under /assets/ (the editor preview's script and stylesheet). */
  extraAssets?: Asset[];
  /**
   * Compress responses (default true). The editor preview turns it off: on loopback, compressing a
   * page that is shown once costs more time than it saves.
   */
  compress?: boolean;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';
const REVALIDATE = 'no-cache';
/** Site icon: a folded newspaper. */
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="3" y="5" width="26" height="22" rx="2" fill="#b3261e"/>' +
  '<rect x="6" y="8" width="20" height="4" fill="#fff"/><rect x="6" y="14" width="9" height="10" fill="#fff"/>' +
  '<rect x="17" y="14" width="9" height="2" fill="#fff"/><rect x="17" y="18" width="9" height="2" fill="#fff"/><rect x="17" y="22" width="9" height="2" fill="#fff"/></svg>';
/** Drawn where a photo of the page is not available, like the PDF's placeholder. */
const PHOTO_PLACEHOLDER = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 4 3"><rect width="4" height="3" fill="#e0e0e0"/></svg>';

export function buildAssets(site: BuiltSite, extra: Asset[] = []): SiteAssets {
  const uiFace = site.ui
    ? `@font-face{font-family:"${site.ui.family}";src:url("/fonts/${site.ui.file}") format("woff2");font-style:normal;font-display:block}\n`
    : '';
  const css = makeAsset('site', 'css', `${uiFace}${trimSource(SITE_CSS, 'css')}\n${pageCss()}`);
  const icon = makeAsset('icon', 'svg', ICON_SVG);
  const js = makeAsset('viewer', 'js', trimSource(viewerScript(), 'js'));
  const nojs = makeAsset('nojs', 'css', trimSource(NOJS_CSS, 'css'));
  const fonts = new Map<string, Asset>();
  const byFile = new Map<string, Asset>([css, js, nojs, icon, ...extra].map((a) => [a.file, a]));
  for (const e of site.editions) {
    const a = makeAsset('fonts', 'css', e.fontCss);
    fonts.set(e.id, a);
    byFile.set(a.file, a);
  }
  return { css, js, nojs, icon, uiFont: site.ui?.file ?? null, fonts, byFile };
}

/** Decodes a URL path up to three times; null when it cannot be decoded. */
function decodings(path: string): string[] | null {
  const out = [path];
  let cur = path;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(cur);
    } catch {
      return null;
    }
    if (next === cur) break;
    out.push(next);
    cur = next;
  }
  return out;
}

/** 400 for any path that is, or decodes to, a traversal, a backslash or a NUL. */
function rejectTraversal(req: Request, res: Response, next: NextFunction): void {
  const raw = req.originalUrl.split('?')[0] ?? '';
  const forms = decodings(raw);
  const bad = forms === null || forms.some((p) => /\\|\0/.test(p) || p.split('/').some((seg) => seg === '..' || seg === '.'));
  if (bad) {
    res.status(400).type('text/plain; charset=utf-8').set('Cache-Control', 'no-store').send('Bad request: this path is not allowed.\n');
    return;
  }
  next();
}

function hasArticle(e: SiteEdition, n: number, article: string): boolean {
  return framePage(e, n)?.boxes.some((b) => b.article === article) ?? false;
}

/** Articles of frame page n in the order their first box appears. */
function articlesOn(e: SiteEdition, n: number): { id: string; headline: string | null }[] {
  const seen = new Set<string>();
  const out: { id: string; headline: string | null }[] = [];
  for (const b of framePage(e, n)?.boxes ?? []) {
    if (!b.article || seen.has(b.article)) continue;
    seen.add(b.article);
    const a = e.edition.pages.flatMap((p) => p.articles).find((x) => x.id === b.article);
    out.push({ id: b.article, headline: a?.headline ?? null });
  }
  return out;
}

export function createApp(options: AppOptions): Express {
  const site = options.editions;
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const assets = buildAssets(site, options.extraAssets);
  const byId = new Map(site.editions.map((e) => [e.id, e]));
  const fonts = new Map<string, Buffer>();
  for (const e of site.editions) for (const f of e.faces) fonts.set(f.file, f.data);
  if (site.ui) fonts.set(site.ui.file, site.ui.data);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  app.use(rejectTraversal);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          styleSrcAttr: ["'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: false,
    }),
  );
  if (options.compress !== false) app.use(compression());

  app.use(
    readerRouter({
      site,
      icon: assets.icon,
      offlineUrls: (e) => [
        ...[assets.css, assets.js, assets.icon, assets.fonts.get(e.id)].flatMap((a) => (a ? [`/assets/${a.file}`] : [])),
        ...e.faces.map((f) => `/fonts/${f.file}`),
        ...(assets.uiFont ? [`/fonts/${assets.uiFont}`] : []),
        ...e.edition.layout.pages.flatMap((p) => [`/e/${encodeURIComponent(e.id)}/pages/${p.number}.html`, thumbHref(e, p.number)]),
      ],
    }),
  );

  const html = (res: Response, status: number, body: string, cache = REVALIDATE) =>
    res.status(status).type('text/html; charset=utf-8').set('Cache-Control', cache).send(body);
  const notFound = (res: Response, message: string, links: { href: string; text: string }[] = []) =>
    html(res, 404, notFoundPage(site, assets, message, links), 'no-store');
  const noEdition = (res: Response, id: string) => notFound(res, `没有编号为“${id}”的报纸。`);
  const noPage = (res: Response, e: SiteEdition, what: string) =>
    notFound(
      res,
      `${e.edition.paper ?? e.id} ${e.edition.date ?? ''} 没有${what}。本期共${e.edition.layout.pages.length}个版面。`,
      e.edition.layout.pages.map((p) => ({ href: viewerHref(e.id, p.number), text: `第${pageLabel(e, p.number)}版${pageSection(e, p.number) ? ` ${pageSection(e, p.number)}` : ''}` })),
    );
  /** "3", "03" → 3; anything else → null. */
  const pageNumber = (s: string | undefined): number | null => (s && /^\d{1,4}$/.test(s) ? Number(s) : null);

  const prepared = new PreparedCache(512, options.compress !== false);
  const HTML = 'text/html; charset=utf-8';

  app.get('/', (req, res) => {
    sendPrepared(req, res, prepared.get('archive', () => ({ body: archivePage(site, assets), type: HTML }))!, 200, REVALIDATE);
  });

  const JSON_TYPE = 'application/json; charset=utf-8';
  app.get('/api/editions', (req, res) => {
    const list = () =>
      site.editions.map((e) => ({
        id: e.id,
        paper: e.edition.paper,
        date: e.edition.date,
        lang: e.edition.lang,
        issue: issueNumber(e),
        pages: e.edition.layout.pages.map((p) => ({
          n: p.number,
          label: pageLabel(e, p.number),
          section: pageSection(e, p.number),
          url: viewerHref(e.id, p.number),
          html: `/e/${encodeURIComponent(e.id)}/pages/${p.number}.html`,
          thumb: thumbHref(e, p.number),
          pdf: pdfHref(e, p.number),
        })),
        url: viewerHref(e.id, 1),
        pdf: e.editionPdf ? `/e/${encodeURIComponent(e.id)}/pdf/edition.pdf` : null,
        api: `/api/editions/${encodeURIComponent(e.id)}`,
      }));
    sendPrepared(req, res, prepared.get('api', () => ({ body: JSON.stringify(list()), type: JSON_TYPE }))!, 200, REVALIDATE);
  });

  app.get('/api/editions/:id', (req, res) => {
    const e = byId.get(req.params.id);
    if (!e) {
      res.status(404).set('Cache-Control', 'no-store').json({ error: `no edition "${req.params.id}"`, editions: site.editions.map((x) => x.id) });
      return;
    }
    const model = () => {
      const { layout: _layout, ...rest } = e.edition;
      return JSON.stringify(rest);
    };
    sendPrepared(req, res, prepared.get(`api:${e.id}`, () => ({ body: model(), type: JSON_TYPE }))!, 200, REVALIDATE);
  });

  app.get('/assets/:file', (req, res) => {
    const a = assets.byFile.get(req.params.file);
    if (!a) return void notFound(res, '这个静态文件不存在（也许服务器已经更新，请刷新页面）。');
    sendPrepared(req, res, prepared.get(`asset:${a.file}`, () => ({ body: a.data, type: a.type }))!, 200, IMMUTABLE);
  });

  app.get('/fonts/:file', (req, res) => {
    const data = fonts.get(req.params.file);
    if (!data) return void notFound(res, '这个字体文件不存在（也许服务器已经更新，请刷新页面）。');
    res.status(200).type('font/woff2').set('Cache-Control', IMMUTABLE).send(data);
  });

  app.get('/e/:id/pages/:file', (req, res) => {
    const e = byId.get(req.params.id);
    if (!e) return void noEdition(res, req.params.id);
    const n = pageNumber(/^(\d+)\.html$/.exec(req.params.file)?.[1]);
    const body = n != null ? prepared.get(`page:${e.id}:${n}`, () => {
      const fragment = pageHtml(e, n);
      return fragment === undefined ? undefined : { body: fragment, type: HTML };
    }) : undefined;
    if (body === undefined) return void noPage(res, e, `“${req.params.file}”这个版面`);
    sendPrepared(req, res, body, 200, SHORT);
  });

  app.get('/e/:id/thumbs/:file', async (req, res, next) => {
    const e = byId.get(req.params.id);
    if (!e) return void noEdition(res, req.params.id);
    const n = pageNumber(/^(\d+)\.webp$/.exec(req.params.file)?.[1]);
    const made = n != null ? pageThumb(e, n) : undefined;
    if (!made) return void noPage(res, e, `“${req.params.file}”这个缩略图`);
    try {
      const data = await made;
      res.status(200).type('image/webp').set('Cache-Control', SHORT).send(data);
    } catch (error) {
      next(error);
    }
  });

  app.get('/e/:id/pdf/:file', (req, res, next) => {
    const e = byId.get(req.params.id);
    if (!e) return void noEdition(res, req.params.id);
    const file = req.params.file;
    let found: { root: string; name: string; download: string } | undefined;
    if (file === 'edition.pdf' && e.editionPdf) found = { root: dirname(e.editionPdf), name: basename(e.editionPdf), download: `${e.id}.pdf` };
    else {
      const n = pageNumber(/^(\d+)\.pdf$/.exec(file)?.[1]);
      const name = n != null ? e.pdfs.get(n) : undefined;
      if (name) found = { root: join(e.dir, 'pdf'), name, download: `${e.id}-${name}` };
    }
    if (!found) return void noPage(res, e, `“${file}”这个PDF文件`);
    const { download } = found;
    res.sendFile(
      found.name,
      {
        root: found.root,
        dotfiles: 'deny',
        headers: {
          'Cache-Control': SHORT,
          'Content-Type': 'application/pdf',
          'Content-Disposition': `inline; filename="${download.replace(/[^\w.-]/g, '_')}"`,
        },
      },
      (error) => {
        if (error && !res.headersSent) next(error);
      },
    );
  });

  app.get('/e/:id/images/*path', async (req, res, next) => {
    const e = byId.get(req.params.id);
    if (!e) return void noEdition(res, req.params.id);
    const segments = (req.params as { path?: string[] }).path ?? [];
    try {
      const data = segments.length === 1 ? await pageImage(e, segments[0]!) : null;
      if (data) {
        res.status(200).type('image/webp').set('Cache-Control', SHORT).send(data);
        return;
      }
      res.status(200).type('image/svg+xml').set({ 'Cache-Control': 'no-cache', 'X-Epaper-Placeholder': 'image not available' }).send(PHOTO_PLACEHOLDER);
    } catch (error) {
      next(error);
    }
  });

  const viewer = (req: Request, res: Response) => {
    const params = req.params as { id: string; n?: string; article?: string };
    const e = byId.get(params.id);
    if (!e) return void noEdition(res, params.id);
    const first = e.edition.layout.pages[0]?.number;
    if (first == null) return void noPage(res, e, '任何版面');
    const n = params.n === undefined ? first : pageNumber(params.n);
    if (n == null || !framePage(e, n)) return void noPage(res, e, `第${params.n}版`);
    const article = params.article ?? null;
    if (article !== null && !hasArticle(e, n, article)) {
      notFound(
        res,
        `第${pageLabel(e, n)}版上没有编号为“${article}”的文章。`,
        [{ href: viewerHref(e.id, n), text: `第${pageLabel(e, n)}版` }, ...articlesOn(e, n).map((a) => ({ href: viewerHref(e.id, n, a.id), text: a.headline ?? a.id }))],
      );
      return;
    }
    sendPrepared(req, res, prepared.get(`viewer:${e.id}:${n}:${article ?? ''}`, () => ({ body: viewerPage(e, n, article, assets, options.viewerExtras?.(e)), type: HTML }))!, 200, REVALIDATE);
  };

  app.get('/e/:id', (req, res) => {
    if (!req.path.endsWith('/')) {
      const e = byId.get(req.params.id);
      if (!e) return void noEdition(res, req.params.id);
      return void res.redirect(301, viewerHref(e.id, 1));
    }
    viewer(req, res);
  });
  app.get('/e/:id/:n', viewer);
  app.get('/e/:id/:n/:article', viewer);

  app.use((req, res) => {
    let shown = req.path;
    try {
      shown = decodeURI(req.path);
    } catch {
      // shown as sent
    }
    notFound(res, `这里没有“${shown}”。`);
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    log(`epaper serve: ${(error as Error)?.stack ?? String(error)}`);
    if (res.headersSent) return;
    html(res, 500, errorPage(assets, 500, '服务器出错了，请稍后再试。'), 'no-store');
  });

  return app;
}

export interface ServeOptions {
  port?: number;
  host?: string;
  /** Cache folder for builds, fonts and thumbnails (default .cache/epaper under the working directory). */
  out?: string;
  /** Layout for sources that are built: auto (the default), a template name or a template file. */
  layout?: string;
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

/** True when file descriptor 0 is a pipe or a socket (not a terminal, a file or /dev/null). */
function stdinIsPipe(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

export class ServeError extends Error {
  override name = 'ServeError';
}

/** Listens on host:port; a port in use or an unknown address is a ServeError. */
export async function listenOn(app: Express, port: number, host: string): Promise<{ server: Server; url: string }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host);
    s.once('listening', () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ServeError(`port ${port} on ${host} is in use; pick another with --port`)
          : error.code === 'EADDRNOTAVAIL'
            ? new ServeError(`cannot listen on ${host}: no such local address`)
            : error,
      ),
    );
  });
  server.keepAliveTimeout = 5000;
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : host;
  return { server, url: `http://${shownHost}:${address.port}/` };
}

/**
 * close() for a listening server (idempotent; open connections are cut after a second), and with
 * `signals` SIGINT/SIGTERM handlers that close it and exit 0, and closing when standard input is a
 * pipe that reaches its end. `beforeClose` runs first (ending streams the server holds open).
 */
export function closer(
  server: Server,
  signals: boolean,
  io: { out: (s: string) => void },
  beforeClose: () => Promise<void> | void = () => undefined,
): { close(): Promise<void>; closed: Promise<void> } {
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= Promise.resolve()
      .then(beforeClose)
      .catch(() => undefined)
      .then(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 1000).unref();
          }),
      )
      .then(() => resolveClosed());
    return closing;
  };
  if (signals) {
    const onSignal = (signal: NodeJS.Signals) => {
      io.out(`\n${signal}: closing the server`);
      void close().then(() => process.exit(0));
      setTimeout(() => process.exit(0), 3000).unref();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (stdinIsPipe()) {
      process.stdin.once('end', () => {
        io.out('standard input closed: closing the server');
        void close();
      });
      process.stdin.resume();
      void closed.then(() => process.stdin.pause());
    }
    void closed.then(() => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    });
  }
  return { close, closed };
}

/** Build (or find in the cache) every source, load build folders as they are, and listen. */
export async function serve(paths: string[], options: ServeOptions = {}): Promise<Serving> {
  const io = options.io ?? { out: (s: string) => process.stdout.write(`${s}\n`), err: (s: string) => process.stderr.write(`${s}\n`) };
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 3000;
  const cacheRoot = options.out ?? join(process.cwd(), '.cache', 'epaper');
  if (paths.length === 0) throw new ServeError('name a document, a folder of documents or a build folder to serve (see epaper --help)');
  const { findEditions, loadLayout } = await import('../cli/build.js');
  const { summaryLine } = await import('../cli/outline.js');
  const { buildCached } = await import('./cache.js');

  const dirs: SiteSource[] = [];
  let layout: ReturnType<typeof loadLayout> | null = null;
  for (const path of paths) {
    const built = editionDirs(path);
    if (built.length > 0) {
      for (const dir of built) io.out(`${summaryLine(readEditionJson(dir))}\n  → serving ${dir}/ as built`);
      dirs.push(...built);
      continue;
    }
    layout ??= loadLayout(options.layout ?? 'auto');
    for (const source of findEditions([path])) {
      const r = await buildCached(source, layout, cacheRoot);
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
  const app = createApp({ editions: site, log: io.err });
  const { server, url } = await listenOn(app, port, host);
  const { close, closed } = closer(server, options.signals ?? true, io);
  const first = site.editions[0];
  io.out(`\nServing ${site.editions.length} edition(s) at ${url}${first ? `\n  newest: ${url.replace(/\/$/, '')}${viewerHref(first.id, 1)}` : ''}\nPress Ctrl+C to stop.`);
  return { url, server, site, close, closed };
}
